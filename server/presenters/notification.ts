import type { Notification } from '../../shared/api/comments';
import type { NotificationRecord } from '../services/notifications';

export function presentNotification(notification: NotificationRecord): Notification {
  return {
    id: notification.id,
    kind: notification.kind,
    policyId: notification.policyId,
    policyTitle: notification.policyTitle,
    threadId: notification.threadId,
    commentId: notification.commentId,
    sectionId: notification.sectionId,
    sectionTitle: notification.sectionTitle,
    by: { id: notification.by.id, name: notification.by.name, department: notification.by.department },
    excerpt: notification.excerpt,
    createdAt: notification.createdAt,
    readAt: notification.readAt,
  };
}
