import { Router } from 'express';
import { z } from 'zod';
import { DEPARTMENT_ID_PATTERN, type DepartmentId } from '../../shared/departments';
import { currentUser, requireRole } from '../auth/access';
import { HttpError, parseBody } from '../httpError';
import type { Logger } from '../logger';
import { AccountError, ROLES, type AccountService, type Role } from '../services/accounts';
import { publicUser } from './auth';

const roleSchema = z.enum(ROLES as [Role, ...Role[]], 'choose admin, editor or viewer');
/** The shape of a department id; whether it exists and is not archived is the account service's check. */
const departmentSchema = z.string('choose one of the departments').regex(DEPARTMENT_ID_PATTERN, 'choose one of the departments');
const inviteSchema = z.object({ department: departmentSchema, role: roleSchema });
const updateSchema = z
  .object({ department: departmentSchema.optional(), role: roleSchema.optional() })
  .refine((value) => value.department !== undefined || value.role !== undefined, 'give a department or a role to change');

function rethrow(error: unknown): never {
  if (error instanceof AccountError) throw new HttpError(error.status, error.message, error.field ? { field: error.field } : undefined);
  throw error;
}

/** People and invites; admins only. */
export function adminRoutes(deps: { accounts: AccountService; logger: Logger; publicOrigin: (request: import('express').Request) => string }): Router {
  const { accounts, logger } = deps;
  const router = Router();
  const adminOnly = requireRole('admin');

  router.post('/invites', adminOnly, (request, response) => {
    const input = parseBody(inviteSchema, request.body);
    let invite: { token: string; expiresAt: number };
    try {
      invite = accounts.createInvite({ ...input, createdBy: currentUser(request).id });
    } catch (error) {
      rethrow(error);
    }
    logger.info('admin.invite_created', { by: currentUser(request).id, department: input.department, role: input.role });
    response.status(201).json({ token: invite.token, url: `${deps.publicOrigin(request)}/signup?invite=${invite.token}`, expiresAt: invite.expiresAt, ...input });
  });

  router.get('/invites', adminOnly, (_request, response) => {
    response.json(accounts.listPendingInvites());
  });

  router.get('/users', adminOnly, (_request, response) => {
    response.json(accounts.listUsers().map(publicUser));
  });

  router.patch('/users/:id', adminOnly, (request, response) => {
    const input = parseBody(updateSchema, request.body);
    // Departments decide who may sign what: nobody moves themselves, not even an admin.
    if (input.department && String(request.params.id) === currentUser(request).id && input.department !== currentUser(request).department) {
      throw new HttpError(403, 'department: you cannot change your own department. Ask another admin.', { field: 'department' });
    }
    try {
      const changes: { department?: DepartmentId; role?: Role } = {};
      if (input.department) changes.department = input.department;
      if (input.role) changes.role = input.role;
      const user = accounts.updateUser(String(request.params.id), changes);
      logger.info('admin.user_changed', { by: currentUser(request).id, user: user.id, ...changes });
      response.json(publicUser(user));
    } catch (error) {
      rethrow(error);
    }
  });

  router.delete('/users/:id', adminOnly, (request, response) => {
    try {
      accounts.removeUser(String(request.params.id));
      logger.info('admin.user_removed', { by: currentUser(request).id, user: request.params.id });
      response.json({ ok: true });
    } catch (error) {
      rethrow(error);
    }
  });

  return router;
}
