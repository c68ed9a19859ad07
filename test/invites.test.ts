import { describe, expect, it } from 'vitest';
import { startTestServerUntil } from './support/accordServer';
import { cleanupStack } from './support/cleanups';
import { ManualClock } from './support/manualClock';
import { call, signUpAdmin, signUpInvited, type Session } from './support/session';
import { linkIn, TestSmtpServer } from './support/smtp';

/**
 * Invites by address (issue 20, item 2): one or many addresses, each link bound to its address
 * and sent by mail; the pending list with resend, a fresh link, revoke and expiry; accepted
 * invites show who joined when. A real Accord, a real SMTP server in this process.
 */

const cleanups = cleanupStack();
const PASSWORD = 'correct horse battery';
const DAY = 24 * 3600_000;

async function setUp(options: { mail?: boolean } = {}) {
  const clock = new ManualClock(Date.now());
  let smtp: TestSmtpServer | null = null;
  if (options.mail !== false) {
    smtp = await TestSmtpServer.start();
    cleanups.push(() => smtp!.stop());
  }
  const server = await startTestServerUntil(cleanups, { clock, ...(smtp ? { mail: { smtpUrl: smtp.url, organizationName: 'Northwind' } } : {}) });
  const admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
  return { clock, smtp: smtp!, server, admin };
}

function tokenOf(url: string): string {
  return new URL(url).searchParams.get('invite')!;
}

async function invite(url: string, admin: Session, body: Record<string, unknown>) {
  return call(url, '/api/invites', { json: { department: 'hr', role: 'editor', ...body }, cookie: admin.cookie });
}

async function list(url: string, admin: Session) {
  const response = await call(url, '/api/invites?status=all', { cookie: admin.cookie });
  const mail = await call(url, '/api/admin/mail', { cookie: admin.cookie });
  expect(response.status).toBe(200);
  expect(mail.status).toBe(200);
  return { invites: response.body as any[], mail: mail.body };
}

