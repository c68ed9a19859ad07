import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from './support/accordServer';
import { call, signUpAdmin, type Session } from './support/session';

describe('template search over the API', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let admin: Session;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await signUpAdmin(server.url, 'marketing');
  });
  afterAll(() => server.close());

  it('finds a template by a word in its text, with the section and the marked words', async () => {
    const found = await call(server.url, '/api/templates?q=HIPAA', { cookie: admin.cookie });
    expect(found.status).toBe(200);
    expect(found.body.map((template: { id: string }) => template.id)).toEqual(['healthcare-provider']);
    const match = found.body[0].matches[0];
    expect(match.section).toBe('Generative AI and synthetic media');
    expect(match.snippet).toContainEqual({ text: 'HIPAA', match: true });
  });

  it('lists everything, without matches, when there is no search, and nothing for words no template has', async () => {
    const all = await call(server.url, '/api/templates', { cookie: admin.cookie });
    expect(all.body.length).toBeGreaterThan(1);
    expect(all.body.every((template: object) => !('matches' in template))).toBe(true);
    const none = await call(server.url, '/api/templates?q=zzyzx', { cookie: admin.cookie });
    expect(none).toMatchObject({ status: 200, body: [] });
  });

  it('refuses a search longer than 200 characters with a clear error', async () => {
    const long = await call(server.url, `/api/templates?q=${'a'.repeat(201)}`, { cookie: admin.cookie });
    expect(long.status).toBe(400);
    expect(long.body.field).toBe('q');
  });
});
