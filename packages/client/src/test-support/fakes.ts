import type { ChannelLike, KeyValueStorage, LockManagerLike } from '../types.ts';

/** BroadcastChannel stand-in: channels with the same name on one hub talk to each other. */
export function createChannelHub(delayMs = 0) {
  const channels = new Set<{ name: string; ch: ChannelLike }>();
  const posted: unknown[] = [];
  return {
    posted,
    open: () => channels.size,
    create(name: string): ChannelLike {
      const entry = {
        name,
        ch: {
          onmessage: null as ChannelLike['onmessage'],
          postMessage(message: unknown) {
            posted.push(message);
            const data = structuredClone(message);
            for (const other of channels) {
              if (other !== entry && other.name === name) {
                const deliver = () => other.ch.onmessage?.({ data });
                // A slow channel (delayMs > 0) arrives after the sender released the lock.
                if (delayMs > 0) setTimeout(deliver, delayMs);
                else queueMicrotask(deliver);
              }
            }
          },
          close() {
            channels.delete(entry);
          },
        },
      };
      channels.add(entry);
      return entry.ch;
    },
  };
}

/** Web Locks stand-in: an exclusive FIFO lock per name, abortable while waiting. */
export function createFakeLocks(): LockManagerLike & { granted: number } {
  const tails = new Map<string, Promise<void>>();
  const locks = {
    granted: 0,
    request<T>(
      name: string,
      options: { signal?: AbortSignal },
      callback: (lock: unknown) => Promise<T> | T,
    ): Promise<T> {
      const prev = tails.get(name) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((r) => {
        release = r;
      });
      tails.set(name, mine);
      return new Promise<T>((resolve, reject) => {
        let settled = false;
        options.signal?.addEventListener('abort', () => {
          if (settled) return;
          settled = true;
          // Keep the queue order: release only after the previous holder is done.
          void prev.then(release);
          reject(new DOMException('Lock request aborted', 'AbortError'));
        });
        void prev.then(async () => {
          if (settled) return;
          settled = true;
          locks.granted++;
          try {
            resolve(await callback({ name }));
          } catch (error) {
            reject(error);
          } finally {
            release();
          }
        });
      });
    },
  };
  return locks;
}

/** localStorage stand-in. */
export function createMemoryLocalStorage(): KeyValueStorage & { dump(): Record<string, string> } {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => {
      map.set(k, v);
    },
    removeItem: (k) => {
      map.delete(k);
    },
    dump: () => Object.fromEntries(map),
  };
}

/** A document stand-in whose visibility the test controls. */
export function createFakeDocument() {
  const target = new EventTarget();
  const doc = Object.assign(target, { visibilityState: 'visible' as string });
  return {
    doc,
    setVisible(visible: boolean) {
      doc.visibilityState = visible ? 'visible' : 'hidden';
      doc.dispatchEvent(new Event('visibilitychange'));
    },
  };
}
