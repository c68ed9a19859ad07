import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Unauthorized } from '../shared/closeCodes';
import { startTestServer } from './support/accordServer';
import { connectClient, eventually, synced } from './support/collabClient';
import { cleanupStack } from './support/cleanups';
import { ManualClock } from './support/manualClock';
import { call, createPolicy, signUpAdmin, signUpInvited, type Session } from './support/session';

/** Active sessions (issue 20): the list with devices in words, ending one or all others, and their editors closing. */

const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;
const cleanups = cleanupStack();
let server: TestServer;
let clock: ManualClock;
let admin: Session;

beforeAll(async () => {
  clock = new ManualClock(Date.now());
  server = await startTestServer({ clock });
  admin = await signUpAdmin(server.url);
});
afterAll(() => server.close());

async function signInAs(person: Session, userAgent: string): Promise<string> {
  const response = await call(server.url, '/api/auth/login', { json: { email: person.user.email, password: 'correct horse battery' }, headers: { 'user-agent': userAgent } });
  expect(response.status).toBe(200);
  const setCookie = response.headers.getSetCookie().find((value) => value.startsWith('accord_session='))!;
  return setCookie.split(';')[0]!;
}

describe('active sessions', () => {
  it('lists each browser with its device in words, the asking one marked current, most recently used first', async () => {
    const person = await signUpInvited(server.url, admin, 'hr', 'editor', 'Hana HR');
    const laptop = await signInAs(person, CHROME_WINDOWS);
    clock.advance(5 * 60_000);
    const phone = await signInAs(person, SAFARI_IPHONE);
    clock.advance(5 * 60_000);
    // The laptop is used again, later than the phone signed in.
    expect((await call(server.url, '/api/me', { cookie: laptop })).status).toBe(200);

    const listed = await call(server.url, '/api/me/sessions', { cookie: phone, headers: { 'user-agent': SAFARI_IPHONE } });
    expect(listed.status).toBe(200);
    expect(listed.body.map((session: { device: string }) => session.device)).toEqual(['Safari on iPhone', 'Chrome on Windows', 'A script']);
    const current = listed.body.filter((session: { current: boolean }) => session.current);
    expect(current).toHaveLength(1);
    expect(current[0].device).toBe('Safari on iPhone');
    const laptopEntry = listed.body.find((session: { device: string }) => session.device === 'Chrome on Windows');
    expect(laptopEntry.lastSeenAt).toBe(clock.now());
    expect(laptopEntry.createdAt).toBe(clock.now() - 10 * 60_000);
    // The handle is short and is not the cookie's secret.
    for (const session of listed.body) {
      expect(session.id).toMatch(/^[0-9a-f]{16}$/);
      expect(laptop).not.toContain(session.id);
    }
  });

  it('writes "last seen" at most once a minute per session', async () => {
    const person = await signUpInvited(server.url, admin, 'legal', 'editor', 'Lee Legal');
    const cookie = await signInAs(person, FIREFOX_LINUX);
    const lastSeen = async () => (await call(server.url, '/api/me/sessions', { cookie })).body.find((session: { current: boolean }) => session.current).lastSeenAt as number;
    const signedInAt = clock.now();
    clock.advance(59_000);
    expect(await lastSeen()).toBe(signedInAt);
    clock.advance(2_000);
    expect(await lastSeen()).toBe(signedInAt + 61_000);
    clock.advance(30_000);
    expect(await lastSeen()).toBe(signedInAt + 61_000);
  });

  it('ends one session by its handle, and refuses a handle that is not yours', async () => {
    const person = await signUpInvited(server.url, admin, 'marketing', 'editor', 'Mo Marketing');
    const laptop = await signInAs(person, CHROME_WINDOWS);
    const phone = await signInAs(person, SAFARI_IPHONE);
    const listed = await call(server.url, '/api/me/sessions', { cookie: laptop });
    const phoneEntry = listed.body.find((session: { device: string }) => session.device === 'Safari on iPhone');

    const othersHandle = (await call(server.url, '/api/me/sessions', { cookie: admin.cookie })).body[0].id;
    const refused = await call(server.url, `/api/me/sessions/${othersHandle}`, { method: 'DELETE', cookie: laptop });
    expect(refused.status).toBe(404);
    expect(refused.body.error).toMatch(/None of your sessions/);
    expect((await call(server.url, '/api/me', { cookie: admin.cookie })).status).toBe(200);

    const ended = await call(server.url, `/api/me/sessions/${phoneEntry.id}`, { method: 'DELETE', cookie: laptop });
    expect(ended.status).toBe(200);
    expect(ended.body).toEqual({ ended: 1 });
    expect((await call(server.url, '/api/me', { cookie: phone })).status).toBe(401);
    expect((await call(server.url, '/api/me', { cookie: laptop })).status).toBe(200);
  });

  it('"sign out everywhere else" ends the other sessions, closes their open editors at once and keeps this one', async () => {
    const person = await signUpInvited(server.url, admin, 'communications', 'editor', 'Cora Comms');
    const policyId = await createPolicy(server.url, person, { title: 'Sessions policy' });
    const laptop = await signInAs(person, CHROME_WINDOWS);
    const phone = await signInAs(person, SAFARI_IPHONE);

    const editor = connectClient(server.url, policyId, { headers: { cookie: phone } });
    cleanups.push(() => editor.destroy());
    const closes: number[] = [];
    editor.provider.on('connection-close', (event: { code: number } | null) => {
      if (event) closes.push(event.code);
    });
    await synced(editor);
    const adminEditor = connectClient(server.url, policyId, { headers: { cookie: admin.cookie } });
    cleanups.push(() => adminEditor.destroy());

    const ended = await call(server.url, '/api/me/sessions', { method: 'DELETE', cookie: laptop });
    expect(ended.status).toBe(200);
    // The sign-up session, the phone: two.
    expect(ended.body).toEqual({ ended: 2 });
    await eventually(() => expect(closes).toContain(Unauthorized.code), 1_000);
    expect((await call(server.url, '/api/me', { cookie: phone })).status).toBe(401);
    expect((await call(server.url, '/api/me', { cookie: person.cookie })).status).toBe(401);
    expect((await call(server.url, '/api/me', { cookie: laptop })).status).toBe(200);
    const left = await call(server.url, '/api/me/sessions', { cookie: laptop });
    expect(left.body).toHaveLength(1);
    expect(left.body[0]).toMatchObject({ current: true, device: 'Chrome on Windows' });

    const again = await call(server.url, '/api/me/sessions', { method: 'DELETE', cookie: laptop });
    expect(again.body).toEqual({ ended: 0 });
  });

  it('needs a session', async () => {
    expect((await call(server.url, '/api/me/sessions')).status).toBe(401);
    expect((await call(server.url, '/api/me/sessions', { method: 'DELETE' })).status).toBe(401);
  });
});
