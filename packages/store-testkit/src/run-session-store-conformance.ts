import { describe } from 'vitest';
import { createAndFindCases } from './internal/create-and-find.cases.ts';
import { dataAndCleanupCases } from './internal/data-and-cleanup.cases.ts';
import { engineCases } from './internal/engine.cases.ts';
import {
  type ConformanceOptions,
  checker,
  type StoreFactory,
  useStore,
} from './internal/harness.ts';
import { keyCases } from './internal/keys.cases.ts';
import { revokeCases } from './internal/revoke.cases.ts';
import { rotateCases } from './internal/rotate.cases.ts';
import { touchCases } from './internal/touch.cases.ts';
import type { SessionAndKeyStore } from './internal/types.ts';

/**
 * Registers the SessionStore + KeyStore conformance suite (Vitest `describe`/`it`), then the
 * same store under the real engine (reuse detection, parallel refreshes, revoke-all).
 * `factory` must return a fresh, empty, ready store for every test and dispose of it in
 * `cleanup`. Skip a check by its title with `options.skip` (say why where you call it).
 */
export function runSessionStoreConformance(
  name: string,
  factory: StoreFactory<SessionAndKeyStore>,
  options?: ConformanceOptions,
): void {
  describe(`${name}: SessionStore conformance`, () => {
    const store = useStore(factory);
    const check = checker(options);
    describe('create and find', () => createAndFindCases(store, check));
    describe('rotate', () => rotateCases(store, check));
    describe('touch', () => touchCases(store, check));
    describe('revoke and list', () => revokeCases(store, check));
    describe('data and cleanup', () => dataAndCleanupCases(store, check));
    describe('keys', () => keyCases(store, check));
    describe('with the engine', () => engineCases(store, check));
  });
}
