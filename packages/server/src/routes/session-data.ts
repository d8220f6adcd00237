import type { SessionDataResult, SessionDataUpdateResult } from '@tessera/core';
import type { SessionDataResponse } from '@tessera/protocol';
import { AUTH_BASE_PATH, Routes } from '@tessera/protocol';
import type { Hono } from 'hono';
import type { AppContext, AppDeps, AppEnv } from '../internal/app-deps.ts';
import { authenticate, deadlineHeaders, refusalProblem } from '../internal/authenticate.ts';
import { HttpProblem } from '../internal/http-problem.ts';
import { iso } from '../internal/iso-time.ts';
import { jsonReply } from '../internal/planned-headers.ts';
import { readJsonBody } from '../internal/read-json-body.ts';
import { SessionDataPatchSchema } from '../internal/schemas.ts';

/**
 * GET and PATCH /session/data: this session's data (guest or user), authenticated by the
 * bearer access token only (a cookie never authorizes them, so no cross-site request can).
 * PATCH is JSON only (415 otherwise) and a compare-and-set: a stale `version` is 409
 * `version_conflict`, a result over the size cap 413 `quota_exceeded`; nothing is written then.
 */
export function registerSessionData(app: Hono<AppEnv>, deps: AppDeps): void {
  const path = AUTH_BASE_PATH + Routes.sessionData;

  app.get(path, async (c) => {
    const auth = await authenticate(c, deps);
    return reply(c, deps, await deps.engine.readSessionData(auth.claims.sid));
  });

  app.patch(path, async (c) => {
    const patch = await readJsonBody(c.req.raw, SessionDataPatchSchema);
    const auth = await authenticate(c, deps);
    return reply(c, deps, await deps.engine.updateSessionData(auth.claims.sid, patch));
  });
}

function reply(c: AppContext, deps: AppDeps, result: SessionDataResult | SessionDataUpdateResult) {
  if (!result.ok) {
    if (result.code === 'version_conflict') {
      throw new HttpProblem('version_conflict', {
        detail: 'The data changed since that version; read it again and retry',
      });
    }
    if (result.code === 'quota_exceeded') {
      throw new HttpProblem('quota_exceeded', {
        detail: `Session data is limited to ${result.limit} bytes of JSON`,
      });
    }
    throw refusalProblem(result);
  }
  const now = deps.clock.now();
  const body: SessionDataResponse = {
    data: result.data,
    version: result.version,
    serverTime: iso(now),
  };
  return jsonReply(c, body, 200, deadlineHeaders(result.session, now));
}
