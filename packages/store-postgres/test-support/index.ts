export type { TcpProxy } from './tcp-proxy.ts';
export { startTcpProxy } from './tcp-proxy.ts';
export type { TestDatabase } from './test-database.ts';
export {
  createTestDatabase,
  postgresAvailable,
  postgresTestUrl,
  withDatabase,
} from './test-database.ts';
