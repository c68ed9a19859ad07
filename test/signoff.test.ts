import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyDetail as Policy, SectionStateBody as Section } from '../shared/api';
import type { DepartmentId } from '../shared/departments';
import { StructureRefused } from '../shared/closeCodes';
import { startTestServer } from './support/accordServer';
import { connectClient, eventually, firstParagraphText, sectionElement, synced, typeInFirstSection, type TestClient } from './support/collabClient';
import { call, createPolicy, openEventStream, signUpAdmin, signUpInvited, type EventStream, type Session } from './support/session';
import { cleanupStack } from './support/cleanups';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

const TEMPLATE = { templateId: 'healthcare-provider', organization: 'Test Org' };
const HEX64 = /^[0-9a-f]{64}$/;

let server: TestServer;
let admin: Session;
/**
 * One signer per department. They are department admins so that these tests exercise the
 * sign-off rules on their own; that editors may sign off too is its own test below.
 */
const signers = new Map<string, Session>();
let viewer: Session;
let editor: Session;

const cleanups = cleanupStack();

beforeAll(async () => {
  server = await startTestServer();
  admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
  signers.set('communications', admin);
  const departments: DepartmentId[] = ['compliance', 'hr', 'legal', 'marketing', 'it', 'customer-service'];
  for (const department of departments) {
    signers.set(department, await signUpInvited(server.url, admin, department, 'admin', `${department} signer`));
  }
  viewer = await signUpInvited(server.url, admin, 'communications', 'viewer', 'Vic Viewer');
  editor = await signUpInvited(server.url, admin, 'hr', 'editor', 'Edna Editor');
});
afterAll(() => server.close());

function signer(department: string): Session {
  const session = signers.get(department);
  if (!session) throw new Error(`no signer for ${department}`);
  return session;
}

async function templatePolicy(title = 'Healthcare policy'): Promise<string> {
  return createPolicy(server.url, admin, { title, ...TEMPLATE });
}

