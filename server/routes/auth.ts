import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { DEPARTMENT_ID_PATTERN } from '../../shared/departments';
import { currentUser, requireSession, SESSION_COOKIE, sessionIdOf } from '../auth/access';
import { HttpError, parseBody } from '../httpError';
import type { Logger } from '../logger';
import { AccountError, type AccountService, type User } from '../services/accounts';
import { FailureLimiter } from '../services/rateLimiter';

const email = z.string().trim().toLowerCase().email('enter a valid email address').max(254);
const signupSchema = z.object({
  email,
  name: z.string().trim().min(1, 'enter your name').max(100, 'at most 100 characters'),
  password: z.string().min(10, 'use at least 10 characters').max(200, 'at most 200 characters'),
  // Whether the department exists and is not archived is the account service's check.
  department: z.string('choose one of the departments').regex(DEPARTMENT_ID_PATTERN, 'choose one of the departments').optional(),
  invite: z.string().trim().max(200).optional(),
});
const loginSchema = z.object({ email, password: z.string().min(1, 'enter your password').max(200) });

const WRONG_CREDENTIALS = 'Email or password is incorrect';

export function publicUser(user: User) {
  return { id: user.id, email: user.email, name: user.name, department: user.department, role: user.role };
}

export function authRoutes(deps: { accounts: AccountService; logger: Logger; limits?: { perIp: number; perAccount: number; windowMs: number } }): Router {
  const { accounts, logger } = deps;
  const limits = deps.limits ?? { perIp: 20, perAccount: 5, windowMs: 15 * 60_000 };
  const ipFailures = new FailureLimiter(limits.perIp, limits.windowMs);
  const accountFailures = new FailureLimiter(limits.perAccount, limits.windowMs);
  const router = Router();

  const tooMany = (seconds: number) =>
    new HttpError(429, `Too many failed attempts. Try again in ${Math.ceil(seconds / 60)} minute${seconds > 60 ? 's' : ''}.`, { retryAfter: seconds });

  const startSession = (request: Request, response: Response, user: User) => {
    const session = accounts.createSession(user.id);
    response.cookie(SESSION_COOKIE, session.id, {
      httpOnly: true,
      sameSite: 'lax',
      secure: request.secure,
      path: '/',
      maxAge: accounts.sessionTtl,
    });
  };

  router.post('/signup', async (request, response) => {
    const ip = request.ip ?? 'unknown';
    const input = parseBody(signupSchema, request.body);
    // A valid invite is never throttled: colleagues behind one office IP still get in.
    const validInvite = input.invite ? accounts.findInvite(input.invite) !== null : false;
    const wait = ipFailures.retryAfter(ip);
    if (wait > 0 && !validInvite) throw tooMany(wait);
    try {
      const user = await accounts.signup(input);
      startSession(request, response, user);
      logger.info('auth.signup', { user: user.id, department: user.department, role: user.role });
      response.status(201).json(publicUser(user));
    } catch (error) {
      if (error instanceof AccountError) {
        ipFailures.fail(ip);
        throw new HttpError(error.status, error.message, error.field ? { field: error.field } : undefined);
      }
      throw error;
    }
  });

  router.post('/login', async (request, response) => {
    const ip = request.ip ?? 'unknown';
    const input = parseBody(loginSchema, request.body);
    const wait = Math.max(ipFailures.retryAfter(ip), accountFailures.retryAfter(input.email));
    if (wait > 0) throw tooMany(wait);
    const user = await accounts.verifyCredentials(input.email, input.password);
    if (!user) {
      ipFailures.fail(ip);
      accountFailures.fail(input.email);
      logger.warn('auth.login_failed', { ip });
      throw new HttpError(401, WRONG_CREDENTIALS);
    }
    accountFailures.reset(input.email);
    startSession(request, response, user);
    logger.info('auth.login', { user: user.id });
    response.json(publicUser(user));
  });

  router.post('/logout', (request, response) => {
    const sessionId = sessionIdOf(request);
    if (sessionId) accounts.endSession(sessionId);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
    response.json({ ok: true });
  });

  /** What an invite link grants, so the sign-up page can say it before anyone types. */
  router.get('/invites/:token', (request, response) => {
    const invite = accounts.findInvite(request.params.token);
    if (!invite) throw new HttpError(404, 'This invite link is not valid any more. Ask an admin for a new one.');
    // The sign-up page has no session to read the department list with, so the name comes along.
    response.json({ ...invite, departmentName: accounts.departments.get(invite.department)?.name ?? invite.department });
  });

  return router;
}

export function meRoute(accounts: AccountService): Router {
  const router = Router();
  router.get('/', requireSession(accounts), (request, response) => {
    response.json(publicUser(currentUser(request)));
  });
  return router;
}
