import { type Command, write } from '../command.ts';
import { EXIT_OK } from '../io.ts';
import { findUser } from './internal-users.ts';

export const usersDisable: Command = {
  name: 'users disable',
  summary: "Disable a user and end the user's sessions",
  usage: '<email>',
  args: ['email'],
  options: {},
  help: ['A disabled user cannot sign in; live sessions end with reason "admin".'],
  async run(input) {
    const email = input.positionals[0] ?? '';
    const ended = await input.withRuntime(async ({ stores, engine }) => {
      const user = await findUser(stores.users, email);
      await stores.users.setDisabled(user.id, true);
      return engine.revokeUserSessions(user.id, 'admin');
    });
    write(input.io, `Disabled ${email}; ended ${ended} session(s)`);
    return EXIT_OK;
  },
};
