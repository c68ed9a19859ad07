import { describe, expect, it } from 'vitest';
import { startTestServerUntil } from './support/accordServer';
import { cleanupStack } from './support/cleanups';
import { call, createPolicy, sessionCookieOf, signUpAdmin, signUpInvited } from './support/session';
import { TestSmtpServer } from './support/smtp';

/** The organization's own name (GET and PUT /api/organization): who may set it, and where it is used. */
const cleanups = cleanupStack();

describe("the organization's name", () => {
  it('is set by an admin, read by everyone signed in, and refused from anyone else', async () => {
    const server = await startTestServerUntil(cleanups);
    const admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
    const editor = await signUpInvited(server.url, admin, 'hr', 'editor', 'Hana HR');

    expect((await call(server.url, '/api/organization', { cookie: editor.cookie })).body).toEqual({ name: null, updatedAt: null, updatedBy: null });
    expect((await call(server.url, '/api/organization')).status).toBe(401);

    const set = await call(server.url, '/api/organization', { method: 'PUT', json: { name: '  Northwind   Trading ' }, cookie: admin.cookie });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ name: 'Northwind Trading', updatedBy: 'Ada Admin' });
    expect(Date.parse(set.body.updatedAt)).not.toBeNaN();
    expect((await call(server.url, '/api/organization', { cookie: editor.cookie })).body).toEqual(set.body);

    const refused = await call(server.url, '/api/organization', { method: 'PUT', json: { name: 'Hana Inc' }, cookie: editor.cookie });
    expect(refused.status).toBe(403);
    for (const [name, words] of [
      ['', /enter the name of your organization/],
      ['x'.repeat(121), /at most 120 characters/],
      ['Northwind\nTrading', /one line/],
      [42, /write the name of your organization/],
    ] as const) {
      const bad = await call(server.url, '/api/organization', { method: 'PUT', json: { name }, cookie: admin.cookie });
      expect(bad.status, JSON.stringify(name)).toBe(400);
      expect(bad.body.error).toMatch(words);
      expect(bad.body.field).toBe('name');
    }
    // Nothing of the refused changes was kept.
    expect((await call(server.url, '/api/organization', { cookie: admin.cookie })).body.name).toBe('Northwind Trading');
  });

  it('can be given by whoever sets up Accord, and is shown on invite links; nobody else names it by signing up', async () => {
    const server = await startTestServerUntil(cleanups);
    const first = await call(server.url, '/api/auth/signup', { json: { email: 'ada@example.org', name: 'Ada Admin', password: 'correct horse battery', department: 'communications', organization: ' Northwind ' } });
    expect(first.status).toBe(201);
    const admin = { cookie: sessionCookieOf(first.headers)! };
    expect((await call(server.url, '/api/organization', { cookie: admin.cookie })).body).toMatchObject({ name: 'Northwind', updatedBy: 'Ada Admin' });

    const created = await call(server.url, '/api/invites', { json: { department: 'hr', role: 'editor' }, cookie: admin.cookie });
    const token = new URL(created.body.url).searchParams.get('invite')!;
    const info = await call(server.url, `/api/auth/invites/${token}`);
    expect(info.body).toMatchObject({ departmentName: 'HR', organization: 'Northwind' });

    const joined = await call(server.url, '/api/auth/signup', { json: { email: 'hana@example.org', name: 'Hana HR', password: 'correct horse battery', invite: token, organization: 'Hana Holdings' } });
    expect(joined.status).toBe(201);
    expect((await call(server.url, '/api/organization', { cookie: admin.cookie })).body.name).toBe('Northwind');

    const tooLong = await call(server.url, '/api/auth/signup', { json: { email: 'x@example.org', name: 'X', password: 'correct horse battery', organization: 'x'.repeat(121) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.field).toBe('organization');
  });

  it('is what a new policy is made for when the request names no organization; a named one wins', async () => {
    const server = await startTestServerUntil(cleanups);
    const admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
    await call(server.url, '/api/organization', { method: 'PUT', json: { name: 'Northwind Trading' }, cookie: admin.cookie });

    const unnamed = await createPolicy(server.url, admin, { title: 'Social media policy', templateId: 'small-business' });
    const policy = await call(server.url, `/api/policies/${unnamed}`, { cookie: admin.cookie });
    expect(policy.body.organization).toBe('Northwind Trading');
    // The template's {{organization}} placeholder was filled with it too.
    const exported = await call(server.url, `/api/policies/${unnamed}/export?format=md`, { cookie: admin.cookie });
    expect(exported.status).toBe(200);
    expect(String(exported.body)).toContain('Northwind Trading');
    expect(String(exported.body)).not.toContain('{{organization}}');

    const named = await createPolicy(server.url, admin, { title: 'Subsidiary policy', templateId: 'small-business', organization: 'Northwind Shipping' });
    expect((await call(server.url, `/api/policies/${named}`, { cookie: admin.cookie })).body.organization).toBe('Northwind Shipping');
  });

  it('is the name invitations give, ahead of ACCORD_ORGANIZATION_NAME', async () => {
    const smtp = await TestSmtpServer.start();
    cleanups.push(() => smtp.stop());
    const server = await startTestServerUntil(cleanups, { mail: { smtpUrl: smtp.url, organizationName: 'Configured Name' } });
    const admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
    const invite = (email: string) => call(server.url, '/api/invites', { json: { email, department: 'hr', role: 'editor' }, cookie: admin.cookie });

    expect((await invite('first@example.org')).status).toBe(201);
    expect((await smtp.waitForMessage((message) => message.to.includes('first@example.org'))).subject).toBe("Ada Admin invited you to Configured Name's social media policy");

    await call(server.url, '/api/organization', { method: 'PUT', json: { name: 'Northwind Trading' }, cookie: admin.cookie });
    expect((await invite('second@example.org')).status).toBe(201);
    const mail = await smtp.waitForMessage((message) => message.to.includes('second@example.org'));
    expect(mail.subject).toBe("Ada Admin invited you to Northwind Trading's social media policy");
  });
});
