import { type Command, write } from '../command.ts';
import { EXIT_OK } from '../io.ts';

export const keysRotate: Command = {
  name: 'keys rotate',
  summary: 'Start signing with a new key',
  usage: '',
  args: [],
  options: {},
  help: ['Tokens signed with the previous key keep verifying for one access-token lifetime.'],
  async run(input) {
    const { kid } = await input.withRuntime(({ engine }) => engine.rotateSigningKey());
    write(input.io, `New signing key ${kid}`);
    return EXIT_OK;
  },
};
