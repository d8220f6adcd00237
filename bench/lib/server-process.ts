// Starts one benchmark server in its own process and waits for "READY <port>" on stdout.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface ServerProcess {
  url: string;
  pid: number;
  /** Extra lines the server printed after READY (e.g. "TOKEN …"), keyed by their first word. */
  info: Record<string, string>;
  /** Peak resident set size so far, in MiB (VmHWM). */
  peakRssMiB(): number;
  stop(): Promise<void>;
}

export async function startServer(
  script: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [new URL(`../servers/${script}`, import.meta.url).pathname],
    {
      env: { ...process.env, ...env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const info: Record<string, string> = {};
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script}: no READY within 30 s`)), 30_000);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before READY`)));
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const [word, ...rest] = line.split(' ');
      if (word === 'READY') {
        clearTimeout(timer);
        resolve(Number(rest[0]));
      } else if (word) info[word] = rest.join(' ');
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    info,
    peakRssMiB: () => readPeakRss(child.pid!),
    stop: () => stop(child),
  };
}

function readPeakRss(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
