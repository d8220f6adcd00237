import { useSession } from '@tessera/react';
import { type ReactNode, useLayoutEffect, useRef } from 'react';
import { isGuest } from '../guest-session.ts';
import type { RoutePath } from '../use-route.ts';

const LINKS: { path: RoutePath; label: string; admin?: boolean; account?: boolean }[] = [
  { path: '/notes', label: 'Notes' },
  { path: '/settings', label: 'Settings', account: true },
  { path: '/admin', label: 'Admin', admin: true },
];

export function AppHeader({
  isAdmin,
  current,
}: {
  isAdmin: boolean;
  current: RoutePath | null;
}): ReactNode {
  const session = useSession();
  const { status, user, logout } = session;
  const guest = isGuest(session);
  const header = useRef<HTMLElement>(null);
  // The idle warning opens just below the header, so it never covers "Sign out" (WCAG 2.4.11),
  // also when the header wraps onto several lines on a narrow screen.
  useLayoutEffect(() => {
    const el = header.current;
    if (!el || typeof ResizeObserver !== 'function') return;
    const place = () => {
      const bottom = Math.ceil(el.getBoundingClientRect().height);
      document.documentElement.style.setProperty('--tessera-warning-top', `${bottom + 12}px`);
    };
    place();
    const observer = new ResizeObserver(place);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return (
    <header className="app-header" ref={header}>
      <p className="brand">Tessera demo</p>
      {status === 'signed-in' && (user || guest) ? (
        <>
          <nav aria-label="Main">
            <ul>
              {LINKS.filter((l) => (!l.admin || isAdmin) && (!l.account || !guest)).map((l) => (
                <li key={l.path}>
                  <a href={`#${l.path}`} aria-current={current === l.path ? 'page' : undefined}>
                    {l.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div className="account">
            <span className="account-email">{user ? user.email : 'Guest'}</span>
            <button type="button" className="tessera-button" onClick={() => void logout()}>
              {guest ? 'End guest session' : 'Sign out'}
            </button>
          </div>
        </>
      ) : null}
    </header>
  );
}
