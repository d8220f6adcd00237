import { randomUUID } from 'node:crypto';
import { TesseraError } from '@tessera/core';
import { hashPassword } from '../../password/hash-password.ts';
import { type Command, stringOption, write } from '../command.ts';
import { CommandError, EXIT_OK, UsageError } from '../io.ts';
import { checkPassword, normaliseEmail } from './internal-users.ts';

const ROLE = /^[a-z][a-z0-9_-]{0,63}$/i;

export const usersAdd: Command = {
  name: 'users add',
  summary: 'Create a user',
  usage: '<email> --password <pw> [--role <role> ...]',
  args: ['email'],
  options: {
    password: { type: 'string' },
    role: { type: 'string', multiple: true },
  },
  help: ['Without --role the user gets the role "user". Repeat --role for several roles.'],
  async run(input) {
    const email = normaliseEmail(input.positionals[0] ?? '');
    const password = checkPassword(stringOption(input.values, 'password'));
    const roles = roleList(input.values.role);
    const passwordHash = await hashPassword(password);
    const now = input.now();
    const id = randomUUID();
    await input.withRuntime(async ({ stores }) => {
      try {
        await stores.users.create({
          id,
          email,
          passwordHash,
          roles,
          disabled: false,
          createdAt: now,
          passwordChangedAt: now,
        });
      } catch (error) {
        if (error instanceof TesseraError && error.code === 'user_exists') {
          throw new CommandError(`a user with email ${email} already exists`);
        }
        throw error;
      }
    });
    write(input.io, `Created user ${email} (${id}) with roles ${roles.join(', ')}`);
    return EXIT_OK;
  },
};

function roleList(value: unknown): string[] {
  const roles = Array.isArray(value) ? value.map(String) : [];
  for (const role of roles) {
    if (!ROLE.test(role)) throw new UsageError(`invalid --role: ${role}`);
  }
  return roles.length === 0 ? ['user'] : [...new Set(roles)];
}
