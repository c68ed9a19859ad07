import { useEffect, useState, type ReactNode } from 'react';
import { oidcErrorMessage, type AuthMethods } from '../../shared/api/oidc';
import { request, routes } from '../api';
import './sso.css';

/** How this server lets people sign in (password, single sign-on); null until it answers. */
export function useAuthMethods(): AuthMethods | null {
  const [methods, setMethods] = useState<AuthMethods | null>(null);
  useEffect(() => {
    let current = true;
    request(routes.authMethods)
      .then((answer) => current && setMethods(answer))
      // Unreachable: the password form stays, as before single sign-on existed.
      .catch(() => current && setMethods({ password: true, oidc: null }));
    return () => {
      current = false;
    };
  }, []);
  return methods;
}

/** Where to come back to after the provider: the page the person opened, unless it was the sign-in page itself. */
function returnPath(): string | null {
  const path = location.pathname + location.search;
  return location.pathname === '/' || location.pathname === '/sign-in' ? null : path;
}

/**
 * "Sign in with <provider>", and why the last attempt came back here (`?error=` carries a code
 * from shared/api/oidc.ts, never words, so a link cannot put a message of its own on this page).
 */
export function SsoSignIn({ methods }: { methods: AuthMethods | null }) {
  const code = new URLSearchParams(location.search).get('error');
  const message = oidcErrorMessage(code, methods?.oidc?.name ?? 'your organization’s sign-in');
  const back = returnPath();
  const href = `${routes.oidcStart.path}${back ? `?returnTo=${encodeURIComponent(back)}` : ''}`;
  if (!message && !methods?.oidc) return null;
  return (
    <div className="sso-sign-in">
      {message && <p className="error" role="alert">{message}</p>}
      {methods?.oidc && (
        <a className="button primary sso-button" href={href}>
          Sign in with {methods.oidc.name}
        </a>
      )}
      {methods?.oidc && methods.password && <p className="sso-divider">or with your e-mail and password</p>}
    </div>
  );
}

/** The password form, folded away when local passwords are off: only the break-glass admin still uses it. */
export function PasswordFields({ off, children }: { off: boolean; children: ReactNode }) {
  if (!off) return <>{children}</>;
  return (
    <details className="sso-break-glass">
      <summary>Admin sign-in with a password</summary>
      {children}
    </details>
  );
}
