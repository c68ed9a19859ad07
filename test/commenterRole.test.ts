import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { messageAuth } from 'y-websocket';
import { startTestServer } from './support/accordServer';
import { connectClient, eventually, firstParagraphText, synced, typeInFirstSection } from './support/collabClient';
import { call, createPolicy, signUpAdmin, signUpInvited, type Session } from './support/session';
import { cleanupStack } from './support/cleanups';

/**
 * The commenter role (issue 19, item 7): a commenter reads and comments but edits, signs,
 * shares and changes nothing else. As an account role and as a role on one policy.
 */

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

let server: TestServer;
let admin: Session;
let legal: Session;
let commenter: Session;
let policyId: string;
const cleanups = cleanupStack();

const entry = { platform: 'instagram', account: '@northwind', purpose: 'brand-awareness', responsible: 'Maria', adminCount: 1, official: true };

interface Section {
  id: string;
  owner: string;
  approvers: string[];
  hash: string;
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
  legal = await signUpInvited(server.url, admin, 'legal', 'editor', 'Lee Legal');
  commenter = await signUpInvited(server.url, admin, 'legal', 'commenter', 'Cal Commenter');
  policyId = await createPolicy(server.url, admin, { title: 'Comment policy', templateId: 'retail-consumer-brand', organization: 'Northwind' });
});
afterAll(() => server.close());

async function sectionFor(department: string): Promise<Section> {
  const policy = await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie });
  const section = (policy.body.sections as Section[]).find((item) => item.owner === department || item.approvers.includes(department));
  if (!section) throw new Error(`no section for ${department}`);
  return section;
}

/** Every change a commenter must not make, as [what, status, error]. */
async function changes(session: Session, id = policyId) {
  const section = await sectionFor('legal');
  const attempts = {
    sign: await call(server.url, `/api/policies/${id}/sections/${section.id}/signoffs`, { json: { hash: section.hash }, cookie: session.cookie }),
    requirements: await call(server.url, `/api/policies/${id}/sections/${section.id}/requirements`, { method: 'PUT', json: { owner: 'legal', approvers: [] }, cookie: session.cookie }),
    inventory: await call(server.url, `/api/policies/${id}/inventory`, { json: entry, cookie: session.cookie }),
    share: await call(server.url, `/api/policies/${id}`, { method: 'PATCH', json: { sharing: 'members' }, cookie: session.cookie }),
    addMember: await call(server.url, `/api/policies/${id}/members`, { json: { userId: session.user.id, role: 'editor' }, cookie: session.cookie }),
  };
  return attempts;
}

