import { connect } from 'node:net';

export const POSTGRES_URL =
  process.env.TESSERA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TESSERA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Whether a service answers on its URL's port. When it does not, tests skip with a visible
 * notice, except under TESSERA_REQUIRE_SERVICES=1 (CI), where a missing service is a failure.
 */
export async function serviceAvailable(
  name: string,
  url: string,
  defaultPort: number,
): Promise<boolean> {
  const { hostname, port } = new URL(url);
  const up = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || defaultPort) });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
  if (!up) {
    if (process.env.TESSERA_REQUIRE_SERVICES === '1')
      throw new Error(`${name} is required but not reachable`);
    console.warn(`[skip] ${name} not reachable at ${hostname}: its tests are skipped`);
  }
  return up;
}
