import type { NotificationKind } from '../api/comments';

/** What the person named did, after their name: "Lee Legal mentioned you or your department". The bell and the e-mails say the same. */
export const NOTIFICATION_WHAT: Record<NotificationKind, string> = {
  mention: 'mentioned you or your department',
  reply: 'replied in a thread you wrote in',
  thread: 'started a thread on your department’s section',
  signoff_stale: 'changed a section you signed',
  review_due: 'reminds you of the review',
};

/** Whether a notification's excerpt is somebody's comment, shown in quotes; Accord's own lines (a stale sign-off, a review coming up) are not. */
export function quotesComment(kind: NotificationKind): boolean {
  return kind !== 'signoff_stale' && kind !== 'review_due';
}
