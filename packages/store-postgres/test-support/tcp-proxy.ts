import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy for outage tests: put it between a client and PostgreSQL (or Redis), then
 * `cut()` (every connection reset, new ones refused) or `blackhole()` (connections stay open
 * but nothing gets through, like a network partition), and `restore()`.
 */
export interface TcpProxy {
  /** Port the proxy listens on (127.0.0.1); stable across cut/restore. */
  readonly port: number;
  /** `url` with its host and port replaced by the proxy's. */
  rewrite(url: string): string;
  /** Reset every open connection and stop accepting new ones (connection refused). */
  cut(): Promise<void>;
  /** Keep accepting, but forward nothing in either direction. */
  blackhole(): void;
  /** Forward again (after cut or blackhole). Connections cut earlier stay dead. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let silent = false;
  let server: Server | undefined;

  function pipe(from: Socket, to: Socket): void {
    from.on('data', (chunk) => {
      if (!silent) to.write(chunk);
    });
    from.on('close', () => to.destroy());
    from.on('error', () => to.destroy());
  }

  function accept(client: Socket): void {
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    pipe(client, upstream);
    pipe(upstream, client);
  }

  async function listen(port: number): Promise<number> {
    server = createServer(accept);
    await new Promise<void>((resolve, reject) => {
      server?.once('error', reject);
      server?.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no proxy address');
    return address.port;
  }

  async function stop(): Promise<void> {
    const closing = server;
    server = undefined;
    for (const s of sockets) s.resetAndDestroy();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  }

  const port = await listen(0);
  return {
    port,
    rewrite(url) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    cut: stop,
    blackhole() {
      silent = true;
    },
    async restore() {
      silent = false;
      if (!server) await listen(port);
    },
    close: stop,
  };
}
