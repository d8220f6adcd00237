import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { TesseraError } from '@tessera/core';
import { CONFIG_ENV_NAMES, loadConfig } from '../config/load-config.ts';
import type { Command, CommandInput, OptionValues } from './command.ts';
import { cleanup } from './commands/cleanup.ts';
import { keysRotate } from './commands/keys-rotate.ts';
import { migrate } from './commands/migrate.ts';
import { serve } from './commands/serve.ts';
import { sessionsList } from './commands/sessions-list.ts';
import { sessionsRevoke } from './commands/sessions-revoke.ts';
import { usersAdd } from './commands/users-add.ts';
import { usersDisable } from './commands/users-disable.ts';
import { usersList } from './commands/users-list.ts';
import { usersSetPassword } from './commands/users-set-password.ts';
import { commandHelp, mainHelp } from './help.ts';
import {
  type CliEnv,
  type CliIo,
  CommandError,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  UsageError,
} from './io.ts';
import { withRuntime } from './runtime.ts';

export const COMMANDS: readonly Command[] = [
  serve,
  migrate,
  usersAdd,
  usersList,
  usersDisable,
  usersSetPassword,
  sessionsList,
  sessionsRevoke,
  keysRotate,
  cleanup,
];

/** Every configuration option as a flag: `TESSERA_IDLE_TIMEOUT` → `--idle-timeout <value>`. */
const CONFIG_FLAGS: ParseArgsOptionsConfig = Object.fromEntries(
  CONFIG_ENV_NAMES.map((name) => [
    name.slice('TESSERA_'.length).toLowerCase().replace(/_/g, '-'),
    { type: 'string' as const },
  ]),
);

/**
 * The `tessera` command line. Returns the exit code: 0 success, 1 failure, 2 bad usage or
 * configuration (one line naming the option on stderr, never a stack trace).
 */
export async function runCli(argv: readonly string[], env: CliEnv, io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, env, io);
  } catch (error) {
    return report(error, io);
  }
}

async function dispatch(argv: readonly string[], env: CliEnv, io: CliIo): Promise<number> {
  const [first, second] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? argv.slice(1).join(' ') : '';
    io.stdout.write(helpFor(topic));
    return EXIT_OK;
  }
  if (first === '--version' || first === '-v') {
    io.stdout.write('tessera 0.1.0\n');
    return EXIT_OK;
  }
  const command =
    COMMANDS.find((c) => c.name === `${first} ${second}`) ?? COMMANDS.find((c) => c.name === first);
  if (command === undefined) {
    if (COMMANDS.some((c) => c.name.startsWith(`${first} `))) {
      if (second === undefined || second === '--help' || second === '-h') {
        io.stdout.write(helpFor(first));
        return second === undefined ? EXIT_USAGE : EXIT_OK;
      }
      throw new UsageError(`unknown command: ${first} ${second} (see tessera ${first} --help)`);
    }
    throw new UsageError(`unknown command: ${first} (see tessera --help)`);
  }
  const rest = argv.slice(command.name.split(' ').length);
  const parsed = parse(command, rest);
  if (parsed.values.help === true) {
    io.stdout.write(commandHelp(command));
    return EXIT_OK;
  }
  return command.run(commandInput(parsed.values, parsed.positionals, env, io));
}

function helpFor(topic: string): string {
  const command = COMMANDS.find((c) => c.name === topic);
  if (command) return commandHelp(command);
  const group = COMMANDS.filter((c) => c.name.startsWith(`${topic} `));
  return mainHelp(group.length > 0 ? group : COMMANDS);
}

function parse(command: Command, args: readonly string[]) {
  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...args],
      options: { ...CONFIG_FLAGS, ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // Session ids are base64url and may start with '-', which reads as an option.
    const hint =
      command.args.length > 0 && /unknown option/i.test(String(error))
        ? ` (an argument that starts with '-' goes after --: tessera ${command.name} -- <${command.args[0]}>)`
        : '';
    throw new UsageError(`tessera ${command.name}: ${parseErrorText(error)}${hint}`);
  }
  if (parsed.values.help === true) return parsed;
  const missing = command.args[parsed.positionals.length];
  if (missing !== undefined) throw new UsageError(`tessera ${command.name}: missing <${missing}>`);
  const extra = parsed.positionals[command.args.length];
  if (extra !== undefined) {
    throw new UsageError(`tessera ${command.name}: unexpected argument ${extra}`);
  }
  return parsed;
}

// Node's messages are long and multi-line; keep the first sentence, which names the option.
function parseErrorText(error: unknown): string {
  const message = error instanceof Error ? error.message : 'invalid arguments';
  return (message.split(/\. |\n/)[0] ?? message).replace(/\.$/, '');
}

function commandInput(
  values: OptionValues,
  positionals: readonly string[],
  env: CliEnv,
  io: CliIo,
): CommandInput {
  const flags: Record<string, string> = {};
  for (const name of Object.keys(CONFIG_FLAGS)) {
    const value = values[name];
    if (typeof value === 'string') flags[name] = value;
  }
  const config = () => loadConfig(env, flags);
  return {
    positionals,
    values,
    env,
    io,
    config,
    now: () => io.clock?.now() ?? Date.now(),
    withRuntime: (work) =>
      withRuntime(config(), { openStore: io.openStore, clock: io.clock }, work),
  };
}

/** One line on stderr; no stack trace, and no secret (core messages never contain one). */
function report(error: unknown, io: CliIo): number {
  if (
    error instanceof UsageError ||
    (error instanceof TesseraError && error.code === 'invalid_config')
  ) {
    io.stderr.write(`tessera: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof CommandError || error instanceof TesseraError) {
    io.stderr.write(`tessera: ${error.message}\n`);
    return EXIT_FAILURE;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`tessera: unexpected error: ${message.split('\n')[0]}\n`);
  return EXIT_FAILURE;
}
