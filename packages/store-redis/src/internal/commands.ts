import type { RedisClient } from './client.ts';
import * as lua from './scripts.ts';

/** Script name → Lua source. Names are prefixed so a shared client cannot clash with the app's. */
const SCRIPTS = {
  tesseraCreateSession: lua.CREATE_SESSION,
  tesseraRotateSession: lua.ROTATE_SESSION,
  tesseraTouchSessions: lua.TOUCH_SESSIONS,
  tesseraRevokeSession: lua.REVOKE_SESSION,
  tesseraRevokeUserSessions: lua.REVOKE_USER_SESSIONS,
  tesseraListUserSessions: lua.LIST_USER_SESSIONS,
  tesseraUpdateData: lua.UPDATE_DATA,
  tesseraDeleteIfEnded: lua.DELETE_IF_ENDED,
  tesseraLogRevocation: lua.LOG_REVOCATION,
  tesseraListRevoked: lua.LIST_REVOKED,
  tesseraRetireKeys: lua.RETIRE_KEYS,
  tesseraDeleteRetiredKeys: lua.DELETE_RETIRED_KEYS,
  tesseraCreateUser: lua.CREATE_USER,
  tesseraUpdateUser: lua.UPDATE_USER,
  tesseraRateLimitHit: lua.RATE_LIMIT_HIT,
  tesseraRateLimitRelease: lua.RATE_LIMIT_RELEASE,
  tesseraReleaseLock: lua.RELEASE_LOCK,
} as const;

export type ScriptName = keyof typeof SCRIPTS;

type ScriptFn = (numKeys: number, ...args: (string | number)[]) => Promise<unknown>;

/** Runs the store's scripts by name (EVALSHA, with ioredis reloading on NOSCRIPT). */
export type ScriptRunner = (
  name: ScriptName,
  keys: readonly string[],
  args: readonly (string | number)[],
) => Promise<unknown>;

/** Define every script on the client once (idempotent) and return a typed runner. */
export function defineScripts(client: RedisClient): ScriptRunner {
  const target = client as unknown as Record<string, ScriptFn | undefined>;
  for (const [name, source] of Object.entries(SCRIPTS)) {
    if (typeof target[name] !== 'function') client.defineCommand(name, { lua: source });
  }
  return (name, keys, args) => {
    const fn = target[name] as ScriptFn;
    return fn.call(client, keys.length, ...keys, ...args);
  };
}
