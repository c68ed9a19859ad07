import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, startTestServerUntil } from './support/accordServer';
import { cleanupStack } from './support/cleanups';
import { TestSmtpServer } from './support/smtp';
import { call, login, signUpAdmin, signUpInvited, type Session } from './support/session';

/** The profile (issue 20): name, e-mail, password change, e-mail settings; password rules at sign-up. */

type TestServer = Awaited<ReturnType<typeof startTestServer>>;
let server: TestServer;
let admin: Session;
const cleanups = cleanupStack();

beforeAll(async () => {
  server = await startTestServer();
  admin = await signUpAdmin(server.url);
});
afterAll(() => server.close());

describe('profile', () => {
  it('changes the name and the e-mail; an address another account has, in any case, is refused', async () => {
    const person = await signUpInvited(server.url, admin, 'hr', 'editor', 'Hana HR');
    const renamed = await call(server.url, '/api/me', { method: 'PATCH', json: { name: '  Hana Hofmann ' }, cookie: person.cookie });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: person.user.id, name: 'Hana Hofmann', email: person.user.email });

    const taken = await call(server.url, '/api/me', { method: 'PATCH', json: { email: admin.user.email.toUpperCase(), currentPassword: 'correct horse battery' }, cookie: person.cookie });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ field: 'email' });

    // Someone holding only the session cannot move the account to another address.
    const noPassword = await call(server.url, '/api/me', { method: 'PATCH', json: { email: 'thief@example.org' }, cookie: person.cookie });
    expect(noPassword.status).toBe(400);
    expect(noPassword.body).toMatchObject({ field: 'currentPassword' });
    const wrongPassword = await call(server.url, '/api/me', { method: 'PATCH', json: { email: 'thief@example.org', currentPassword: 'not my password at all' }, cookie: person.cookie });
    expect(wrongPassword.status).toBe(403);
    expect((await call(server.url, '/api/me', { cookie: person.cookie })).body.email).toBe(person.user.email);

    const moved = await call(server.url, '/api/me', { method: 'PATCH', json: { email: 'Hana.Hofmann@Example.org', currentPassword: 'correct horse battery' }, cookie: person.cookie });
    expect(moved.status).toBe(200);
    expect(moved.body.email).toBe('hana.hofmann@example.org');
    expect((await login(server.url, 'hana.hofmann@example.org')).status).toBe(200);
    expect((await call(server.url, '/api/me', { cookie: person.cookie })).body.name).toBe('Hana Hofmann');

    expect((await call(server.url, '/api/me', { method: 'PATCH', json: {}, cookie: person.cookie })).status).toBe(400);
    expect((await call(server.url, '/api/me', { method: 'PATCH', json: { email: 'not an address' }, cookie: person.cookie })).body).toMatchObject({ field: 'email' });
  });

  it('lets a viewer change their own profile', async () => {
    const viewer = await signUpInvited(server.url, admin, 'legal', 'viewer', 'Vic Viewer');
    expect((await call(server.url, '/api/me', { method: 'PATCH', json: { name: 'Vic V.' }, cookie: viewer.cookie })).status).toBe(200);
    expect((await call(server.url, '/api/me/notification-settings', { method: 'PUT', json: { email: 'none' }, cookie: viewer.cookie })).status).toBe(200);
  });

  it('changes the password with the current one, keeps this session and ends the others', async () => {
    const person = await signUpInvited(server.url, admin, 'marketing', 'editor', 'Mo Marketing');
    const other = (await login(server.url, person.user.email)).cookie!;

    const wrong = await call(server.url, '/api/me/password', { json: { currentPassword: 'not my password', newPassword: 'violet tractor marmalade' }, cookie: person.cookie });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ field: 'currentPassword' });

    const weak = await call(server.url, '/api/me/password', { json: { currentPassword: 'correct horse battery', newPassword: 'qwertyuiop' }, cookie: person.cookie });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({ field: 'newPassword' });
    expect(weak.body.error).toMatch(/commonly used passwords/);
    expect((await call(server.url, '/api/me', { cookie: other })).status).toBe(200);

    const changed = await call(server.url, '/api/me/password', { json: { currentPassword: 'correct horse battery', newPassword: 'violet tractor marmalade' }, cookie: person.cookie });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ ok: true, endedSessions: 1 });
    expect((await call(server.url, '/api/me', { cookie: person.cookie })).status).toBe(200);
    expect((await call(server.url, '/api/me', { cookie: other })).status).toBe(401);
    expect((await login(server.url, person.user.email)).status).toBe(401);
    expect((await login(server.url, person.user.email, 'violet tractor marmalade')).status).toBe(200);
  });

  it('keeps the notification e-mail setting: each by default, then digest or none', async () => {
    const person = await signUpInvited(server.url, admin, 'it', 'editor', 'Ida IT');
    expect((await call(server.url, '/api/me/notification-settings', { cookie: person.cookie })).body).toEqual({ email: 'each' });
    expect((await call(server.url, '/api/me/notification-settings', { method: 'PUT', json: { email: 'digest' }, cookie: person.cookie })).body).toEqual({ email: 'digest' });
    expect((await call(server.url, '/api/me/notification-settings', { cookie: person.cookie })).body).toEqual({ email: 'digest' });
    const refused = await call(server.url, '/api/me/notification-settings', { method: 'PUT', json: { email: 'hourly' }, cookie: person.cookie });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ field: 'email' });
    expect((await call(server.url, '/api/me/notification-settings')).status).toBe(401);
  });
});

