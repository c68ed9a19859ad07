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
  /** Notes each request's session as used (at most one write a minute per session). */
  const touchSessions: RequestHandler = (request, _response, next) => {
    try {
      // The session is looked up here, once for the whole request: requireSession reuses it.
      if (sessionUserOf(request, deps.accounts)) sessions.touch(request.sessionIdHash);
    } catch (error) {
      // "Last seen" is a convenience: a busy or failing database must not refuse the request for it.
      deps.logger.warn('sessions.touch_failed', { error: (error as Error).message });
    }
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
