import type express from 'express';
import type { Request, RequestHandler } from 'express';
import { sessionUserOf } from './auth/access';
import type { Logger } from './logger';
import { adminPasswordResetRoutes, passwordResetRoutes, profileRoutes } from './routes/profile';
import type { AccountService } from './services/accounts';
import { PasswordResetService, type MailQueue } from './services/passwordResets';
import { ProfileService } from './services/profile';
import { SignInLimiter, type SignInLimits } from './services/rateLimiter';
import { SessionService } from './services/sessions';
import type { SqliteDatabase } from './storage/database';

export interface AccountSelfServiceDeps {
  db: SqliteDatabase;
  accounts: AccountService;
  logger: Logger;
  cookie: { name: string; secure: boolean };
  publicOrigin: (request: Request) => string;
  limits?: Partial<SignInLimits>;
  /** The server's one sign-in limiter, shared with the sign-in routes (built from `limits` when not given). */
  limiter?: SignInLimiter;
  /** The outbox; without one, reset links are only shown to admins. */
  mail?: MailQueue | null;
  /** Whether an account may use a local password (single sign-on only: the break-glass admin alone); all may when not given. */
  mayUsePassword?: (userId: string) => boolean;
}

/**
 * What people do for their own account (issue 20): password resets, profile, e-mail settings and
 * sessions. One place that builds the services and mounts their routes, so `app.ts` needs two lines.
 */
export function accountSelfService(deps: AccountSelfServiceDeps) {
  const sessions = new SessionService(deps.db, deps.accounts);
  const resets = new PasswordResetService(deps.db, deps.accounts, sessions, deps.mail ?? null, deps.mayUsePassword);
  const profile = new ProfileService(deps.db, deps.accounts, sessions, resets, deps.mail ?? null, deps.mayUsePassword);
  const limiter = deps.limiter ?? new SignInLimiter(deps.limits ?? {}, deps.accounts.clock);
  const routeDeps = { accounts: deps.accounts, sessions, profile, resets, logger: deps.logger, cookie: deps.cookie, publicOrigin: deps.publicOrigin, limiter };
  /**
   * Notes each request's session as used (at most one write a minute per session), and when the
   * answer starts a new session (its Set-Cookie), which browser it is for.
   */
  const touchSessions: RequestHandler = (request, response, next) => {
    try {
      // The session is looked up here, once for the whole request: requireSession reuses it.
      if (sessionUserOf(request, deps.accounts)) sessions.touch(request.sessionId);
    } catch (error) {
      // "Last seen" is a convenience: a busy or failing database must not refuse the request for it.
      deps.logger.warn('sessions.touch_failed', { error: (error as Error).message });
    }
    response.once('finish', () => {
      const started = newSessionId(response.getHeader('set-cookie'), deps.cookie.name);
      if (!started) return;
      try {
        sessions.recordDevice(started, request.headers['user-agent']);
      } catch (error) {
        deps.logger.warn('sessions.device_failed', { error: (error as Error).message });
      }
    });
    next();
  };
  return {
    sessions,
    resets,
    profile,
    touchSessions,
    mount(app: express.Express): void {
      app.use('/api/auth', passwordResetRoutes(routeDeps));
      app.use('/api/me', profileRoutes(routeDeps));
      app.use('/api/users', adminPasswordResetRoutes(routeDeps));
    },
  };
}

/** The session id a Set-Cookie header starts, if it sets the session cookie to a value. */
function newSessionId(header: number | string | string[] | undefined, cookieName: string): string | null {
  for (const line of Array.isArray(header) ? header : typeof header === 'string' ? [header] : []) {
    const [pair] = line.split(';');
    const index = pair?.indexOf('=') ?? -1;
    if (index < 0 || pair!.slice(0, index).trim() !== cookieName) continue;
    const value = decodeURIComponent(pair!.slice(index + 1).trim());
    if (value) return value;
  }
  return null;
}
