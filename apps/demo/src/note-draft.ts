import type { SessionClient } from '@tessera/client';

/**
 * The notes editor's unsaved text lives here, outside React, so the page can unmount (e.g. while
 * the user logs in again) and the draft still has one owner registered with client.drafts.
 */
let text = '';
const listeners = new Set<() => void>();

export const noteDraft = {
  get: (): string => text,
  set(value: string): void {
    text = value;
    for (const l of listeners) l();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/**
 * Registers the draft with the client: it snapshots the text before a forced sign-out and puts
 * it back once the same user signs in again (WCAG 2.2.5). The in-memory copy is cleared when the
 * session ends, so the next person at this computer never sees it.
 */
export function wireNoteDraft(client: SessionClient): () => void {
  const offs = [
    client.drafts.register('notes', {
      get: () => noteDraft.get(),
      set: (value) => noteDraft.set(typeof value === 'string' ? value : ''),
    }),
    client.on('expired', () => noteDraft.set('')),
    client.on('revoked', () => noteDraft.set('')),
    client.on('logout', () => noteDraft.set('')),
  ];
  return () => {
    for (const off of offs) off();
  };
}
