import type pg from 'pg';

// Things that hold a pooled client for a long time (job locks) register here so that the
// store's close() lets go of them first; pool.end() would otherwise wait for them.
const hooks = new WeakMap<pg.Pool, Set<() => Promise<void>>>();

export function onPoolClose(pool: pg.Pool, hook: () => Promise<void>): () => void {
  let set = hooks.get(pool);
  if (!set) {
    set = new Set();
    hooks.set(pool, set);
  }
  set.add(hook);
  return () => set.delete(hook);
}

export async function runPoolCloseHooks(pool: pg.Pool): Promise<void> {
  const set = hooks.get(pool);
  if (!set) return;
  hooks.delete(pool);
  await Promise.allSettled([...set].map((hook) => hook()));
}
