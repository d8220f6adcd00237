import type { SessionClient, SessionState } from '@tessera/client';

/**
 * Wraps client.getState() so useSyncExternalStore sees a stable snapshot: the same object is
 * returned until some field actually changes (a client may build a fresh object per call).
 */
export function createSnapshotSource(client: SessionClient): {
  subscribe: (onChange: () => void) => () => void;
  getSnapshot: () => SessionState;
} {
  let cached: SessionState = client.getState();
  let cachedKey = JSON.stringify(cached);
  return {
    subscribe: (onChange) => client.on('change', onChange),
    getSnapshot: () => {
      const next = client.getState();
      if (next === cached) return cached;
      const key = JSON.stringify(next);
      if (key !== cachedKey) {
        cached = next;
        cachedKey = key;
      }
      return cached;
    },
  };
}
