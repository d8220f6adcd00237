import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import { guestSignIn } from '../guest-session.ts';
import { MAX_PIN_LENGTH, type PinSnapshot } from '../session-pins.ts';
import { usePins } from '../use-pins.ts';
import { MessageRegions } from './message-regions.tsx';

/**
 * "Pinned for this session", kept in the session's data on the server. Remount it per session
 * (key = session id): a new session has its own data.
 */
export function PinnedList({ guest }: { guest: boolean }): ReactNode {
  const { snapshot, message, busy, setMessage, change } = usePins();
  const [text, setText] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);

  const onAdd = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = text.trim();
    if (!value) return setMessage({ kind: 'error', text: 'Type something to pin first.' });
    const pin = { id: crypto.randomUUID(), text: value };
    if (await change({ kind: 'add', pin }, 'Pinned')) setText('');
  };
  const onRemove = async (id: string) => {
    // The pressed button is gone: rest focus on the list's heading, not on the page.
    if (await change({ kind: 'remove', id }, 'Removed')) headingRef.current?.focus();
  };

  return (
    <section className="card" aria-labelledby="pins-title" aria-busy={snapshot === null}>
      <h2 id="pins-title" ref={headingRef} tabIndex={-1}>
        Pinned for this session
      </h2>
      <p className="hint">
        {guest
          ? 'Kept on the server with your guest session. Sign in and they come with you.'
          : 'Kept on the server with this session (encrypted session data); they end with it.'}
      </p>
      {!guest && guestSignIn.happened() && snapshot && snapshot.pins.length > 0 ? (
        <p className="success-text">Kept from your guest session.</p>
      ) : null}
      <form className="pin-form" onSubmit={(event) => void onAdd(event)}>
        <label htmlFor="pin-text">Pin a reminder</label>
        <div className="pin-row">
          <input
            id="pin-text"
            type="text"
            value={text}
            maxLength={MAX_PIN_LENGTH}
            autoComplete="off"
            onChange={(e) => setText(e.target.value)}
          />
          <button
            type="submit"
            className="tessera-button tessera-button--primary"
            aria-disabled={busy || snapshot === null}
          >
            Pin
          </button>
        </div>
      </form>
      <MessageRegions name="pins" message={message} okClassName="success-text" />
      <PinItems snapshot={snapshot} onRemove={(id) => void onRemove(id)} />
    </section>
  );
}

function PinItems(props: { snapshot: PinSnapshot | null; onRemove: (id: string) => void }) {
  if (props.snapshot === null) return <p className="hint">Loading…</p>;
  if (props.snapshot.pins.length === 0) return <p className="hint">Nothing pinned yet.</p>;
  return (
    <ul className="pins" aria-label="Pinned">
      {props.snapshot.pins.map((pin) => (
        <li key={pin.id}>
          <span>{pin.text}</span>
          <button
            type="button"
            className="tessera-button tessera-button--small"
            aria-label={`Remove “${pin.text}”`}
            onClick={() => props.onRemove(pin.id)}
          >
            Remove
          </button>
        </li>
      ))}
    </ul>
  );
}