async function readPolicy(policyId: string): Promise<Policy> {
  const response = await call<Policy>(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie });
  if (response.status !== 200) throw new Error(`reading the policy failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

async function readAudit(policyId: string) {
  const response = await call(server.url, `/api/policies/${policyId}/audit`, { cookie: admin.cookie });
  expect(response.status).toBe(200);
  return response.body as { sectionId: string; sectionTitle: string; department: string; action: string; userId: string; userName: string; hash: string; comment: string; at: string }[];
}

async function listed(policyId: string) {
  const response = await call(server.url, '/api/policies', { cookie: admin.cookie });
  expect(response.status).toBe(200);
  return (response.body as { id: string; status: string; signedCount: number; sectionCount: number }[]).find((policy) => policy.id === policyId);
}

function sign(session: Session, policyId: string, sectionId: string, hash: string, comment?: string) {
  return call(server.url, `/api/policies/${policyId}/sections/${sectionId}/signoffs`, { json: comment === undefined ? { hash } : { hash, comment }, cookie: session.cookie });
}

function revoke(session: Session, policyId: string, sectionId: string) {
  return call(server.url, `/api/policies/${policyId}/sections/${sectionId}/signoffs`, { method: 'DELETE', cookie: session.cookie });
}

/** Signs a section for every department it asks for. */
async function signFully(policyId: string, section: Section): Promise<void> {
  for (const department of [section.owner, ...section.approvers]) {
    const response = await sign(signer(department), policyId, section.id, section.hash);
    expect(response.status, `${department} signing ${section.title}`).toBe(201);
  }
}

/** A live collaborator on the policy, signed in as the admin. */
async function collaborator(policyId: string): Promise<TestClient> {
  const client = connectClient(server.url, policyId, { headers: { cookie: admin.cookie } });
  cleanups.push(() => client.destroy());
  await synced(client);
  return client;
}

/** Types into a section through Yjs and waits until the server's copy has the text. */
async function editSection(policyId: string, sectionIndex: number, text: string, client?: TestClient): Promise<TestClient> {
  const editorClient = client ?? (await collaborator(policyId));
  typeInFirstSection(editorClient.doc, text, sectionIndex);
  await eventually(() => expect(server.rooms.withDocument(policyId, (doc) => firstParagraphText(doc, sectionIndex))).toContain(text));
  return editorClient;
}

async function eventStream(policyId: string): Promise<EventStream> {
  const stream = await openEventStream(server.url, `/api/policies/${policyId}/events`, admin.cookie);
  cleanups.push(() => stream.close());
  return stream;
}

function sectionIn(event: { data: { sections: Section[] } }, sectionId: string): Section | undefined {
  return event.data.sections.find((section) => section.id === sectionId);
}

describe('who may sign off what', () => {
  it('refuses a department the section does not ask for, a viewer, unknown ids and a different hash, and records nothing', async () => {
    const policyId = await templatePolicy();
    const [purpose, speakers] = (await readPolicy(policyId)).sections;
    expect(purpose).toMatchObject({ title: 'Purpose and scope', owner: 'communications', approvers: ['compliance', 'hr'], status: 'pending', signoffs: [] });

    const notAsked = await sign(signer('legal'), policyId, purpose!.id, purpose!.hash);
    expect(notAsked.status).toBe(403);
    // The viewer belongs to the owning department: only the role refuses them.
    const byViewer = await sign(viewer, policyId, purpose!.id, purpose!.hash);
    expect(byViewer.status).toBe(403);
    // The sign-off service refuses viewers itself too, whatever route calls it.
    const viewerAccount = server.accounts.getUser(viewer.user.id)!;
    expect(() => server.signoffs.sign(policyId, purpose!.id, viewerAccount, purpose!.hash, '')).toThrow(expect.objectContaining({ status: 403 }));

    expect((await sign(admin, 'unknownPolicy1234', purpose!.id, purpose!.hash)).status).toBe(404);
    expect((await sign(admin, policyId, 'noSuchSection', purpose!.hash)).status).toBe(404);

    const madeUp = await sign(admin, policyId, purpose!.id, '0'.repeat(64));
    expect(madeUp.status).toBe(409);
    expect(madeUp.body.currentHash).toBe(purpose!.hash);
    const otherSection = await sign(admin, policyId, purpose!.id, speakers!.hash);
    expect(otherSection.status).toBe(409);
    expect((await sign(admin, policyId, purpose!.id, 'not-a-hash')).status).toBe(400);

    expect(await readAudit(policyId)).toEqual([]);
    const after = await readPolicy(policyId);
    expect(after.sections[0]).toMatchObject({ status: 'pending', signoffs: [] });
  });

  it('refuses (409) a sign-off of text that changed after the signer read it', async () => {
    const policyId = await templatePolicy();
    const seen = (await readPolicy(policyId)).sections[0]!;
    await editSection(policyId, 0, 'Changed while someone was reading. ');
    const current = (await readPolicy(policyId)).sections[0]!;
    expect(current.hash).not.toBe(seen.hash);

    const outdated = await sign(admin, policyId, seen.id, seen.hash);
    expect(outdated.status).toBe(409);
    expect(outdated.body.currentHash).toBe(current.hash);
    expect(await readAudit(policyId)).toEqual([]);

    expect((await sign(admin, policyId, seen.id, current.hash)).status).toBe(201);
  });

  it('records a valid sign-off (201); the section is signed only once every required department has signed', async () => {
    const policyId = await templatePolicy();
    const purpose = (await readPolicy(policyId)).sections[0]!;

    const first = await sign(admin, policyId, purpose.id, purpose.hash, 'Reads well.');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ sectionId: purpose.id, department: 'communications', action: 'signoff', userName: 'Ada Admin', hash: purpose.hash, comment: 'Reads well.' });

    let section = (await readPolicy(policyId)).sections[0]!;
    expect(section.status).toBe('pending');
    expect(section.signoffs).toHaveLength(1);
    expect(section.signoffs[0]).toMatchObject({ department: 'communications', userId: admin.user.id, userName: 'Ada Admin', hash: purpose.hash, valid: true });
    expect(new Date(section.signoffs[0]!.at).toISOString()).toBe(section.signoffs[0]!.at);

    expect((await sign(signer('compliance'), policyId, purpose.id, purpose.hash)).status).toBe(201);
    section = (await readPolicy(policyId)).sections[0]!;
    expect(section.status).toBe('pending');

    expect((await sign(signer('hr'), policyId, purpose.id, purpose.hash)).status).toBe(201);
    const policy = await readPolicy(policyId);
    section = policy.sections[0]!;
    expect(section.status).toBe('signed');
    expect(section.signoffs.map((signoff) => [signoff.department, signoff.valid])).toEqual([
      ['communications', true],
      ['compliance', true],
      ['hr', true],
    ]);
    // Other sections are untouched, so the policy as a whole is not endorsed.
    expect(policy.sections[1]).toMatchObject({ status: 'pending', signoffs: [] });
    expect(policy.status).toBe('pending');
  });

  it('lets an editor (not only admins) sign off for their department', async () => {
    const policyId = await templatePolicy();
    const purpose = (await readPolicy(policyId)).sections[0]!;
    const response = await sign(editor, policyId, purpose.id, purpose.hash);
    expect(response.status).toBe(201);
    expect((await readPolicy(policyId)).sections[0]!.signoffs.map((signoff) => signoff.department)).toEqual(['hr']);
  });
});

describe('sign-offs are bound to the signed content', () => {
  it('an edit makes the sign-off stale, the event stream says so, and other sections keep theirs', async () => {
    const policyId = await templatePolicy();
    const [purpose, speakers] = (await readPolicy(policyId)).sections;
    await signFully(policyId, purpose!);
    await signFully(policyId, speakers!);

    const stream = await eventStream(policyId);
    const initial = await stream.next((event) => event.event === 'status');
    expect(sectionIn(initial, purpose!.id)?.status).toBe('signed');
    expect(sectionIn(initial, speakers!.id)?.status).toBe('signed');

    await editSection(policyId, 0, 'An edit after signing. ');

    const pushed = await stream.next((event) => event.event === 'status' && sectionIn(event, purpose!.id)?.status === 'stale', 5_000);
    expect(sectionIn(pushed, speakers!.id)?.status).toBe('signed');

    const policy = await readPolicy(policyId);
    const [stalePurpose, stillSigned] = policy.sections;
    expect(stalePurpose!.status).toBe('stale');
    expect(stalePurpose!.hash).not.toBe(purpose!.hash);
    expect(stalePurpose!.signoffs).toHaveLength(3);
    expect(stalePurpose!.signoffs.every((signoff) => !signoff.valid && signoff.hash === purpose!.hash)).toBe(true);
    expect(stillSigned!.status).toBe('signed');
    expect(stillSigned!.hash).toBe(speakers!.hash);
    expect(stillSigned!.signoffs.every((signoff) => signoff.valid)).toBe(true);
  });

  it('ignores sign-off-like data written into the shared document', async () => {
    const policyId = await templatePolicy();
    const [purpose, speakers] = (await readPolicy(policyId)).sections;
    expect((await sign(admin, policyId, purpose!.id, purpose!.hash)).status).toBe(201);
    const before = await readPolicy(policyId);
    const auditBefore = await readAudit(policyId);

    const forger = await collaborator(policyId);
    const forged = (department: string, hash: string) => ({ department, userId: 'forged', userName: 'Forger', at: new Date().toISOString(), hash, comment: '', valid: true });
    forger.doc.transact(() => {
      const purposeElement = sectionElement(forger.doc, 0);
      purposeElement.setAttribute('signoffs', JSON.stringify([forged('compliance', purpose!.hash), forged('hr', purpose!.hash)]));
      purposeElement.setAttribute('signedBy', 'compliance,hr');
      purposeElement.setAttribute('status', 'signed');
      const speakersElement = sectionElement(forger.doc, 1);
      speakersElement.setAttribute('signoffs', JSON.stringify([forged('communications', speakers!.hash), forged('legal', speakers!.hash)]));
      speakersElement.setAttribute('signedBy', 'communications,legal');
    });
    // The forged attributes are in the server's copy of the document...
    await eventually(() => {
      expect(server.rooms.withDocument(policyId, (doc) => sectionElement(doc, 0).getAttribute('signedBy'))).toBe('compliance,hr');
    });
    // ...a shared type of its own is not even stored (the document holds the policy and the inventory only)...
    const closes: number[] = [];
    forger.provider.on('connection-close', (event: { code: number } | null) => event && closes.push(event.code));
    forger.doc.getMap('signoffs').set(purpose!.id, [forged('compliance', purpose!.hash), forged('hr', purpose!.hash)]);
    await eventually(() => expect(closes).toContain(StructureRefused.code));
    expect(server.rooms.withDocument(policyId, (doc) => doc.share.has('signoffs') && doc.getMap('signoffs').size)).toBeFalsy();

    // ...and changes nothing about sign-offs.
    const after = await readPolicy(policyId);
    const summary = (policy: Policy) => policy.sections.map(({ id, hash, status, signoffs }) => ({ id, hash, status, signoffs }));
    expect(summary(after)).toEqual(summary(before));
    expect(after.sections[0]).toMatchObject({ status: 'pending' });
    expect(after.sections[0]!.signoffs.map((signoff) => signoff.department)).toEqual(['communications']);
    expect(after.sections[1]).toMatchObject({ status: 'pending', signoffs: [] });
    expect(after.status).toBe(before.status);
    expect(await readAudit(policyId)).toEqual(auditBefore);
  });

  it("changing a section's approvers (through the API) changes its hash and makes its sign-offs stale, live in the document", async () => {
    const policyId = await templatePolicy();
    const purpose = (await readPolicy(policyId)).sections[0]!;
    expect((await sign(admin, policyId, purpose.id, purpose.hash)).status).toBe(201);

    const client = await collaborator(policyId);
    const changed = await call(server.url, `/api/policies/${policyId}/sections/${purpose.id}/requirements`, { method: 'PUT', json: { owner: purpose.owner, approvers: ['compliance'] }, cookie: admin.cookie });
    expect(changed.status).toBe(200);
    await eventually(() => expect(sectionElement(client.doc, 0).getAttribute('approvers')).toBe('compliance'));

    const section = (await readPolicy(policyId)).sections[0]!;
    expect(section.approvers).toEqual(['compliance']);
    expect(section.hash).not.toBe(purpose.hash);
    expect(section.status).toBe('stale');
    expect(section.signoffs).toEqual([expect.objectContaining({ department: 'communications', valid: false })]);
  });
});

describe('revocation and the audit trail', () => {
  it('revoking removes the sign-off and sets the section back to pending; revoking again is 404', async () => {
    const policyId = await templatePolicy();
    const speakers = (await readPolicy(policyId)).sections[1]!;
    expect(speakers).toMatchObject({ owner: 'communications', approvers: ['legal'] });
    await signFully(policyId, speakers);
    expect((await readPolicy(policyId)).sections[1]!.status).toBe('signed');

    const revoked = await revoke(admin, policyId, speakers.id);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ action: 'revoke', department: 'communications', sectionId: speakers.id });

    const section = (await readPolicy(policyId)).sections[1]!;
    expect(section.status).toBe('pending');
    expect(section.signoffs.map((signoff) => [signoff.department, signoff.valid])).toEqual([['legal', true]]);

    expect((await revoke(admin, policyId, speakers.id)).status).toBe(404);
    expect((await revoke(signer('hr'), policyId, speakers.id)).status).toBe(404);
    expect((await revoke(viewer, policyId, speakers.id)).status).toBe(403);
    expect((await readPolicy(policyId)).sections[1]!.signoffs.map((signoff) => signoff.department)).toEqual(['legal']);
  });

  it('the audit lists every sign-off and revocation, newest first, with who, department, action, hash and time', async () => {
    const policyId = await templatePolicy();
    expect(await readAudit(policyId)).toEqual([]);
    const purpose = (await readPolicy(policyId)).sections[0]!;
    expect((await sign(admin, policyId, purpose.id, purpose.hash, 'First look.')).status).toBe(201);
    expect((await sign(signer('compliance'), policyId, purpose.id, purpose.hash)).status).toBe(201);
    expect((await revoke(admin, policyId, purpose.id)).status).toBe(200);

    const audit = await readAudit(policyId);
    expect(audit.map((event) => [event.action, event.department, event.userName])).toEqual([
      ['revoke', 'communications', 'Ada Admin'],
      ['signoff', 'compliance', 'compliance signer'],
      ['signoff', 'communications', 'Ada Admin'],
    ]);
    for (const event of audit) {
      expect(event).toMatchObject({ sectionId: purpose.id, sectionTitle: 'Purpose and scope', hash: purpose.hash });
      expect(event.hash).toMatch(HEX64);
      expect(new Date(event.at).toISOString()).toBe(event.at);
    }
    expect(audit[0]!.userId).toBe(admin.user.id);
    expect(audit[1]!.userId).toBe(signer('compliance').user.id);
    expect(audit[2]!.comment).toBe('First look.');
    const times = audit.map((event) => Date.parse(event.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('the sign-off history is append-only in the database itself', async () => {
    const policyId = await templatePolicy();
    const purpose = (await readPolicy(policyId)).sections[0]!;
    expect((await sign(admin, policyId, purpose.id, purpose.hash)).status).toBe(201);
    const auditBefore = await readAudit(policyId);

    const db = new Database(path.join(server.dataDir, 'accord.db'), { timeout: 2000 });
    try {
      expect(() => db.prepare("UPDATE signoff_events SET department = 'legal' WHERE policy_id = ?").run(policyId)).toThrow(/append-only/);
      expect(() => db.prepare('UPDATE signoff_events SET hash = ? WHERE policy_id = ?').run('f'.repeat(64), policyId)).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM signoff_events WHERE policy_id = ?').run(policyId)).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM signoff_events').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
    expect(await readAudit(policyId)).toEqual(auditBefore);
    expect((await readPolicy(policyId)).sections[0]!.signoffs).toHaveLength(1);
  });

  it('shows what a department signed beside what the section says now', async () => {
    const policyId = await templatePolicy();
    const purpose = (await readPolicy(policyId)).sections[0]!;
    expect((await sign(admin, policyId, purpose.id, purpose.hash)).status).toBe(201);
    const url = `/api/policies/${policyId}/sections/${purpose.id}/signoffs/communications`;

    const unchanged = await call(server.url, url, { cookie: admin.cookie });
    expect(unchanged.status).toBe(200);
    expect(unchanged.body.signed).toMatchObject({ title: 'Purpose and scope', userName: 'Ada Admin' });
    expect(unchanged.body.current.text).toBe(unchanged.body.signed.text);
    expect(unchanged.body.current.hash).toBe(purpose.hash);
    const signedText: string = unchanged.body.signed.text;
    expect(signedText.length).toBeGreaterThan(0);

    await editSection(policyId, 0, 'Added after signing. ');
    const changed = await call(server.url, url, { cookie: admin.cookie });
    expect(changed.status).toBe(200);
    expect(changed.body.signed.text).toBe(signedText);
    expect(changed.body.signed.text).not.toContain('Added after signing.');
    expect(changed.body.current.text).toContain('Added after signing.');
    expect(changed.body.current.hash).toBe((await readPolicy(policyId)).sections[0]!.hash);
    expect(changed.body.current.hash).not.toBe(purpose.hash);

    expect((await call(server.url, `/api/policies/${policyId}/sections/${purpose.id}/signoffs/legal`, { cookie: admin.cookie })).status).toBe(404);
  });
});

describe('endorsement of the whole policy', () => {
  it('a blank policy is endorsed once its one section is signed, and drops to stale after an edit', async () => {
    const policyId = await createPolicy(server.url, admin, { title: 'Blank policy' });
    expect(await listed(policyId)).toMatchObject({ status: 'pending', signedCount: 0, sectionCount: 1 });
    const policy = await readPolicy(policyId);
    expect(policy).toMatchObject({ status: 'pending', endorsedAt: null });
    expect(policy.sections[0]).toMatchObject({ owner: 'communications', approvers: [] });

    expect((await sign(admin, policyId, policy.sections[0]!.id, policy.sections[0]!.hash)).status).toBe(201);
    const endorsed = await readPolicy(policyId);
    expect(endorsed.status).toBe('endorsed');
    expect(endorsed.endorsedAt).not.toBeNull();
    expect(await listed(policyId)).toMatchObject({ status: 'endorsed', signedCount: 1, sectionCount: 1 });

    await editSection(policyId, 0, 'Edited after endorsement.');
    expect((await readPolicy(policyId)).status).toBe('stale');
    expect(await listed(policyId)).toMatchObject({ status: 'stale', signedCount: 0, sectionCount: 1 });
  });

  it('a template policy is endorsed only when the last required sign-off lands, and drops to stale when a signed section is edited', async () => {
    const policyId = await templatePolicy('Full endorsement');
    const sections = (await readPolicy(policyId)).sections;
    expect(sections.length).toBeGreaterThan(1);
    expect(await listed(policyId)).toMatchObject({ status: 'pending', signedCount: 0, sectionCount: sections.length });

    const steps = sections.flatMap((section) => [section.owner, ...section.approvers].map((department) => ({ section, department })));
    for (const [index, { section, department }] of steps.entries()) {
      expect((await sign(signer(department), policyId, section.id, section.hash)).status, `${department} on ${section.title}`).toBe(201);
      const status = (await readPolicy(policyId)).status;
      expect(status, `after sign-off ${index + 1} of ${steps.length}`).toBe(index === steps.length - 1 ? 'endorsed' : 'pending');
    }
    expect(await listed(policyId)).toMatchObject({ status: 'endorsed', signedCount: sections.length, sectionCount: sections.length });
    expect((await readPolicy(policyId)).endorsedAt).not.toBeNull();

    const edited = 7;
    await editSection(policyId, edited, 'A late change. ');
    const after = await readPolicy(policyId);
    expect(after.status).toBe('stale');
    expect(after.sections.map((section) => section.status)).toEqual(sections.map((_, index) => (index === edited ? 'stale' : 'signed')));
    expect(await listed(policyId)).toMatchObject({ status: 'stale', signedCount: sections.length - 1, sectionCount: sections.length });
  });
});
