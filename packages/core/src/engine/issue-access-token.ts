import { SignJWT } from 'jose';
import { randomBase64url } from '../internal/random-id.ts';
import type { SessionRecord } from '../store/session-record.ts';
import { JTI_BYTES } from './constants.ts';
import type { EngineContext } from './context.ts';

/**
 * Signs an access token for a session with the ring's current key. Its exp never passes the
 * session's idle or absolute deadline (rounded down to whole seconds).
 */
export async function issueAccessToken(
  ctx: EngineContext,
  session: SessionRecord,
  idleExpiresAt: number,
): Promise<{ accessToken: string; accessTokenExpiresAt: number }> {
  const { options, ring } = ctx;
  const now = options.clock.now();
  const expiresAtMs = Math.min(now + options.accessTtlMs, idleExpiresAt, session.absoluteExpiresAt);
  const exp = Math.floor(expiresAtMs / 1000);
  const key = ring.signingKey();
  const accessToken = await new SignJWT({
    sid: session.id,
    roles: [...session.roles],
    aal: session.aal,
    auth_time: Math.floor(session.authTime / 1000),
  })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setSubject(session.userId)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(exp)
    .setJti(randomBase64url(options.random, JTI_BYTES))
    .sign(key.signKey);
  return { accessToken, accessTokenExpiresAt: exp * 1000 };
}
