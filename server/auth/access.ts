import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpError } from '../httpError';
import type { AccountService, Role, User } from '../services/accounts';

export const SESSION_COOKIE = 'accord_session';
/** The cookie's name when the public origin is https: browsers accept it only Secure, for this host, on path /. */
export const SECURE_SESSION_COOKIE = '__Host-accord_session';

/** The session cookie's name for a public origin (ACCORD_ORIGIN). */
export function sessionCookieName(origin: string | undefined): string {
  return origin?.toLowerCase().startsWith('https:') ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** The signed-in user, set by requireSession. */
    user?: User;
    sessionId?: string;
    /** The stored hash of `sessionId`, computed once when the session was looked up. */
    sessionIdHash?: string;
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

/**
 * The session id of a request: the cookie, or for scripts an `Authorization: Bearer` header.
 * Never the URL (`?token=`), which ends up in logs, history and Referer headers. The cookie's
 * name is the server's (`app.locals.sessionCookie` on Express requests; pass it for upgrades).
 */
export function sessionIdOf(request: IncomingMessage, cookieName?: string): string | undefined {
  const name = cookieName ?? (request as { app?: { locals?: { sessionCookie?: string } } }).app?.locals?.sessionCookie ?? SESSION_COOKIE;
  const cookie = readCookie(request.headers.cookie, name);
  if (cookie) return cookie;
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice(7).trim() || undefined;
  return undefined;
}

/** True for a listen address only this machine can reach. */
export function isLoopbackAddress(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) || name === '::ffff:127.0.0.1';
}

const HOST_HEADER = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;

/** A Host header (or an origin's host) read as a URL of this scheme, or null when it is not a plain host[:port]. */
function parseHost(host: string, protocol: string): URL | null {
  if (!HOST_HEADER.test(host)) return null;
  try {
    return new URL(`${protocol}//${host}`);
  } catch {
    return null;
  }
}

function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/**
 * The names this server answers to, against DNS rebinding: the host of the public origin
 * (ACCORD_ORIGIN) when it is set, else a loopback name or address with the listening port. A
 * page of another site that rebinds its own name to our address sends its name as Host and
 * Origin, so neither may be trusted just because they agree with each other.
 */
export class HostRules {
  private readonly origin: URL | null;

  constructor(
    configuredOrigin: string | undefined,
    private readonly listeningPort: () => number,
  ) {
    let origin: URL | null = null;
    try {
      origin = configuredOrigin ? new URL(configuredOrigin) : null;
    } catch {
      // below
    }
    if (configuredOrigin && (!origin || !/^https?:$/.test(origin.protocol))) {
      throw new Error(`ACCORD_ORIGIN must be the address people open, like https://policy.example.org, not "${configuredOrigin}"`);
    }
    this.origin = origin;
  }

  allowsHost(host: string | undefined): boolean {
    if (!host) return false;
    if (this.origin) return parseHost(host, this.origin.protocol)?.host === this.origin.host;
    const url = parseHost(host, 'http:');
    return url !== null && isLoopbackAddress(url.hostname) && portOf(url) === this.listeningPort();
  }

  /** True when a browser origin is one of ours (scripts send none and are not asked). */
  allowsOrigin(origin: string): boolean {
    if (this.origin) return origin.toLowerCase() === this.origin.origin;
    const match = /^(https?:)\/\/(.+)$/i.exec(origin);
    if (!match) return false;
    const url = parseHost(match[2]!, match[1]!.toLowerCase());
    return url !== null && isLoopbackAddress(url.hostname) && portOf(url) === this.listeningPort();
  }

  /** True when a browser origin is present and is not ours (an opaque `null` origin is foreign). */
  isForeignOrigin(request: IncomingMessage): boolean {
    const origin = request.headers.origin;
    return origin !== undefined && !this.allowsOrigin(origin);
  }

  /** What a person reads when they reached us under a name we do not answer to. */
  wrongHostMessage(): string {
    const home = this.origin ? this.origin.origin : `http://localhost:${this.listeningPort()}`;
    return `Accord is not served at this address. Open it at ${home}.`;
  }

