import { hash, verify } from '@node-rs/argon2';

/**
 * OWASP Password Storage Cheat Sheet, argon2id: m = 19 MiB, t = 2, p = 1. The library's
 * default algorithm is argon2id (its const enum cannot be imported under isolatedModules).
 */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hash a password as an argon2id PHC string. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummy: Promise<string> | undefined;

/** A hash of a random password, verified for unknown users so that timing stays the same. */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(crypto.randomUUID());
  return dummy;
}

/**
 * Verify a password against a PHC hash. Pass `null` for an unknown user: a dummy hash is
 * verified instead (same cost) and the answer is always false. Malformed hashes yield false.
 */
export async function verifyPassword(
  passwordHash: string | null,
  password: string,
): Promise<boolean> {
  const target = passwordHash ?? (await dummyHash());
  let ok: boolean;
  try {
    ok = await verify(target, password);
  } catch {
    ok = false;
  }
  return ok && passwordHash !== null;
}
