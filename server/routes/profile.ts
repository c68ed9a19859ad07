import type { Request, Router } from 'express';
import { api } from '../../shared/api/routes';
import { currentUser, requireSession, SESSION_COOKIE } from '../auth/access';
import { HttpError } from '../httpError';
import type { Logger } from '../logger';
import { presentUser } from '../presenters/user';
import type { AccountService } from '../services/accounts';
import type { PasswordResetService } from '../services/passwordResets';
import type { ProfileService } from '../services/profile';
import type { SignInLimiter } from '../services/rateLimiter';
import type { SessionService } from '../services/sessions';
import { sessionStarter, signInAccountKey, tooManyAttempts } from './auth';
import { contractRouter } from './contractRouter';

/** A "Forgot password" answer takes at least this long, whether or not the address has an account. */
const RESET_REQUEST_MIN_MS = 150;

export interface AccountSelfServiceOptions {
  accounts: AccountService;
  sessions: SessionService;
  profile: ProfileService;
  resets: PasswordResetService;
  logger: Logger;
  /** The server's one sign-in limiter: sign-in, reset links and current-password checks share its budgets. */
  limiter: SignInLimiter;
  cookie?: { name: string; secure: boolean };
  publicOrigin: (request: Request) => string;
}

/** "Forgot password" and reset links: `/api/auth/password-reset…` (public). */
export function passwordResetRoutes(deps: AccountSelfServiceOptions): Router {
  const { accounts, resets, logger, limiter } = deps;
  const cookie = deps.cookie ?? { name: SESSION_COOKIE, secure: false };
  const { router, route } = contractRouter('/api/auth');

  const startSession = sessionStarter(accounts, cookie);

  route(api.requestPasswordReset, async ({ body, request, reply }) => {
    const ip = request.ip ?? 'unknown';
    const refusal = limiter.addressRefusal(ip);
    if (refusal) throw tooManyAttempts(refusal);
    // Every request counts against the network's budget: asking for links is not free either.
    limiter.recordFailure(ip);
    const started = performance.now();
    try {
      resets.requestByEmail(body.email, deps.publicOrigin(request));
    } catch (error) {
      // The answer must not differ; the failure is logged for the operator.
      logger.error('auth.password_reset_request_failed', { error: (error as Error).message });
    }
    const left = RESET_REQUEST_MIN_MS - (performance.now() - started);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    logger.info('auth.password_reset_requested', { ip });
    reply(200, { ok: true, message: `If ${body.email} has an account, a link to choose a new password is on its way. It works once, for 30 minutes. Check your spam folder if it does not arrive in a few minutes.` });
  });

  route(api.resetPassword, async ({ params, body, request, response, reply }) => {
    const ip = request.ip ?? 'unknown';
    const refusal = limiter.addressRefusal(ip);
    if (refusal) throw tooManyAttempts(refusal);
    const user = await resets.complete(params.token, body.password).catch((error: unknown) => {
      // Guessing links counts against the network's budget; a password that breaks a rule does not.
      if (error instanceof HttpError && (error.status === 410 || (error.status === 400 && !error.details?.field))) limiter.recordFailure(ip);
      throw error;
    });
    startSession(request, response, user);
    logger.info('auth.password_reset', { user: user.id });
    reply(200, presentUser(user));
  });

  return router;
}

/** An admin sends someone a reset link: `POST /api/users/:id/password-reset`. */
export function adminPasswordResetRoutes(deps: AccountSelfServiceOptions): Router {
  const { accounts, resets, logger } = deps;
  const { router, route } = contractRouter('/api/users');
  // Mounted before the app's session check: this route checks the session itself.
  router.use('/:id/password-reset', requireSession(accounts));
  route(api.adminPasswordReset, ({ params, request, reply }) => {
    const user = accounts.getUser(params.id);
    if (!user) throw new HttpError(404, 'No user with this id');
    const admin = currentUser(request);
    const result = resets.sendByAdmin(user, admin, deps.publicOrigin(request));
    logger.info('admin.password_reset_sent', { by: admin.id, user: user.id, mailed: result.sent });
    reply(200, result);
  });
  return router;
}

