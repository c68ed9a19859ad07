import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from './support/accordServer';
import { signUpAdmin, type Session } from './support/session';

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: Session;
beforeAll(async () => {
  server = await startTestServer();
  admin = await signUpAdmin(server.url);
});
afterAll(() => server.close());

async function api(path: string, init: RequestInit & { json?: unknown } = {}) {
  const response = await fetch(server.url + path, {
    ...init,
    headers: { 'content-type': 'application/json', cookie: admin.cookie, ...(init.headers ?? {}) },
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

describe('REST API', () => {
  it('answers health', async () => {
    expect(await api('/api/health')).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('asks browsers to keep no copy of an answer and never answers 304', async () => {
    const first = await api('/api/me');
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.headers.get('etag')).toBeNull();
    // A browser that had an old copy asks with If-None-Match; the server answers in full anyway.
    const again = await api('/api/me', { headers: { 'if-none-match': 'W/"anything"' } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: admin.user.id });
  });

  it('creates, lists and reads a policy', async () => {
    const created = await api('/api/policies', { method: 'POST', json: { title: 'Our policy' } });
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^[A-Za-z0-9]{16}$/);
    const list = await api('/api/policies');
    expect(list.body.map((policy: { id: string }) => policy.id)).toContain(created.body.id);
    const one = await api(`/api/policies/${created.body.id}`);
    expect(one.body).toMatchObject({ id: created.body.id, title: 'Our policy' });
    expect(one.body.sections).toHaveLength(1);
    expect(one.body.sections[0].hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers 404 with a JSON error for an unknown policy', async () => {
    const response = await api('/api/policies/unknownPolicyId1');
    expect(response.status).toBe(404);
    expect(response.body.error).toMatch(/no policy/i);
  });

  it('answers 400 naming the problem for invalid JSON and missing fields', async () => {
    const invalid = await api('/api/policies', { method: 'POST', body: '{"title": ' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatch(/not valid JSON/);
    const missing = await api('/api/policies', { method: 'POST', json: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/^title/);
    const wrongType = await api('/api/policies', { method: 'POST', json: { title: 42 } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.field).toBe('title');
  });

  it('answers 404 JSON for an unknown API route', async () => {
    const response = await api('/api/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body.error).toMatch(/No such API route/);
  });
});
