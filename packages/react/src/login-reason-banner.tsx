import { isSignOutReason } from '@tessera/protocol';
import type { ReactNode } from 'react';
import { LOGIN_REASON_MESSAGES } from './internal/reason-messages.ts';

export interface LoginReasonBannerProps {
  /**
   * The raw `reason` query value (untrusted). Defaults to `?reason=` of window.location.search.
   * Only protocol SIGN_OUT_REASONS are shown; anything else is ignored.
   */
  reason?: string | null;
  /** The inactivity limit, stated up front (WCAG 2.2.6). Default 15 minutes. */
  idleTimeoutSeconds?: number;
  className?: string;
}

function readReason(explicit: string | null | undefined): string | null {
  if (explicit !== undefined) return explicit;
  if (typeof window === 'undefined') return null;
  return new URLSearchParams(window.location.search).get('reason');
}

export function inactivityNotice(idleTimeoutSeconds: number): string {
  const minutes = Math.max(1, Math.round(idleTimeoutSeconds / 60));
  const amount = minutes === 1 ? '1 minute' : `${minutes} minutes`;
  return `For your security, you'll be signed out after ${amount} of inactivity.`;
}

/**
 * Login-page notice: why the user landed here (from a whitelisted `?reason=`) and, always,
 * how long they may be inactive. Polite status message (WCAG 4.1.3), never an alert.
 */
export function LoginReasonBanner(props: LoginReasonBannerProps): ReactNode {
  const raw = readReason(props.reason);
  const reason = isSignOutReason(raw) ? raw : null;
  return (
    <div role="status" className={['tessera-banner', props.className].filter(Boolean).join(' ')}>
      {reason ? (
        <p className="tessera-banner__reason" data-reason={reason}>
          {LOGIN_REASON_MESSAGES[reason]}
        </p>
      ) : null}
      <p className="tessera-banner__limit">{inactivityNotice(props.idleTimeoutSeconds ?? 900)}</p>
    </div>
  );
}
