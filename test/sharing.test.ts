import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnknownPolicy } from '../shared/closeCodes';
import { startTestServer } from './support/accordServer';
import { connectClient, eventually, synced, typeInFirstSection, firstParagraphText, type TestClient } from './support/collabClient';
import { call, createPolicy, signUpAdmin, signUpInvited, type Session } from './support/session';
import { cleanupStack } from './support/cleanups';

/**
 * Sharing per policy (issue #15, item 7). The attack: before policies had a sharing setting,
 * every account could read, edit, sign and export every policy, and nothing said so. Now a
 * policy shared with its members only is invisible (404, WebSocket 4404) to everyone else.
 */

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

let server: TestServer;
let admin: Session;
let marketing: Session;
let hr: Session;
let legal: Session;
let itPerson: Session;
let itViewer: Session;
const cleanups = cleanupStack();

beforeAll(async () => {
  server = await startTestServer();
  admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
  marketing = await signUpInvited(server.url, admin, 'marketing', 'editor', 'Mia Marketing');
  hr = await signUpInvited(server.url, admin, 'hr', 'editor', 'Hal HR');
  legal = await signUpInvited(server.url, admin, 'legal', 'editor', 'Lee Legal');
  itPerson = await signUpInvited(server.url, admin, 'it', 'editor', 'Ivy IT');
  itViewer = await signUpInvited(server.url, admin, 'it', 'viewer', 'Ian IT');
});
afterAll(() => server.close());

interface Section {
  id: string;
  owner: string;
  approvers: string[];
  hash: string;
}

/** Status of the event stream request (the stream itself is closed at once). */
async function eventsStatus(policyId: string, session: Session): Promise<number> {
  const controller = new AbortController();
  const response = await fetch(`${server.url}/api/policies/${policyId}/events`, { headers: { cookie: session.cookie, accept: 'text/event-stream' }, signal: controller.signal });
  controller.abort();
  return response.status;
}

/** Connects a stock y-websocket client; resolves 'synced' or the first close code. */
async function collabOutcome(policyId: string, session: Session): Promise<{ outcome: 'synced' | number; client: TestClient }> {
  const client = connectClient(server.url, policyId, { headers: { cookie: session.cookie } });
  cleanups.push(() => client.destroy());
  const outcome = await new Promise<'synced' | number>((resolve) => {
    client.provider.on('connection-close', (event: { code: number } | null) => {
      if (event) resolve(event.code);
    });
    void synced(client).then(() => resolve('synced'), () => {});
  });
  return { outcome, client };
}

/** Section of `policyId` that `department` owns or approves. */
async function sectionFor(policyId: string, department: string): Promise<Section> {
  const policy = await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie });
  expect(policy.status).toBe(200);
  const section = (policy.body.sections as Section[]).find((s) => s.owner === department || s.approvers.includes(department));
  if (!section) throw new Error(`no section for ${department}`);
  return section;
}

/** What `session` gets from every policy route and the WebSocket. */
async function reach(policyId: string, session: Session, department: string) {
  const section = await sectionFor(policyId, department);
  const get = await call(server.url, `/api/policies/${policyId}`, { cookie: session.cookie });
  const exported = await call(server.url, `/api/policies/${policyId}/export?format=md`, { cookie: session.cookie });
  const audit = await call(server.url, `/api/policies/${policyId}/audit`, { cookie: session.cookie });
  const inventory = await call(server.url, `/api/policies/${policyId}/inventory`, { cookie: session.cookie });
  const events = await eventsStatus(policyId, session);
  const signoff = await call(server.url, `/api/policies/${policyId}/sections/${section.id}/signoffs`, { json: { hash: section.hash }, cookie: session.cookie });
  const inventoryPost = await call(server.url, `/api/policies/${policyId}/inventory`, {
    json: { platform: 'linkedin', account: `@probe${Math.floor(Math.random() * 1e6)}`, purpose: 'brand-awareness', audience: 'Customers', tools: [], responsible: 'Probe', adminCount: 2, official: false },
    cookie: session.cookie,
  });
  const list = await call<{ id: string }[]>(server.url, '/api/policies', { cookie: session.cookie });
  const { outcome } = await collabOutcome(policyId, session);
  return {
    get: get.status,
    export: exported.status,
    audit: audit.status,
    inventory: inventory.status,
    events,
    signoff: signoff.status,
    inventoryPost: inventoryPost.status,
    listed: list.body.some((policy) => policy.id === policyId),
    websocket: outcome,
  };
}

