import type { SessionRecord, UserRecord } from '@tessera/core';
import { type Command, stringOption, write } from '../command.ts';
import { iso, table } from '../format.ts';
import { EXIT_OK } from '../io.ts';
import type { Runtime } from '../runtime.ts';
import { findUser } from './internal-users.ts';

type Listed = { user: UserRecord; session: SessionRecord };

export const sessionsList: Command = {
  name: 'sessions list',
  summary: 'List live sessions',
  usage: '[--user <email>] [--json]',
  args: [],
  options: { user: { type: 'string' }, json: { type: 'boolean' } },
  help: ["Without --user, every user's sessions (guest sessions are not listed)."],
  async run(input) {
    const email = stringOption(input.values, 'user');
    const listed = await input.withRuntime(async (runtime) => {
      const users =
        email === undefined
          ? await runtime.stores.users.list()
          : [await findUser(runtime.stores.users, email)];
      return listSessions(runtime, users);
    });
    if (input.values.json === true) {
      write(input.io, JSON.stringify(listed.map(toJson), null, 2));
      return EXIT_OK;
    }
    const rows = listed.map(({ user, session: s }) => [
      s.id,
      user.email,
      s.device.name,
      s.ip ?? '-',
      iso(s.lastActiveAt),
      iso(s.idleExpiresAt),
      iso(s.absoluteExpiresAt),
    ]);
    const header = ['SESSION', 'USER', 'DEVICE', 'IP', 'LAST ACTIVE', 'IDLE EXPIRES', 'EXPIRES'];
    write(input.io, table(header, rows));
    return EXIT_OK;
  },
};

async function listSessions(runtime: Runtime, users: readonly UserRecord[]): Promise<Listed[]> {
  const listed: Listed[] = [];
  for (const user of users) {
    for (const session of await runtime.engine.listSessions(user.id))
      listed.push({ user, session });
  }
  return listed;
}

// Never a token or a hash: only what an administrator needs to pick a session.
function toJson({ user, session: s }: Listed): Record<string, unknown> {
  return {
    id: s.id,
    userId: user.id,
    email: user.email,
    createdAt: iso(s.createdAt),
    lastActiveAt: iso(s.lastActiveAt),
    idleExpiresAt: iso(s.idleExpiresAt),
    absoluteExpiresAt: iso(s.absoluteExpiresAt),
    rememberMe: s.rememberMe,
    aal: s.aal,
    device: {
      type: s.device.type,
      name: s.device.name,
      browser: s.device.browser,
      os: s.device.os,
    },
    ip: s.ip,
    location: s.location,
  };
}
