import { useSession } from '@tessera/react';
import { type ReactNode, useState, useSyncExternalStore } from 'react';
import { PinnedList } from '../components/pinned-list.tsx';
import { isGuest } from '../guest-session.ts';
import { noteDraft } from '../note-draft.ts';

interface SavedNote {
  text: string;
  savedAt: string;
}

// Saved notes stay on this device, per user (demo only; no tokens are ever stored here).
const storageKey = (userId: string) => `tessera-demo:notes:${userId}`;

function loadNotes(userId: string): SavedNote[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey(userId)) ?? '[]');
    return Array.isArray(parsed) ? (parsed as SavedNote[]) : [];
  } catch {
    return [];
  }
}

/** Notes (users) and the session's pinned items (users and guests). */
export function NotesPage(): ReactNode {
  const state = useSession();
  const key = state.session?.id ?? 'none';
  if (isGuest(state)) {
    return (
      <div className="stack">
        <section className="card" aria-labelledby="notes-title">
          <h1 id="notes-title">Notes</h1>
          <p>
            Saving notes on this device needs an account. As a guest you can pin short reminders to
            this session below.
          </p>
        </section>
        <PinnedList key={key} guest />
      </div>
    );
  }
  return (
    <div className="stack">
      <NoteEditor />
      <PinnedList key={key} guest={false} />
    </div>
  );
}

function NoteEditor(): ReactNode {
  const { user } = useSession();
  const draft = useSyncExternalStore(noteDraft.subscribe, noteDraft.get, noteDraft.get);
  const [notes, setNotes] = useState<SavedNote[]>(() => (user ? loadNotes(user.id) : []));
  const [status, setStatus] = useState('');
  if (!user) return null;

  const save = () => {
    if (!draft.trim()) return;
    const next = [{ text: draft, savedAt: new Date().toISOString() }, ...notes];
    localStorage.setItem(storageKey(user.id), JSON.stringify(next));
    setNotes(next);
    noteDraft.set('');
    setStatus('Note saved.');
  };

  return (
    <section className="card" aria-labelledby="notes-title">
      <h1 id="notes-title">Notes</h1>
      <p className="hint">
        Unsaved text survives a forced sign-out: log in again as the same user and it comes back.
      </p>
      <label htmlFor="note-editor">New note</label>
      <textarea
        id="note-editor"
        rows={6}
        value={draft}
        onChange={(e) => {
          setStatus('');
          noteDraft.set(e.target.value);
        }}
      />
      <div className="tessera-actions">
        <button type="button" className="tessera-button tessera-button--primary" onClick={save}>
          Save note
        </button>
      </div>
      <p role="status" className="hint">
        {status}
      </p>
      <h2>Saved notes</h2>
      {notes.length === 0 ? (
        <p className="hint">No notes yet.</p>
      ) : (
        <ul className="notes">
          {notes.map((n) => (
            <li key={n.savedAt}>
              <p>{n.text}</p>
              <time dateTime={n.savedAt}>{new Date(n.savedAt).toLocaleString()}</time>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