describe('a policy shared with its members only', () => {
  it('is invisible to an editor who is not a member: 404 on every route, WebSocket 4404, not listed', async () => {
    const policyId = await createPolicy(server.url, marketing, { title: 'Marketing only', templateId: 'corporate-enterprise', organization: 'Acme' });
    const shared = await call(server.url, `/api/policies/${policyId}`, { method: 'PATCH', json: { sharing: 'members' }, cookie: marketing.cookie });
    const outsider = await reach(policyId, hr, 'hr');
    console.log('non-member HR editor on a members-only policy:', JSON.stringify({ patch: shared.status, ...outsider }));
    expect(shared.status).toBe(200);
    expect(outsider).toEqual({ get: 404, export: 404, audit: 404, inventory: 404, events: 404, signoff: 404, inventoryPost: 404, listed: false, websocket: UnknownPolicy.code });
    const answer = await call(server.url, `/api/policies/${policyId}`, { cookie: hr.cookie });
    expect(answer.body.error).toBe('No policy with this id');
    // The creator became a member (editor) and keeps full access.
    const creator = await call(server.url, `/api/policies/${policyId}`, { cookie: marketing.cookie });
    expect(creator.status).toBe(200);
    expect(creator.body.sharing).toBe('members');
  });

  it('a member viewer reads, exports and follows it, but cannot sign or add inventory (403), and connects read-only', async () => {
    const policyId = await createPolicy(server.url, marketing, { title: 'Viewer test', templateId: 'corporate-enterprise', organization: 'Acme' });
    expect((await call(server.url, `/api/policies/${policyId}`, { method: 'PATCH', json: { sharing: 'members' }, cookie: marketing.cookie })).status).toBe(200);
    const added = await call(server.url, `/api/policies/${policyId}/members`, { json: { userId: legal.user.id, role: 'viewer' }, cookie: marketing.cookie });
    expect(added.status).toBe(201);
    const reader = await reach(policyId, legal, 'legal');
    console.log('member viewer (Legal editor account):', JSON.stringify(reader));
    expect(reader).toEqual({ get: 200, export: 200, audit: 200, inventory: 200, events: 200, signoff: 403, inventoryPost: 403, listed: true, websocket: 'synced' });

    // Read-only over the WebSocket: what the viewer types is never stored nor relayed.
    const { client } = await collabOutcome(policyId, legal);
    const writer = (await collabOutcome(policyId, marketing)).client;
    typeInFirstSection(client.doc, 'Viewer was here. ');
    typeInFirstSection(writer.doc, 'Editor was here. ');
    await eventually(() => expect(server.rooms.withDocument(policyId, (doc) => firstParagraphText(doc, 0))).toContain('Editor was here.'));
    expect(server.rooms.withDocument(policyId, (doc) => firstParagraphText(doc, 0))).not.toContain('Viewer was here.');

    // A member viewer cannot change the sharing or the members either.
    const patch = await call(server.url, `/api/policies/${policyId}`, { method: 'PATCH', json: { sharing: 'organization' }, cookie: legal.cookie });
    expect(patch.status).toBe(403);
    const add = await call(server.url, `/api/policies/${policyId}/members`, { json: { userId: hr.user.id, role: 'editor' }, cookie: legal.cookie });
    expect(add.status).toBe(403);
  });

  it('a viewer account stays a viewer even when added as an editor', async () => {
    const policyId = await createPolicy(server.url, marketing, { title: 'Capped', templateId: 'corporate-enterprise', organization: 'Acme' });
    await call(server.url, `/api/policies/${policyId}`, { method: 'PATCH', json: { sharing: 'members' }, cookie: marketing.cookie });
    expect((await call(server.url, `/api/policies/${policyId}/members`, { json: { userId: itViewer.user.id, role: 'editor' }, cookie: marketing.cookie })).status).toBe(201);
    expect((await call(server.url, `/api/policies/${policyId}`, { cookie: itViewer.cookie })).status).toBe(200);
    const section = await sectionFor(policyId, 'it');
    expect((await call(server.url, `/api/policies/${policyId}/sections/${section.id}/signoffs`, { json: { hash: section.hash }, cookie: itViewer.cookie })).status).toBe(403);
    const members = await call(server.url, `/api/policies/${policyId}/members`, { cookie: marketing.cookie });
    expect(members.body.members.find((member: { id: string }) => member.id === itViewer.user.id)).toMatchObject({ role: 'editor', effectiveRole: 'viewer' });
  });

  it('adding a department adds everyone currently in it; a member editor can sign', async () => {
    const policyId = await createPolicy(server.url, marketing, { title: 'IT too', templateId: 'corporate-enterprise', organization: 'Acme' });
    await call(server.url, `/api/policies/${policyId}`, { method: 'PATCH', json: { sharing: 'members' }, cookie: marketing.cookie });
    expect((await call(server.url, `/api/policies/${policyId}`, { cookie: itPerson.cookie })).status).toBe(404);
    const added = await call(server.url, `/api/policies/${policyId}/members`, { json: { department: 'it', role: 'editor' }, cookie: marketing.cookie });
    expect(added.status).toBe(201);
    expect(added.body.added.sort()).toEqual([itPerson.user.id, itViewer.user.id].sort());
    const members = await call(server.url, `/api/policies/${policyId}/members`, { cookie: itPerson.cookie });
    expect(members.status).toBe(200);
    expect(members.body.sharing).toBe('members');
    expect(members.body.members.map((member: { id: string }) => member.id).sort()).toEqual([marketing.user.id, itPerson.user.id, itViewer.user.id].sort());
    const section = await sectionFor(policyId, 'it');
    expect((await call(server.url, `/api/policies/${policyId}/sections/${section.id}/signoffs`, { json: { hash: section.hash }, cookie: itPerson.cookie })).status).toBe(201);
    expect((await collabOutcome(policyId, itPerson)).outcome).toBe('synced');
    // Recorded in the sharing history.
    expect(members.body.history.map((entry: { kind: string }) => entry.kind)).toEqual(['member_added', 'sharing', 'member_added', 'member_added']);
  });

  it('removing a member ends their access for new requests and new connections', async () => {
    const policyId = await createPolicy(server.url, marketing, { title: 'Removal', templateId: 'corporate-enterprise', organization: 'Acme' });
    await call(server.url, `/api/policies/${policyId}`, { method: 'PATCH', json: { sharing: 'members' }, cookie: marketing.cookie });
    await call(server.url, `/api/policies/${policyId}/members`, { json: { userId: hr.user.id, role: 'editor' }, cookie: marketing.cookie });
    expect((await call(server.url, `/api/policies/${policyId}`, { cookie: hr.cookie })).status).toBe(200);
    const removed = await call(server.url, `/api/policies/${policyId}/members/${hr.user.id}`, { method: 'DELETE', cookie: marketing.cookie });
    expect(removed.status).toBe(200);
    expect((await call(server.url, `/api/policies/${policyId}`, { cookie: hr.cookie })).status).toBe(404);
    expect((await collabOutcome(policyId, hr)).outcome).toBe(UnknownPolicy.code);
    expect((await call(server.url, `/api/policies/${policyId}/members/${hr.user.id}`, { method: 'DELETE', cookie: marketing.cookie })).status).toBe(404);
  });

  it('admins see every policy and can manage its sharing; editors outside cannot change it', async () => {
    const policyId = await createPolicy(server.url, marketing, { title: 'Admin sees', templateId: 'corporate-enterprise', organization: 'Acme' });
    expect((await call(server.url, `/api/policies/${policyId}`, { method: 'PATCH', json: { sharing: 'members' }, cookie: hr.cookie })).status).toBe(403);
    await call(server.url, `/api/policies/${policyId}`, { method: 'PATCH', json: { sharing: 'members' }, cookie: marketing.cookie });
    const adminView = await reach(policyId, admin, 'communications');
    expect(adminView).toMatchObject({ get: 200, export: 200, audit: 200, inventory: 200, events: 200, listed: true, websocket: 'synced' });
    expect((await call(server.url, `/api/policies/${policyId}`, { method: 'PATCH', json: { sharing: 'organization' }, cookie: admin.cookie })).status).toBe(200);
    expect((await call(server.url, `/api/policies/${policyId}`, { cookie: hr.cookie })).status).toBe(200);
    // The admin-only reading target still works through the same route.
    const grade = await call(server.url, `/api/policies/${policyId}`, { method: 'PATCH', json: { gradeTarget: 8 }, cookie: admin.cookie });
    expect(grade.status).toBe(200);
    expect(grade.body).toMatchObject({ id: policyId, gradeTarget: 8 });
    expect((await call(server.url, `/api/policies/${policyId}`, { method: 'PATCH', json: { gradeTarget: 8 }, cookie: marketing.cookie })).status).toBe(403);
  });

  it('lists only what each person may see, with the sharing setting', async () => {
    const open = await createPolicy(server.url, hr, { title: 'Open to all' });
    const closed = await createPolicy(server.url, hr, { title: 'HR only' });
    await call(server.url, `/api/policies/${closed}`, { method: 'PATCH', json: { sharing: 'members' }, cookie: hr.cookie });
    const listOf = async (session: Session) => (await call<{ id: string; sharing: string }[]>(server.url, '/api/policies', { cookie: session.cookie })).body;
    const hrList = await listOf(hr);
    expect(hrList.find((policy) => policy.id === closed)?.sharing).toBe('members');
    expect(hrList.find((policy) => policy.id === open)?.sharing).toBe('organization');
    const legalList = await listOf(legal);
    expect(legalList.some((policy) => policy.id === open)).toBe(true);
    expect(legalList.some((policy) => policy.id === closed)).toBe(false);
    expect((await listOf(admin)).some((policy) => policy.id === closed)).toBe(true);
  });

  it('answers 400 naming the field for bad input, and lists people for editors only', async () => {
    const policyId = await createPolicy(server.url, marketing, { title: 'Validation' });
    const cases: [unknown, string][] = [
      [{ sharing: 'everyone' }, 'sharing'],
      [{}, 'body'],
    ];
    for (const [json, field] of cases) {
      const response = await call(server.url, `/api/policies/${policyId}`, { method: 'PATCH', json, cookie: admin.cookie });
      expect(response.status).toBe(400);
      expect(response.body.field).toBe(field);
    }
    const memberCases: [unknown, string][] = [
      [{ userId: hr.user.id, role: 'owner' }, 'role'],
      [{ role: 'viewer' }, 'userId'],
      [{ userId: 'nobody-at-all', role: 'viewer' }, 'userId'],
      [{ department: 'no-such-department', role: 'viewer' }, 'department'],
    ];
    for (const [json, field] of memberCases) {
      const response = await call(server.url, `/api/policies/${policyId}/members`, { json, cookie: marketing.cookie });
      expect(response.status, JSON.stringify(json)).toBe(400);
      expect(response.body.field).toBe(field);
      expect(response.body.error).toMatch(new RegExp(`^${field}: `));
    }
    const people = await call(server.url, '/api/people', { cookie: marketing.cookie });
    expect(people.status).toBe(200);
    expect(people.body.find((person: { id: string }) => person.id === hr.user.id)).toEqual({ id: hr.user.id, name: 'Hal HR', department: 'hr' });
    expect(Object.keys(people.body[0]).sort()).toEqual(['department', 'id', 'name']);
    expect((await call(server.url, '/api/people', { cookie: itViewer.cookie })).status).toBe(403);
  });
});

