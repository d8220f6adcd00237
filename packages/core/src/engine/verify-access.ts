import { type JWTHeaderParameters, jwtVerify } from 'jose';
import { LEEWAY_SECONDS } from './constants.ts';
import type { EngineContext } from './context.ts';
import { refusalFromJoseError } from './jose-errors.ts';
import type { AccessTokenClaims, VerifyResult } from './types.ts';

const REQUIRED_CLAIMS = [
  'iss',
  'aud',
  'sub',
  'sid',
  'iat',
  'exp',
  'jti',
  'roles',
  'aal',
  'auth_time',
];
/** Headers that would let a token choose its own key (RFC 8725 §3.10). */
const FORBIDDEN_HEADERS = ['jwk', 'jku', 'x5u', 'x5c'] as const;
/** How often an unknown kid may trigger a reload of the key list. */
const UNKNOWN_KID_RELOAD_MS = 1_000;
const MAX_TOKEN_LENGTH = 8_192;

class UnknownKey extends Error {}

/**
 * Verifies an access token without store I/O: a cache hit skips the signature, but every call
 * checks exp (with leeway) against the clock and the revocation set. Throws
 * StoreUnavailableError when revocation state may be stale (fail closed).
 */
export async function verifyAccessToken(ctx: EngineContext, token: string): Promise<VerifyResult> {
  await ctx.ready();
  const catchingUp = ctx.assertFresh();
  if (catchingUp) await catchingUp;
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    return { ok: false, code: 'invalid_token' };
  }
  const now = ctx.options.clock.now();
  let claims = ctx.verifyCache.get(token);
  if (claims === undefined) {
    const verified = await verifySignature(ctx, token, now);
    if (!verified.ok) return verified;
    claims = verified.claims;
    ctx.verifyCache.set(token, claims);
  } else if (now >= (claims.exp + LEEWAY_SECONDS) * 1000) {
    ctx.verifyCache.delete(token);
    return { ok: false, code: 'token_expired' };
  }
  const reason = ctx.revocations.reasonFor(claims.sid, now);
  if (reason !== undefined) {
    return { ok: false, code: 'session_revoked', reason, sessionId: claims.sid };
  }
  return { ok: true, claims, expiresAt: claims.exp * 1000 };
}

async function verifySignature(
  ctx: EngineContext,
  token: string,
  now: number,
): Promise<
  { ok: true; claims: Readonly<AccessTokenClaims> } | Exclude<VerifyResult, { ok: true }>
> {
  try {
    return { ok: true, claims: await verifyOnce(ctx, token, now) };
  } catch (error) {
    if (!(error instanceof UnknownKey)) return refusalFromJoseError(error);
  }
  // A kid we do not know may come from a rotation on another instance: reload (rate-limited).
  if (now - ctx.ring.lastReloadAt < UNKNOWN_KID_RELOAD_MS)
    return { ok: false, code: 'invalid_token' };
  await ctx.ring.reload();
  try {
    return { ok: true, claims: await verifyOnce(ctx, token, now) };
  } catch (error) {
    return refusalFromJoseError(error);
  }
}

async function verifyOnce(ctx: EngineContext, token: string, now: number) {
  const { options, ring } = ctx;
  const { payload } = await jwtVerify(
    token,
    (header: JWTHeaderParameters) => {
      for (const name of FORBIDDEN_HEADERS) {
        if (name in header) throw new TypeError('Key-bearing header');
      }
      if (typeof header.kid !== 'string') throw new TypeError('Missing kid');
      const key = ring.verificationKey(header.kid);
      if (!key) throw new UnknownKey();
      return key;
    },
    {
      algorithms: [options.algorithm],
      issuer: options.issuer,
      audience: options.audience,
      typ: 'at+jwt',
      clockTolerance: LEEWAY_SECONDS,
      currentDate: new Date(now),
      requiredClaims: REQUIRED_CLAIMS,
    },
  );
  return toClaims(payload);
}

/** Checks claim types (jose checks presence) and freezes the result for sharing via the cache. */
function toClaims(payload: Record<string, unknown>): Readonly<AccessTokenClaims> {
  const { iss, aud, sub, sid, iat, exp, jti, roles, aal, auth_time } = payload;
  const valid =
    typeof iss === 'string' &&
    typeof aud === 'string' &&
    typeof sub === 'string' &&
    typeof sid === 'string' &&
    typeof iat === 'number' &&
    typeof exp === 'number' &&
    typeof jti === 'string' &&
    Array.isArray(roles) &&
    roles.every((role) => typeof role === 'string') &&
    (aal === 1 || aal === 2) &&
    typeof auth_time === 'number';
  if (!valid) throw new TypeError('Malformed claims');
  const claims = {
    iss,
    aud,
    sub,
    sid,
    iat,
    exp,
    jti,
    roles: Object.freeze([...roles]),
    aal,
    auth_time,
  };
  return Object.freeze(claims) as Readonly<AccessTokenClaims>;
}
