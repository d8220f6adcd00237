/** setTimeout's maximum delay; longer waits would fire at once. */
const MAX_DELAY = 2_147_483_647;

/**
 * Named one-shot timers: setting a name replaces its timer, `clearAll` ends every one (dispose).
 * `at` schedules against the injected clock and re-arms when a long wait is split.
 */
export interface Timers {
  at(name: string, when: number, fn: () => void): void;
  clear(name: string): void;
  clearAll(): void;
  has(name: string): boolean;
}

export function createTimers(now: () => number): Timers {
  const ids = new Map<string, ReturnType<typeof setTimeout>>();
  const clear = (name: string) => {
    const id = ids.get(name);
    if (id !== undefined) clearTimeout(id);
    ids.delete(name);
  };
  const at = (name: string, when: number, fn: () => void): void => {
    clear(name);
    const delay = Math.max(0, when - now());
    const id = setTimeout(
      () => {
        ids.delete(name);
        // A clamped wait or a timer that fired early re-arms; handlers re-check the clock anyway.
        if (now() < when && delay >= MAX_DELAY) at(name, when, fn);
        else fn();
      },
      Math.min(delay, MAX_DELAY),
    );
    ids.set(name, id);
  };
  return {
    at,
    clear,
    clearAll: () => {
      for (const name of [...ids.keys()]) clear(name);
    },
    has: (name) => ids.has(name),
  };
}
