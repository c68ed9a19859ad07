import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { RequirementsLocked, SectionDeleteForbidden, StructureRefused } from '../shared/closeCodes';
import { startTestServer } from './support/accordServer';
import { eventually, firstParagraphText, signedInClient, typeInFirstSection, type TestClient, sectionElements } from './support/collabClient';
import { call, createPolicy, signUpAdmin, signUpInvited, type Session } from './support/session';
import { cleanupStack } from './support/cleanups';

/**
 * The attacks of the sign-off integrity review, each made with a stock y-websocket client and
 * one editor account, as an attacker would. Every one of them succeeded before owners,
 * approvers and structure became server data; now each must fail.
 */

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

interface Section {
  id: string;
  title: string;
  owner: string;
  approvers: string[];
  hash: string;
  status: 'signed' | 'stale' | 'pending';
  signoffs: { department: string; valid: boolean }[];
  lastChangedBy: { id: string; name: string; department: string } | null;
  lastChangedAt: string | null;
}

interface Policy {
  id: string;
  title: string;
  status: 'endorsed' | 'stale' | 'pending';
  structureChanged: boolean;
  fingerprint: string;
  sections: Section[];
}

let server: TestServer;
let admin: Session;
let marketing: Session;
let legal: Session;
let hr: Session;
/** A department admin per department, to sign whole policies. */
const signers = new Map<string, Session>();
const cleanups = cleanupStack();

beforeAll(async () => {
  server = await startTestServer();
  admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
  marketing = await signUpInvited(server.url, admin, 'marketing', 'editor', 'Mallory Marketing');
  legal = await signUpInvited(server.url, admin, 'legal', 'editor', 'Lee Legal');
  hr = await signUpInvited(server.url, admin, 'hr', 'editor', 'Harper HR');
  signers.set('communications', admin);
  for (const department of ['marketing', 'hr', 'it', 'legal', 'customer-service', 'compliance'] as const) {
    signers.set(department, await signUpInvited(server.url, admin, department, 'admin', `${department} signer`));
  }
});
afterAll(() => server.close());

async function readPolicy(policyId: string, session = admin): Promise<Policy> {
  const response = await call<Policy>(server.url, `/api/policies/${policyId}`, { cookie: session.cookie });
  expect(response.status).toBe(200);
  return response.body;
}

function sign(session: Session, policyId: string, sectionId: string, hash: string) {
  return call(server.url, `/api/policies/${policyId}/sections/${sectionId}/signoffs`, { json: { hash }, cookie: session.cookie });
}

/** A stock y-websocket client signed in as `session`, with the close codes it received. */
function stockClient(policyId: string, session: Session): Promise<TestClient & { closes: number[] }> {
  return signedInClient(server.url, policyId, session.cookie, (cleanup) => cleanups.push(cleanup));
}


describe('a stock client cannot rewrite who must sign', () => {
  it('an editor who makes her department the owner of every section, with no approvers, cannot endorse the policy', async () => {
    const policyId = await createPolicy(server.url, admin, { title: 'Corporate policy', templateId: 'corporate-enterprise', organization: 'Acme' });
    const original = await readPolicy(policyId);
    expect(original.sections.length).toBe(18);

    const attacker = await stockClient(policyId, marketing);
    attacker.doc.transact(() => {
      for (const element of sectionElements(attacker.doc)) {
        element.setAttribute('owner', 'marketing');
        element.setAttribute('approvers', [] as unknown as string);
      }
    });
    // Give the server time to take (or refuse) the change.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const after = await readPolicy(policyId);
    let signedByAttacker = 0;
    for (const section of after.sections) {
      const response = await sign(marketing, policyId, section.id, section.hash);
      if (response.status === 201) signedByAttacker += 1;
    }
    const final = await readPolicy(policyId);
    expect(final.status).not.toBe('endorsed');
    expect(final.sections.map((section) => [section.owner, section.approvers])).toEqual(original.sections.map((section) => [section.owner, section.approvers]));
    // Marketing owns one section and approves two; only those may carry its sign-off.
    const marketingSections = original.sections.filter((section) => section.owner === 'marketing' || section.approvers.includes('marketing')).length;
    expect(signedByAttacker).toBe(marketingSections);
    const endorsed = await call(server.url, `/api/policies/${policyId}/export?format=md&version=endorsed`, { cookie: admin.cookie });
    expect(endorsed.status).toBe(404);
  });
});

