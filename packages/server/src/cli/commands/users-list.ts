import { type Command, write } from '../command.ts';
import { iso, table } from '../format.ts';
import { EXIT_OK } from '../io.ts';

export const usersList: Command = {
  name: 'users list',
  summary: 'List users',
  usage: '[--json]',
  args: [],
  options: { json: { type: 'boolean' } },
  async run(input) {
    const users = await input.withRuntime(({ stores }) => stores.users.list());
    if (input.values.json === true) {
      const rows = users.map(({ id, email, roles, disabled, createdAt, passwordChangedAt }) => ({
        id,
        email,
        roles,
        disabled,
        createdAt: iso(createdAt),
        passwordChangedAt: iso(passwordChangedAt),
      }));
      write(input.io, JSON.stringify(rows, null, 2));
      return EXIT_OK;
    }
    const rows = users.map((u) => [
      u.email,
      u.roles.join(',') || '-',
      u.disabled ? 'disabled' : 'active',
      iso(u.createdAt),
      u.id,
    ]);
    write(input.io, table(['EMAIL', 'ROLES', 'STATUS', 'CREATED', 'ID'], rows));
    return EXIT_OK;
  },
};
