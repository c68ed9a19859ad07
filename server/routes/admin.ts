import type { Request, Router } from 'express';
import { api } from '../../shared/api/routes';
import type { DepartmentId } from '../../shared/departments';
import { currentUser } from '../auth/access';
import { HttpError } from '../httpError';
import type { Logger } from '../logger';
import type { AccountService, Role } from '../services/accounts';
import { InviteMailer } from '../mail/inviteMail';
import type { Mail } from '../mail/mailSetup';
import { inviteUrl, presentCreatedInvite, presentInvite } from '../presenters/invite';
import { presentUser } from '../presenters/user';
import { contractRouter } from './contractRouter';

/** People and invites; admins only (the contracts say `access: 'admin'`, so the router refuses everyone else). */
export function adminRoutes(deps: { accounts: AccountService; logger: Logger; publicOrigin: (request: Request) => string; mail: Mail; departmentName: (id: string) => string }): Router {
  const { accounts, logger } = deps;
  const { invites } = accounts;
  const { outbox } = deps.mail;
  const mailer = new InviteMailer({ outbox, invites, organization: deps.mail.organization, departmentName: deps.departmentName, clock: accounts.clock });
  const { router, route } = contractRouter('/api');

  route(api.createInvite, ({ body: input, request, reply }) => {
    const admin = currentUser(request);
    const emails = input.emails ?? (input.email !== undefined ? [input.email] : null);
    const links = invites.create({ emails, department: input.department, role: input.role, createdBy: admin.id, field: input.emails ? 'emails' : 'email' });
    const origin = deps.publicOrigin(request);
    const created = links.map((link) => {
      const queued = input.send === false ? false : mailer.send(link, inviteUrl(origin, link.token), admin.name);
      logger.info('admin.invite_created', { by: admin.id, invite: link.invite.id, email: link.invite.email, department: input.department, role: input.role, mailQueued: queued });
      return presentCreatedInvite(link, origin, queued);
    });
    if (input.emails) reply(201, { invites: created });
    else reply(201, created[0]!);
  });

  route(api.listInvites, ({ query, reply }) => {
    const joined = (userId: string | null) => {
      const user = userId ? accounts.getUser(userId) : null;
      return user ? { id: user.id, name: user.name } : null;
    };
    const list = invites
      .list()
      .filter((invite) => query.status === 'all' || invite.status === 'pending')
      .map((invite) => presentInvite(invite, { delivery: mailer.delivery(invite), joined: joined(invite.usedBy) }));
    reply(200, list);
  });

  const renew = (id: string, request: Request, send: boolean) => {
    const admin = currentUser(request);
    const link = invites.renew(id);
    const origin = deps.publicOrigin(request);
    const queued = send ? mailer.send(link, inviteUrl(origin, link.token), admin.name) : false;
    logger.info(send ? 'admin.invite_resent' : 'admin.invite_link_renewed', { by: admin.id, invite: id, email: link.invite.email, mailQueued: queued });
    return presentCreatedInvite(link, origin, queued);
  };

  route(api.resendInvite, ({ params, request, reply }) => {
    if (!invites.get(params.id)?.email) {
      if (!invites.get(params.id)) throw new HttpError(404, 'There is no invite with this id. It may have been replaced by a newer invite; reload the list.');
      throw new HttpError(409, 'This invite is a link tied to no address, so there is nowhere to send it. Ask for a new link to copy instead.');
    }
    reply(200, renew(params.id, request, true));
  });

  route(api.inviteLink, ({ params, request, reply }) => {
    reply(200, renew(params.id, request, false));
  });

  route(api.revokeInvite, ({ params, request, reply }) => {
    const invite = invites.revoke(params.id);
    logger.info('admin.invite_revoked', { by: currentUser(request).id, invite: invite.id, email: invite.email });
    reply(200, presentInvite(invite, { delivery: null, joined: null }));
  });

  route(api.mailStatus, ({ reply }) => {
    reply(200, outbox.status());
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
