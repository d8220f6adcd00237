import type { EngineContext } from './context.ts';
import { openData } from './session-data-codec.ts';
import { refuseIfEnded } from './session-outcome.ts';
import type { SessionDataResult } from './types.ts';

/**
 * A live session's data, decrypted. Ended sessions are refused like checkSession (revoked
 * with its reason, idle or absolute timeout); data that does not open throws
 * SessionDataUnreadableError (fail closed).
 */
export async function readSessionData(
  ctx: EngineContext,
  sessionId: string,
): Promise<SessionDataResult> {
  await ctx.ready();
  const session = await ctx.options.store.get(sessionId);
  if (!session) return { ok: false, code: 'invalid_token' };
  const refusal = refuseIfEnded(ctx, session, ctx.options.clock.now(), {
    checkRefreshExpiry: false,
  });
  if (refusal) return refusal;
  const data = await openData(ctx.options, session);
  return { ok: true, session, data, version: session.dataVersion };
}