/** Signs every section of a policy for every department it asks for; returns the policy after. */
async function signEverything(policyId: string): Promise<Policy> {
  for (const section of (await readPolicy(policyId)).sections) {
    for (const department of [section.owner, ...section.approvers]) {
      const response = await sign(signers.get(department)!, policyId, section.id, section.hash);
      expect(response.status, `${department} signing ${section.title}`).toBe(201);
    }
  }
  return readPolicy(policyId);
}

function smallBusiness(title = 'Shop policy'): Promise<string> {
  return createPolicy(server.url, admin, { title, templateId: 'small-business', organization: 'Corner Shop' });
}

function endorsedCount(policyId: string): number {
  return (server.signoffs as unknown as { endorsedCount(id: string): number }).endorsedCount(policyId);
}

function stored(policyId: string, read: (doc: Y.Doc) => unknown): unknown {
  return server.rooms.withDocument(policyId, read);
}

describe('the document mirrors requirements; the server refuses to let clients rewrite them', () => {
  it('closes the connection of a client that rewrites an owner, with a named code, and keeps the document as it was', async () => {
    const policyId = await smallBusiness();
    const before = await readPolicy(policyId);
    const attacker = await stockClient(policyId, marketing);
    const observer = await stockClient(policyId, admin);
    sectionElements(attacker.doc)[2]!.setAttribute('owner', 'marketing');
    await eventually(() => expect(attacker.closes).toContain(RequirementsLocked.code));
    const after = await readPolicy(policyId);
    expect(after.sections.map((section) => section.owner)).toEqual(before.sections.map((section) => section.owner));
    expect(after.sections.map((section) => section.hash)).toEqual(before.sections.map((section) => section.hash));
    expect(stored(policyId, (doc) => sectionElements(doc)[2]!.getAttribute('owner'))).toBe('it');
    // Nobody else ever saw the forged owner.
    expect(sectionElements(observer.doc)[2]!.getAttribute('owner')).toBe('it');
  });

  it('a stock client re-sending the same owner and approvers (as editors do while typing) stays connected', async () => {
    const policyId = await smallBusiness();
    const client = await stockClient(policyId, marketing);
    const element = sectionElements(client.doc)[0]!;
    client.doc.transact(() => {
      element.setAttribute('owner', 'marketing');
      element.setAttribute('approvers', 'hr');
    });
    typeInFirstSection(client.doc, 'Still here. ');
    await eventually(() => expect(stored(policyId, (doc) => firstParagraphText(doc, 0))).toContain('Still here.'));
    expect(client.closes).toEqual([]);
  });

  it('a client that sends back everything it holds (as a browser does from its offline copy) is not refused, even after owners changed', async () => {
    const policyId = await smallBusiness();
    const client = await stockClient(policyId, marketing);
    const target = (await readPolicy(policyId)).sections[0]!;
    const changed = await call(server.url, `/api/policies/${policyId}/sections/${target.id}/requirements`, { method: 'PUT', json: { owner: 'marketing', approvers: ['legal'] }, cookie: marketing.cookie });
    expect(changed.status).toBe(200);
    await eventually(() => expect(sectionElements(client.doc)[0]!.getAttribute('approvers')).toBe('legal'));
    // The whole state, title and original owners included, as one update message.
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(client.doc));
    client.provider.ws!.send(encoding.toUint8Array(encoder));
    typeInFirstSection(client.doc, 'After the resend. ');
    await eventually(() => expect(stored(policyId, (doc) => firstParagraphText(doc, 0))).toContain('After the resend.'));
    expect(client.closes).toEqual([]);
  });

  it('a mirror that missed a change (a lost write) is brought back in line with the records when the policy opens', async () => {
    const policyId = await smallBusiness();
    const target = (await readPolicy(policyId)).sections[2]!;
    // Only the records change, as if the document write after them had been lost.
    server.requirements.change(policyId, target.id, { owner: 'it', approvers: ['legal'] }, { id: admin.user.id, name: 'Ada Admin', department: 'communications' }, target.title);
    await eventually(() => expect(server.rooms.get(policyId)).toBeUndefined());
    const client = await stockClient(policyId, admin);
    await eventually(() => expect(sectionElements(client.doc)[2]!.getAttribute('approvers')).toBe('legal'));
    expect((await readPolicy(policyId)).sections[2]).toMatchObject({ owner: 'it', approvers: ['legal'] });
  });

  it('offline work that added a section and deleted it again is taken when the editor reconnects', async () => {
    const policyId = await smallBusiness();
    const client = await stockClient(policyId, marketing);
    client.provider.disconnect();
    const fragment = client.doc.getXmlFragment('default');
    const section = new Y.XmlElement('policySection');
    section.setAttribute('id', 'offlineSection1');
    const heading = new Y.XmlElement('heading');
    heading.insert(0, [new Y.XmlText('Draft made offline')]);
    section.insert(0, [heading]);
    fragment.insert(1, [section]);
    fragment.delete(1, 1);
    typeInFirstSection(client.doc, 'Written offline. ');
    client.provider.connect();
    await eventually(() => expect(stored(policyId, (doc) => firstParagraphText(doc, 0))).toContain('Written offline.'));
    expect(client.closes).toEqual([]);
  });

  it('a Legal editor changes the approvers of a Legal section through the API: audited, mirrored, its sign-offs stale; HR gets 403', async () => {
    const policyId = await smallBusiness();
    const privacy = (await readPolicy(policyId)).sections.find((section) => section.owner === 'legal' && section.approvers.length === 0)!;
    expect((await sign(legal, policyId, privacy.id, privacy.hash)).status).toBe(201);
    const watcher = await stockClient(policyId, admin);

    const refused = await call(server.url, `/api/policies/${policyId}/sections/${privacy.id}/requirements`, { method: 'PUT', json: { owner: 'legal', approvers: ['hr'] }, cookie: hr.cookie });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatch(/Legal/);

    const changed = await call(server.url, `/api/policies/${policyId}/sections/${privacy.id}/requirements`, { method: 'PUT', json: { owner: 'legal', approvers: ['hr', 'it'] }, cookie: legal.cookie });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ owner: 'legal', approvers: ['hr', 'it'], before: { owner: 'legal', approvers: [] } });

    const section = (await readPolicy(policyId)).sections.find((candidate) => candidate.id === privacy.id)!;
    expect(section.approvers).toEqual(['hr', 'it']);
    expect(section.hash).not.toBe(privacy.hash);
    expect(section.status).toBe('stale');
    expect(section.signoffs).toEqual([expect.objectContaining({ department: 'legal', valid: false })]);
    await eventually(() => {
      const element = sectionElements(watcher.doc).find((candidate) => candidate.getAttribute('id') === privacy.id)!;
      expect(element.getAttribute('approvers')).toBe('hr,it');
    });

    const audit = await call(server.url, `/api/policies/${policyId}/audit`, { cookie: admin.cookie });
    expect(audit.body[0]).toMatchObject({
      kind: 'requirements',
      sectionId: privacy.id,
      userName: 'Lee Legal',
      department: 'legal',
      before: { owner: 'legal', approvers: [] },
      after: { owner: 'legal', approvers: ['hr', 'it'] },
    });
    expect(audit.body.map((entry: { kind: string }) => entry.kind)).toEqual(['requirements', 'signoff']);

    const archivedOrUnknown = await call(server.url, `/api/policies/${policyId}/sections/${privacy.id}/requirements`, { method: 'PUT', json: { owner: 'legal', approvers: ['nosuchdept'] }, cookie: legal.cookie });
    expect(archivedOrUnknown.status).toBe(400);
    expect(archivedOrUnknown.body.field).toBe('approvers.0');
  });
});

