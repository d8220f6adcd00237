import { friendlyMessage, SessionClientError } from '@tessera/client';
import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react';
import { useSessionClient } from './internal/session-context.ts';
import { useModal } from './internal/use-modal.ts';

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
  const ref = useModal(inputRef);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  const descId = useId();
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
    <dialog
      ref={ref}
      className="tessera-modal"
      aria-labelledby={titleId}
      aria-describedby={descId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) props.onCancel();
      }}
    >
      <form onSubmit={(event) => void submit(event)}>
        <h2 id={titleId} className="tessera-modal__title">
          {props.title ?? 'Confirm it’s you'}
        </h2>
        <p id={descId} className="tessera-modal__text">
          {props.description ?? 'Please enter your password again to continue.'}
        </p>
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
        {error ? (
          <p role="alert" className="tessera-error-text">
            {error}
          </p>
        ) : null}
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
    </dialog>
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
