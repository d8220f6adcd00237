import type { Clock } from '@tessera/core';
import type { StoreOpener } from './open-store.ts';

/** Where the CLI writes, and the seams tests use instead of the process. */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** Opens the stores named by the configuration. Default: {@link openStore}. */
  openStore?: StoreOpener;
  /** Stops `serve`. Default: the first SIGINT or SIGTERM. */
  signal?: AbortSignal;
  /** Time source for the engine (tests). Default: the system clock. */
  clock?: Clock;
  /** Called by `serve` once it listens (tests read the URL from it). */
  onListening?: (url: string) => void;
}

/** Environment the CLI reads its configuration from. */
export type CliEnv = Readonly<Record<string, string | undefined>>;

/** Bad command-line usage: exit code 2, one line naming what was wrong. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** An expected failure of a command (unknown user, session not found): exit code 1, one line. */
export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
