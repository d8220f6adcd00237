import { SignJWT } from 'jose';
import { StoreUnavailableError } from '../errors.ts';
import { randomBase64url } from '../internal/random-id.ts';
import type { SessionRecord } from '../store/session-record.ts';
import { JTI_BYTES } from './constants.ts';
import type { EngineContext } from './context.ts';
import { signCompact } from './jws-signer.ts';
import type { ImportedKey } from './key-material.ts';

/** Each key's protected header, one frozen object per key (its encoding is cached by it). */
const headers = new WeakMap<ImportedKey, Readonly<{ alg: string; kid: string; typ: string }>>();

function protectedHeader(key: ImportedKey) {
  let header = headers.get(key);
  if (header === undefined) {
    header = Object.freeze({ alg: key.alg, kid: key.kid, typ: 'at+jwt' });
    headers.set(key, header);
  }
  return header;
}

/**
 * Signs an access token for a session with the ring's current key. Its exp never passes the
 * session's idle or absolute deadline (rounded down to whole seconds). With an injected signer
 * (EngineOptions.signer) the signature is computed there; otherwise by jose with Web Crypto.
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
  const header = protectedHeader(key);
  const claims = {
    sid: session.id,
    roles: [...session.roles],
    aal: session.aal,
    auth_time: Math.floor(session.authTime / 1000),
    iss: options.issuer,
    aud: options.audience,
    sub: session.userId,
    iat: Math.floor(now / 1000),
    exp,
    jti: randomBase64url(options.random, JTI_BYTES),
  };
  let accessToken: string;
  if (options.signer && key.signerKey !== undefined) {
    accessToken = await signCompact(options.signer, key.signerKey, header, claims);
  } else {
    // Only a retired key lacks it, and the ring never hands one out for signing.
    if (!key.signKey) throw new StoreUnavailableError('The signing key has no private half');
    accessToken = await new SignJWT(claims).setProtectedHeader(header).sign(key.signKey);
  }
  return { accessToken, accessTokenExpiresAt: exp * 1000 };
}
