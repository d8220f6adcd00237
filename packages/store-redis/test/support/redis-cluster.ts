/**
 * A real, throwaway Redis Cluster for tests: N primaries (no replicas), each a `redis-server`
 * child process on its own loopback port with its own temp dir, formed with
 * `redis-cli --cluster create`. `stop()` kills every process and removes the dirs; it is also
 * run when the test process exits, so a crashed run leaves nothing listening.
 */

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, type ClusterOptions, Redis } from 'ioredis';
import { freePort } from './private-redis.ts';

/** Upper bound of the whole start-up (spawn, create, converge), ms. */
const START_DEADLINE_MS = 15_000;

interface Node {
  port: number;
  dir: string;
  process: ChildProcess;
  output: string[];
}

export class LocalRedisCluster {
  readonly #nodes: Node[];
  readonly #onExit = () => this.#killAll();

  private constructor(nodes: Node[]) {
    this.#nodes = nodes;
    process.once('exit', this.#onExit);
  }

  /** Spawn `primaries` nodes, form the cluster and wait for `cluster_state:ok` on every node. */
  static async start(primaries = 3): Promise<LocalRedisCluster> {
    const cluster = new LocalRedisCluster([]);
    const deadline = Date.now() + START_DEADLINE_MS;
    try {
      for (let i = 0; i < primaries; i++) cluster.#nodes.push(await spawnNode());
      await Promise.all(cluster.#nodes.map((n) => waitFor(() => answers(n.port), deadline, n)));
      await createCluster(
        cluster.#nodes.map((n) => n.port),
        deadline,
      );
      await Promise.all(cluster.#nodes.map((n) => waitFor(() => stateOk(n.port), deadline, n)));
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  get ports(): number[] {
    return this.#nodes.map((n) => n.port);
  }

  /** An ioredis Cluster client on these nodes; the caller disconnects it. */
  client(options: ClusterOptions = {}): Cluster {
    const client = new Cluster(
      this.ports.map((port) => ({ host: '127.0.0.1', port })),
      { ...options, redisOptions: { maxRetriesPerRequest: 1, ...options.redisOptions } },
    );
    client.on('error', () => {});
    return client;
  }

  /** The port of the primary that serves `key` (CLUSTER KEYSLOT + CLUSTER SLOTS on a live node). */
  async portOfKey(key: string): Promise<number> {
    const live = this.#nodes.find(
      (n) => n.process.exitCode === null && n.process.signalCode === null,
    );
    if (live === undefined) throw new Error('no live cluster node');
    const port = await withNode(
      live.port,
      async (c) => {
        const slot = Number(await c.call('CLUSTER', 'KEYSLOT', key));
        const ranges = (await c.call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][];
        const range = ranges.find(([from, to]) => slot >= from && slot <= to);
        return range === undefined ? -1 : Number(range[2][1]);
      },
      -1,
    );
    if (port < 0) throw new Error(`no node serves the slot of ${key}`);
    return port;
  }

  /** SIGKILL one node (an outage: with no replicas its slots become unreachable). */
  async killNode(port: number): Promise<void> {
    const node = this.#nodes.find((n) => n.port === port);
    if (node === undefined) throw new Error(`no cluster node on port ${port}`);
    await kill(node.process);
  }

  /** SIGKILL every node, wait for the exits, remove the dirs. Idempotent. */
  async stop(): Promise<void> {
    process.off('exit', this.#onExit);
    const nodes = this.#nodes.splice(0);
    await Promise.all(
      nodes.map(async (n) => {
        await kill(n.process);
        await rm(n.dir, { recursive: true, force: true });
      }),
    );
  }

  #killAll(): void {
    for (const n of this.#nodes) if (n.process.exitCode === null) n.process.kill('SIGKILL');
  }
}

async function spawnNode(): Promise<Node> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-redis-cluster-'));
  // The cluster bus gets its own free port: the default (port + 10000) may be taken or > 65535.
  const [port, busPort] = [await freePort(), await freePort()];
  const child = spawn(
    'redis-server',
    [
      ...['--port', String(port), '--cluster-port', String(busPort)],
      ...['--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf')],
      ...['--dir', dir, '--save', '', '--appendonly', 'no'],
      ...['--bind', '127.0.0.1', '--daemonize', 'no'],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  child.stdout?.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
  child.on('error', (e) => output.push(String(e)));
  return { port, dir, process: child, output };
}

function createCluster(ports: readonly number[], deadline: number): Promise<void> {
  const args = [
    '--cluster',
    'create',
    ...ports.map((p) => `127.0.0.1:${p}`),
    '--cluster-replicas',
    '0',
    '--cluster-yes',
  ];
  return new Promise((resolve, reject) => {
    execFile(
      'redis-cli',
      args,
      { timeout: Math.max(deadline - Date.now(), 1) },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`redis-cli --cluster create failed: ${stderr || stdout}`));
        else resolve();
      },
    );
  });
}

/** Poll `check` until it is true or the deadline passes (then fail with the node's output). */
async function waitFor(check: () => Promise<boolean>, deadline: number, node: Node) {
  while (!(await check())) {
    if (node.process.exitCode !== null || Date.now() > deadline) {
      throw new Error(`redis cluster node ${node.port} not ready:\n${node.output.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function withNode<T>(port: number, work: (c: Redis) => Promise<T>, fallback: T) {
  const client = new Redis(port, '127.0.0.1', {
    lazyConnect: true,
    connectTimeout: 500,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return await work(client);
  } catch {
    return fallback;
  } finally {
    client.disconnect();
  }
}

const answers = (port: number) => withNode(port, async (c) => (await c.ping()) === 'PONG', false);

const stateOk = (port: number) =>
  withNode(
    port,
    async (c) => /^cluster_state:ok\r?$/m.test(String(await c.call('CLUSTER', 'INFO'))),
    false,
  );

export function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** SCAN every primary (SCAN only sees one node) and UNLINK what matches, one key at a time. */
export async function deleteClusterPrefix(client: Cluster, prefix: string): Promise<void> {
  for (const node of client.nodes('master')) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      // Keys of one scan batch sit on many slots: a multi-key UNLINK would be CROSSSLOT.
      await Promise.all(keys.map((k) => node.unlink(k)));
    } while (cursor !== '0');
  }
}

/** Every key under `prefix` on every primary. */
export async function clusterKeys(client: Cluster, prefix: string): Promise<string[]> {
  const all: string[] = [];
  for (const node of client.nodes('master')) all.push(...(await node.keys(`${prefix}*`)));
  return all.sort();
}

/** True when both `redis-server` and `redis-cli` can be run. */
export async function hasClusterBinaries(): Promise<boolean> {
  const runs = (bin: string) =>
    new Promise<boolean>((resolve) => {
      const child = spawn(bin, ['--version'], { stdio: 'ignore' });
      child.once('error', () => resolve(false));
      child.once('exit', (code) => resolve(code === 0));
    });
  return (await runs('redis-server')) && (await runs('redis-cli'));
}
