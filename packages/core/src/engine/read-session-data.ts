import { checkSession } from './activity.ts';
import type { EngineContext } from './context.ts';
import { openData } from './session-data-codec.ts';
import type { SessionDataResult } from './types.ts';

/**
 * A live session's data, decrypted. Ended sessions are refused as checkSession refuses them
 * (revoked with its reason, idle or absolute timeout); data that does not open throws
 * SessionDataUnreadableError (fail closed).
 */
export async function readSessionData(
  ctx: EngineContext,
  sessionId: string,
): Promise<SessionDataResult> {
  const check = await checkSession(ctx, sessionId);
  if (!check.ok) return check;
  const data = await openData(ctx.options, check.session);
  return { ok: true, session: check.session, data, version: check.session.dataVersion };
}