describe('access to a shared policy ends at once', () => {
  it('a member removed from a members-only policy is disconnected within a second, and so is everyone when the policy becomes members-only', async () => {
    const policyId = await createPolicy(server.url, admin, { title: 'Members only, soon', templateId: 'small-business', organization: 'Shop' });
    const member = await call(server.url, `/api/policies/${policyId}/members`, { json: { userId: hr.user.id, role: 'editor' }, cookie: admin.cookie });
    expect(member.status).toBeLessThan(300);
    const hrClient = await collabOutcome(policyId, hr);
    const legalClient = await collabOutcome(policyId, legal);
    expect(hrClient.outcome).toBe('synced');
    expect(legalClient.outcome).toBe('synced');
    const closes = (client: TestClient) => {
      const codes: number[] = [];
      client.provider.on('connection-close', (event: { code: number } | null) => event && codes.push(event.code));
      return codes;
    };
    const hrCloses = closes(hrClient.client);
    const legalCloses = closes(legalClient.client);

    // Legal is no member: making the policy members-only ends Legal's connection, not HR's.
    const started = Date.now();
    expect((await call(server.url, `/api/policies/${policyId}`, { method: 'PATCH', json: { sharing: 'members' }, cookie: admin.cookie })).status).toBe(200);
    await eventually(() => expect(legalCloses.length).toBeGreaterThan(0), 1_000);
    console.log(`[sharing] non-member disconnected ${Date.now() - started} ms after the policy became members-only (code ${legalCloses[0]})`);
    expect(hrCloses).toEqual([]);

    const removedAt = Date.now();
    expect((await call(server.url, `/api/policies/${policyId}/members/${hr.user.id}`, { method: 'DELETE', cookie: admin.cookie })).status).toBe(200);
    await eventually(() => expect(hrCloses.length).toBeGreaterThan(0), 1_000);
    console.log(`[sharing] removed member disconnected ${Date.now() - removedAt} ms after removal (code ${hrCloses[0]})`);
  });
});
