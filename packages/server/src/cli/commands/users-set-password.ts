import { hashPassword } from '../../password/hash-password.ts';
import { type Command, stringOption, write } from '../command.ts';
import { EXIT_OK } from '../io.ts';
import { checkPassword, findUser } from './internal-users.ts';

export const usersSetPassword: Command = {
  name: 'users set-password',
  summary: "Set a user's password and end the user's sessions",
  usage: '<email> --password <pw>',
  args: ['email'],
  options: { password: { type: 'string' } },
  help: ['Every live session of the user ends with reason "password_changed".'],
  async run(input) {
    const email = input.positionals[0] ?? '';
    const password = checkPassword(stringOption(input.values, 'password'));
    const ended = await input.withRuntime(async ({ stores, engine }) => {
      const user = await findUser(stores.users, email);
      await stores.users.setPassword(user.id, await hashPassword(password), input.now());
      return engine.passwordChanged(user.id);
    });
    write(input.io, `Password of ${email} changed; ended ${ended} session(s)`);
    return EXIT_OK;
  },
};
