import type { Request, Router } from 'express';
import { api } from '../../shared/api/routes';
import type { DepartmentId } from '../../shared/departments';
import { currentUser } from '../auth/access';
import { HttpError } from '../httpError';
import type { Logger } from '../logger';
import type { AccountService, Role } from '../services/accounts';
import { presentCreatedInvite, presentPendingInvite } from '../presenters/invite';
import { presentUser } from '../presenters/user';
import { contractRouter } from './contractRouter';

/** People and invites; admins only (the contracts say `access: 'admin'`, so the router refuses everyone else). */
export function adminRoutes(deps: { accounts: AccountService; logger: Logger; publicOrigin: (request: Request) => string }): Router {
  const { accounts, logger } = deps;
  const { router, route } = contractRouter('/api');

  route(api.createInvite, ({ body: input, request, reply }) => {
    const invite = accounts.createInvite({ ...input, createdBy: currentUser(request).id });
    logger.info('admin.invite_created', { by: currentUser(request).id, department: input.department, role: input.role });
    reply(201, presentCreatedInvite({ ...invite, ...input }, deps.publicOrigin(request)));
  });

  route(api.listInvites, ({ reply }) => {
    reply(200, accounts.listPendingInvites().map(presentPendingInvite));
  });

  route(api.listUsers, ({ reply }) => {
    reply(200, accounts.listUsers().map(presentUser));
  });

  route(api.updateUser, ({ params, body: input, request, reply }) => {
    // Departments decide who may sign what: nobody moves themselves, not even an admin.
    if (input.department && params.id === currentUser(request).id && input.department !== currentUser(request).department) {
      throw new HttpError(403, 'department: you cannot change your own department. Ask another admin.', { field: 'department' });
    }
    const changes: { department?: DepartmentId; role?: Role } = {};
    if (input.department) changes.department = input.department;
    if (input.role) changes.role = input.role;
    const user = accounts.updateUser(params.id, changes);
    logger.info('admin.user_changed', { by: currentUser(request).id, user: user.id, ...changes });
    reply(200, presentUser(user));
  });

  route(api.removeUser, ({ params, request, reply }) => {
    accounts.removeUser(params.id);
    logger.info('admin.user_removed', { by: currentUser(request).id, user: params.id });
    reply(200, { ok: true });
  });

  return router;
}
