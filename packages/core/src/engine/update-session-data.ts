import type { SessionRecord } from '../store/session-record.ts';
import { checkSession } from './activity.ts';
import type { EngineContext } from './context.ts';
import { openData, sealData, serializeData } from './session-data-codec.ts';
import { applyPatch, assertValidPatch } from './session-data-patch.ts';
import type { SessionDataPatchInput, SessionDataUpdateResult } from './types.ts';

/**
 * Compare-and-set update of a live session's data. The patch applies only at the version the
 * client saw (else `version_conflict` with the current one); the result must fit the size cap
 * (else `quota_exceeded`); it is sealed with the data key, bound to the session, and written
 * with the store's compare-and-set on the data version, so concurrent writers never lose
 * each other's changes silently.
 */
export async function updateSessionData(
  ctx: EngineContext,
  sessionId: string,
  patch: SessionDataPatchInput,
): Promise<SessionDataUpdateResult> {
  assertValidPatch(patch);
  const { store, sessionDataMaxBytes } = ctx.options;
  const check = await checkSession(ctx, sessionId);
  if (!check.ok) return check;
  const { session } = check;
  if (session.dataVersion !== patch.version) return conflict(session);
  const next = applyPatch(await openData(ctx.options, session), patch.set);
  const { json, size } = serializeData(next);
  if (size > sessionDataMaxBytes) {
    return { ok: false, code: 'quota_exceeded', sessionId, size, limit: sessionDataMaxBytes };
  }
  const stored =
    Object.keys(next).length === 0 ? null : await sealData(ctx.options, sessionId, json);
  const version = await store.updateData({
    sessionId,
    expectedDataVersion: patch.version,
    data: stored,
  });
  if (version !== null) {
    return {
      ok: true,
      session: { ...session, data: stored, dataVersion: version },
      data: JSON.parse(json),
      version,
    };
  }
  // Lost the race, or the session ended meanwhile: answer from its state now.
  const now = await checkSession(ctx, sessionId);
  return now.ok ? conflict(now.session) : now;
}

function conflict(session: SessionRecord): SessionDataUpdateResult {
  return {
    ok: false,
    code: 'version_conflict',
    sessionId: session.id,
    version: session.dataVersion,
  };
}
