import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/storage/database';
import { startTestServer, startTestServerUntil } from './support/accordServer';
import { cleanupStack } from './support/cleanups';
import { ManualClock } from './support/manualClock';
import { call, login, sessionCookieOf, signUpAdmin, signUpInvited, type Session } from './support/session';
import { linkIn, TestSmtpServer } from './support/smtp';

/** Password reset (issue 20): "Forgot password" by e-mail, admin-sent resets, single use, 30 minutes, sessions ended. */

type TestServer = Awaited<ReturnType<typeof startTestServer>>;
const cleanups = cleanupStack();
const NEW_PASSWORD = 'violet tractor marmalade';
let smtp: TestSmtpServer;
let server: TestServer;
let clock: ManualClock;
let admin: Session;

beforeAll(async () => {
  smtp = await TestSmtpServer.start();
  clock = new ManualClock(Date.now());
  server = await startTestServer({ clock, mail: { smtpUrl: smtp.url } });
  admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
});
afterAll(async () => {
  await server.close();
  await smtp.stop();
});

const forgot = (email: string, url = server.url) => call(url, '/api/auth/password-reset', { json: { email } });
const reset = (link: string, password: string, url = server.url) => call(url, new URL(link).pathname.replace('/reset-password/', '/api/auth/password-reset/'), { json: { password } });

async function resetLinkFor(email: string): Promise<string> {
  const before = smtp.to(email).length;
  expect((await forgot(email)).status).toBe(200);
  const mail = await smtp.waitForMessage((message) => message.to.includes(email) && smtp.to(email).indexOf(message) >= before);
  return linkIn(mail, '/reset-password/');
}

describe('forgot password', () => {
  it('mails a link; the new password must follow the rules; using it ends every old session and signs this browser in', async () => {
    const person = await signUpInvited(server.url, admin, 'hr', 'editor', 'Hana HR');
    const laptop = (await login(server.url, person.user.email)).cookie!;

    const link = await resetLinkFor(person.user.email);
    expect(link).toMatch(new RegExp(`^${server.url}/reset-password/[A-Za-z0-9_-]{40,}$`));
    const mail = smtp.to(person.user.email).at(-1)!;
    expect(mail.subject).toBe('Choose a new password for Accord');
    expect(mail.text).toContain('Hello Hana HR,');
    expect(mail.text).toContain('The link works once, for 30 minutes.');

    const common = await reset(link, 'Password123!');
    expect(common.status).toBe(400);
    expect(common.body).toMatchObject({ field: 'password' });
    expect(common.body.error).toMatch(/list of commonly used passwords/);
    const ownName = await reset(link, 'Hana HR');
    expect(ownName.status).toBe(400);

    const done = await reset(link, NEW_PASSWORD);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id: person.user.id, email: person.user.email });
    const fresh = sessionCookieOf(done.headers);
    expect(fresh).not.toBeNull();
    expect((await call(server.url, '/api/me', { cookie: fresh! })).status).toBe(200);
    // Every session from before is refused.
    expect((await call(server.url, '/api/me', { cookie: person.cookie })).status).toBe(401);
    expect((await call(server.url, '/api/me', { cookie: laptop })).status).toBe(401);
    expect((await login(server.url, person.user.email)).status).toBe(401);
    expect((await login(server.url, person.user.email, NEW_PASSWORD)).status).toBe(200);

    const reused = await reset(link, 'another fine sentence here');
    expect(reused.status).toBe(410);
    expect(reused.body.error).toMatch(/has been used already/);
  });

  it('answers the same for an address without an account, and sends nothing there', async () => {
    const person = await signUpInvited(server.url, admin, 'legal', 'editor', 'Lee Legal');
    const known = await forgot(person.user.email);
    const unknown = await forgot('nobody-here@example.org');
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual({ ...known.body, message: known.body.message.replace(person.user.email, 'nobody-here@example.org') });
    expect(Object.keys(Object.fromEntries(unknown.headers))).toEqual(Object.keys(Object.fromEntries(known.headers)));
    await smtp.waitForMessage((message) => message.to.includes(person.user.email));
    await server.outbox.flush();
    expect(smtp.to('nobody-here@example.org')).toEqual([]);
  });

  it('takes similar time whether or not the address has an account', async () => {
    const person = await signUpInvited(server.url, admin, 'it', 'editor', 'Fin IT');
    const timed = async (email: string) => {
      const started = performance.now();
      await forgot(email);
      return performance.now() - started;
    };
    const knownTimes: number[] = [];
    const unknownTimes: number[] = [];
    for (let round = 0; round < 3; round++) {
      knownTimes.push(await timed(person.user.email));
      unknownTimes.push(await timed(`nobody${round}@example.org`));
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[1]!;
    expect(Math.abs(median(knownTimes) - median(unknownTimes))).toBeLessThan(100);
    expect(median(unknownTimes)).toBeGreaterThanOrEqual(140);
  });

  it('refuses a link after 30 minutes, a made-up link, and earlier links once a newer one is used', async () => {
    const person = await signUpInvited(server.url, admin, 'marketing', 'editor', 'Mo Marketing');
    const expiring = await resetLinkFor(person.user.email);
    clock.advance(31 * 60_000);
    const expired = await reset(expiring, NEW_PASSWORD);
    expect(expired.status).toBe(410);
    expect(expired.body.error).toMatch(/expired/);

    const madeUp = await call(server.url, '/api/auth/password-reset/not-a-real-token', { json: { password: NEW_PASSWORD } });
    expect(madeUp.status).toBe(400);
    expect(madeUp.body.error).toMatch(/This reset link is not valid/);

    const earlier = await resetLinkFor(person.user.email);
    const later = await resetLinkFor(person.user.email);
    expect(later).not.toBe(earlier);
    expect((await reset(later, NEW_PASSWORD)).status).toBe(200);
    const stale = await reset(earlier, 'yet another good passphrase');
    expect(stale.status).toBe(410);
    expect((await login(server.url, person.user.email, NEW_PASSWORD)).status).toBe(200);
  });

  it('tells a single sign-on account by e-mail that it has no password here, answering the same as always', async () => {
    const person = await signUpInvited(server.url, admin, 'it', 'editor', 'Ida IT');
    const db = openDatabase(server.dataDir);
    // As single sign-on leaves an account it created or linked: a subject, and a hash nobody knows the password of.
    db.prepare("UPDATE users SET oidc_subject = 'sub-ida' WHERE id = ?").run(person.user.id);
    db.close();
    const answer = await forgot(person.user.email);
    expect(answer.status).toBe(200);
    const mail = await smtp.waitForMessage((message) => message.to.includes(person.user.email) && message.subject === 'About your Accord password');
    expect(mail.text).toMatch(/single sign-on/);
    expect(mail.text).not.toMatch(/reset-password/);
    const byAdmin = await call(server.url, `/api/users/${person.user.id}/password-reset`, { method: 'POST', cookie: admin.cookie });
    expect(byAdmin.status).toBe(409);
    expect(byAdmin.body.error).toMatch(/single sign-on/);
    const db2 = openDatabase(server.dataDir);
    expect(db2.prepare('SELECT COUNT(*) AS count FROM password_resets WHERE user_id = ?').get(person.user.id)).toEqual({ count: 0 });
    db2.close();
  });
});

