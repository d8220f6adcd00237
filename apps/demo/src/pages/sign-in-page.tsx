import { LoginReasonBanner, useSession } from '@tessera/react';
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { DemoConfig } from '../demo-config.ts';
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
  const errorId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
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
        setError(
          err instanceof Error && err.message ? err.message : 'Sign-in failed. Please try again.',
        );
      },
    );
  };

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
      <form onSubmit={onSubmit} aria-describedby={error ? errorId : undefined}>
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
        <button
          type="submit"
          className="tessera-button tessera-button--primary"
          aria-disabled={busy}
        >
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="hint">
        Demo accounts: <code>demo@example.com</code> / <code>demo-password-123</code> and{' '}
        <code>admin@example.com</code> / <code>admin-password-123</code>.
      </p>
    </section>
  );
}