describe('with mail set up', () => {
  it('tells the old address when the e-mail address changes', async () => {
    const smtp = await TestSmtpServer.start();
    cleanups.push(() => smtp.stop());
    const mailed = await startTestServerUntil(cleanups, { mail: { smtpUrl: smtp.url, organizationName: 'Northwind' } });
    const mailedAdmin = await signUpAdmin(mailed.url);
    const person = await signUpInvited(mailed.url, mailedAdmin, 'hr', 'editor', 'Hana HR');
    expect((await call(mailed.url, '/api/me', { method: 'PATCH', json: { name: 'Hana H.' }, cookie: person.cookie })).status).toBe(200);
    expect((await call(mailed.url, '/api/me', { method: 'PATCH', json: { email: 'hana.new@example.org', currentPassword: 'correct horse battery' }, cookie: person.cookie })).status).toBe(200);
    const mail = await smtp.waitForMessage((message) => message.to.includes(person.user.email));
    expect(mail.subject).toBe('Your Accord e-mail address was changed');
    expect(mail.text).toContain(`from ${person.user.email} to hana.new@example.org`);
    await mailed.outbox.flush();
    // Only the address change is told, once.
    expect(smtp.messages).toHaveLength(1);
  });
});

describe('password rules at sign-up', () => {
  it('refuses a common password with a clear message naming the field', async () => {
    const invite = await call(server.url, '/api/invites', { json: { email: 'sam@example.org', department: 'sales', role: 'editor' }, cookie: admin.cookie });
    const body = { email: 'sam@example.org', name: 'Sam Sales', invite: invite.body.token };
    const common = await call(server.url, '/api/auth/signup', { json: { ...body, password: 'iloveyou123' } });
    expect(common.status).toBe(400);
    expect(common.body).toEqual({ error: 'password: This password is on a list of commonly used passwords, so it is easy to guess. Try a few unrelated words together.', field: 'password' });
    const ownEmail = await call(server.url, '/api/auth/signup', { json: { ...body, password: 'sam@example.org' } });
    expect(ownEmail.status).toBe(400);
    expect((await call(server.url, '/api/auth/signup', { json: { ...body, password: 'violet tractor marmalade' } })).status).toBe(201);
  });
});
