import { SessionExpiredModal, SessionTimeoutWarning, useSession } from '@tessera/react';
import { type ReactNode, useEffect, useRef } from 'react';
import { AppHeader } from './components/app-header.tsx';
import { AccountOnly, GuestBanner } from './components/guest-banner.tsx';
import type { DemoConfig } from './demo-config.ts';
import { isGuest } from './guest-session.ts';
import { AdminPage } from './pages/admin-page.tsx';
import { NotesPage } from './pages/notes-page.tsx';
import { SettingsPage } from './pages/settings-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';
import { navigate, type RoutePath, useRoute } from './use-route.ts';

/** Routes, guards and the app-wide session UI (idle warning, expired modal). */
export function App({ config }: { config: DemoConfig }): ReactNode {
  const session = useSession();
  const { status, user, reason } = session;
  const route = useRoute();
  const lastPage = useRef<RoutePath>('/notes');
  const guest = isGuest(session);
  // A guest may open the sign-in page (to sign in and keep its data); a user is sent on.
  const signedIn = status === 'signed-in' && !guest;
  if (signedIn && route.path && route.path !== '/login') lastPage.current = route.path;

  // Guards: signed-out users go to the login page; signed-in users leave it.
  useEffect(() => {
    // Forced endings (revoked, expired) keep the page: the expired modal explains and links on.
    const chosen = reason === null || reason === 'logout';
    if (status === 'signed-out' && chosen && route.path !== '/login') {
      const next = route.path ?? '/notes';
      navigate('/login', reason ? { reason, next } : { next });
    } else if (signedIn && (route.path === null || route.path === '/login')) {
      navigate(route.path === '/login' ? nextFrom(route.query) : '/notes');
    }
  }, [status, signedIn, reason, route.path, route.query]);

  const backToLogin = (reason: string) => navigate('/login', { reason, next: lastPage.current });
  const isAdmin = user?.roles.includes('admin') ?? false;

  return (
    <>
      <button type="button" className="skip-link tessera-button" onClick={skipToMain}>
        Skip to content
      </button>
      <AppHeader isAdmin={isAdmin} current={route.path} />
      <main id="main" tabIndex={-1} className="page">
        {guest ? <GuestBanner current={route.path} /> : null}
        <Page
          status={status}
          guest={guest}
          path={route.path}
          isAdmin={isAdmin}
          config={config}
          query={route.query}
        />
      </main>
      <SessionTimeoutWarning />
      <SessionExpiredModal onLogin={backToLogin} onClose={backToLogin} />
    </>
  );
}

interface PageProps {
  status: string;
  guest: boolean;
  path: RoutePath | null;
  isAdmin: boolean;
  config: DemoConfig;
  query: URLSearchParams;
}

function Page({ status, guest, path, isAdmin, config, query }: PageProps): ReactNode {
  if (status === 'loading') return <p aria-busy="true">Loading…</p>;
  if (status !== 'signed-in' || path === '/login') {
    return <SignInPage config={config} reason={query.get('reason')} next={nextFrom(query)} />;
  }
  // Account pages: the server answers 403 `forbidden` to a guest, so say why up front.
  if (guest && path === '/settings') return <AccountOnly title="Settings" path={path} />;
  if (guest && path === '/admin') return <AccountOnly title="Admin" path={path} />;
  if (path === '/settings') return <SettingsPage />;
  if (path === '/admin') return isAdmin ? <AdminPage /> : <NotAllowed />;
  return <NotesPage />;
}

function NotAllowed(): ReactNode {
  return (
    <section>
      <h1>Admin</h1>
      <p>You do not have permission to see this page.</p>
    </section>
  );
}

function nextFrom(query: URLSearchParams): RoutePath {
  const next = query.get('next');
  return next === '/notes' || next === '/settings' || next === '/admin' ? next : '/notes';
}

// Hash routing: a plain #main link would change the route, so focus moves by hand.
function skipToMain() {
  document.getElementById('main')?.focus();
}
