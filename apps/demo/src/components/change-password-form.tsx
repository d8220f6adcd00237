import { useSession } from '@tessera/react';
import { type FormEvent, type ReactNode, useState } from 'react';
import { type FormMessage, MessageRegions } from './message-regions.tsx';

const MIN_LENGTH = 12;

/** Change password; the server ends every other session with reason `password_changed`. */
export function ChangePasswordForm(props: { onChanged?: () => void }): ReactNode {
  const { client } = useSession();
  const [message, setMessage] = useState<FormMessage>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    const currentPassword = String(form.get('currentPassword') ?? '');
    const newPassword = String(form.get('newPassword') ?? '');
    if (newPassword.length < MIN_LENGTH) {
      setMessage({
        kind: 'error',
        text: `The new password needs at least ${MIN_LENGTH} characters.`,
      });
      return;
    }
    if (newPassword !== String(form.get('confirmPassword') ?? '')) {
      setMessage({ kind: 'error', text: 'The two new passwords do not match.' });
      return;
    }
    setBusy(true);
    setMessage(null);
    client.changePassword({ currentPassword, newPassword }).then(
      (revoked) => {
        setBusy(false);
        formEl.reset();
        const others = revoked === 1 ? '1 other session was' : `${revoked} other sessions were`;
        setMessage({ kind: 'ok', text: `Password changed. ${others} signed out.` });
        props.onChanged?.();
      },
      (err: unknown) => {
        setBusy(false);
        const text =
          err instanceof Error && err.message ? err.message : 'Could not change the password.';
        setMessage({ kind: 'error', text });
      },
    );
  };

  return (
    <form onSubmit={onSubmit} aria-labelledby="password-title">
      <h2 id="password-title">Change password</h2>
      <div className="field">
        <label htmlFor="currentPassword">Current password</label>
        <input
          id="currentPassword"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
        />
      </div>
      <div className="field">
        <label htmlFor="newPassword">New password</label>
        <input
          id="newPassword"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          minLength={MIN_LENGTH}
          aria-describedby="newPassword-hint"
          required
        />
        <p id="newPassword-hint" className="hint">
          At least {MIN_LENGTH} characters. Your other sessions will be signed out.
        </p>
      </div>
      <div className="field">
        <label htmlFor="confirmPassword">Confirm new password</label>
        <input
          id="confirmPassword"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
        />
      </div>
      <MessageRegions name="password" message={message} okClassName="success-text" />
      <button type="submit" className="tessera-button tessera-button--primary" aria-disabled={busy}>
        {busy ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}
