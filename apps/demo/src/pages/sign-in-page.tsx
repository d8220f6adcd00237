import { SessionClientError } from '@tessera/client';
import { LoginReasonBanner, useSession } from '@tessera/react';
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { DemoConfig } from '../demo-config.ts';
import { isGuest } from '../guest-session.ts';
import { navigate, type RoutePath } from '../use-route.ts';

export interface SignInPageProps {
  config: DemoConfig;
  /** Raw `?reason=` (untrusted; the banner whitelists it). */
  reason: string | null;
  next: RoutePath;
}

export function SignInPage({ config, reason, next }: SignInPageProps): ReactNode {
  const { login } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const limit = useRetryCountdown();
  const errorId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy || limit.remaining > 0) return;
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    login({
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      rememberMe: form.get('rememberMe') === 'on',
    }).then(
      () => navigate(next),
      (err: unknown) => {
        setBusy(false);
        if (err instanceof SessionClientError && err.kind === 'rate_limited') {
          if (err.retryAfterSeconds) return limit.start(err.retryAfterSeconds);
        }
        setError(
          err instanceof Error && err.message ? err.message : 'Sign-in failed. Please try again.',
        );
      },
    );
  };
  const limited = limit.remaining > 0;

  return (
    <section className="card narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title" ref={headingRef} tabIndex={-1}>
        Sign in
      </h1>
      <LoginReasonBanner reason={reason} idleTimeoutSeconds={config.idleTimeoutSeconds} />
      {config.adminIdleTimeoutSeconds ? (
        <p className="hint">
          Administrator accounts are signed out sooner, after{' '}
          {Math.max(1, Math.round(config.adminIdleTimeoutSeconds / 60))} minutes of inactivity.
        </p>
      ) : null}
      <form onSubmit={onSubmit} aria-describedby={error || limited ? errorId : undefined}>
        <div className="field">
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" autoComplete="username" required />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
          />
        </div>
        <div className="field checkbox">
          <input id="rememberMe" name="rememberMe" type="checkbox" />
          <label htmlFor="rememberMe">Keep me signed in on this device</label>
        </div>
        {error ? (
          <p id={errorId} role="alert" className="tessera-error-text">
            {error}
          </p>
        ) : null}
        {limited ? (
          // The visible countdown ticks silently; screen readers hear the wait once (alert) and
          // "you can try again" once it is over (status below).
          <>
            <p id={errorId} className="tessera-error-text">
              <span aria-hidden="true">Too many attempts. Try again in {limit.remaining} s.</span>
            </p>
            <p role="alert" className="tessera-visually-hidden">
              Too many attempts. Try again in {limit.total} s.
            </p>
          </>
        ) : null}
        <p role="status" className="tessera-visually-hidden">
          {limit.over ? 'You can try to sign in again now.' : ''}
        </p>
        <button
          type="submit"
          className="tessera-button tessera-button--primary"
          aria-disabled={busy || limited}
        >
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <GuestChoice />
      <p className="hint">
        Demo accounts: <code>demo@example.com</code> / <code>demo-password-123</code> and{' '}
        <code>admin@example.com</code> / <code>admin-password-123</code>.
      </p>
    </section>
  );
}

/**
 * The secondary way in: a guest session (POST /anonymous). A guest who came here to sign in
 * goes back instead: starting another guest session would leave its pinned items behind.
 */
function GuestChoice(): ReactNode {
  const session = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const guest = isGuest(session);
  const start = () => {
    if (busy) return;
    if (guest) return navigate('/notes');
    setBusy(true);
    setError(null);
    session.client.startGuest().then(
      () => navigate('/notes'),
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof Error && err.message ? err.message : 'Please try again.');
      },
    );
  };
  return (
    <div className="guest-choice">
      <p className="divider">
        <span>or</span>
      </p>
      <button type="button" className="tessera-button" aria-disabled={busy} onClick={start}>
        {guest ? 'Back to your guest session' : busy ? 'Starting…' : 'Continue as a guest'}
      </button>
      <p className="hint">
        {guest
          ? 'Signing in keeps what you pinned as a guest.'
          : 'Try the demo without an account. Sign in later to keep what you pinned.'}
      </p>
      {/* Like the form's error above: one alert, inserted when there is something to say. */}
      {error ? (
        <p role="alert" className="tessera-error-text">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Retry-After countdown (seconds, ticking once a second) for a rate-limited sign-in. */
function useRetryCountdown() {
  const [until, setUntil] = useState<number | null>(null);
  const [total, setTotal] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const remaining = until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
  const ticking = remaining > 0;
  useEffect(() => {
    if (!ticking) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [ticking]);
  return {
    remaining,
    total,
    over: until !== null && remaining === 0,
    start(seconds: number) {
      const t = Date.now();
      setNow(t);
      setTotal(seconds);
      setUntil(t + seconds * 1000);
    },
  };
}
