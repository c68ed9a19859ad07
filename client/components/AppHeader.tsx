import { useContext, useEffect, useRef, useState } from 'react';
import { clearOfflineCopies, hasUnsentChanges } from '../collab/offlineCopies';
import { useDepartmentLookup } from '../departments';
import { onLinkClick } from '../router';
import { SessionContext } from '../session';
import { Dialog } from './Dialog';
import { Inbox } from './Inbox';
import { useDismiss } from './useDismiss';

/**
 * The bar on every page: where you are, who you are. On narrow screens the links, the name and
 * Sign out fold behind one Menu button (styles.css, "Header").
 */
export function AppHeader({ path }: { path: string }) {
  const session = useContext(SessionContext);
  const departments = useDepartmentLookup();
  const [confirming, setConfirming] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  useDismiss(menuOpen && !confirming, [menuButton, menu], (reason) => {
    setMenuOpen(false);
    if (reason === 'escape') menuButton.current?.focus();
  });
  // Following a link closes the menu.
  useEffect(() => setMenuOpen(false), [path]);
  if (!session) return null;
  const { user } = session;
  // Signing out also deletes this person's offline copies, so the next person at this computer finds nothing of theirs.
  const signOut = () => {
    setConfirming(false);
    session.signOut();
    void clearOfflineCopies(user.id);
  };
  const askToSignOut = () => (hasUnsentChanges() ? setConfirming(true) : signOut());
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
      <button
        ref={menuButton}
        type="button"
        className="header-menu-button"
        aria-expanded={menuOpen}
        aria-controls="header-menu"
        onClick={() => setMenuOpen((value) => !value)}
      >
        <span aria-hidden="true">☰</span> Menu
      </button>
      <div ref={menu} id="header-menu" className="header-menu" data-open={menuOpen}>
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
          <a href="/profile" className="button small" onClick={onLinkClick} aria-current={path === '/profile' ? 'page' : undefined}>
            Your profile
          </a>
          <button type="button" className="small" onClick={askToSignOut}>
            Sign out
          </button>
        </div>
      </div>
      <Inbox />
      {confirming && (
        <Dialog title="Sign out with unsaved changes?" onClose={() => setConfirming(false)} returnFocus={() => menuButton.current}>
          <p>
            You have changes that have not reached the server yet. If you sign out now, they are deleted from this computer and cannot be recovered. To keep them, stay signed in
            until the page shows that it is connected, then sign out.
          </p>
          <div className="dialog-actions">
            <button type="button" onClick={() => setConfirming(false)}>
              Stay signed in
            </button>
            <button type="button" className="danger" onClick={signOut}>
              Sign out anyway
            </button>
          </div>
        </Dialog>
      )}
    </header>
  );
}
