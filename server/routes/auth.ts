import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { DEPARTMENT_ID_PATTERN } from '../../shared/departments';
import { currentUser, readCookie, requireSession, sameSecret, SESSION_COOKIE, sessionIdOf } from '../auth/access';
import { HttpError, parseBody } from '../httpError';
import type { Logger } from '../logger';
import { AccountError, type AccountService, type User } from '../services/accounts';
import { SignInLimiter, waitInWords, type Refusal, type SignInLimits } from '../services/rateLimiter';

const email = z.string().trim().toLowerCase().email('enter a valid email address').max(254);
const signupSchema = z.object({
  email,
  name: z.string().trim().min(1, 'enter your name').max(100, 'at most 100 characters'),
  password: z.string().min(10, 'use at least 10 characters').max(200, 'at most 200 characters'),
  // Whether the department exists and is not archived is the account service's check.
  department: z.string('choose one of the departments').regex(DEPARTMENT_ID_PATTERN, 'choose one of the departments').optional(),
  invite: z.string().trim().max(200).optional(),
  /** The one-time token that guards the first account when Accord listens beyond this machine. */
  setupToken: z.string().trim().max(200, 'at most 200 characters').optional(),
});
const loginSchema = z.object({ email, password: z.string().min(1, 'enter your password').max(200) });

const WRONG_CREDENTIALS = 'Email or password is incorrect';

export function publicUser(user: User) {
  return { id: user.id, email: user.email, name: user.name, department: user.department, role: user.role };
}

export interface AuthRouteOptions {
  accounts: AccountService;
  logger: Logger;
  limits?: Partial<SignInLimits>;
  /** The session cookie: its name (`__Host-accord_session` behind https) and whether it is always Secure. */
  cookie?: { name: string; secure: boolean };
  /** The one-time setup token the first account needs (null: none needed). */
  setupToken?: string | null;
}

export function authRoutes(deps: AuthRouteOptions): Router {
  const { accounts, logger } = deps;
  const limiter = new SignInLimiter(deps.limits ?? {}, accounts.clock);
  const cookie = deps.cookie ?? { name: SESSION_COOKIE, secure: false };
  const router = Router();

  const tooMany = (refusal: Refusal) => {
    const wait = waitInWords(refusal.retryAfterMs);
    const message =
      refusal.reason === 'budget'
        ? `Too many attempts from your network. Try again in ${wait}.`
        : refusal.reason === 'delay'
          ? `Too many attempts with a wrong password for this account. Try again in ${wait}.`
          : `Too many attempts at once for this account. Try again in ${wait}.`;
    return new HttpError(429, message, { retryAfter: Math.max(1, Math.ceil(refusal.retryAfterMs / 1000)), retryAfterMs: Math.ceil(refusal.retryAfterMs) });
  };

  const cookieOptions = (request: Request) => ({ httpOnly: true, sameSite: 'lax' as const, secure: cookie.secure || request.secure, path: '/' });

  const startSession = (request: Request, response: Response, user: User) => {
    // Rotation: the session this browser had before signing in ends, so a planted id is worth nothing.
    const previous = readCookie(request.headers.cookie, cookie.name);
    if (previous) accounts.endSession(previous);
    const session = accounts.createSession(user.id);
    response.cookie(cookie.name, session.id, { ...cookieOptions(request), maxAge: accounts.sessionTtl });
  };

  router.post('/signup', async (request, response) => {
    const ip = request.ip ?? 'unknown';
    const input = parseBody(signupSchema, request.body);
    // A valid invite is never throttled: colleagues behind one office IP still get in.
    const validInvite = input.invite ? accounts.findInvite(input.invite) !== null : false;
    const refusal = limiter.addressRefusal(ip);
    if (refusal && !validInvite) throw tooMany(refusal);
    if (deps.setupToken && !accounts.hasUsers() && !(input.setupToken && sameSecret(input.setupToken, deps.setupToken))) {
      limiter.recordFailure(ip);
      logger.warn('auth.setup_token_refused', { ip, given: input.setupToken !== undefined });
      throw new HttpError(
        403,
        input.setupToken
          ? 'This setup token is not the right one. Copy it again from the message the server printed when it started.'
          : 'Enter the setup token to create the first account. The server printed it when it started (or it is the ACCORD_SETUP_TOKEN it was given).',
        { field: 'setupToken' },
      );
    }
    try {
      const user = await accounts.signup(input);
      startSession(request, response, user);
      logger.info('auth.signup', { user: user.id, department: user.department, role: user.role });
      response.status(201).json(publicUser(user));
    } catch (error) {
      if (error instanceof AccountError) {
        limiter.recordFailure(ip);
        throw new HttpError(error.status, error.message, error.field ? { field: error.field } : undefined);
      }
      throw error;
    }
  });

  router.post('/login', async (request, response) => {
    const ip = request.ip ?? 'unknown';
    const input = parseBody(loginSchema, request.body);
    const result = await limiter.attempt(input.email, ip, () => accounts.verifyCredentials(input.email, input.password));
    if (!result.ok) {
      if (!result.wrong) throw tooMany(result.refusal);
      logger.warn('auth.login_failed', { ip });
      throw new HttpError(401, WRONG_CREDENTIALS);
    }
    const user = result.value;
    startSession(request, response, user);
    logger.info('auth.login', { user: user.id });
    response.json(publicUser(user));
  });

  router.post('/logout', (request, response) => {
    const sessionId = sessionIdOf(request, cookie.name);
    if (sessionId) accounts.endSession(sessionId);
    response.clearCookie(cookie.name, cookieOptions(request));
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
