import { ActiveSessions, ConfirmDialog, useSession } from '@tessera/react';
import { type ReactNode, useState } from 'react';
import { ChangePasswordForm } from '../components/change-password-form.tsx';
import { RecoveryCodes } from '../components/recovery-codes.tsx';

export function SettingsPage(): ReactNode {
  // A password change ends the other sessions: remount the list so it shows what is left.
  const [listVersion, setListVersion] = useState(0);
  return (
    <div className="stack">
      <h1>Settings</h1>
      <section className="card">
        <ActiveSessions key={listVersion} />
      </section>
      <section className="card">
        <ChangePasswordForm onChanged={() => setListVersion((v) => v + 1)} />
      </section>
      <section className="card" aria-labelledby="recovery-title">
        <RecoveryCodes />
      </section>
      <section className="card">
        <SignOutEverywhere />
      </section>
    </div>
  );
}

/** Ends every other session, then this one, after the same confirmation as in the sessions list. */
function SignOutEverywhere(): ReactNode {
  const { client, logout } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = () => {
    setBusy(true);
    setError(null);
    client
      .revokeOtherSessions()
      .then(() => logout())
      .catch((err: unknown) => {
        setBusy(false);
        setError(err instanceof Error ? err.message : 'Please try again.');
      });
  };
  return (
    <>
      <h2>Sign out everywhere</h2>
      <p className="hint">Signs out every device, including this one.</p>
      <button
        type="button"
        className="tessera-button tessera-button--danger"
        onClick={() => setConfirming(true)}
      >
        Sign out everywhere
      </button>
      {confirming ? (
        <ConfirmDialog
          title="Sign out everywhere?"
          message="Every device where you are signed in, including this one, will be signed out right away."
          confirmLabel="Sign out everywhere"
          busy={busy}
          error={error}
          onConfirm={run}
          onCancel={() => {
            setConfirming(false);
            setError(null);
          }}
        />
      ) : null}
    </>
  );
}
