import type { ReactNode } from 'react';
import type { RoutePath } from '../use-route.ts';

/** Says plainly that this is a guest session, and what signing in does with its data. */
export function GuestBanner({ current }: { current: RoutePath | null }): ReactNode {
  const next = current && current !== '/login' ? current : '/notes';
  return (
    <section className="guest-banner" aria-labelledby="guest-banner-title">
      {/* Not a heading: the banner comes before the page's h1 and would break the outline. */}
      <p id="guest-banner-title" className="guest-banner__title">
        You are using a guest session
      </p>
      <p>
        There is no account behind it: what you pin is kept on the server for this session only, and
        account pages are not available. Sign in and your pinned items move into your account’s
        session; the guest session then ends.
      </p>
      {current === '/login' ? null : (
        <a className="tessera-button tessera-button--primary" href={`#/login?next=${next}`}>
          Sign in to keep them
        </a>
      )}
    </section>
  );
}

/** What a guest sees on an account-only page (the server answers 403 `forbidden` there). */
export function AccountOnly({ title, path }: { title: string; path: RoutePath }): ReactNode {
  return (
    <section className="card" aria-labelledby="account-only-title">
      <h1 id="account-only-title">{title}</h1>
      <p>
        This page belongs to an account (its sessions, password, recovery codes and roles). A guest
        session has no account, so there is nothing to show here.
      </p>
      <p>
        <a href={`#/login?next=${path}`}>Sign in</a> to see it. What you pinned as a guest comes
        with you.
      </p>
    </section>
  );
}
