import type { Request, Response, Router } from 'express';
import type { OidcErrorCode } from '../../shared/api/oidc';
import { api } from '../../shared/api/routes';
import { readCookie } from '../auth/access';
import { escapeHtml } from '../export/html';
import { OidcFailure, type OidcClient } from '../auth/oidc';
import type { OidcLogins, SsoAccounts } from '../auth/oidcAccounts';
import type { Logger } from '../logger';
import type { User } from '../services/accounts';
import { contractRouter } from './contractRouter';

/**
 * Holds the states of the sign-ins this browser started (the last few, so two tabs can each
 * finish theirs), so a callback link planted by someone else signs nobody in (login CSRF).
 */
const STATE_COOKIE = 'accord_sso';
const STATES_KEPT = 5;

/** The states in the cookie: base64url strings, joined by dots. */
function statesIn(cookie: string | undefined): string[] {
  return (cookie ?? '').split('.').filter((state) => /^[A-Za-z0-9_-]{1,200}$/.test(state));
}
const CALLBACK_PATH = '/api/auth/oidc/callback';

export interface OidcRouteOptions {
  /** Null when single sign-on is not set up. */
  oidc: { client: OidcClient; logins: OidcLogins; accounts: SsoAccounts } | null;
  /** Whether local passwords are on (off with ACCORD_OIDC_ONLY). */
  passwords: boolean;
  startSession: (request: Request, response: Response, user: User) => void;
  /** This server's public origin, for the redirect URI. */
  origin: (request: Request) => string;
  secureCookies: boolean;
  logger: Logger;
}

/** A same-site path to land on, or `/`: never another site (`//evil.example`, `/\evil`), never a scheme. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 500 || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\\]/.test(value)) return '/';
  const base = 'http://accord.invalid';
  const url = new URL(value, base);
  return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : '/';
}

function redirect(response: Response, location: string): void {
  response.status(302).location(location).type('html').send(`<!doctype html><title>Redirecting</title><p><a href="${escapeHtml(location)}">Continue</a></p>`);
}

function signInError(response: Response, code: OidcErrorCode): void {
  redirect(response, `/sign-in?error=${code}`);
}

/** `GET /api/auth/methods`, `GET /api/auth/oidc/start` and `GET /api/auth/oidc/callback`. */
export function oidcRoutes(deps: OidcRouteOptions): Router {
  const { oidc, logger } = deps;
  const { router, route } = contractRouter('/api/auth');
  const stateCookie = (request: Request) => ({ httpOnly: true, sameSite: 'lax' as const, secure: deps.secureCookies || request.secure, path: '/api/auth/oidc' });

  route(api.authMethods, ({ reply }) => {
    reply(200, { password: deps.passwords, oidc: oidc ? { name: oidc.client.settings.name } : null });
  });

  route(api.oidcStart, async ({ query, request, response }) => {
    if (!oidc) return signInError(response, 'not_configured');
    try {
      const started = await oidc.client.start(`${deps.origin(request)}${CALLBACK_PATH}`);
      oidc.logins.save({ ...started, returnTo: safeReturnTo(query.returnTo) });
      const states = [...statesIn(readCookie(request.headers.cookie, STATE_COOKIE)), started.state].slice(-STATES_KEPT);
      response.cookie(STATE_COOKIE, states.join('.'), { ...stateCookie(request), maxAge: 10 * 60_000 });
      redirect(response, started.url);
    } catch (error) {
      logger.error('auth.oidc_start_failed', { error });
      signInError(response, error instanceof OidcFailure ? error.code : 'failed');
    }
  });

  route(api.oidcCallback, async ({ query, request, response }) => {
    if (!oidc) return signInError(response, 'not_configured');
    const ip = request.ip ?? 'unknown';
    const refuse = (code: OidcErrorCode, reason: string) => {
      logger.warn('auth.oidc_refused', { ip, code, reason });
      signInError(response, code);
    };
    const state = typeof query.state === 'string' ? query.state : '';
    const browserStates = statesIn(readCookie(request.headers.cookie, STATE_COOKIE));
    const others = browserStates.filter((started) => started !== state);
    if (others.length > 0) response.cookie(STATE_COOKIE, others.join('.'), { ...stateCookie(request), maxAge: 10 * 60_000 });
    else response.clearCookie(STATE_COOKIE, stateCookie(request));
    const login = state ? oidc.logins.use(state) : null;
    if (!login) return refuse('expired', state ? 'unknown, used or expired state' : 'no state');
    if (!browserStates.includes(state)) return refuse('expired', 'the state is not one this browser started with');
    const search = request.originalUrl.includes('?') ? request.originalUrl.slice(request.originalUrl.indexOf('?')) : '';
    let identity;
    try {
      identity = await oidc.client.finish(new URL(`${deps.origin(request)}${CALLBACK_PATH}${search}`), { state, nonce: login.nonce, codeVerifier: login.codeVerifier });
    } catch (error) {
      if (error instanceof OidcFailure) return refuse(error.code, error.message);
      logger.error('auth.oidc_callback_failed', { error });
      return signInError(response, 'failed');
    }
    const match = oidc.accounts.match(identity);
    if (!match.ok) return refuse(match.code, match.reason);
    deps.startSession(request, response, match.user);
    logger.info('auth.oidc_login', { user: match.user.id, matched: match.how, ...(match.how === 'created' || match.how === 'invite' ? { department: match.user.department, role: match.user.role } : {}) });
    redirect(response, login.returnTo);
  });

  return router;
}
