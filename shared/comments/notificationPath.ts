import type { Notification } from '../api/comments';

/**
 * Where a notification leads inside Accord: the thread in its policy, for a stale sign-off the
 * section, for a review coming up the sign-off dashboard (where the review date is set). The bell
 * links here and the e-mails link to the same path on Accord's address.
 */
export function notificationPath(notification: Pick<Notification, 'policyId' | 'threadId' | 'kind' | 'sectionId'>): string {
  const policy = `/p/${encodeURIComponent(notification.policyId)}`;
  switch (notification.kind) {
    case 'signoff_stale':
      return `${policy}#${encodeURIComponent(notification.sectionId)}`;
    case 'review_due':
      return `${policy}/dashboard`;
    default:
      return `${policy}#thread-${encodeURIComponent(notification.threadId)}`;
  }
}
