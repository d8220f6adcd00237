import { useSession } from '@tessera/react';
import type { ReactNode } from 'react';
import type { RoutePath } from '../use-route.ts';

const LINKS: { path: RoutePath; label: string; admin?: boolean }[] = [
  { path: '/notes', label: 'Notes' },
  { path: '/settings', label: 'Settings' },
  { path: '/admin', label: 'Admin', admin: true },
];

export function AppHeader({
  isAdmin,
  current,
}: {
  isAdmin: boolean;
  current: RoutePath | null;
}): ReactNode {
  const { status, user, logout } = useSession();
  return (
    <header className="app-header">
      <p className="brand">Tessera demo</p>
      {status === 'signed-in' && user ? (
        <>
          <nav aria-label="Main">
            <ul>
              {LINKS.filter((l) => !l.admin || isAdmin).map((l) => (
                <li key={l.path}>
                  <a href={`#${l.path}`} aria-current={current === l.path ? 'page' : undefined}>
                    {l.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div className="account">
            <span className="account-email">{user.email}</span>
            <button type="button" className="tessera-button" onClick={() => void logout()}>
              Sign out
            </button>
          </div>
        </>
      ) : null}
    </header>
  );
}
