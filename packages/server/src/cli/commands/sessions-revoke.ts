import { type Command, write } from '../command.ts';
import { CommandError, EXIT_OK } from '../io.ts';

export const sessionsRevoke: Command = {
  name: 'sessions revoke',
  summary: 'End a session (reason "admin")',
  usage: '<session-id>',
  args: ['session-id'],
  options: {},
  async run(input) {
    const id = input.positionals[0] ?? '';
    const ended = await input.withRuntime(({ engine }) => engine.revokeSession(id, 'admin'));
    if (!ended) throw new CommandError(`no live session ${id}`);
    write(input.io, `Ended session ${id}`);
    return EXIT_OK;
  },
};
