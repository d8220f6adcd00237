import type { EngineOptions } from '../src/engine/options.ts';
import type { SessionEngine, SignInInput } from '../src/engine/types.ts';
import { createSessionEngine } from '../src/index.ts';
import { createMemoryStore, type MemoryStore } from '../src/store/memory-store.ts';
import type { TouchInput } from '../src/store/session-store.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A clock the test moves by hand. Starts at a fixed instant in 2030. */
export function fakeClock(start = Date.UTC(2030, 0, 1)) {
  const clock = {
    t: start,
    now: () => clock.t,
    advance(ms: number) {
      clock.t += ms;
    },
  };
  return clock;
}
export type FakeClock = ReturnType<typeof fakeClock>;

export function signInInput(overrides: Partial<SignInInput> = {}): SignInInput {
  return {
    user: { id: 'user-1', roles: ['user'] },
    rememberMe: false,
    device: {
      type: 'desktop',
      name: 'Firefox on Linux',
      browser: 'Firefox',
      os: 'Linux',
      userAgent: null,
    },
    ip: '127.0.0.1',
    location: null,
    ...overrides,
  };
}

/** The memory store with a counter of `touch` calls (a real store, observed — not a mock). */
export function countingStore(): MemoryStore & { touches: TouchInput[][] } {
  const store = createMemoryStore();
  const touches: TouchInput[][] = [];
  const touch = store.touch;
  return Object.assign(store, {
    touches,
    touch(inputs: readonly TouchInput[]) {
      touches.push([...inputs]);
      return touch(inputs);
    },
  });
}

export interface Harness {
  engine: SessionEngine;
  store: MemoryStore;
  clock: FakeClock;
}

/** An engine over a fresh memory store and a fake clock. Remember to `engine.close()`. */
export function makeEngine(
  options: Partial<EngineOptions> = {},
  store: MemoryStore = createMemoryStore(),
): Harness & { close(): Promise<void> } {
  const clock = (options.clock as FakeClock | undefined) ?? fakeClock();
  const engine = createSessionEngine({ store, keyStore: store, clock, ...options });
  return { engine, store, clock, close: () => engine.close() };
}

/** A refresh that must succeed (throws with the refusal code otherwise). */
export async function mustRefresh(engine: SessionEngine, token: string) {
  const result = await engine.refresh(token);
  if (!result.ok) throw new Error(`refresh refused: ${result.code}`);
  return result;
}