describe('the commenter role', () => {
  it('is offered by invites and shown on the account', async () => {
    expect(commenter.user.role).toBe('commenter');
    const me = await call(server.url, '/api/me', { cookie: commenter.cookie });
    expect(me.body.role).toBe('commenter');
    const invite = await call(server.url, '/api/invites', { json: { department: 'hr', role: 'commenter' }, cookie: admin.cookie });
    expect(invite.status).toBe(201);
    expect(invite.body.role).toBe('commenter');
    const info = await call(server.url, `/api/auth/invites/${invite.body.token}`);
    expect(info.body.role).toBe('commenter');
    const bad = await call(server.url, '/api/invites', { json: { department: 'hr', role: 'reviewer' }, cookie: admin.cookie });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/commenter/);
  });

  it('reads the policy and its export, with role commenter', async () => {
    const policy = await call(server.url, `/api/policies/${policyId}`, { cookie: commenter.cookie });
    expect(policy.status).toBe(200);
    expect(policy.body.role).toBe('commenter');
    expect((await call(server.url, `/api/policies/${policyId}/export?format=md`, { cookie: commenter.cookie })).status).toBe(200);
  });

  it('refuses a commenter account every sign-off, requirement, inventory and sharing change with a clear 403', async () => {
    const attempts = await changes(commenter);
    for (const [what, answer] of Object.entries(attempts)) {
      expect(answer.status, what).toBe(403);
      expect(answer.body.error, what).toMatch(/commenters can read and comment/i);
    }
    expect((await call(server.url, '/api/policies', { json: { title: 'Mine' }, cookie: commenter.cookie })).status).toBe(403);
    // Nothing changed: no sign-off by legal.
    const policy = await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie });
    expect(policy.body.sharing).toBe('organization');
  });

  it('lets a commenter account comment, where a viewer is refused', async () => {
    const section = await sectionFor('marketing');
    const created = await call(server.url, `/api/policies/${policyId}/threads`, { json: { sectionId: section.id, quote: 'a shop window', body: 'Is this the right image?' }, cookie: commenter.cookie });
    expect(created.status).toBe(201);
    const reply = await call(server.url, `/api/policies/${policyId}/threads/${created.body.id}/comments`, { json: { body: 'Still asking.' }, cookie: commenter.cookie });
    expect(reply.status).toBe(201);
    const viewer = await signUpInvited(server.url, admin, 'it', 'viewer', 'Vi Viewer');
    const refused = await call(server.url, `/api/policies/${policyId}/threads/${created.body.id}/comments`, { json: { body: 'Me too' }, cookie: viewer.cookie });
    expect(refused.status).toBe(403);
    // Commenting never changes the section's hash.
    expect((await sectionFor('marketing')).hash).toBe(section.hash);
  });

  it('keeps a commenter’s live connection read-only: their edits reach nobody and they are told', async () => {
    const watched = connectClient(server.url, policyId, { headers: { cookie: commenter.cookie } });
    const denied: string[] = [];
    watched.provider.messageHandlers[messageAuth] = (_encoder, decoder) => {
      if (decoding.readVarUint(decoder) === 0) denied.push(decoding.readVarString(decoder));
    };
    const reader = connectClient(server.url, policyId, { headers: { cookie: admin.cookie } });
    cleanups.push(() => watched.destroy());
    cleanups.push(() => reader.destroy());
    await synced(watched);
    await synced(reader);
    typeInFirstSection(watched.doc, ' commenter typed this');
    await eventually(() => expect(denied.length).toBeGreaterThan(0), 2_000);
    typeInFirstSection(reader.doc, ' editor typed this');
    await eventually(() => expect(firstParagraphText(watched.doc)).toContain('editor typed this'));
    expect(firstParagraphText(reader.doc)).not.toContain('commenter typed this');
  });

  it('gives commenter as a role on a members-only policy, and an editor account with it cannot change the policy', async () => {
    const shared = await createPolicy(server.url, admin, { title: 'Members only', templateId: 'retail-consumer-brand', organization: 'Northwind' });
    expect((await call(server.url, `/api/policies/${shared}`, { method: 'PATCH', json: { sharing: 'members' }, cookie: admin.cookie })).status).toBe(200);
    const added = await call(server.url, `/api/policies/${shared}/members`, { json: { userId: legal.user.id, role: 'commenter' }, cookie: admin.cookie });
    expect(added.status).toBe(201);
    const member = (added.body.members as { id: string; role: string; effectiveRole: string }[]).find((item) => item.id === legal.user.id);
    expect(member).toMatchObject({ role: 'commenter', effectiveRole: 'commenter' });
    const policy = await call(server.url, `/api/policies/${shared}`, { cookie: legal.cookie });
    expect(policy.body.role).toBe('commenter');

    const section = (policy.body.sections as Section[]).find((item) => item.owner === 'legal' || item.approvers.includes('legal'))!;
    const sign = await call(server.url, `/api/policies/${shared}/sections/${section.id}/signoffs`, { json: { hash: section.hash }, cookie: legal.cookie });
    expect(sign.status).toBe(403);
    expect(sign.body.error).toMatch(/commenters can read and comment/i);
    const inventory = await call(server.url, `/api/policies/${shared}/inventory`, { json: entry, cookie: legal.cookie });
    expect(inventory.status).toBe(403);

    // A commenter account given editor on a policy stays a commenter there.
    const lifted = await call(server.url, `/api/policies/${shared}/members`, { json: { userId: commenter.user.id, role: 'editor' }, cookie: admin.cookie });
    const liftedMember = (lifted.body.members as { id: string; effectiveRole: string }[]).find((item) => item.id === commenter.user.id);
    expect(liftedMember?.effectiveRole).toBe('commenter');

    // The same person on the organization-wide policy is an editor and may sign.
    const open = await sectionFor('legal');
    const signed = await call(server.url, `/api/policies/${policyId}/sections/${open.id}/signoffs`, { json: { hash: open.hash }, cookie: legal.cookie });
    expect(signed.status).toBe(201);
  });

  it('lets an admin make someone a commenter and back', async () => {
    const person = await signUpInvited(server.url, admin, 'hr', 'editor', 'Hal HR');
    const changed = await call(server.url, `/api/users/${person.user.id}`, { method: 'PATCH', json: { role: 'commenter' }, cookie: admin.cookie });
    expect(changed.status).toBe(200);
    expect(changed.body.role).toBe('commenter');
    const section = await sectionFor('hr');
    const sign = await call(server.url, `/api/policies/${policyId}/sections/${section.id}/signoffs`, { json: { hash: section.hash }, cookie: person.cookie });
    expect(sign.status).toBe(403);
  });
});