describe('invites by address', () => {
  it('sends each person a link for their address only; the accepted invite shows who joined when', async () => {
    const { server, smtp, admin, clock } = await setUp();
    const created = await invite(server.url, admin, { email: '  Hana@Example.ORG ' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'hana@example.org', department: 'hr', role: 'editor', mailQueued: true });
    expect(created.body.id).toMatch(/^[A-Za-z0-9]{18}$/);

    const mail = await smtp.waitForMessage((message) => message.to.includes('hana@example.org'));
    expect(mail.subject).toBe("Ada Admin invited you to Northwind's social media policy");
    expect(mail.text).toContain('in HR, as an editor');
    expect(linkIn(mail, '/signup?invite=')).toBe(created.body.url);
    expect(mail.html).toContain(`href="${created.body.url}"`);

    const info = await call(server.url, `/api/auth/invites/${tokenOf(created.body.url)}`);
    expect(info.body).toMatchObject({ email: 'hana@example.org', department: 'hr', role: 'editor' });

    const otherAddress = await call(server.url, '/api/auth/signup', { json: { email: 'someone@example.org', name: 'Someone', password: PASSWORD, invite: tokenOf(created.body.url) } });
    expect(otherAddress.status).toBe(403);
    expect(otherAddress.body).toMatchObject({ field: 'email', error: 'email: this invite is for hana@example.org. Sign up with that address, or ask for an invite to yours.' });

    clock.advance(60_000);
    const joined = await call(server.url, '/api/auth/signup', { json: { email: 'HANA@example.org', name: 'Hana HR', password: PASSWORD, invite: tokenOf(created.body.url) } });
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({ email: 'hana@example.org', department: 'hr', role: 'editor' });

    const { invites } = await list(server.url, admin);
    expect(invites).toHaveLength(1);
    expect(invites[0]).toMatchObject({ id: created.body.id, status: 'accepted', acceptedAt: clock.now(), joined: { id: joined.body.id, name: 'Hana HR' }, sendCount: 1, delivery: null });
  });

  it('invites several addresses at once: trimmed, lowercased, duplicates dropped', async () => {
    const { server, smtp, admin } = await setUp();
    const created = await invite(server.url, admin, { emails: ['lee@example.org', ' LEE@example.org', 'kim@example.org'], role: 'commenter', department: 'legal' });
    expect(created.status).toBe(201);
    expect(created.body.invites.map((item: { email: string }) => item.email)).toEqual(['lee@example.org', 'kim@example.org']);
    await smtp.waitForMessage((message) => message.to.includes('kim@example.org'));
    await smtp.waitForMessage((message) => message.to.includes('lee@example.org'));
    const { invites, mail } = await list(server.url, admin);
    expect(invites.map((item) => item.status)).toEqual(['pending', 'pending']);
    expect(mail).toMatchObject({ configured: true, pending: 0, failed: 0 });
    await expect.poll(async () => (await list(server.url, admin)).invites.map((item) => item.delivery?.state)).toEqual(['sent', 'sent']);
  });

  it('refuses addresses that have an account, naming each, and creates nothing', async () => {
    const { server, smtp, admin } = await setUp();
    const one = await invite(server.url, admin, { emails: ['new@example.org', admin.user.email] });
    expect(one.status).toBe(409);
    expect(one.body).toMatchObject({ field: 'emails', error: `emails: ${admin.user.email} already has an account, so it needs no invite. Remove it and try again; nothing was sent.` });
    const colleague = await signUpInvited(server.url, admin, 'legal', 'editor', 'Lee Legal');
    const two = await invite(server.url, admin, { emails: [colleague.user.email, 'new@example.org', admin.user.email] });
    expect(two.status).toBe(409);
    expect(two.body.error).toBe(`emails: these addresses already have an account, so they need no invite: ${colleague.user.email}, ${admin.user.email}. Remove them and try again; nothing was sent.`);
    const single = await invite(server.url, admin, { email: admin.user.email.toUpperCase() });
    expect(single.status).toBe(409);
    expect(single.body.field).toBe('email');
    // Only the colleague's own (accepted) invite: nothing was created for new@example.org.
    expect((await list(server.url, admin)).invites.map((item) => item.status)).toEqual(['accepted']);
    expect(smtp.messages).toEqual([]);
  });

  it('names a bad address and refuses more than 50', async () => {
    const { server, admin } = await setUp({ mail: false });
    const bad = await invite(server.url, admin, { emails: ['ok@example.org', 'not an address'] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: 'emails.1' });
    const many = await invite(server.url, admin, { emails: Array.from({ length: 51 }, (_, index) => `person${index}@example.org`) });
    expect(many.status).toBe(400);
    expect(many.body.error).toContain('at most 50 addresses');
    const both = await invite(server.url, admin, { email: 'a@example.org', emails: ['b@example.org'] });
    expect(both.status).toBe(400);
    expect((await list(server.url, admin)).invites).toEqual([]);
  });

  it('a new invite to an address replaces the pending one, whose link then says it was withdrawn', async () => {
    const { server, admin } = await setUp({ mail: false });
    const first = await invite(server.url, admin, { email: 'sam@example.org' });
    const second = await invite(server.url, admin, { email: 'sam@example.org', role: 'viewer' });
    const info = await call(server.url, `/api/auth/invites/${tokenOf(first.body.url)}`);
    expect(info.status).toBe(404);
    expect(info.body.error).toBe('This invite was withdrawn. If you think that is a mistake, ask Ada Admin for a new one.');
    const { invites } = await list(server.url, admin);
    expect(invites.map((item) => [item.id, item.status])).toEqual([
      [second.body.id, 'pending'],
      [first.body.id, 'revoked'],
    ]);
  });

  it('resend makes a new link (the old one stops working), sends it and extends the expiry', async () => {
    const { server, smtp, admin, clock } = await setUp();
    const created = await invite(server.url, admin, { email: 'max@example.org' });
    await smtp.waitForMessage((message) => message.to.includes('max@example.org'));
    clock.advance(3 * DAY);
    const resent = await call(server.url, `/api/invites/${created.body.id}/resend`, { method: 'POST', cookie: admin.cookie });
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ id: created.body.id, email: 'max@example.org', mailQueued: true, expiresAt: clock.now() + 7 * DAY });
    expect(resent.body.url).not.toBe(created.body.url);
    await expect.poll(() => smtp.to('max@example.org').length).toBe(2);
    expect(linkIn(smtp.to('max@example.org')[1]!, '/signup?invite=')).toBe(resent.body.url);
    expect((await call(server.url, `/api/auth/invites/${tokenOf(created.body.url)}`)).status).toBe(404);
    expect((await call(server.url, `/api/auth/invites/${tokenOf(resent.body.url)}`)).status).toBe(200);
    const [item] = (await list(server.url, admin)).invites;
    expect(item).toMatchObject({ sendCount: 2, sentAt: clock.now(), status: 'pending' });

    // A fresh link to copy: nothing is sent.
    const link = await call(server.url, `/api/invites/${created.body.id}/link`, { method: 'POST', cookie: admin.cookie });
    expect(link.body).toMatchObject({ mailQueued: false });
    expect((await call(server.url, `/api/auth/invites/${tokenOf(resent.body.url)}`)).status).toBe(404);
    expect((await call(server.url, `/api/auth/invites/${tokenOf(link.body.url)}`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(smtp.to('max@example.org')).toHaveLength(2);
  });

  it('revoke makes the link say the invite was withdrawn; an accepted invite cannot be revoked', async () => {
    const { server, admin } = await setUp({ mail: false });
    const created = await invite(server.url, admin, { email: 'rob@example.org' });
    const revoked = await call(server.url, `/api/invites/${created.body.id}`, { method: 'DELETE', cookie: admin.cookie });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: created.body.id, status: 'revoked' });
    const signup = await call(server.url, '/api/auth/signup', { json: { email: 'rob@example.org', name: 'Rob', password: PASSWORD, invite: tokenOf(created.body.url) } });
    expect(signup.status).toBe(403);
    expect(signup.body.error).toBe('This invite was withdrawn. If you think that is a mistake, ask Ada Admin for a new one.');
    const resend = await call(server.url, `/api/invites/${created.body.id}/resend`, { method: 'POST', cookie: admin.cookie });
    expect(resend.status).toBe(409);
    expect((await call(server.url, '/api/invites/nosuchinvite', { method: 'DELETE', cookie: admin.cookie })).status).toBe(404);

    const accepted = await invite(server.url, admin, { email: 'amy@example.org' });
    await call(server.url, '/api/auth/signup', { json: { email: 'amy@example.org', name: 'Amy', password: PASSWORD, invite: tokenOf(accepted.body.url) } });
    const late = await call(server.url, `/api/invites/${accepted.body.id}`, { method: 'DELETE', cookie: admin.cookie });
    expect(late.status).toBe(409);
    expect(late.body.error).toContain('remove the person');
  });

  it('an expired invite says when it expired and whom to ask; a resend brings it back', async () => {
    const { server, admin, clock } = await setUp({ mail: false });
    const created = await invite(server.url, admin, { email: 'eve@example.org' });
    clock.advance(8 * DAY);
    const info = await call(server.url, `/api/auth/invites/${tokenOf(created.body.url)}`);
    expect(info.status).toBe(404);
    expect(info.body.error).toMatch(/^This invite expired on \d{1,2} \w+ \d{4}\. Ask Ada Admin to send you a new one\.$/);
    expect((await list(server.url, admin)).invites[0]).toMatchObject({ status: 'expired' });
    const renewed = await call(server.url, `/api/invites/${created.body.id}/link`, { method: 'POST', cookie: admin.cookie });
    expect(renewed.status).toBe(200);
    expect((await list(server.url, admin)).invites[0]).toMatchObject({ status: 'pending', expiresAt: clock.now() + 7 * DAY });
  });

  it('without mail set up, says so and hands out the links; a link for no address still works', async () => {
    const { server, admin } = await setUp({ mail: false });
    const created = await invite(server.url, admin, { email: 'ida@example.org' });
    expect(created.body).toMatchObject({ mailQueued: false, email: 'ida@example.org' });
    const linkOnly = await invite(server.url, admin, {});
    expect(linkOnly.body).toMatchObject({ email: null, mailQueued: false });
    expect(linkOnly.body.token).toBe(tokenOf(linkOnly.body.url));
    const { invites, mail } = await list(server.url, admin);
    expect(mail).toEqual({ configured: false, pending: 0, failed: 0, lastError: null, nextAttemptAt: null });
    expect(invites.find((item) => item.email === 'ida@example.org')).toMatchObject({ delivery: { state: 'not-configured' }, sentAt: null, sendCount: 0 });
    expect((await call(server.url, '/api/admin/mail', { cookie: admin.cookie })).body).toEqual(mail);
    const noAddress = await call(server.url, `/api/invites/${linkOnly.body.id}/resend`, { method: 'POST', cookie: admin.cookie });
    expect(noAddress.status).toBe(409);
    const signup = await call(server.url, '/api/auth/signup', { json: { email: 'anyone@example.org', name: 'Anyone', password: PASSWORD, invite: linkOnly.body.token } });
    expect(signup.status).toBe(201);
  });

  it('with send: false, makes links for the addresses to hand over and mails nothing', async () => {
    const { server, smtp, admin } = await setUp();
    const created = await invite(server.url, admin, { emails: ['noor@example.org', 'pat@example.org'], send: false });
    expect(created.status).toBe(201);
    expect(created.body.invites.map((item: any) => [item.email, item.mailQueued])).toEqual([
      ['noor@example.org', false],
      ['pat@example.org', false],
    ]);
    // A mailed invite made afterwards arrives, so anything queued before it would have arrived too.
    await invite(server.url, admin, { email: 'marker@example.org' });
    await smtp.waitForMessage((mail) => mail.to.includes('marker@example.org'));
    expect(smtp.messages.flatMap((mail) => mail.to)).toEqual(['marker@example.org']);
    const { invites } = await list(server.url, admin);
    expect(invites.find((item) => item.email === 'noor@example.org')).toMatchObject({ status: 'pending', sentAt: null, sendCount: 0, delivery: null });
    // The link is bound to its address all the same.
    const wrong = await call(server.url, '/api/auth/signup', { json: { email: 'other@example.org', name: 'Other', password: PASSWORD, invite: tokenOf(created.body.invites[0].url) } });
    expect(wrong.status).toBe(403);
    // Sending it later is the ordinary resend.
    const sent = await call(server.url, `/api/invites/${created.body.invites[0].id}/resend`, { method: 'POST', cookie: admin.cookie });
    expect(sent.body).toMatchObject({ mailQueued: true });
    await smtp.waitForMessage((mail) => mail.to.includes('noor@example.org'));
    expect((await invite(server.url, admin, { email: 'x@example.org', send: 'no' })).body).toMatchObject({ field: 'send' });
  });

  it('refuses everyone but admins', async () => {
    const { server, admin } = await setUp({ mail: false });
    const editor = await signUpInvited(server.url, admin, 'legal', 'editor', 'Lee Legal');
    const created = await invite(server.url, admin, { email: 'zoe@example.org' });
    const attempts = [
      call(server.url, '/api/invites', { json: { email: 'x@example.org', department: 'hr', role: 'admin' }, cookie: editor.cookie }),
      call(server.url, '/api/invites', { cookie: editor.cookie }),
      call(server.url, `/api/invites/${created.body.id}/resend`, { method: 'POST', cookie: editor.cookie }),
      call(server.url, `/api/invites/${created.body.id}/link`, { method: 'POST', cookie: editor.cookie }),
      call(server.url, `/api/invites/${created.body.id}`, { method: 'DELETE', cookie: editor.cookie }),
      call(server.url, '/api/admin/mail', { cookie: editor.cookie }),
    ];
    for (const response of await Promise.all(attempts)) expect(response.status).toBe(403);
    expect((await list(server.url, admin)).invites.filter((item) => item.status === 'pending').map((item) => item.email)).toContain('zoe@example.org');
  });
});
