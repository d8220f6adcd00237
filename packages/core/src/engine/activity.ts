import type { EngineContext } from './context.ts';
import { refuseIfEnded } from './session-outcome.ts';
import type { SessionCheck } from './types.ts';

/** Writes all pending activity in one touch batch; on failure it stays pending. */
export async function flushActivity(ctx: EngineContext, sessionId?: string): Promise<void> {
  const inputs = ctx.activity.take(sessionId);
  if (inputs.length === 0) return;
  try {
    await ctx.options.store.touch(inputs);
  } catch (error) {
    ctx.activity.restore(inputs);
    throw error;
  }
}

/** Loads a session and checks it is live (counting activity still pending here). */
export async function checkSession(ctx: EngineContext, sessionId: string): Promise<SessionCheck> {
  await ctx.ready();
  const session = await ctx.options.store.get(sessionId);
  if (!session) return { ok: false, code: 'invalid_token' };
  const refusal = refuseIfEnded(ctx, session, ctx.options.clock.now(), {
    checkRefreshExpiry: false,
  });
  return refusal ?? { ok: true, session };
}

/** "Stay signed in": records activity and writes it at once, then reports the session. */
export async function extend(ctx: EngineContext, sessionId: string): Promise<SessionCheck> {
  await ctx.ready();
  ctx.activity.record(sessionId, ctx.options.clock.now(), 0, false);
  await flushActivity(ctx, sessionId);
  return checkSession(ctx, sessionId);
}