describe('structure is protected', () => {
  it('refuses a top-level paragraph and an element outside the schema, and stores neither', async () => {
    const policyId = await smallBusiness();
    const attacker = await stockClient(policyId, marketing);
    const fragment = attacker.doc.getXmlFragment('default');
    fragment.insert(1, [new Y.XmlElement('paragraph')]);
    await eventually(() => expect(attacker.closes).toContain(StructureRefused.code));
    expect(stored(policyId, (doc) => doc.getXmlFragment('default').toArray().map((node) => (node as Y.XmlElement).nodeName).filter((name) => name !== 'policySection'))).toEqual(['title']);

    const again = await stockClient(policyId, marketing);
    const section = sectionElements(again.doc)[0]!;
    section.insert(1, [new Y.XmlElement('script')]);
    await eventually(() => expect(again.closes).toContain(StructureRefused.code));
    expect(String(stored(policyId, (doc) => doc.getXmlFragment('default').toString()))).not.toContain('<script');
  });

  it('only the owning department or an admin can delete a section, on the WebSocket; deletions are audited', async () => {
    const policyId = await smallBusiness();
    const before = await readPolicy(policyId);
    const itSection = before.sections.find((section) => section.owner === 'it')!;
    const attacker = await stockClient(policyId, marketing);
    const fragment = attacker.doc.getXmlFragment('default');
    const index = fragment.toArray().findIndex((node) => node instanceof Y.XmlElement && node.getAttribute('id') === itSection.id);
    fragment.delete(index, 1);
    await eventually(() => expect(attacker.closes).toContain(SectionDeleteForbidden.code));
    expect((await readPolicy(policyId)).sections.map((section) => section.id)).toContain(itSection.id);

    const own = before.sections.find((section) => section.owner === 'marketing')!;
    const owner = await stockClient(policyId, marketing);
    const ownFragment = owner.doc.getXmlFragment('default');
    ownFragment.delete(ownFragment.toArray().findIndex((node) => node instanceof Y.XmlElement && node.getAttribute('id') === own.id), 1);
    await eventually(async () => expect((await readPolicy(policyId)).sections.map((section) => section.id)).not.toContain(own.id));
    expect(owner.closes).toEqual([]);
    const audit = await call(server.url, `/api/policies/${policyId}/audit`, { cookie: admin.cookie });
    expect(audit.body[0]).toMatchObject({ kind: 'section_removed', sectionId: own.id, sectionTitle: own.title, userName: 'Mallory Marketing' });
  });

  it('a new section belongs to its creator\'s department, whatever the client claims; the addition is audited', async () => {
    const policyId = await smallBusiness();
    const client = await stockClient(policyId, legal);
    const section = new Y.XmlElement('policySection');
    section.setAttribute('id', 'brandNewSection1');
    section.setAttribute('owner', 'marketing');
    section.setAttribute('approvers', 'hr,it');
    const heading = new Y.XmlElement('heading');
    heading.setAttribute('level', 2 as unknown as string);
    heading.insert(0, [new Y.XmlText('Generative AI')]);
    section.insert(0, [heading, new Y.XmlElement('paragraph')]);
    client.doc.getXmlFragment('default').insert(2, [section]);
    await eventually(async () => expect((await readPolicy(policyId)).sections.find((candidate) => candidate.id === 'brandNewSection1')).toMatchObject({ owner: 'legal', approvers: [] }));
    await eventually(() => expect(sectionElements(client.doc).find((element) => element.getAttribute('id') === 'brandNewSection1')!.getAttribute('owner')).toBe('legal'));
    expect(client.closes).toEqual([]);
    const audit = await call(server.url, `/api/policies/${policyId}/audit`, { cookie: admin.cookie });
    expect(audit.body[0]).toMatchObject({ kind: 'section_added', sectionId: 'brandNewSection1', sectionTitle: 'Generative AI', userName: 'Lee Legal', after: { owner: 'legal', approvers: [] } });
  });

  it('a clone of a signed section gets a fresh id, so changing the original never shows as signed', async () => {
    const policyId = await smallBusiness();
    const target = (await readPolicy(policyId)).sections.find((section) => section.owner === 'it' && section.approvers.length === 0)!;
    expect((await sign(signers.get('it')!, policyId, target.id, target.hash)).status).toBe(201);

    const attacker = await stockClient(policyId, marketing);
    const fragment = attacker.doc.getXmlFragment('default');
    const original = sectionElements(attacker.doc).find((element) => element.getAttribute('id') === target.id)!;
    fragment.insert(1, [original.clone()]);
    await eventually(async () => expect((await readPolicy(policyId)).sections.filter((section) => section.title === target.title)).toHaveLength(2));
    const copies = (await readPolicy(policyId)).sections.filter((section) => section.title === target.title);
    expect(new Set(copies.map((section) => section.id)).size).toBe(2);
    const clone = copies.find((section) => section.id !== target.id)!;
    expect(clone).toMatchObject({ owner: 'marketing', status: 'pending' });
    expect(copies.find((section) => section.id === target.id)).toMatchObject({ owner: 'it', status: 'signed' });

    // The attacker now edits the original: its sign-off goes stale, and the export says so.
    const index = sectionElements(attacker.doc).findIndex((element) => element.getAttribute('id') === target.id);
    await eventually(() => expect(index).toBeGreaterThan(0));
    typeInFirstSection(attacker.doc, 'Passwords may be shared with contractors. ', index);
    await eventually(async () => expect((await readPolicy(policyId)).sections.find((section) => section.id === target.id)!.status).toBe('stale'));
    const markdown = await call(server.url, `/api/policies/${policyId}/export?format=md`, { cookie: admin.cookie });
    const changedPart = String(markdown.body).split('Passwords may be shared with contractors.')[0]!;
    const statusLine = changedPart.slice(changedPart.lastIndexOf(target.title)).match(/Status: ([^\n]*)/);
    expect(statusLine?.[1] ?? '').not.toMatch(/^Signed/);
  });
});

