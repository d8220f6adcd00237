import type { PublicSession } from '@tessera/protocol';
import type { ReactNode } from 'react';
import { DeviceIcon, deviceTypeLabel } from './device-icon.tsx';
import { relativeTime } from './relative-time.ts';

export interface SessionItemProps {
  session: PublicSession;
  now: number;
  onRevoke: (session: PublicSession) => void;
}

export function sessionTitle(session: PublicSession): string {
  const { browser, os, name, type } = session.device;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? (name || deviceTypeLabel(type));
}

/** One row of the active-sessions list. */
export function SessionItem({ session, now, onRevoke }: SessionItemProps): ReactNode {
  const title = sessionTitle(session);
  const lastActive = Date.parse(session.lastActiveAt);
  return (
    <li className="tessera-session" data-current={session.current || undefined}>
      <DeviceIcon type={session.device.type} />
      <div className="tessera-session__body">
        <p className="tessera-session__title">
          <span>{title}</span>
          {session.current ? <span className="tessera-badge">This device</span> : null}
        </p>
        <p className="tessera-session__meta">
          <span>{deviceTypeLabel(session.device.type)}</span>
          <span>{session.ip ?? 'Unknown IP address'}</span>
          <span>{session.location ?? 'Unknown location'}</span>
        </p>
        <p className="tessera-session__meta">
          {session.current ? (
            'Active now'
          ) : (
            <>
              Last active{' '}
              <time dateTime={session.lastActiveAt} title={new Date(lastActive).toLocaleString()}>
                {relativeTime(lastActive, now)}
              </time>
            </>
          )}
        </p>
      </div>
      {session.current ? null : (
        <button
          type="button"
          className="tessera-button tessera-button--small"
          aria-label={`Revoke session: ${title}`}
          onClick={() => onRevoke(session)}
        >
          Revoke
        </button>
      )}
    </li>
  );
}
