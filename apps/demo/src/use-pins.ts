import { SessionClientError } from '@tessera/client';
import { useSession } from '@tessera/react';
import { useEffect, useState } from 'react';
import type { FormMessage } from './components/message-regions.tsx';
import { loadPins, type PinChange, type PinSnapshot, savePinChange } from './session-pins.ts';

export interface UsePins {
  /** Null until the session's data has loaded. */
  snapshot: PinSnapshot | null;
  message: FormMessage;
  /** A write is in flight (the form's button is aria-disabled meanwhile). */
  busy: boolean;
  setMessage(message: FormMessage): void;
  /** Saves one change; resolves true once saved (false when refused or not ready). */
  change(what: PinChange, done: string): Promise<boolean>;
}

/** The session's pinned items: loaded once per mount, changed one write at a time. */
export function usePins(): UsePins {
  const { client } = useSession();
  const [snapshot, setSnapshot] = useState<PinSnapshot | null>(null);
  const [message, setMessage] = useState<FormMessage>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    loadPins(client).then(
      (loaded) => live && setSnapshot(loaded),
      (err: unknown) => live && setMessage({ kind: 'error', text: messageOf(err) }),
    );
    return () => {
      live = false;
    };
  }, [client]);

  const change = async (what: PinChange, done: string): Promise<boolean> => {
    if (!snapshot || busy) return false;
    setBusy(true);
    setMessage(null);
    try {
      const saved = await savePinChange(client, snapshot, what);
      setSnapshot(saved);
      const note = saved.reapplied ? ' (the list had changed in another tab; both kept)' : '';
      setMessage({ kind: 'ok', text: `${done}${note}.` });
      return true;
    } catch (err) {
      setMessage({ kind: 'error', text: messageOf(err) });
      return false;
    } finally {
      setBusy(false);
    }
  };

  return { snapshot, message, busy, setMessage, change };
}

/** The SDK's friendly text (version_conflict, quota_exceeded, …), never the server's. */
function messageOf(err: unknown): string {
  if (err instanceof SessionClientError) return err.message;
  return 'Something went wrong. Please try again.';
}
