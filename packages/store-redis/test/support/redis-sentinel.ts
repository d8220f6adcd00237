/**
 * A real, throwaway Sentinel setup for tests: one primary, one replica and one sentinel
 * (`redis-server --sentinel`), each a child process on a free loopback port; the sentinel's
 * config file lives in a temp dir (Sentinel rewrites it). `stop()` kills all and removes it.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './private-redis.ts';
import { kill, withNode } from './redis-cluster.ts';

export const SENTINEL_MASTER = 'tessera-test';
const START_DEADLINE_MS = 15_000;

export class LocalRedisSentinel {
  readonly #children: ChildProcess[] = [];
  readonly #output: string[] = [];
  readonly #onExit = () => {
    for (const c of this.#children) if (c.exitCode === null) c.kill('SIGKILL');
  };
  #dir = '';
  primaryPort = 0;
  replicaPort = 0;
  sentinelPort = 0;

  private constructor() {
    process.once('exit', this.#onExit);
  }

  /** Start primary, replica and sentinel; wait until the sentinel knows the replica. */
  static async start(): Promise<LocalRedisSentinel> {
    const s = new LocalRedisSentinel();
    const deadline = Date.now() + START_DEADLINE_MS;
    try {
      s.#dir = await mkdtemp(join(tmpdir(), 'tessera-redis-sentinel-'));
      [s.primaryPort, s.replicaPort, s.sentinelPort] = [
        await freePort(),
        await freePort(),
        await freePort(),
      ];
      const common = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', s.#dir];
      s.#spawn(['--port', String(s.primaryPort), ...common]);
      s.#spawn([
        ...['--port', String(s.replicaPort), ...common],
        ...['--replicaof', '127.0.0.1', String(s.primaryPort)],
      ]);
      const conf = join(s.#dir, 'sentinel.conf');
      await writeFile(
        conf,
        [
          `port ${s.sentinelPort}`,
          'bind 127.0.0.1',
          `dir ${s.#dir}`,
          `sentinel monitor ${SENTINEL_MASTER} 127.0.0.1 ${s.primaryPort} 1`,
          `sentinel down-after-milliseconds ${SENTINEL_MASTER} 1000`,
          `sentinel failover-timeout ${SENTINEL_MASTER} 5000`,
          '',
        ].join('\n'),
      );
      s.#spawn([conf, '--sentinel']);
      await s.#until(async () => (await s.replicasKnown()) >= 1, deadline);
      await s.#until(
        () =>
          withNode(
            s.replicaPort,
            async (c) => /master_link_status:up/.test(await c.info('replication')),
            false,
          ),
        deadline,
      );
      return s;
    } catch (error) {
      await s.stop();
      throw error;
    }
  }

  /** An ioredis client that finds the primary through the sentinel; the caller disconnects it. */
  client(): Redis {
    const client = new Redis({
      sentinels: [{ host: '127.0.0.1', port: this.sentinelPort }],
      name: SENTINEL_MASTER,
      maxRetriesPerRequest: 1,
    });
    client.on('error', () => {});
    return client;
  }

  /** Port of the primary the sentinel currently names. */
  primaryNow(): Promise<number> {
    return withNode(
      this.sentinelPort,
      async (c) => {
        const addr = (await c.call(
          'SENTINEL',
          'GET-MASTER-ADDR-BY-NAME',
          SENTINEL_MASTER,
        )) as string[];
        return Number(addr[1]);
      },
      0,
    );
  }

  /** Replicas the sentinel has discovered and considers usable. */
  replicasKnown(): Promise<number> {
    return withNode(
      this.sentinelPort,
      async (c) => {
        const list = (await c.call('SENTINEL', 'REPLICAS', SENTINEL_MASTER)) as string[][];
        return list.filter((r) => !String(r[r.indexOf('flags') + 1]).includes('down')).length;
      },
      0,
    );
  }

  /** `SENTINEL FAILOVER` and wait (bounded) until the sentinel names the replica as primary. */
  async failover(): Promise<void> {
    await withNode(this.sentinelPort, (c) => c.call('SENTINEL', 'FAILOVER', SENTINEL_MASTER), null);
    await this.#until(
      async () => (await this.primaryNow()) === this.replicaPort,
      Date.now() + 10_000,
    );
  }

  async stop(): Promise<void> {
    process.off('exit', this.#onExit);
    await Promise.all(this.#children.splice(0).map(kill));
    if (this.#dir !== '') await rm(this.#dir, { recursive: true, force: true });
  }

  #spawn(args: string[]): void {
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (c: Buffer) => this.#output.push(c.toString()));
    child.stderr?.on('data', (c: Buffer) => this.#output.push(c.toString()));
    child.on('error', (e) => this.#output.push(String(e)));
    this.#children.push(child);
  }

  async #until(check: () => Promise<boolean>, deadline: number): Promise<void> {
    while (!(await check())) {
      if (Date.now() > deadline || this.#children.some((c) => c.exitCode !== null)) {
        throw new Error(`redis sentinel setup not ready:\n${this.#output.join('').slice(-4000)}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
