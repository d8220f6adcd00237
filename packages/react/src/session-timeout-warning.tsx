import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { formatCountdown } from './internal/format-countdown.ts';
import { DEFAULT_MILESTONES_SECONDS } from './internal/milestones.ts';
import { ErrorAlert } from './internal/modal-dialog.tsx';
import { useMilestoneAnnouncement } from './internal/use-milestone-announcement.ts';
import { useNow } from './internal/use-now.ts';
import { useSession } from './use-session.ts';

export interface SessionTimeoutWarningProps {
  /** Remaining-seconds points at which screen readers hear the countdown. Default 120, 60, 30, 10. */
  milestonesSeconds?: readonly number[];
  title?: string;
  className?: string;
}

/**
 * Non-modal idle warning (WCAG 2.2.1): shows at the client's `warningAt`, counts down to the
 * server's idle deadline and lets the user extend with one action. It closes in every tab when
 * any tab extends, because the client shares the new deadline. Escape counts as "I'm here" and
 * extends; it never signs out.
 */
export function SessionTimeoutWarning(props: SessionTimeoutWarningProps): ReactNode {
  const { status, warningAt, idleExpiresAt, extend, logout } = useSession();
  const armed = status === 'signed-in' && warningAt !== null && idleExpiresAt !== null;
  const now = useNow(armed && Date.now() >= (warningAt ?? 0), 1000, armed ? warningAt : null);
  const open = armed && now >= (warningAt ?? 0) && now < (idleExpiresAt ?? 0);
  const remainingMs = open ? (idleExpiresAt ?? 0) - now : 0;
  const announcement = useMilestoneAnnouncement(
    open,
    Math.ceil(remainingMs / 1000),
    props.milestonesSeconds ?? DEFAULT_MILESTONES_SECONDS,
  );
  return (
    <>
      <div className="tessera-visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement.politeness === 'polite' ? announcement.text : ''}
      </div>
      <div className="tessera-visually-hidden" aria-live="assertive" aria-atomic="true">
        {announcement.politeness === 'assertive' ? announcement.text : ''}
      </div>
      {open ? (
        <WarningPanel
          title={props.title ?? 'Are you still there?'}
          className={props.className}
          remainingMs={remainingMs}
          onStay={extend}
          onSignOut={logout}
        />
      ) : null}
    </>
  );
}

interface WarningPanelProps {
  title: string;
  className: string | undefined;
  remainingMs: number;
  onStay: () => Promise<void>;
  onSignOut: () => Promise<void>;
}

function WarningPanel({ title, className, remainingMs, onStay, onSignOut }: WarningPanelProps) {
  const titleId = useId();
  const descId = useId();
  const stayRef = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Focus the primary action when the warning appears; give focus back when it goes away.
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    stayRef.current?.focus();
    return () => {
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  const run = (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    action()
      .catch((err: unknown) => setError(err instanceof Error ? err.message : 'Please try again.'))
      .finally(() => setBusy(false));
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !busy) {
      event.preventDefault();
      run(onStay);
    }
  };

  return (
    <div
      role="alertdialog"
      aria-modal="false"
      aria-labelledby={titleId}
      aria-describedby={descId}
      className={['tessera-warning', className].filter(Boolean).join(' ')}
      onKeyDown={onKeyDown}
    >
      <h2 id={titleId} className="tessera-warning__title">
        {title}
      </h2>
      <p id={descId} className="tessera-warning__text">
        For your security, you will be signed out soon because of inactivity. Time left:{' '}
        <span role="timer" className="tessera-warning__timer">
          {formatCountdown(remainingMs)}
        </span>
      </p>
      <ErrorAlert message={error} />
      <div className="tessera-actions">
        <button
          ref={stayRef}
          type="button"
          className="tessera-button tessera-button--primary"
          aria-disabled={busy}
          onClick={() => !busy && run(onStay)}
        >
          Stay signed in
        </button>
        <button
          type="button"
          className="tessera-button"
          aria-disabled={busy}
          onClick={() => !busy && run(onSignOut)}
        >
          Sign out
        </button>
      </div>
    </div>
  );
}
