import { type Command, write } from '../command.ts';
import { EXIT_OK } from '../io.ts';

export const cleanup: Command = {
  name: 'cleanup',
  summary: 'Delete ended (expired or revoked) sessions',
  usage: '',
  args: [],
  options: {},
  help: ['`serve` also runs this every hour.'],
  async run(input) {
    const deleted = await input.withRuntime(({ engine }) => engine.cleanup());
    write(input.io, `Deleted ${deleted} ended session(s)`);
    return EXIT_OK;
  },
};
