import type { ParseArgsOptionsConfig } from 'node:util';
import type { ServerConfig } from '../config/server-config.ts';
import type { CliEnv, CliIo } from './io.ts';
import type { Runtime } from './runtime.ts';

export type OptionValues = Readonly<Record<string, string | boolean | string[] | undefined>>;

/** What the dispatcher hands a command after parsing its arguments. */
export interface CommandInput {
  readonly positionals: readonly string[];
  readonly values: OptionValues;
  readonly env: CliEnv;
  readonly io: CliIo;
  /** Configuration from the environment and flags (flags win). Throws ConfigError. */
  config(): ServerConfig;
  /** Open the configured stores and an engine, run `work`, close them. */
  withRuntime<T>(work: (runtime: Runtime) => Promise<T>): Promise<T>;
  /** The current time (epoch ms) from the injected clock. */
  now(): number;
}

export interface Command {
  /** Words that select it, e.g. `users add`. */
  readonly name: string;
  readonly summary: string;
  /** Arguments and options after the name, for help, e.g. `<email> --password <pw>`. */
  readonly usage: string;
  /** Names of the required positional arguments, in order. */
  readonly args: readonly string[];
  /** Its own options (every command also takes the configuration flags). */
  readonly options: ParseArgsOptionsConfig;
  /** Lines of help after the usage line. */
  readonly help?: readonly string[];
  run(input: CommandInput): Promise<number>;
}

/** The string value of an option, or undefined. */
export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function write(io: CliIo, line: string): void {
  io.stdout.write(`${line}\n`);
}
