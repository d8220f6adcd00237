import type { SignOutReason } from '@tessera/protocol';
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { EXPIRED_MESSAGES, securityTip } from './internal/reason-messages.ts';
import { useSession } from './use-session.ts';

export interface SessionExpiredModalProps {
  /**
   * "Log in again": navigate to the login route with `?reason=<reason>` (the app owns routing).
   * Drafts registered with client.drafts are restored after the same user signs in.
   */
  onLogin: (reason: SignOutReason) => void;
  /** "Close" (or Escape): the user stays on a signed-out page. */
  onClose?: (reason: SignOutReason) => void;
  title?: string;
}

/**
 * Modal alertdialog (native <dialog> + showModal(), so focus is trapped and the page is inert)
 * shown when the session ended without the user asking: idle or absolute timeout (soft message)
 * or revocation (a message per reason).
 */
export function SessionExpiredModal(props: SessionExpiredModalProps): ReactNode {
  const { status, reason } = useSession();
  const [dismissedFor, setDismissedFor] = useState<string | null>(null);
  const effective: SignOutReason = reason ?? 'session_expired';
  const key = `${status}:${effective}`;
  const ended = isForcedEnd(status, reason);
  const open = ended && dismissedFor !== key;
  // A new forced end (after signing in again) must be able to show the modal again.
  useEffect(() => {
    if (!ended) setDismissedFor(null);
  }, [ended]);
  if (!open) return null;
  return (
    <ExpiredDialog
      reason={effective}
      title={props.title ?? 'Session expired'}
      onLogin={() => {
        setDismissedFor(key);
        props.onLogin(effective);
      }}
      onClose={() => {
        setDismissedFor(key);
        props.onClose?.(effective);
      }}
    />
  );
}

/**
 * Timeouts leave the client `expired`; revocations leave it `signed-out` with their reason. Only
 * a sign-out the user asked for (reason `logout`, or none) shows no modal.
 */
function isForcedEnd(status: string, reason: SignOutReason | null): boolean {
  if (status === 'expired') return true;
  return status === 'signed-out' && reason !== null && reason !== 'logout';
}

interface ExpiredDialogProps {
  reason: SignOutReason;
  title: string;
  onLogin: () => void;
  onClose: () => void;
}

function ExpiredDialog({ reason, title, onLogin, onClose }: ExpiredDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const loginRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const descId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return undefined;
    if (!dialog.open) dialog.showModal();
    loginRef.current?.focus();
    return () => dialog.close();
  }, []);
  return (
    <dialog
      ref={ref}
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={descId}
      className="tessera-modal"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId} className="tessera-modal__title">
        {title}
      </h2>
      <p id={descId} className="tessera-modal__text">
        {EXPIRED_MESSAGES[reason]}
      </p>
      <p className="tessera-tip">{securityTip(reason)}</p>
      <div className="tessera-actions">
        <button
          ref={loginRef}
          type="button"
          className="tessera-button tessera-button--primary"
          onClick={onLogin}
        >
          Log in again
        </button>
        <button type="button" className="tessera-button" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
