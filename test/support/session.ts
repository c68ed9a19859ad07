import type { DepartmentId } from '../../shared/departments';

export interface Session {
  cookie: string;
  user: { id: string; email: string; name: string; department: DepartmentId; role: 'admin' | 'editor' | 'viewer' };
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

function sessionCookie(headers: Headers): string {
  const setCookie = headers.getSetCookie().find((value) => value.startsWith('accord_session='));
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
export async function signUpInvited(baseUrl: string, admin: Session, department: DepartmentId, role: 'admin' | 'editor' | 'viewer' = 'editor', name = `${department} person`): Promise<Session> {
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
