import type { Request, Response, Router } from 'express';
import { PASSWORDS_OFF_MESSAGE } from '../../shared/api/oidc';
import { api } from '../../shared/api/routes';
import { currentUser, readCookie, requireSession, sameSecret, SESSION_COOKIE, sessionIdOf } from '../auth/access';
import { HttpError } from '../httpError';
import type { Logger } from '../logger';
import { AccountError, type AccountService, type User } from '../services/accounts';
import { SignInLimiter, waitInWords, type Refusal, type SignInLimits } from '../services/rateLimiter';
import { presentInviteInfo } from '../presenters/invite';
import { presentUser } from '../presenters/user';
import { assertPasswordAllowed } from '../services/passwordRules';
import { contractRouter } from './contractRouter';

const WRONG_CREDENTIALS = 'Email or password is incorrect';

export interface AuthRouteOptions {
  accounts: AccountService;
  logger: Logger;
  limits?: Partial<SignInLimits>;
  /** The server's one sign-in limiter, shared with password resets and the profile's password checks (built from `limits` when not given). */
  limiter?: SignInLimiter;
  /** The session cookie: its name (`__Host-accord_session` behind https) and whether it is always Secure. */
  cookie?: { name: string; secure: boolean };
  /** The one-time setup token the first account needs (null: none needed). */
  setupToken?: string | null;
  /** Local passwords turned off (ACCORD_OIDC_ONLY): who may still use one (the break-glass admin); everyone else gets a 403. */
  passwordsOff?: { mayUsePassword: (user: User) => boolean };
  /** Where the first account's organization name goes (`organization` in the sign-up). */
  organization?: { set(name: string, byUserId: string): unknown; name(): string | null };
}

/** The session cookie's options: HttpOnly, SameSite=Lax, Secure behind https. */
export function sessionCookieOptions(cookie: { name: string; secure: boolean }) {
  return (request: Request) => ({ httpOnly: true, sameSite: 'lax' as const, secure: cookie.secure || request.secure, path: '/' });
}

/** Starts a session for a person who proved who they are (password or single sign-on) and sets its cookie. */
export function sessionStarter(accounts: AccountService, cookie: { name: string; secure: boolean }) {
  const cookieOptions = sessionCookieOptions(cookie);
  return (request: Request, response: Response, user: User) => {
    // Rotation: the session this browser had before signing in ends, so a planted id is worth nothing.
    const previous = readCookie(request.headers.cookie, cookie.name);
    if (previous) accounts.endSession(previous);
    const session = accounts.createSession(user.id, { userAgent: request.headers['user-agent'] });
    response.cookie(cookie.name, session.id, { ...cookieOptions(request), maxAge: accounts.sessionTtl });
  };
}

/**
 * The account a password guess counts against in the sign-in limiter: its e-mail address, the
 * same for sign-in and for the profile's current-password checks, so guesses spread over both
 * share one budget.
 */
export function signInAccountKey(email: string): string {
  return email.toLowerCase();
}

/** The 429 for a refusal of the sign-in limiter, saying why and how long to wait. */
export function tooManyAttempts(refusal: Refusal): HttpError {
  const wait = waitInWords(refusal.retryAfterMs);
  const message =
    refusal.reason === 'budget'
      ? `Too many attempts from your network. Try again in ${wait}.`
      : refusal.reason === 'delay'
        ? `Too many attempts with a wrong password for this account. Try again in ${wait}.`
        : `Too many attempts at once for this account. Try again in ${wait}.`;
  return new HttpError(429, message, { retryAfter: Math.max(1, Math.ceil(refusal.retryAfterMs / 1000)), retryAfterMs: Math.ceil(refusal.retryAfterMs) });
}

export function authRoutes(deps: AuthRouteOptions): Router {
  const { accounts, logger } = deps;
  const limiter = deps.limiter ?? new SignInLimiter(deps.limits ?? {}, accounts.clock);
  const cookie = deps.cookie ?? { name: SESSION_COOKIE, secure: false };
  const { router, route } = contractRouter('/api/auth');

  const cookieOptions = sessionCookieOptions(cookie);
  const startSession = sessionStarter(accounts, cookie);

  route(api.signup, async ({ body: input, request, response, reply }) => {
    const ip = request.ip ?? 'unknown';
    assertPasswordAllowed(input.password, { email: input.email, name: input.name });
    // A valid invite is never throttled: colleagues behind one office IP still get in.
    const validInvite = input.invite ? accounts.findInvite(input.invite) !== null : false;
    const refusal = limiter.addressRefusal(ip);
    if (refusal && !validInvite) throw tooManyAttempts(refusal);
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
    if (deps.passwordsOff && accounts.hasUsers()) throw new HttpError(403, PASSWORDS_OFF_MESSAGE);
    const first = !accounts.hasUsers();
    const user = await accounts.signup(input).catch((error: unknown) => {
      // A refused sign-up counts against the address's budget; the error itself is answered as it is.
      if (error instanceof AccountError) limiter.recordFailure(ip);
      throw error;
    });
    // Whoever sets up Accord names the organization; nobody else does it by signing up.
    if (first && user.role === 'admin' && input.organization) deps.organization?.set(input.organization, user.id);
    startSession(request, response, user);
    logger.info('auth.signup', { user: user.id, department: user.department, role: user.role });
    reply(201, presentUser(user));
  });

  route(api.login, async ({ body: input, request, response, reply }) => {
    const ip = request.ip ?? 'unknown';
    const result = await limiter.attempt(signInAccountKey(input.email), ip, () => accounts.verifyCredentials(input.email, input.password));
    // The same 403 for a wrong and a right password: it must not tell which account may still use one.
    if (deps.passwordsOff && (result.ok ? !deps.passwordsOff.mayUsePassword(result.value) : result.wrong)) {
      logger.warn('auth.password_refused', { ip, reason: 'local passwords are off' });
      throw new HttpError(403, PASSWORDS_OFF_MESSAGE);
    }
    if (!result.ok) {
      if (!result.wrong) throw tooManyAttempts(result.refusal);
      logger.warn('auth.login_failed', { ip });
      throw new HttpError(401, WRONG_CREDENTIALS);
    }
    const user = result.value;
    startSession(request, response, user);
    logger.info('auth.login', { user: user.id });
    reply(200, presentUser(user));
  });

  route(api.logout, ({ request, response, reply }) => {
    const sessionId = sessionIdOf(request, cookie.name);
    if (sessionId) accounts.endSession(sessionId);
    response.clearCookie(cookie.name, cookieOptions(request));
    reply(200, { ok: true });
  });

  /** What an invite link grants, so the sign-up page can say it before anyone types. */
  route(api.inviteInfo, ({ params, reply }) => {
    // Says why a link cannot be used: unknown, used, withdrawn, or expired and whom to ask.
    const invite = accounts.invites.check(params.token);
    // The sign-up page has no session to read the department list with, so the name comes along.
    reply(200, presentInviteInfo(invite, accounts.departments.get(invite.department)?.name ?? invite.department, deps.organization?.name() ?? null));
  });

  return router;
}

export function meRoute(accounts: AccountService): Router {
  const { router, route } = contractRouter('/api/me');
  const signedIn = requireSession(accounts);
  router.use(signedIn);
  route(api.me, ({ request, reply }) => reply(200, presentUser(currentUser(request))));
  return router;
}
