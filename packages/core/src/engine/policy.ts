import type { ResolvedOptions } from './resolve-options.ts';

export interface SessionPolicy {
  idleTimeoutMs: number;
  absoluteTimeoutMs: number;
}

/**
 * Timeouts of a new session. Among the user's roles that have a policy the strictest value
 * wins; the absolute timeout never exceeds the remember-me (or short) default, and idle never
 * exceeds absolute.
 */
export function sessionPolicy(
  options: ResolvedOptions,
  roles: readonly string[],
  rememberMe: boolean,
): SessionPolicy {
  let idle: number | undefined;
  let absolute: number | undefined;
  for (const role of roles) {
    const policy = options.rolePolicies.get(role);
    if (!policy) continue;
    idle = strictest(idle, policy.idleTimeoutMs);
    absolute = strictest(absolute, policy.absoluteTimeoutMs);
  }
  const cap = rememberMe ? options.absoluteTimeoutMs : options.shortAbsoluteTimeoutMs;
  const absoluteTimeoutMs = Math.min(absolute ?? cap, cap);
  const idleTimeoutMs = Math.min(idle ?? options.idleTimeoutMs, absoluteTimeoutMs);
  return { idleTimeoutMs, absoluteTimeoutMs };
}

function strictest(current: number | undefined, candidate: number | undefined): number | undefined {
  if (candidate === undefined) return current;
  return current === undefined ? candidate : Math.min(current, candidate);
}
