import { ActiveSessions, useSession } from '@tessera/react';
import { type ReactNode, useState } from 'react';
import { ChangePasswordForm } from '../components/change-password-form.tsx';

export function SettingsPage(): ReactNode {
  return (
    <div className="stack">
      <h1>Settings</h1>
      <section className="card">
        <ActiveSessions />
      </section>
      <section className="card">
        <ChangePasswordForm />
      </section>
      <section className="card">
        <SignOutEverywhere />
      </section>
    </div>
  );
}

/** Ends every other session, then this one. */
function SignOutEverywhere(): ReactNode {
  const { client, logout } = useSession();
  const [error, setError] = useState<string | null>(null);
  const run = () => {
    setError(null);
    client
      .revokeOtherSessions()
      .then(() => logout())
      .catch((err: unknown) => setError(err instanceof Error ? err.message : 'Please try again.'));
  };
  return (
    <>
      <h2>Sign out everywhere</h2>
      <p className="hint">Signs out every device, including this one.</p>
      {error ? (
        <p role="alert" className="tessera-error-text">
          {error}
        </p>
      ) : null}
      <button type="button" className="tessera-button tessera-button--danger" onClick={run}>
        Sign out everywhere
      </button>
    </>
  );
}
