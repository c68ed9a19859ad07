import type { Router } from 'express';
import { api } from '../../shared/api/routes';
import { currentUser } from '../auth/access';
import { presentNotification } from '../presenters/notification';
import type { NotificationService } from '../services/notifications';
import { contractRouter } from './contractRouter';

/**
 * The signed-in person's inbox: `GET /api/me/notifications` (newest first, with the unread
 * count) and `POST /api/me/notifications/read` `{ ids? }`. Everyone signed in has one, viewers too.
 */
export function notificationRoutes(notifications: NotificationService): Router {
  const { router, route } = contractRouter('/api/me/notifications');
  route(api.listNotifications, ({ request, reply }) => {
    const inbox = notifications.list(currentUser(request));
    reply(200, { unread: inbox.unread, notifications: inbox.notifications.map(presentNotification) });
  });
  route(api.readNotifications, ({ body, request, reply }) => {
    reply(200, { unread: notifications.markRead(currentUser(request), body.ids) });
  });
  return router;
}
