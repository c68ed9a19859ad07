import { useEffect } from 'react';
import { onLinkClick } from '../router';
import { useCurrentUser } from '../session';

/**
 * An address the app has no page for, or a page this account may not open: said plainly, with
 * the way on, instead of quietly showing another page under the wrong address.
 */
export function NotFoundPage({ path }: { path: string }) {
  const user = useCurrentUser();
  const adminOnly = path.replace(/\/+$/, '') === '/admin';
  useEffect(() => {
    document.title = `${adminOnly ? 'For admins only' : 'Page not found'} · Accord`;
  }, [adminOnly]);
  return (
    <div className="page not-found-page">
      <div className="page-heading">
        <h1>{adminOnly ? 'For admins only' : 'There is no page here'}</h1>
      </div>
      <section className="card">
        {adminOnly ? (
          <p>Only admins invite people and change their departments or roles. Ask an admin of your organization if someone needs to join or move.</p>
        ) : (
          <p>
            Accord has no page at <code>{path}</code>. The link may be mistyped, or from an older version of Accord.
          </p>
        )}
        <ul className="not-found-ways">
          <li>
            <a href="/" onClick={onLinkClick}>Your policies</a>
          </li>
          <li>
            <a href="/templates" onClick={onLinkClick}>Start a policy from a template</a>
          </li>
          {user.role === 'admin' && (
            <li>
              <a href="/admin" onClick={onLinkClick}>People: invite colleagues and manage departments</a>
            </li>
          )}
        </ul>
      </section>
    </div>
  );
}