  /** Answers 421 to every request whose Host is not ours. */
  refuseOtherHosts(): RequestHandler {
    return (request, response, next) => {
      if (this.allowsHost(request.headers.host)) return next();
      response.setHeader('Connection', 'close');
      response.status(421).json({ error: this.wrongHostMessage() });
    };
  }

  /** Answers 421 on a socket whose upgrade request has a Host that is not ours; true when it did. */
  refuseUpgrade(request: IncomingMessage, socket: Duplex): boolean {
    if (this.allowsHost(request.headers.host)) return false;
    const body = JSON.stringify({ error: this.wrongHostMessage() });
    socket.end(`HTTP/1.1 421 Misdirected Request\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    return true;
  }
}

/**
 * The one-time token that guards the first account on a server others can reach: the
 * operator's (ACCORD_SETUP_TOKEN) or a fresh one, printed at start. Null when none is needed
 * (loopback listener, or accounts exist already).
 */
export function setupTokenFor(options: { host: string; given?: string | undefined; hasUsers: boolean }): string | null {
  if (options.hasUsers || isLoopbackAddress(options.host)) return null;
  return options.given?.trim() || randomBytes(24).toString('base64url');
}

/** Compares two secrets in constant time (their digests, so lengths do not show either). */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The origin of links this server hands out (invites); the Host has passed HostRules by then. */
export function ownOrigin(request: IncomingMessage, configured: string | undefined): string {
  if (configured) return configured.replace(/\/$/, '');
  const encrypted = (request.socket as { encrypted?: boolean }).encrypted === true;
  return `${encrypted ? 'https' : 'http'}://${request.headers.host ?? ''}`;
}

/** Refuses state-changing requests made by pages of another origin (cross-site request forgery). */
export function refuseForeignOrigins(hosts: HostRules): RequestHandler {
  return (request, _response, next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS' && hosts.isForeignOrigin(request)) {
      throw new HttpError(403, 'Requests from other websites are not allowed');
    }
    next();
  };
}

/** Each request's session as first looked up (null: signed out), so the lookup happens once however many middlewares ask. */
const sessionsOfRequests = new WeakMap<Request, User | null>();

/**
 * The signed-in user of a request, or null: looked up on the first call (which sets
 * `request.user`, `request.sessionId` and `request.sessionIdHash`), and the same answer for every later call.
 */
export function sessionUserOf(request: Request, accounts: AccountService): User | null {
  if (sessionsOfRequests.has(request)) return sessionsOfRequests.get(request) ?? null;
  const sessionId = sessionIdOf(request);
  const session = accounts.sessionFor(sessionId);
  sessionsOfRequests.set(request, session?.user ?? null);
  if (session) {
    request.user = session.user;
    request.sessionId = sessionId!;
    request.sessionIdHash = session.idHash;
  }
  return session?.user ?? null;
}

export function requireSession(accounts: AccountService): RequestHandler {
  return (request: Request, _response: Response, next: NextFunction) => {
    if (!sessionUserOf(request, accounts)) throw new HttpError(401, 'Please sign in');
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
      const message =
        user.role === 'viewer' ? 'Viewers can read but not change anything'
        : user.role === 'commenter' ? 'Commenters can read and comment but not change, sign or share anything'
        : 'Only admins can do this';
      throw new HttpError(403, message);
    }
    next();
  };
}

/** Under /api: a policy's comment threads, the only thing a commenter account may change. */
const COMMENT_PATH = /^\/policies\/[^/]+\/threads(\/|$)/;

/** Viewers may read everything and change nothing; commenters may change nothing but comments. */
export const refuseViewersChanging: RequestHandler = (request, _response, next) => {
  if (request.method === 'GET' || request.method === 'HEAD') return next();
  const role = currentUser(request).role;
  if (role === 'viewer') throw new HttpError(403, 'Viewers can read but not change anything');
  if (role === 'commenter' && !COMMENT_PATH.test(request.path)) {
    throw new HttpError(403, 'Commenters can read and comment but not change, sign or share anything');
  }
  next();
};
