import type { AppDeps } from './app-deps.ts';
import { errorSummary } from './error-summary.ts';

/** The location is a nicety: a resolver that fails (lookup down, bug) must not fail sign-in. */
export async function resolveLocation(
  deps: AppDeps,
  ip: string | null,
  headers: Headers,
): Promise<string | null> {
  if (deps.locationResolver === null) return null;
  try {
    return await deps.locationResolver.resolve({ ip, headers });
  } catch (error) {
    deps.logger.warn({ err: errorSummary(error) }, 'location resolver failed; location left empty');
    return null;
  }
}
