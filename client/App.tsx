import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { request, routes } from './api';
import { AppHeader } from './components/AppHeader';
import { usePath } from './router';
import { SessionContext, type CurrentUser } from './session';

// Each page's code loads when it is first opened: the editor (TipTap, Yjs) only on a policy,
// the dashboard, inventory and admin pages only when someone goes there, and the sign-in form
// and the policy list only on their own pages (the editor page needs neither).
const SignInPage = lazy(() => import('./pages/SignInPage').then((module) => ({ default: module.SignInPage })));
const PolicyListPage = lazy(() => import('./pages/PolicyListPage').then((module) => ({ default: module.PolicyListPage })));
const PolicyPage = lazy(() => import('./pages/PolicyPage').then((module) => ({ default: module.PolicyPage })));
const DashboardPage = lazy(() => import('./pages/DashboardPage').then((module) => ({ default: module.DashboardPage })));
const InventoryPage = lazy(() => import('./pages/InventoryPage').then((module) => ({ default: module.InventoryPage })));
const TemplateGalleryPage = lazy(() => import('./pages/TemplateGalleryPage').then((module) => ({ default: module.TemplateGalleryPage })));
const AdminPage = lazy(() => import('./pages/AdminPage').then((module) => ({ default: module.AdminPage })));
const SignupPage = lazy(() => import('./pages/SignupPage').then((module) => ({ default: module.SignupPage })));
const ProfilePage = lazy(() => import('./pages/ProfilePage').then((module) => ({ default: module.ProfilePage })));
const ForgotPasswordPage = lazy(() => import('./pages/ForgotPasswordPage').then((module) => ({ default: module.ForgotPasswordPage })));
const ResetPasswordPage = lazy(() => import('./pages/ResetPasswordPage').then((module) => ({ default: module.ResetPasswordPage })));

const pageLoading = <div className="page-loading" aria-busy="true" />;

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
    return (
      <Suspense fallback={pageLoading}>
        <SignupPage onSignedIn={(user) => setGate({ state: 'signed-in', user })} />
      </Suspense>
    );
  }
  // "Forgot password" and reset links work signed in or out (a reset signs this browser in).
  const resetMatch = /^\/reset-password\/([A-Za-z0-9_-]+)\/?$/.exec(path);
  if (path === '/forgot-password' || resetMatch) {
    return (
      <Suspense fallback={pageLoading}>
        {resetMatch ? <ResetPasswordPage token={resetMatch[1]!} onSignedIn={(user) => setGate({ state: 'signed-in', user })} /> : <ForgotPasswordPage />}
      </Suspense>
    );
  }
  if (gate.state === 'signed-out') {
    return (
      <Suspense fallback={pageLoading}>
        <SignInPage setupNeeded={gate.setupNeeded} expired={gate.expired} onSignedIn={(user) => setGate({ state: 'signed-in', user })} />
      </Suspense>
    );
  }

  const policyMatch = /^\/p\/([A-Za-z0-9_-]+)(\/dashboard|\/inventory)?\/?$/.exec(path);
  let page: React.ReactNode;
  if (policyMatch && policyMatch[2] === '/dashboard') page = <DashboardPage policyId={policyMatch[1]!} />;
  else if (policyMatch && policyMatch[2] === '/inventory') page = <InventoryPage policyId={policyMatch[1]!} />;
  else if (policyMatch) page = <PolicyPage key={policyMatch[1]} policyId={policyMatch[1]!} />;
  else if (path === '/templates') page = <TemplateGalleryPage />;
  else if (path === '/profile') page = <ProfilePage />;
  else if (path === '/admin' && gate.user.role === 'admin') page = <AdminPage />;
  else page = <PolicyListPage />;

  return (
    <SessionContext.Provider value={{ user: gate.user, signOut }}>
      <a className="skip-link" href="#main">Skip to content</a>
      <AppHeader path={path} />
      <main id="main" tabIndex={-1}>
        <Suspense fallback={pageLoading}>{page}</Suspense>
      </main>
    </SessionContext.Provider>
  );
}
