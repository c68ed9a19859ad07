import { useCallback, useRef, useState } from 'react';
import type { Notification, Notifications } from '../../shared/api/comments';
import { request, routes } from '../api';
import { errorMessage } from '../errorMessage';
import { notificationPath } from '../../shared/comments/notificationPath';
import { NOTIFICATION_WHAT, quotesComment } from '../../shared/comments/notificationWords';
import { useDepartmentLookup } from '../departments';
import { navigate } from '../router';
import { useDismiss } from './useDismiss';
import { useVisiblePoll } from './useVisiblePoll';
import './inbox.css';
import { formatWhen as when } from '../formatWhen';

/** How often the inbox asks for news while the page is visible. */
export const INBOX_POLL_MS = 30_000;

/** What a notification is, in a few words, for its "Mark read" button. */
function summary(notification: Notification): string {
  return notification.kind === 'review_due' ? `review reminder for ${notification.policyTitle}` : `${notification.by.name} ${NOTIFICATION_WHAT[notification.kind]}`;
}


/**
 * The bell in the header: mentions, replies in your threads, new threads on your department's
 * sections, changes to sections you signed and reviews coming up, newest first, with the unread count. Asks every 30 s while the page is
 * visible and again when the window gets focus; a .menu-panel, so it is a bottom sheet on phones.
 */
export function Inbox() {
  const departments = useDepartmentLookup();
  const [inbox, setInbox] = useState<Notifications | null>(null);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  const load = useCallback(() => {
    request(routes.listNotifications).then(
      (fresh) => {
        setInbox(fresh);
        setError(null);
      },
      (caught: unknown) => setError(errorMessage(caught, 'Could not load your notifications.')),
    );
  }, []);

  useVisiblePoll(load, INBOX_POLL_MS, { onFocus: true });

  useDismiss(open, [button, panel], (reason) => {
    setOpen(false);
    if (reason === 'escape') button.current?.focus();
  });

  const markRead = (ids?: string[]) => {
    request(routes.readNotifications, { body: ids ? { ids } : {} }).then(
      ({ unread }) => {
        const now = new Date().toISOString();
        setInbox((current) =>
          current && {
            unread,
            notifications: current.notifications.map((item) => (ids === undefined || ids.includes(item.id) ? { ...item, readAt: item.readAt ?? now } : item)),
          },
        );
      },
      (caught: unknown) => setError(errorMessage(caught, 'Could not mark them read.')),
    );
  };

  const follow = (event: React.MouseEvent<HTMLAnchorElement>, notification: Notification) => {
    if (notification.readAt === null) markRead([notification.id]);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    setOpen(false);
    navigate(notificationPath(notification));
    // pushState fires no hashchange; the policy page listens for it to open the thread.
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  };

  const unread = inbox?.unread ?? 0;
  const label = unread === 0 ? 'Notifications, none unread' : `Notifications, ${unread} unread`;
  return (
    <div className="inbox">
      <button
        ref={button}
        type="button"
        className="inbox-button icon-button"
        aria-expanded={open}
        aria-controls="inbox-panel"
        aria-label={label}
        title="Notifications"
        onClick={() => {
          if (!open) load();
          setOpen((value) => !value);
        }}
      >
        {/* Drawn, not an emoji: machines without an emoji font show a blank box. */}
        <svg aria-hidden="true" focusable="false" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {unread > 0 && (
          <span className="inbox-count" aria-hidden="true" data-testid="inbox-count">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div ref={panel} id="inbox-panel" className="menu-panel sheet inbox-panel" role="group" aria-label="Notifications">
          <div className="sheet-head">
            <strong>Notifications</strong>
            <button
              type="button"
              className="icon-button"
              aria-label="Close"
              onClick={() => {
                setOpen(false);
                button.current?.focus();
              }}
            >
              ×
            </button>
          </div>
          <div className="inbox-head">
            <span className="muted small-print" role="status">
              {unread === 0 ? 'Nothing unread' : `${unread} unread`}
            </span>
            <button type="button" className="small" disabled={unread === 0} onClick={() => markRead()}>
              Mark all read
            </button>
          </div>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          {inbox && inbox.notifications.length === 0 && <p className="muted">No notifications yet. Mentions, replies to your comments, new threads on your department’s sections, changes to sections you signed and reviews coming up show here.</p>}
          {inbox && inbox.notifications.length > 0 && (
            <ul className="inbox-list" aria-label="Notifications">
              {inbox.notifications.map((notification) => (
                <li key={notification.id} className="inbox-item" data-unread={notification.readAt === null}>
                  <a href={notificationPath(notification)} onClick={(event) => follow(event, notification)}>
                    {notification.readAt === null && <span className="visually-hidden">Unread: </span>}
                    <span className="inbox-who">
                      {notification.kind === 'review_due' ? (
                        <strong>Review reminder</strong>
                      ) : (
                        <>
                          <strong>{notification.by.name}</strong>
                          {notification.by.department && <span className="muted"> ({departments.name(notification.by.department)})</span>} {NOTIFICATION_WHAT[notification.kind]}
                        </>
                      )}
                    </span>
                    <span className="inbox-where">
                      {notification.policyTitle}
                      {notification.sectionTitle ? ` › ${notification.sectionTitle}` : ''}
                    </span>
                    <span className="inbox-excerpt">{quotesComment(notification.kind) ? `“${notification.excerpt}”` : notification.excerpt}</span>
                    <time className="muted small-print" dateTime={notification.createdAt}>
                      {when(notification.createdAt)}
                    </time>
                  </a>
                  {notification.readAt === null && (
                    <button type="button" className="small inbox-read" aria-label={`Mark read: ${summary(notification)}`} onClick={() => markRead([notification.id])}>
                      Mark read
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