describe('the endorsement covers the whole document and only sign-off actions endorse', () => {
  it('renaming the title after endorsement ends it: new fingerprint; the endorsed export keeps the endorsed title until every signing department confirmed the new one', async () => {
    const policyId = await smallBusiness('Shop social media policy');
    const endorsed = await signEverything(policyId);
    expect(endorsed.status).toBe('endorsed');

    const client = await stockClient(policyId, marketing);
    const title = client.doc.getXmlFragment('default').get(0) as Y.XmlElement;
    (title.get(0) as Y.XmlText).insert(0, 'Relaxed ');
    await eventually(async () => expect((await readPolicy(policyId)).fingerprint).not.toBe(endorsed.fingerprint));
    const renamed = await readPolicy(policyId);
    expect(renamed.status).not.toBe('endorsed');
    expect(renamed.structureChanged).toBe(true);
    // What changed is said, so nobody confirms blind.
    expect((renamed as unknown as { structureChange: unknown }).structureChange).toEqual({ title: { before: 'Shop social media policy', after: 'Relaxed Shop social media policy' }, moved: [], removed: [] });
    const exported = await call(server.url, `/api/policies/${policyId}/export?format=md&version=endorsed`, { cookie: admin.cookie });
    expect(String(exported.body)).toContain('Shop social media policy');
    expect(String(exported.body)).not.toContain('Relaxed');

    // Every department that signs part of the policy confirms the renamed version; the last one endorses it.
    const stale = await call(server.url, `/api/policies/${policyId}/endorsement`, { json: { fingerprint: endorsed.fingerprint }, cookie: legal.cookie });
    expect(stale.status).toBe(409);
    const sales = await signUpInvited(server.url, admin, 'sales' as 'hr', 'editor', 'Sam Sales');
    expect((await call(server.url, `/api/policies/${policyId}/endorsement`, { json: { fingerprint: renamed.fingerprint }, cookie: sales.cookie })).status).toBe(403);
    const first = await call(server.url, `/api/policies/${policyId}/endorsement`, { json: { fingerprint: renamed.fingerprint }, cookie: legal.cookie });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ endorsed: false, confirmed: ['legal'] });
    expect(first.body.waiting.length).toBeGreaterThan(0);
    expect((await readPolicy(policyId)).status).not.toBe('endorsed');
    const waiting: string[] = first.body.waiting;
    let last = first;
    for (const department of waiting) {
      last = await call(server.url, `/api/policies/${policyId}/endorsement`, { json: { fingerprint: renamed.fingerprint }, cookie: signers.get(department)!.cookie });
      expect(last.status).toBe(201);
    }
    expect(last.body).toMatchObject({ endorsed: true, waiting: [], version: 2 });
    expect((await readPolicy(policyId)).status).toBe('endorsed');
    expect(endorsedCount(policyId)).toBe(2);
    const audit = await call(server.url, `/api/policies/${policyId}/audit`, { cookie: admin.cookie });
    expect(audit.body[0]).toMatchObject({ kind: 'endorsed', after: { fingerprint: renamed.fingerprint, version: 2 } });
    expect(audit.body.filter((entry: { kind: string }) => entry.kind === 'endorsement_confirmed')).toHaveLength(waiting.length + 1);
  });

  it('reordering a fully signed policy stores no new endorsed version; swapping back is endorsed again', async () => {
    const policyId = await smallBusiness();
    const endorsed = await signEverything(policyId);
    expect(endorsed.status).toBe('endorsed');
    expect(endorsedCount(policyId)).toBe(1);
    const client = await stockClient(policyId, admin);
    const fragment = client.doc.getXmlFragment('default');
    for (let swap = 0; swap < 10; swap += 1) {
      // Move the second section above the first: delete and insert it again, as the editor does.
      const moved = fragment.get(2) as Y.XmlElement;
      const copy = moved.clone();
      client.doc.transact(() => {
        fragment.delete(2, 1);
        fragment.insert(1, [copy]);
      });
    }
    await eventually(async () => expect((await readPolicy(policyId)).sections.map((section) => section.id)).toEqual(endorsed.sections.map((section) => section.id)));
    expect(client.closes).toEqual([]);
    expect((await readPolicy(policyId)).status).toBe('endorsed');
    const once = fragment.get(2) as Y.XmlElement;
    client.doc.transact(() => {
      const copy = once.clone();
      fragment.delete(2, 1);
      fragment.insert(1, [copy]);
    });
    await eventually(async () => expect((await readPolicy(policyId)).sections[0]!.id).toBe(endorsed.sections[1]!.id));
    const reordered = await readPolicy(policyId);
    expect(reordered.status).toBe('stale');
    expect(reordered.structureChanged).toBe(true);
    expect((reordered as unknown as { structureChange: unknown }).structureChange).toEqual({
      title: null,
      moved: [{ sectionId: endorsed.sections[1]!.id, title: endorsed.sections[1]!.title, from: 2, to: 1 }],
      removed: [],
    });
    expect(reordered.sections.every((section) => section.status === 'signed')).toBe(true);
    expect(endorsedCount(policyId)).toBe(1);
  });

  it('after a rename, one department signing its section again (or withdrawing and signing) does not endorse the new title: every signing department must confirm it', async () => {
    const policyId = await smallBusiness('Shop social media policy');
    const endorsed = await signEverything(policyId);
    expect(endorsed.status).toBe('endorsed');
    const link = await call(server.url, `/api/policies/${policyId}/staff-link`, { method: 'POST', cookie: admin.cookie });
    expect(link.status).toBe(201);

    const client = await stockClient(policyId, marketing);
    const title = client.doc.getXmlFragment('default').get(0) as Y.XmlElement;
    (title.get(0) as Y.XmlText).insert(0, 'Relaxed ');
    await eventually(async () => expect((await readPolicy(policyId)).structureChanged).toBe(true));
    const renamed = await readPolicy(policyId);
    const section = renamed.sections[0]!;
    const signer = signers.get(section.owner)!;

    // The attack: sign again text the department has signed already, then withdraw and sign it once more.
    expect((await sign(signer, policyId, section.id, section.hash)).status).toBe(201);
    expect((await call(server.url, `/api/policies/${policyId}/sections/${section.id}/signoffs`, { method: 'DELETE', cookie: signer.cookie })).status).toBe(200);
    expect((await sign(signer, policyId, section.id, section.hash)).status).toBe(201);

    expect(endorsedCount(policyId)).toBe(1);
    const after = await readPolicy(policyId);
    expect(after.status).toBe('stale');
    expect(after.structureChanged).toBe(true);
    const audit = await call(server.url, `/api/policies/${policyId}/audit`, { cookie: admin.cookie });
    expect(audit.body.filter((entry: { kind: string }) => entry.kind === 'endorsed')).toHaveLength(1);
    // Staff still read the endorsed title.
    const page = String((await call(server.url, link.body.path as string, {})).body);
    expect(page).toContain('Shop social media policy');
    expect(page).not.toContain('Relaxed');
  });

  it('after a reorder and a changed section signed again, the new version still waits for every signing department to confirm the new order', async () => {
    const policyId = await smallBusiness();
    const endorsed = await signEverything(policyId);
    const client = await stockClient(policyId, admin);
    const fragment = client.doc.getXmlFragment('default');
    client.doc.transact(() => {
      const copy = (fragment.get(2) as Y.XmlElement).clone();
      fragment.delete(2, 1);
      fragment.insert(1, [copy]);
    });
    await eventually(async () => expect((await readPolicy(policyId)).sections[0]!.id).toBe(endorsed.sections[1]!.id));
    typeInFirstSection(client.doc, ' Ask first.');
    await eventually(async () => expect((await readPolicy(policyId)).sections[0]!.status).toBe('stale'));
    const changed = (await readPolicy(policyId)).sections[0]!;
    for (const department of [changed.owner, ...changed.approvers]) expect((await sign(signers.get(department)!, policyId, changed.id, changed.hash)).status).toBe(201);
    const state = await readPolicy(policyId);
    expect(state.sections.every((one) => one.status === 'signed')).toBe(true);
    expect(state.status).toBe('stale');
    expect(state.structureChanged).toBe(true);
    expect(endorsedCount(policyId)).toBe(1);
  });

  it('a changed section signed again by its departments is endorsed at once, with nothing to confirm: its title and order are the endorsed ones', async () => {
    const policyId = await smallBusiness();
    const endorsed = await signEverything(policyId);
    const client = await stockClient(policyId, admin);
    typeInFirstSection(client.doc, ' Ask first.');
    await eventually(async () => expect((await readPolicy(policyId)).sections[0]!.status).toBe('stale'));
    const changed = (await readPolicy(policyId)).sections[0]!;
    for (const department of [changed.owner, ...changed.approvers]) expect((await sign(signers.get(department)!, policyId, changed.id, changed.hash)).status).toBe(201);
    const state = await readPolicy(policyId);
    expect(state.status).toBe('endorsed');
    expect(state.fingerprint).not.toBe(endorsed.fingerprint);
    expect(endorsedCount(policyId)).toBe(2);
  });
});

