import type { UserRecord, UserStore } from '@tessera/core';
import { CommandError, UsageError } from '../io.ts';

const MIN_PASSWORD_LENGTH = 8;
// argon2 hashes any length; a cap keeps a typo (a pasted file) from being stored as a password.
const MAX_PASSWORD_LENGTH = 1024;

/** The user with this email, or a one-line failure. */
export async function findUser(users: UserStore, email: string): Promise<UserRecord> {
  const user = await users.findByEmail(normaliseEmail(email));
  if (user === null) throw new CommandError(`no user with email ${email}`);
  return user;
}

export function normaliseEmail(email: string): string {
  const value = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(value) || value.length > 254) {
    throw new UsageError(`invalid email address: ${email}`);
  }
  return value;
}

/** Validates a new password; the message never repeats it. */
export function checkPassword(password: string | undefined): string {
  if (password === undefined) throw new UsageError('missing --password');
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new UsageError(
      `--password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`,
    );
  }
  return password;
}
