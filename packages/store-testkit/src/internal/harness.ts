import { afterEach, beforeEach, it } from 'vitest';

/** What a store package hands the suite: a fresh, empty store and how to dispose of it. */
export interface StoreUnderTest<S> {
  store: S;
  cleanup(): Promise<void>;
}

export type StoreFactory<S> = () => Promise<StoreUnderTest<S>>;

export interface ConformanceOptions {
  /** Titles of checks to skip (as printed by Vitest, without the describe prefix). */
  skip?: readonly string[];
}

/** A fresh store per test, disposed of after it; returns an accessor for the current one. */
export function useStore<S>(factory: StoreFactory<S>): () => S {
  let current: StoreUnderTest<S> | undefined;
  beforeEach(async () => {
    current = await factory();
  });
  afterEach(async () => {
    const done = current;
    current = undefined;
    await done?.cleanup();
  });
  return () => {
    if (current === undefined) throw new Error('store used outside a test');
    return current.store;
  };
}

/** `it`, or `it.skip` when the store under test opted out of this check. */
export function checker(options: ConformanceOptions | undefined) {
  const skip = new Set(options?.skip ?? []);
  return (title: string, fn: () => Promise<void>) => (skip.has(title) ? it.skip : it)(title, fn);
}
