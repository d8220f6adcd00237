import type { StoreContext } from '../internal/context.ts';
import { parseScheduleMember } from './schedule.ts';

/** Passes over the schedule per call: rescheduled entries leave the due range, so this ends. */
const MAX_PASSES = 10;

/**
 * Delete sessions that ended before `before`, at most `batchSize`. Due schedule entries are
 * checked on the session's own tag: ended ones are deleted with their tokens, live ones are
 * rescheduled at their current earliest end. Owner pointers (other slots) go afterwards.
 */
export async function deleteExpired(
  ctx: StoreContext,
  before: number,
  batchSize: number,
): Promise<number> {
  let deleted = 0;
  for (let pass = 0; pass < MAX_PASSES && deleted < batchSize; pass++) {
    const due = await ctx.run((c) =>
      c.zrangebyscore(
        ctx.keys.cleanupSchedule(),
        '-inf',
        `(${before}`,
        'LIMIT',
        0,
        batchSize - deleted,
      ),
    );
    if (due.length === 0) break;
    const results = await Promise.all(due.map((member) => settle(ctx, member, before)));
    deleted += results.filter(Boolean).length;
  }
  return deleted;
}

/** Returns true when the session was deleted. */
async function settle(ctx: StoreContext, member: string, before: number): Promise<boolean> {
  const { keys } = ctx;
  const { sessionId, userId } = parseScheduleMember(member);
  const reply = (await ctx.script(
    'tesseraDeleteIfEnded',
    [
      keys.session(userId, sessionId),
      keys.sessionTokens(userId, sessionId),
      keys.userIndex(userId),
    ],
    [before, sessionId, keys.token(userId, '')],
  )) as (number | string)[];
  const [status, ...rest] = reply;
  if (status === 1) {
    await ctx.run((c) => c.zadd(keys.cleanupSchedule(), 'XX', Number(rest[0]), member));
    return false;
  }
  const pointers = [keys.sessionOwner(sessionId), ...rest.map((h) => keys.tokenOwner(String(h)))];
  // One UNLINK per key: the pointers sit on different Cluster slots.
  await ctx.run((c) => Promise.all(pointers.map((k) => c.unlink(k))));
  await ctx.run((c) => c.zrem(keys.cleanupSchedule(), member));
  return status === 0;
}
