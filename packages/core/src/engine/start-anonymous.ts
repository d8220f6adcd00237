import { randomBase64url } from '../internal/random-id.ts';
import type { EngineContext } from './context.ts';
import { ANONYMOUS_USER_PREFIX } from './guest-user-id.ts';
import { signIn } from './sign-in.ts';
import type { AnonymousInput, IssuedTokens } from './types.ts';

/** Random bytes of a guest user id (128 bits: never guessed, never shared by two guests). */
const GUEST_ID_BYTES = 16;

/**
 * A guest session: kind `anonymous`, a fresh random user id of its own (so the per-user session
 * limit and listings never mix guests), no roles, no remember-me (the default idle timeout and
 * the short absolute lifetime apply), aal 1.
 */
export async function startAnonymous(
  ctx: EngineContext,
  input: AnonymousInput,
): Promise<IssuedTokens> {
  const userId = ANONYMOUS_USER_PREFIX + randomBase64url(ctx.options.random, GUEST_ID_BYTES);
  return signIn(ctx, {
    user: { id: userId, roles: [] },
    rememberMe: false,
    kind: 'anonymous',
    device: input.device,
    ip: input.ip,
    location: input.location,
  });
}
