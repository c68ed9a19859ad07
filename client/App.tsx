import { useCallback, useEffect, useState, type ComponentType } from 'react';
import { lazyPart } from './components/lazyPart';
import { request, routes } from './api';
import { AppHeader } from './components/AppHeader';
import { usePath } from './router';
import { SessionContext, type CurrentUser } from './session';

// Each page's code loads when it is first opened: the editor (TipTap, Yjs) only on a policy,
// the dashboard, inventory and admin pages only when someone goes there, and the sign-in form
// and the policy list only on their own pages (the editor page needs neither).
const pageLoading = <div className="page-loading" aria-busy="true" />;

/** A page whose code loads when someone first goes there; if it cannot be fetched, the page says so. */
function lazyPage<M, P extends object>(load: () => Promise<M>, pick: (module: M) => ComponentType<P>): ComponentType<P> {
  return lazyPart(load, pick, {
    loading: pageLoading,
    failed: (retry) => (
      <div className="page-load-failed" role="alert">
        <p>This page could not load: the browser could not fetch it from the server. Check the connection and try again. If Accord was updated since you opened it, reload.</p>
        <p>
          <button type="button" className="primary" onClick={retry}>Try again</button> <button type="button" onClick={() => window.location.reload()}>Reload</button>
        </p>
      </div>
    ),
  });
}

const SignInPage = lazyPage(() => import('./pages/SignInPage'), (module) => module.SignInPage);
const PolicyListPage = lazyPage(() => import('./pages/PolicyListPage'), (module) => module.PolicyListPage);
const PolicyPage = lazyPage(() => import('./pages/PolicyPage'), (module) => module.PolicyPage);
const DashboardPage = lazyPage(() => import('./pages/DashboardPage'), (module) => module.DashboardPage);
const InventoryPage = lazyPage(() => import('./pages/InventoryPage'), (module) => module.InventoryPage);
const TemplateGalleryPage = lazyPage(() => import('./pages/TemplateGalleryPage'), (module) => module.TemplateGalleryPage);
const AdminPage = lazyPage(() => import('./pages/AdminPage'), (module) => module.AdminPage);
const SignupPage = lazyPage(() => import('./pages/SignupPage'), (module) => module.SignupPage);
const ProfilePage = lazyPage(() => import('./pages/ProfilePage'), (module) => module.ProfilePage);
const ForgotPasswordPage = lazyPage(() => import('./pages/ForgotPasswordPage'), (module) => module.ForgotPasswordPage);
const NotFoundPage = lazyPage(() => import('./pages/NotFoundPage'), (module) => module.NotFoundPage);
const ResetPasswordPage = lazyPage(() => import('./pages/ResetPasswordPage'), (module) => module.ResetPasswordPage);

type Gate = { state: 'loading' } | { state: 'signed-out'; setupNeeded: boolean; expired: boolean } | { state: 'signed-in'; user: CurrentUser };

/** Signs people in, then routes between the pages. */
export function App() {
  const path = usePath();
  const [gate, setGate] = useState<Gate>({ state: 'loading' });

  const refresh = useCallback(async (expired = false) => {
    try {
      const user = await request(routes.me);
      setGate({ state: 'signed-in', user });
    } catch {
      const health = await request(routes.health).catch(() => ({ setupNeeded: false }));
      setGate({ state: 'signed-out', setupNeeded: health.setupNeeded, expired });
    }
  }, []);

  useEffect(() => {
    void refresh();
    const onSignedOut = () => setGate((current) => (current.state === 'signed-in' ? { state: 'signed-out', setupNeeded: false, expired: true } : current));
    const onAccessChanged = () => void refresh();
    window.addEventListener('accord:signed-out', onSignedOut);
    window.addEventListener('accord:access-changed', onAccessChanged);
    return () => {
      window.removeEventListener('accord:signed-out', onSignedOut);
      window.removeEventListener('accord:access-changed', onAccessChanged);
    };
  }, [refresh]);

  const signOut = useCallback(() => {
    void request(routes.logout).finally(() => setGate({ state: 'signed-out', setupNeeded: false, expired: false }));
  }, []);

  if (gate.state === 'loading') return pageLoading;
  if (path === '/signup') {
    return <SignupPage onSignedIn={(user) => setGate({ state: 'signed-in', user })} />;
  }
  // "Forgot password" and reset links work signed in or out (a reset signs this browser in).
  const resetMatch = /^\/reset-password\/([A-Za-z0-9_-]+)\/?$/.exec(path);
  if (path === '/forgot-password' || resetMatch) {
    return resetMatch ? <ResetPasswordPage token={resetMatch[1]!} onSignedIn={(user) => setGate({ state: 'signed-in', user })} /> : <ForgotPasswordPage />;
  }
  if (gate.state === 'signed-out') {
    return <SignInPage setupNeeded={gate.setupNeeded} expired={gate.expired} onSignedIn={(user) => setGate({ state: 'signed-in', user })} />;
  }

  const policyMatch = /^\/p\/([A-Za-z0-9_-]+)(\/dashboard|\/inventory)?\/?$/.exec(path);
  let page: React.ReactNode;
  if (policyMatch && policyMatch[2] === '/dashboard') page = <DashboardPage policyId={policyMatch[1]!} />;
  else if (policyMatch && policyMatch[2] === '/inventory') page = <InventoryPage policyId={policyMatch[1]!} />;
  else if (policyMatch) page = <PolicyPage key={policyMatch[1]} policyId={policyMatch[1]!} />;
  else if (path === '/templates') page = <TemplateGalleryPage />;
  else if (path === '/profile') page = <ProfilePage />;
  else if (path === '/admin' && gate.user.role === 'admin') page = <AdminPage />;
  else if (path === '/' || path === '/sign-in') page = <PolicyListPage />;
  else page = <NotFoundPage path={path} />;

  return (
    <SessionContext.Provider value={{ user: gate.user, signOut }}>
      <a className="skip-link" href="#main">Skip to content</a>
      <AppHeader path={path} />
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </SessionContext.Provider>
  );
}