describe('admin-sent resets', () => {
  it('mails the person a link; their sessions go on until they use it', async () => {
    const person = await signUpInvited(server.url, admin, 'hr', 'editor', 'Hal HR');
    const sent = await call(server.url, `/api/users/${person.user.id}/password-reset`, { method: 'POST', cookie: admin.cookie });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ sent: true, expiresAt: clock.now() + 30 * 60_000 });
    const mail = await smtp.waitForMessage((message) => message.to.includes(person.user.email));
    expect(mail.text).toContain('Ada Admin, an admin of');
    expect((await call(server.url, '/api/me', { cookie: person.cookie })).status).toBe(200);
    expect((await reset(linkIn(mail, '/reset-password/'), NEW_PASSWORD)).status).toBe(200);
    expect((await call(server.url, '/api/me', { cookie: person.cookie })).status).toBe(401);
  });

  it('is for admins only, and a 404 for an unknown account', async () => {
    const person = await signUpInvited(server.url, admin, 'legal', 'editor', 'Liv Legal');
    expect((await call(server.url, `/api/users/${admin.user.id}/password-reset`, { method: 'POST', cookie: person.cookie })).status).toBe(403);
    expect((await call(server.url, `/api/users/${admin.user.id}/password-reset`, { method: 'POST' })).status).toBe(401);
    expect((await call(server.url, '/api/users/nobody/password-reset', { method: 'POST', cookie: admin.cookie })).status).toBe(404);
  });

  it('answers with the link when mail is not set up, so the admin can hand it over', async () => {
    const plain = await startTestServerUntil(cleanups);
    const plainAdmin = await signUpAdmin(plain.url);
    const person = await signUpInvited(plain.url, plainAdmin, 'hr', 'editor', 'Pat HR');
    const sent = await call(plain.url, `/api/users/${person.user.id}/password-reset`, { method: 'POST', cookie: plainAdmin.cookie });
    expect(sent.status).toBe(200);
    expect(sent.body.sent).toBe(false);
    expect(sent.body.url).toMatch(/\/reset-password\/[A-Za-z0-9_-]+$/);
    expect((await reset(sent.body.url, NEW_PASSWORD, plain.url)).status).toBe(200);
    expect((await login(plain.url, person.user.email, NEW_PASSWORD)).status).toBe(200);
  });
});

describe('limits', () => {
  it('limits "Forgot password" per network like sign-in', async () => {
    const limited = await startTestServerUntil(cleanups, { authLimits: { perIp: 3 } });
    for (let attempt = 0; attempt < 3; attempt++) expect((await forgot(`someone${attempt}@example.org`, limited.url)).status).toBe(200);
    const refused = await forgot('someone@example.org', limited.url);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatch(/Too many attempts from your network/);
  });
});
