import { useContext } from 'react';
import { useDepartmentLookup } from '../departments';
import { onLinkClick } from '../router';
import { SessionContext } from '../session';

/** The bar on every page: where you are, who you are. */
export function AppHeader({ path }: { path: string }) {
  const session = useContext(SessionContext);
  const departments = useDepartmentLookup();
  if (!session) return null;
  const { user, signOut } = session;
  const links = [
    { href: '/', label: 'Policies', active: path === '/' || path.startsWith('/p/') },
    { href: '/templates', label: 'Templates', active: path === '/templates' },
    ...(user.role === 'admin' ? [{ href: '/admin', label: 'People', active: path === '/admin' }] : []),
  ];
  return (
    <header className="app-header">
      <a href="/" className="brand" onClick={onLinkClick}>
        <span className="brand-mark" aria-hidden="true">✓</span> Accord
      </a>
      <nav aria-label="Main">
        <ul>
          {links.map((link) => (
            <li key={link.href}>
              <a href={link.href} onClick={onLinkClick} aria-current={link.active ? 'page' : undefined}>
                {link.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="who">
        <span className="who-name">{user.name}</span>
        <span className="who-department" data-testid="current-department">
          {departments.name(user.department)}
          {user.role !== 'editor' ? ` · ${user.role}` : ''}
        </span>
        <button type="button" className="small" onClick={signOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
