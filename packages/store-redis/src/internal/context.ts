import type { RedisClient } from './client.ts';
import { guarded } from './client.ts';
import type { ScriptName, ScriptRunner } from './commands.ts';
import type { KeyLayout } from './keys.ts';
import type { OwnerCache } from './owner-cache.ts';

/** What every store operation works with. */
export interface StoreContext {
  readonly client: RedisClient;
  readonly keys: KeyLayout;
  readonly owners: OwnerCache;
  /** How long ended sessions stay readable after their absolute deadline (ms). */
  readonly retentionMs: number;
  /** Run one script; failures to reach Redis become StoreUnavailableError. */
  script(
    name: ScriptName,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown>;
  /** Run plain commands with the same error mapping. */
  run<T>(work: (client: RedisClient) => Promise<T>): Promise<T>;
}

export function createContext(
  client: RedisClient,
  keys: KeyLayout,
  runner: ScriptRunner,
  owners: OwnerCache,
  retentionMs: number,
): StoreContext {
  return {
    client,
    keys,
    owners,
    retentionMs,
    script: (name, k, a) => guarded(client, () => runner(name, k, a)),
    run: (work) => guarded(client, () => work(client)),
  };
}

/**
 * Expiry (epoch ms, PEXPIREAT) of every key of a session: its absolute deadline plus the
 * retention. Never in the past, so a record written with a deadline already gone (a test's
 * fake clock, a skewed caller) is still kept for the retention instead of vanishing at once.
 */
export function expiryOf(ctx: StoreContext, absoluteExpiresAt: number): number {
  return Math.max(absoluteExpiresAt, Date.now()) + ctx.retentionMs;
}

/** The user a session belongs to (routes to the user's hash tag), or null when unknown. */
export async function ownerOfSession(ctx: StoreContext, sessionId: string): Promise<string | null> {
  return ownerOf(ctx, `s:${sessionId}`, ctx.keys.sessionOwner(sessionId));
}

/** The user a refresh-token hash was issued to, or null when unknown. */
export async function ownerOfToken(ctx: StoreContext, hash: string): Promise<string | null> {
  return ownerOf(ctx, `t:${hash}`, ctx.keys.tokenOwner(hash));
}

async function ownerOf(ctx: StoreContext, cacheKey: string, key: string): Promise<string | null> {
  const cached = ctx.owners.get(cacheKey);
  if (cached !== undefined) return cached;
  const userId = await ctx.run((c) => c.get(key));
  if (userId !== null) ctx.owners.set(cacheKey, userId);
  return userId;
}

/** Write an owner pointer unless it exists; false means the id or hash is taken. */
export async function claimOwner(
  ctx: StoreContext,
  kind: 's' | 't',
  id: string,
  userId: string,
  expireAt: number,
): Promise<boolean> {
  const key = kind === 's' ? ctx.keys.sessionOwner(id) : ctx.keys.tokenOwner(id);
  const ok = await ctx.run((c) => c.set(key, userId, 'PXAT', expireAt, 'NX'));
  if (ok === null) return false;
  ctx.owners.set(`${kind}:${id}`, userId);
  return true;
}
