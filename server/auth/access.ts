import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpError } from '../httpError';
import type { AccountService, Role, User } from '../services/accounts';

export const SESSION_COOKIE = 'accord_session';

declare module 'express-serve-static-core' {
  interface Request {
    /** The signed-in user, set by requireSession. */
    user?: User;
    sessionId?: string;
  }
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The session id of a request: the cookie, or for scripts a bearer token or `?token=`. */
export function sessionIdOf(request: IncomingMessage): string | undefined {
  const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
  if (cookie) return cookie;
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice(7).trim();
  const url = new URL(request.url ?? '/', 'http://localhost');
  return url.searchParams.get('token') ?? undefined;
}

/** The origin browsers will send when a page served by this server calls it. */
export function ownOrigin(request: IncomingMessage, configured: string | undefined): string {
  if (configured) return configured.replace(/\/$/, '');
  const encrypted = (request.socket as { encrypted?: boolean }).encrypted === true;
  return `${encrypted ? 'https' : 'http'}://${request.headers.host ?? ''}`;
}

/** True when a browser origin is present and is not ours (scripts send no Origin and pass). */
export function isForeignOrigin(request: IncomingMessage, configured: string | undefined): boolean {
  const origin = request.headers.origin;
  return origin !== undefined && origin !== 'null' ? origin !== ownOrigin(request, configured) : origin === 'null';
}

/** Refuses state-changing requests made by pages of another origin (cross-site request forgery). */
export function refuseForeignOrigins(configured: string | undefined): RequestHandler {
  return (request, _response, next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS' && isForeignOrigin(request, configured)) {
      throw new HttpError(403, 'Requests from other websites are not allowed');
    }
    next();
  };
}

export function requireSession(accounts: AccountService): RequestHandler {
  return (request: Request, _response: Response, next: NextFunction) => {
    const sessionId = sessionIdOf(request);
    const user = accounts.userForSession(sessionId);
    if (!user) throw new HttpError(401, 'Please sign in');
    request.user = user;
    request.sessionId = sessionId!;
    next();
  };
}

/** The signed-in user; only call behind requireSession. */
export function currentUser(request: Request): User {
  if (!request.user) throw new HttpError(401, 'Please sign in');
  return request.user;
}

/** Refuses the request unless the user has one of these roles. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (request, _response, next) => {
    const user = currentUser(request);
    if (!roles.includes(user.role)) {
      throw new HttpError(403, user.role === 'viewer' ? 'Viewers can read but not change anything' : 'Only admins can do this');
    }
    next();
  };
}

/** Viewers may read everything and change nothing. */
export const refuseViewersChanging: RequestHandler = (request, _response, next) => {
  if (request.method !== 'GET' && request.method !== 'HEAD' && currentUser(request).role === 'viewer') {
    throw new HttpError(403, 'Viewers can read but not change anything');
  }
  next();
};
