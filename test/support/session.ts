import http from 'node:http';
import type { DepartmentId } from '../../shared/departments';

export interface Session {
  cookie: string;
  user: { id: string; email: string; name: string; department: DepartmentId; role: 'admin' | 'editor' | 'commenter' | 'viewer' };
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Calls the API as a script would (no Origin header), optionally with a session cookie. */
export async function call<T = any>(baseUrl: string, path: string, options: { method?: string; json?: unknown; body?: string; cookie?: string; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.json !== undefined || options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.cookie) headers.cookie = options.cookie;
  const response = await fetch(baseUrl + path, {
    method: options.method ?? (options.json !== undefined ? 'POST' : 'GET'),
    headers,
    body: options.json !== undefined ? JSON.stringify(options.json) : options.body,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON; keep the text so the assertion shows it
  }
  return { status: response.status, body: body as T, headers: response.headers };
}

/** True for the Set-Cookie of a session: `accord_session=…`, or `__Host-accord_session=…` behind https. */
export function isSessionSetCookie(value: string): boolean {
  return value.startsWith('accord_session=') || value.startsWith('__Host-accord_session=');
}

function sessionCookie(headers: Headers): string {
  const setCookie = headers.getSetCookie().find(isSessionSetCookie);
  if (!setCookie) throw new Error('no session cookie in the answer');
  return setCookie.split(';')[0]!;
}

let counter = 0;

/** Creates the first account (an admin) of a fresh server. */
export async function signUpAdmin(baseUrl: string, department: DepartmentId = 'communications', name = 'Ada Admin'): Promise<Session> {
  const response = await call(baseUrl, '/api/auth/signup', { json: { email: `admin${++counter}@example.org`, name, password: 'correct horse battery', department } });
  if (response.status !== 201) throw new Error(`admin sign-up failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { cookie: sessionCookie(response.headers), user: response.body };
}

/** An admin invites a person of a department and role, who signs up through the invite. */
export async function signUpInvited(baseUrl: string, admin: Session, department: DepartmentId, role: 'admin' | 'editor' | 'commenter' | 'viewer' = 'editor', name = `${department} person`): Promise<Session> {
  const invite = await call(baseUrl, '/api/invites', { json: { department, role }, cookie: admin.cookie });
  if (invite.status !== 201) throw new Error(`invite failed: ${invite.status} ${JSON.stringify(invite.body)}`);
  const response = await call(baseUrl, '/api/auth/signup', {
    json: { email: `${department}${++counter}@example.org`, name, password: 'correct horse battery', invite: invite.body.token },
  });
  if (response.status !== 201) throw new Error(`invited sign-up failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { cookie: sessionCookie(response.headers), user: response.body };
}

/** Creates a policy as this person; returns its id. */
export async function createPolicy(baseUrl: string, session: Session, body: { title: string; templateId?: string; organization?: string } = { title: 'Social media policy' }): Promise<string> {
  const response = await call(baseUrl, '/api/policies', { json: body, cookie: session.cookie });
  if (response.status !== 201) throw new Error(`policy creation failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id;
}

/** The session cookie (`accord_session=…` or `__Host-accord_session=…`) an answer sets, or null when it sets none. */
export function sessionCookieOf(headers: Headers): string | null {
  const setCookie = headers.getSetCookie().find(isSessionSetCookie);
  return setCookie ? setCookie.split(';')[0]! : null;
}

/** The session id inside a cookie (`accord_session=<id>`), as scripts send it in `Authorization: Bearer <id>`. */
export function sessionToken(cookie: string): string {
  return decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1));
}

/**
 * Calls the server with node:http, which lets a test choose what fetch does not: the local
 * address the request comes from (127.0.0.2 and 127.0.0.3 stand for different people) and the
 * Host header (a DNS rebinding page sends its own name).
 */
export function callFrom<T = any>(
  baseUrl: string,
  path: string,
  options: { method?: string; json?: unknown; cookie?: string; headers?: Record<string, string>; localAddress?: string; host?: string } = {},
): Promise<ApiResponse<T> & { cookie: string | null; setCookies: string[] }> {
  const url = new URL(baseUrl);
  const body = options.json !== undefined ? JSON.stringify(options.json) : undefined;
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (options.cookie) headers.cookie = options.cookie;
  if (options.host) headers.host = options.host;
  return new Promise((resolve, reject) => {
    const request = http.request(
      { hostname: url.hostname, port: url.port, path, method: options.method ?? (body !== undefined ? 'POST' : 'GET'), headers, agent: false, ...(options.localAddress ? { localAddress: options.localAddress } : {}) },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            // not JSON; keep the text so the assertion shows it
          }
          const answerHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) answerHeaders.append(name, one);
          }
          const setCookies = answerHeaders.getSetCookie();
          const session = setCookies.find(isSessionSetCookie);
          resolve({ status: response.statusCode ?? 0, body: parsed as T, headers: answerHeaders, setCookies, cookie: session ? session.split(';')[0]! : null });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Signs in with email and password as a script would; `cookie` is set when it worked. */
export async function login(baseUrl: string, email: string, password = 'correct horse battery'): Promise<ApiResponse & { cookie: string | null }> {
  const response = await call(baseUrl, '/api/auth/login', { json: { email, password } });
  return { ...response, cookie: sessionCookieOf(response.headers) };
}

/** Creates an invite as an admin; returns its token. */
export async function createInvite(baseUrl: string, admin: Session, department: DepartmentId, role: 'admin' | 'editor' | 'commenter' | 'viewer' = 'editor'): Promise<string> {
  const invite = await call(baseUrl, '/api/invites', { json: { department, role }, cookie: admin.cookie });
  if (invite.status !== 201) throw new Error(`invite failed: ${invite.status} ${JSON.stringify(invite.body)}`);
  return invite.body.token;
}

export interface ServerEvent {
  event: string;
  data: any;
}

/** A server-sent event stream read with fetch, as a script would read it. */
export interface EventStream {
  /** Every event received so far, in order. */
  events: ServerEvent[];
  /** Resolves with the first event (already received or still to come) that matches. */
  next(matches: (event: ServerEvent) => boolean, timeoutMs?: number): Promise<ServerEvent>;
  close(): void;
}

/** Opens a server-sent event stream (`event:` / `data:` lines) with a session cookie. */
export async function openEventStream(baseUrl: string, path: string, cookie: string): Promise<EventStream> {
  const controller = new AbortController();
  const response = await fetch(baseUrl + path, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal });
  if (response.status !== 200 || !response.body) throw new Error(`event stream refused: ${response.status}`);
  const events: ServerEvent[] = [];
  const waiters = new Set<() => void>();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
          }
          if (data.length === 0) continue;
          const text = data.join('\n');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // keep the text
          }
          events.push({ event, data: parsed });
          for (const wake of [...waiters]) wake();
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    events,
    next(matches, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(matches);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; received: ${JSON.stringify(events.map((event) => event.event))}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close() {
      controller.abort();
    },
  };
}
