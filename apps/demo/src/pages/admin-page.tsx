import type { SessionInfoResponse } from '@tessera/protocol';
import { useSession } from '@tessera/react';
import { type ReactNode, useEffect, useState } from 'react';

/** Visible to role `admin`, whose role policy has a shorter idle timeout. */
export function AdminPage(): ReactNode {
  const { client, idleTimeoutSeconds } = useSession();
  const [info, setInfo] = useState<SessionInfoResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client
      .sessionInfo()
      .then(setInfo, (err: unknown) =>
        setError(err instanceof Error ? err.message : 'Could not load session details.'),
      );
  }, [client]);
  const idle = info?.idleTimeoutSeconds ?? idleTimeoutSeconds;
  return (
    <section className="card" aria-labelledby="admin-title" aria-busy={!info && !error}>
      <h1 id="admin-title">Admin</h1>
      <p>
        Administrators have a stricter policy:{' '}
        {idle ? (
          <strong>signed out after {Math.round(idle / 60)} minutes of inactivity</strong>
        ) : (
          'loading…'
        )}
        .
      </p>
      {error ? (
        <p role="alert" className="tessera-error-text">
          {error}
        </p>
      ) : null}
      {info ? (
        <dl className="details">
          <dt>Session</dt>
          <dd>
            <code>{info.sessionId}</code>
          </dd>
          <dt>Signed in</dt>
          <dd>{new Date(info.authTime).toLocaleString()}</dd>
          <dt>Idle deadline</dt>
          <dd>{new Date(info.idleExpiresAt).toLocaleTimeString()}</dd>
          <dt>Absolute deadline</dt>
          <dd>{new Date(info.absoluteExpiresAt).toLocaleString()}</dd>
          <dt>Assurance level</dt>
          <dd>AAL{info.aal}</dd>
          <dt>Device</dt>
          <dd>{info.device.name}</dd>
        </dl>
      ) : null}
      <p className="hint">
        Manage users and sessions from the command line: <code>tessera sessions list</code>,{' '}
        <code>tessera sessions revoke &lt;id&gt;</code>.
      </p>
    </section>
  );
}
