import { describe, expect, it, vi } from 'vitest';
import { digestSecret } from '../server/services/secretDigest';
import { startTestServerUntil } from './support/accordServer';
import { cleanupStack } from './support/cleanups';
import { ManualClock } from './support/manualClock';
import { call, signUpAdmin } from './support/session';

// The real digest, wrapped so the test can count how often a request hashes a secret.
vi.mock('../server/services/secretDigest', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../server/services/secretDigest')>();
  return { digestSecret: vi.fn(actual.digestSecret) };
});

/** The session cookie of an /api request is looked up once, however many routers check it. */

const cleanups = cleanupStack();

describe('session lookups', () => {
  it('one lookup per request, signed in or not, and a signed-out request still gets the same 401', async () => {
    const server = await startTestServerUntil(cleanups);
    const admin = await signUpAdmin(server.url);
    let lookups = 0;
    const original = server.accounts.sessionFor.bind(server.accounts);
    server.accounts.sessionFor = (sessionId) => {
      lookups += 1;
      return original(sessionId);
    };
    const lookupsFor = async (path: string, cookie?: string) => {
      lookups = 0;
      const answer = await call(server.url, path, cookie ? { cookie } : {});
      return { answer, lookups };
    };

    const me = await lookupsFor('/api/me', admin.cookie);
    expect(me.answer.status).toBe(200);
    expect(me.answer.body).toMatchObject({ id: admin.user.id });
    expect(me.lookups).toBe(1);
    // Past the /api/me router and the profile router, to the notification settings and to the app's own check.
    for (const path of ['/api/me/sessions', '/api/me/notifications', '/api/policies']) {
      const signedIn = await lookupsFor(path, admin.cookie);
      expect(signedIn.answer.status, path).toBe(200);
      expect(signedIn.lookups, path).toBe(1);
    }

    for (const path of ['/api/me', '/api/me/sessions', '/api/policies']) {
      for (const cookie of [undefined, 'accord_session=not-a-session']) {
        const signedOut = await lookupsFor(path, cookie);
        expect(signedOut.answer.status, path).toBe(401);
        expect(signedOut.answer.body, path).toEqual({ error: 'Please sign in' });
        expect(signedOut.lookups, path).toBe(1);
      }
    }
  });

  it('hashes the session cookie once for a signed-in GET /api/policies, "last seen" write included', async () => {
    const clock = new ManualClock(Date.now());
    const server = await startTestServerUntil(cleanups, { clock });
    const admin = await signUpAdmin(server.url);
    const digest = vi.mocked(digestSecret);
    // The second request comes a minute later, so it also writes "last seen" (the path that used to hash the cookie again).
    for (const round of ['same minute', 'a minute later']) {
      if (round === 'a minute later') clock.advance(61_000);
      digest.mockClear();
      const answer = await call(server.url, '/api/policies', { cookie: admin.cookie });
      expect(answer.status, round).toBe(200);
      expect(digest.mock.calls.length, round).toBe(1);
      expect(digest.mock.calls[0]![0], round).toBe(admin.cookie.replace(/^[^=]+=/, ''));
    }
    const secondRequestAt = clock.now();
    // Within the minute, so the list's own request writes nothing: what it shows is the second request's write.
    clock.advance(30_000);
    const sessions = await call(server.url, '/api/me/sessions', { cookie: admin.cookie });
    expect(sessions.body).toMatchObject([{ current: true, lastSeenAt: secondRequestAt }]);
  });
});