/** The person's own account: `/api/me` changes, password, e-mail settings and sessions. */
export function profileRoutes(deps: AccountSelfServiceOptions): Router {
  const { accounts, sessions, profile, logger, limiter } = deps;
  const { router, route } = contractRouter('/api/me');
  router.use(requireSession(accounts));

  route(api.updateMe, async ({ body, request, reply }) => {
    const me = currentUser(request);
    if (body.email !== undefined && body.email.toLowerCase() !== me.email.toLowerCase()) {
      // The e-mail address is the way into the account (sign-in, password reset): someone who only
      // holds a session must not be able to move it. Single sign-on accounts take theirs from the provider.
      if (!profile.hasPassword(me.id)) {
        throw new HttpError(400, 'email: your account signs in with single sign-on, so its e-mail address comes from your organization’s sign-in. Ask an admin if it is wrong.', { field: 'email' });
      }
      if (!body.currentPassword) throw new HttpError(400, 'currentPassword: enter your current password to change your e-mail address.', { field: 'currentPassword' });
      const result = await limiter.attempt(signInAccountKey(me.email), request.ip ?? 'unknown', async () => ((await profile.checkPassword(me.id, body.currentPassword!)) ? true : null));
      if (!result.ok) {
        if (!result.wrong) throw tooManyAttempts(result.refusal);
        throw new HttpError(403, 'currentPassword: this is not your current password.', { field: 'currentPassword' });
      }
    }
    const user = profile.update(me.id, { ...(body.name !== undefined ? { name: body.name } : {}), ...(body.email !== undefined ? { email: body.email } : {}) });
    logger.info('profile.updated', { user: user.id, name: body.name !== undefined, email: body.email !== undefined });
    reply(200, presentUser(user));
  });

  route(api.changePassword, async ({ body, request, reply }) => {
    const user = currentUser(request);
    if (!profile.hasPassword(user.id)) {
      throw new HttpError(400, 'currentPassword: your account signs in with single sign-on and has no password here to change.', { field: 'currentPassword' });
    }
    const result = await limiter.attempt(signInAccountKey(user.email), request.ip ?? 'unknown', async () => ((await profile.checkPassword(user.id, body.currentPassword)) ? true : null));
    if (!result.ok) {
      if (!result.wrong) throw tooManyAttempts(result.refusal);
      const hint = profile.linkedToProvider(user.id) ? ' Your account signs in with single sign-on: if you never set a password in Accord, there is none to change.' : '';
      throw new HttpError(403, `currentPassword: this is not your current password.${hint}`, { field: 'currentPassword' });
    }
    const endedSessions = await profile.changePassword(user, body.newPassword, request.sessionId!);
    logger.info('profile.password_changed', { user: user.id, endedSessions });
    reply(200, { ok: true, endedSessions });
  });

  route(api.getNotificationSettings, ({ request, reply }) => {
    reply(200, { email: profile.emailNotifications(currentUser(request).id) });
  });

  route(api.setNotificationSettings, ({ body, request, reply }) => {
    reply(200, { email: profile.setEmailNotifications(currentUser(request).id, body.email) });
  });

  route(api.listSessions, ({ request, reply }) => {
    reply(200, sessions.list(currentUser(request).id, request.sessionId));
  });

  route(api.endOtherSessions, ({ request, reply }) => {
    const ended = sessions.endOthers(currentUser(request).id, request.sessionId!);
    logger.info('profile.sessions_ended', { user: currentUser(request).id, ended });
    reply(200, { ended });
  });

  route(api.endSession, ({ params, request, reply }) => {
    sessions.endByHandle(currentUser(request).id, params.id);
    reply(200, { ended: 1 });
  });

  return router;
}
