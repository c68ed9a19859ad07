import { describe, expect, it } from 'vitest';
import { startTestServerUntil } from './support/accordServer';
import { cleanupStack } from './support/cleanups';
import { call, signUpAdmin } from './support/session';

/** The session cookie of an /api request is looked up once, however many routers check it. */

const cleanups = cleanupStack();

describe('session lookups', () => {
  it('one lookup per request, signed in or not, and a signed-out request still gets the same 401', async () => {
    const server = await startTestServerUntil(cleanups);
    const admin = await signUpAdmin(server.url);
    let lookups = 0;
    const original = server.accounts.userForSession.bind(server.accounts);
    server.accounts.userForSession = (sessionId) => {
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
});
