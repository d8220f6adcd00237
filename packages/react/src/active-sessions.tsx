import type { SessionClient } from '@tessera/client';
import type { PublicSession } from '@tessera/protocol';
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { ConfirmDialog } from './internal/confirm-dialog.tsx';
import { useSessionClient } from './internal/session-context.ts';
import { SessionItem, sessionTitle } from './internal/session-item.tsx';
import { errorMessage, useSessionList } from './internal/use-session-list.ts';

export interface ActiveSessionsProps {
  title?: string;
  /** Hide the security tips under the list. */
  hideTips?: boolean;
}

type Pending = { kind: 'one'; session: PublicSession } | { kind: 'others'; count: number };

/**
 * "Where you're signed in": every active session of this user with device, browser and OS,
 * IP, location and last activity; revoke one or all others, each after a confirmation.
 */
export function ActiveSessions(props: ActiveSessionsProps): ReactNode {
  const client = useSessionClient();
  const { state, reload } = useSessionList(client);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const now = useMinuteClock(client);
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [refocus, setRefocus] = useState(false);
  const others = state.sessions.filter((s) => !s.current).length;

  // After a revoke the row (and its button) is gone: put focus on the heading, after the
  // dialog has closed and handed focus back.
  useEffect(() => {
    if (refocus && pending === null) {
      headingRef.current?.focus();
      setRefocus(false);
    }
  }, [refocus, pending]);

  const confirm = () => {
    if (!pending) return;
    setBusy(true);
    setActionError(null);
    const action =
      pending.kind === 'one'
        ? client.revokeSession(pending.session.id).then(() => 1)
        : client.revokeOtherSessions();
    action.then(
      (n) => {
        setBusy(false);
        setPending(null);
        setRefocus(true);
        setNotice(n === 1 ? 'Signed out 1 session.' : `Signed out ${n} sessions.`);
        reload();
      },
      (err: unknown) => {
        setBusy(false);
        setActionError(errorMessage(err));
      },
    );
  };

  return (
    <section
      className="tessera-sessions"
      aria-labelledby={headingId}
      aria-busy={state.phase === 'loading'}
    >
      <div className="tessera-sessions__header">
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          {props.title ?? 'Where you’re signed in'}
        </h2>
        {others > 0 ? (
          <button
            type="button"
            className="tessera-button tessera-button--danger"
            onClick={() => setPending({ kind: 'others', count: others })}
          >
            Sign out all other sessions ({others})
          </button>
        ) : null}
      </div>
      <p role="status" className="tessera-visually-hidden">
        {state.phase === 'loading' ? 'Loading sessions…' : notice}
      </p>
      <SessionListBody
        state={state}
        now={now}
        onRetry={reload}
        onRevoke={(s) => setPending({ kind: 'one', session: s })}
      />
      {props.hideTips ? null : <SecurityTips />}
      {pending ? (
        <ConfirmDialog
          title={pending.kind === 'one' ? 'Sign out this session?' : 'Sign out all other sessions?'}
          message={
            pending.kind === 'one'
              ? `${sessionTitle(pending.session)} will be signed out right away and will need to log in again.`
              : `${pending.count} other ${pending.count === 1 ? 'session' : 'sessions'} will be signed out right away. This device stays signed in.`
          }
          confirmLabel={pending.kind === 'one' ? 'Sign out session' : 'Sign out all others'}
          busy={busy}
          error={actionError}
          onConfirm={confirm}
          onCancel={() => {
            setPending(null);
            setActionError(null);
          }}
        />
      ) : null}
    </section>
  );
}

interface BodyProps {
  state: ReturnType<typeof useSessionList>['state'];
  now: number;
  onRetry: () => void;
  onRevoke: (session: PublicSession) => void;
}

function SessionListBody({ state, now, onRetry, onRevoke }: BodyProps): ReactNode {
  if (state.phase === 'error') {
    return (
      <div role="alert" className="tessera-error">
        <p>Could not load your sessions. {state.message}</p>
        <button type="button" className="tessera-button" onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  }
  if (state.phase === 'loading' && state.sessions.length === 0) {
    return <p className="tessera-muted">Loading sessions…</p>;
  }
  if (state.sessions.length === 0) {
    return <p className="tessera-muted">No active sessions.</p>;
  }
  return (
    <ul className="tessera-session-list">
      {state.sessions.map((s) => (
        <SessionItem key={s.id} session={s} now={now} onRevoke={onRevoke} />
      ))}
    </ul>
  );
}

function SecurityTips(): ReactNode {
  return (
    <ul className="tessera-tips" aria-label="Security tips">
      <li>Don’t recognise a session? Revoke it, then change your password.</li>
      <li>On shared or public computers, always sign out when you are done.</li>
    </ul>
  );
}

/**
 * Re-render once a minute so "5 minutes ago" stays true. "Now" is the server's time (the
 * client's clock corrected by the measured offset): `lastActiveAt` is a server timestamp, and a
 * wrong device clock must not show "in 2 hours".
 */
function useMinuteClock(client: SessionClient): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setTick((t) => t + 1), 60_000);
    return () => clearInterval(id);
  }, []);
  // Older clients without serverNow() fall back to the device clock.
  return typeof client.serverNow === 'function' ? client.serverNow() : Date.now();
}
