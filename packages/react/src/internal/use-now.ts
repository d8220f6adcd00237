import { useEffect, useState } from 'react';

/**
 * The current time, re-rendered every `intervalMs` while `active`, and once at `wakeAt` (if
 * given) while not — so a hidden warning costs one timer, not a ticking one.
 */
export function useNow(active: boolean, intervalMs: number, wakeAt: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (active) {
      const id = setInterval(() => setNow(Date.now()), intervalMs);
      return () => clearInterval(id);
    }
    if (wakeAt === null) return undefined;
    const id = setTimeout(() => setNow(Date.now()), Math.max(0, wakeAt - Date.now()) + 20);
    return () => clearTimeout(id);
  }, [active, intervalMs, wakeAt]);
  return now;
}
