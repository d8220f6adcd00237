#!/usr/bin/env node
import { runCli } from '../src/cli/run-cli.ts';

process.exitCode = await runCli(process.argv.slice(2), process.env, {
  stdout: process.stdout,
  stderr: process.stderr,
});
// Everything is closed by now; if a driver still holds a handle, do not hang the shell.
setTimeout(() => process.exit(), 3000).unref();
