import type { Notification } from '../api/comments';

/**
 * Where a notification leads inside Accord: the thread in its policy, or for a stale sign-off the
 * section. The bell links here and the e-mails link to the same path on Accord's address.
 */
export function notificationPath(notification: Pick<Notification, 'policyId' | 'threadId' | 'kind' | 'sectionId'>): string {
  const policy = `/p/${encodeURIComponent(notification.policyId)}`;
  return notification.kind === 'signoff_stale' ? `${policy}#${encodeURIComponent(notification.sectionId)}` : `${policy}#thread-${encodeURIComponent(notification.threadId)}`;
}
