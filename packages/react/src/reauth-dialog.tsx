import { friendlyMessage, SessionClientError } from '@tessera/client';
import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react';
import { ErrorAlert, ModalDialog } from './internal/modal-dialog.tsx';
import { useSessionClient } from './internal/session-context.ts';

export interface ReauthDialogProps {
  /** The step-up succeeded: retry the action that answered `step_up_required`. */
  onDone: () => void;
  /** "Cancel" or Escape: the action is not retried. */
  onCancel: () => void;
  title?: string;
  /** Why the password is asked for again, e.g. "Confirm your password to delete the account." */
  description?: string;
}

/**
 * Modal <dialog> asking for the password again (step-up, `client.reauthenticate`). Mount it
 * when an action answered 403 `step_up_required` (or on the client's `step-up-required`
 * event); it calls `onDone` once the session carries a fresh authentication. A wrong password
 * keeps the dialog open with an error; the session stays signed in.
 */
export function ReauthDialog(props: ReauthDialogProps): ReactNode {
  const client = useSessionClient();
  const inputRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const password = inputRef.current?.value ?? '';
    setBusy(true);
    setError(null);
    try {
      await client.reauthenticate({ password });
      props.onDone();
    } catch (caught) {
      setError(reauthErrorMessage(caught));
      inputRef.current?.select();
    } finally {
      setBusy(false);
    }
  };

  return (
    <ModalDialog
      title={props.title ?? 'Confirm it’s you'}
      description={props.description ?? 'Please enter your password again to continue.'}
      initialFocus={inputRef}
      busy={busy}
      onCancel={props.onCancel}
    >
      <form onSubmit={(event) => void submit(event)}>
        <label htmlFor={inputId}>Password</label>
        <input
          ref={inputRef}
          id={inputId}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={error !== null}
        />
        <ErrorAlert message={error} />
        <div className="tessera-actions">
          <button
            type="submit"
            className="tessera-button tessera-button--primary"
            aria-disabled={busy}
          >
            {busy ? 'Checking…' : 'Continue'}
          </button>
          <button
            type="button"
            className="tessera-button"
            onClick={() => !busy && props.onCancel()}
          >
            Cancel
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

/** What the dialog says when a step-up fails (never the server's raw text). */
export function reauthErrorMessage(error: unknown): string {
  if (!(error instanceof SessionClientError)) return friendlyMessage('server');
  if (error.kind === 'invalid_credentials') return 'Incorrect password.';
  if (error.kind === 'rate_limited' && error.retryAfterSeconds !== null) {
    const minutes = Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
    return `Too many attempts. Please try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
  }
  return error.message;
}
