import type { Command } from './command.ts';

/** `tessera --help`: every command with its one-line summary. */
export function mainHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: tessera <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command reads the same configuration as `serve`: TESSERA_* environment variables,',
    'or the same names as flags (TESSERA_DATABASE_URL → --database-url).',
    'Run `tessera <command> --help` for its options.',
    '',
  ].join('\n');
}

/** `tessera <command> --help`. */
export function commandHelp(command: Command): string {
  return [
    `Usage: tessera ${command.name}${command.usage ? ` ${command.usage}` : ''}`,
    '',
    command.summary,
    ...(command.help ?? []),
    '',
    'Configuration: TESSERA_* environment variables or flags (--database-url, --port, ...).',
    '',
  ].join('\n');
}