describe('authorship', () => {
  it('records who changed each section, and "what changed" names them', async () => {
    const policyId = await smallBusiness();
    const section = (await readPolicy(policyId)).sections[0]!;
    expect(section.lastChangedBy).toBeNull();
    expect((await sign(signers.get('hr')!, policyId, section.id, section.hash)).status).toBe(201);
    const client = await stockClient(policyId, marketing);
    typeInFirstSection(client.doc, 'Marketing was here. ', 0);
    await eventually(async () => expect((await readPolicy(policyId)).sections[0]!.lastChangedBy).toMatchObject({ id: marketing.user.id, name: 'Mallory Marketing', department: 'marketing' }));
    const after = await readPolicy(policyId);
    expect(new Date(after.sections[0]!.lastChangedAt!).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(after.sections[1]!.lastChangedBy).toBeNull();
    const changes = await call(server.url, `/api/policies/${policyId}/sections/${section.id}/signoffs/hr`, { cookie: admin.cookie });
    expect(changes.status).toBe(200);
    expect(changes.body.changedBy).toEqual([expect.objectContaining({ id: marketing.user.id, name: 'Mallory Marketing' })]);
    const db = new Database(path.join(server.dataDir, 'accord.db'), { readonly: true });
    try {
      const rows = db.prepare("SELECT user_id, sections FROM updates WHERE policy_id = ? AND user_id IS NOT NULL").all(policyId) as { user_id: string; sections: string }[];
      expect(rows.some((row) => row.user_id === marketing.user.id && JSON.parse(row.sections).includes(section.id))).toBe(true);
    } finally {
      db.close();
    }
  });

  it('names an edit made right after a sign-off, within the same burst of typing as the edit before it', async () => {
    const policyId = await smallBusiness('Burst after sign-off');
    const client = await stockClient(policyId, marketing);
    const before = (await readPolicy(policyId)).sections[0]!;
    typeInFirstSection(client.doc, 'First words. ', 0);
    await eventually(async () => expect((await readPolicy(policyId)).sections[0]!.hash).not.toBe(before.hash));
    const edited = (await readPolicy(policyId)).sections[0]!;
    const signed = await sign(signers.get('hr')!, policyId, edited.id, edited.hash);
    expect(signed.status).toBe(201);
    const changes = () => call<{ changedBy: { id: string; at: string }[] }>(server.url, `/api/policies/${policyId}/sections/${edited.id}/signoffs/hr`, { cookie: admin.cookie });
    expect((await changes()).body.changedBy).toEqual([]);
    // Times are kept to the millisecond and compared strictly; the same person keeps typing well within one second.
    await new Promise((resolve) => setTimeout(resolve, 5));
    typeInFirstSection(client.doc, 'More words. ', 0);
    await eventually(async () => expect((await readPolicy(policyId)).sections[0]!.status).toBe('stale'));
    const after = await changes();
    expect(after.status).toBe(200);
    expect(after.body.changedBy).toEqual([expect.objectContaining({ id: marketing.user.id })]);
    expect(after.body.changedBy[0]!.at > signed.body.at).toBe(true);
  });
});

describe('storage of signed content', () => {
  it('10 sign/revoke cycles on a section of 1 MB grow the database by less than 2 MB', async () => {
    const policyId = await smallBusiness();
    const client = await stockClient(policyId, signers.get('it')!);
    const index = (await readPolicy(policyId)).sections.findIndex((section) => section.owner === 'it' && section.approvers.length === 0);
    const chunk = 'Keep every account behind two-factor sign-in and a password manager. ';
    typeInFirstSection(client.doc, chunk.repeat(Math.ceil(1_000_000 / chunk.length)), index);
    await eventually(async () => expect((await readPolicy(policyId)).sections[index]!.hash).not.toBe(''));
    await eventually(() => expect(String(stored(policyId, (doc) => firstParagraphText(doc, index))).length).toBeGreaterThan(1_000_000));
    const size = () => {
      server.rooms.get(policyId)?.flush();
      const db = new Database(path.join(server.dataDir, 'accord.db'));
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
        return fs.statSync(path.join(server.dataDir, 'accord.db')).size;
      } finally {
        db.close();
      }
    };
    const before = size();
    for (let cycle = 0; cycle < 10; cycle += 1) {
      const section = (await readPolicy(policyId)).sections[index]!;
      expect((await sign(signers.get('it')!, policyId, section.id, section.hash)).status).toBe(201);
      expect((await call(server.url, `/api/policies/${policyId}/sections/${section.id}/signoffs`, { method: 'DELETE', cookie: signers.get('it')!.cookie })).status).toBe(200);
    }
    const growth = size() - before;
    console.log(`[integrity] 10 sign/revoke cycles on a ${(String(stored(policyId, (doc) => firstParagraphText(doc, index))).length / 1e6).toFixed(2)} MB section grew the database by ${(growth / 1e6).toFixed(2)} MB`);
    expect(growth).toBeLessThan(2 * 1024 * 1024);
  }, 60_000);
});

