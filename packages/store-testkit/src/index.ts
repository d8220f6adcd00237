export { HOUR, MINUTE, sessionFixture, T0, tokenFor, tokenHash } from './fixtures.ts';
export type { ConformanceOptions, StoreFactory, StoreUnderTest } from './internal/harness.ts';
export { runSessionStoreConformance } from './run-session-store-conformance.ts';
export { runUserStoreConformance } from './run-user-store-conformance.ts';