describe('templates and the organization’s departments', () => {
  it('creating from a template that names a department the organization lacks asks for a departmentMap (400 naming it), then maps its sections', async () => {
    const archived = await call(server.url, '/api/departments/compliance', { method: 'PATCH', json: { archived: true }, cookie: admin.cookie });
    expect(archived.status).toBe(200);
    try {
      const refused = await call(server.url, '/api/policies', { json: { title: 'Corporate', templateId: 'corporate-enterprise' }, cookie: admin.cookie });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ field: 'departmentMap', missingDepartments: ['compliance'] });
      expect(refused.body.error).toContain('compliance');

      const toArchived = await call(server.url, '/api/policies', { json: { title: 'Corporate', templateId: 'corporate-enterprise', departmentMap: { compliance: 'compliance' } }, cookie: admin.cookie });
      expect(toArchived.status).toBe(400);

      const created = await call(server.url, '/api/policies', { json: { title: 'Corporate', templateId: 'corporate-enterprise', departmentMap: { compliance: 'legal' } }, cookie: admin.cookie });
      expect(created.status).toBe(201);
      const policy = await readPolicy(created.body.id);
      const named = policy.sections.flatMap((section) => [section.owner, ...section.approvers]);
      expect(named).not.toContain('compliance');
      // "Confidential information" was Legal's with Compliance approving: Legal stays, once.
      expect(policy.sections.find((section) => section.title.startsWith('Confidential'))).toMatchObject({ owner: 'legal', approvers: [] });
      expect(policy.sections.find((section) => section.title.startsWith('Financial results'))).toMatchObject({ owner: 'legal', approvers: ['communications'] });
    } finally {
      await call(server.url, '/api/departments/compliance', { method: 'PATCH', json: { archived: false }, cookie: admin.cookie });
    }
  });
});
