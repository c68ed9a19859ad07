import { describe, expect, it } from 'vitest';
import type { PolicyDetail } from '../shared/api';
import type { DepartmentId } from '../shared/departments';
import { templateDocument } from '../server/templates/templateLoader';
import { parseReading, READING_FORMAT, serializeReading } from '../server/collab/restingReading';
import type { SectionInfo } from '../shared/sections';
import { startTestServerUntil } from './support/accordServer';
import { connectClient, eventually, synced, typeInFirstSection } from './support/collabClient';
import { call, signUpAdmin, signUpInvited, type Session } from './support/session';
import { cleanupStack } from './support/cleanups';

type TestServer = Awaited<ReturnType<typeof startTestServerUntil>>;

const cleanups = cleanupStack();

/** Counts the stored documents the server loads from now until the test ends (the store is a private field of the rooms). */
function countLoads(server: TestServer): { count: number } {
  const store = (server.rooms as unknown as { store: { load: (policyId: string) => unknown } }).store;
  const load = store.load.bind(store);
  const counter = { count: 0 };
  store.load = (policyId) => {
    counter.count += 1;
    return load(policyId);
  };
  cleanups.push(() => {
    store.load = load;
  });
  return counter;
}

function templatePolicy(server: TestServer, title: string): string {
  const template = server.templates.get('corporate-enterprise')!;
  return server.policies.create({ title, content: templateDocument(template, { title, organization: 'Test Org' }) }).id;
}

async function readPolicy(server: TestServer, session: Session, policyId: string): Promise<PolicyDetail> {
  const response = await call<PolicyDetail>(server.url, `/api/policies/${policyId}`, { cookie: session.cookie });
  expect(response.status).toBe(200);
  return response.body;
}

/** What a person is shown of each section: everything the kept reading decides. */
const shown = (detail: PolicyDetail) => ({
  title: detail.title,
  status: detail.status,
  sections: detail.sections.map((section) => ({ id: section.id, title: section.title, owner: section.owner, approvers: section.approvers, hash: section.hash, status: section.status, signoffs: section.signoffs })),
});

describe('a policy nobody has open is read without loading its document', () => {
  it('once read, is read again (and after a restart) with no document loaded, exactly as a full read says', async () => {
    const server = await startTestServerUntil(cleanups);
    const admin = await signUpAdmin(server.url);
    const policyId = templatePolicy(server, 'Kept reading');
    const loads = countLoads(server);

    const first = await readPolicy(server, admin, policyId);
    expect(loads.count).toBe(1);
    expect(server.rooms.get(policyId)).toBeUndefined();
    const again = await readPolicy(server, admin, policyId);
    expect(loads.count).toBe(1);
    expect(shown(again)).toEqual(shown(first));
    expect(again.sections.map((section) => section.readability)).toEqual(first.sections.map((section) => section.readability));

    await server.close();
    const restarted = await startTestServerUntil(cleanups, { dataDir: server.dataDir });
    const loadsAfter = countLoads(restarted);
    const afterRestart = await readPolicy(restarted, admin, policyId);
    expect(loadsAfter.count).toBe(0);
    expect(shown(afterRestart)).toEqual(shown(first));
  });

  it('an edit typed through a stock client is never hidden: the room leaves a new reading, and the signed section reads changed', async () => {
    const server = await startTestServerUntil(cleanups, { roomGraceMs: 50 });
    const admin = await signUpAdmin(server.url);
    const policyId = templatePolicy(server, 'Edited after signing');
    const before = await readPolicy(server, admin, policyId);
    const section = before.sections[0]!;
    const owner = section.owner === admin.user.department ? admin : await signUpInvited(server.url, admin, section.owner as DepartmentId, 'editor', 'Owner');
    const signed = await call(server.url, `/api/policies/${policyId}/sections/${section.id}/signoffs`, { json: { hash: section.hash }, cookie: owner.cookie });
    expect(signed.status).toBe(201);
    const signedDetail = await readPolicy(server, admin, policyId);
    expect(signedDetail.sections[0]!.signoffs.find((signoff) => signoff.department === section.owner)?.valid).toBe(true);

    const client = connectClient(server.url, policyId, { headers: { Cookie: owner.cookie } });
    cleanups.push(() => client.destroy());
    await synced(client);
    typeInFirstSection(client.doc, ' A sentence typed after the sign-off.');
    await eventually(() => expect(server.signoffs.state(policyId).sections[0]!.hash).not.toBe(section.hash));
    client.destroy();
    await eventually(() => expect(server.rooms.get(policyId)).toBeUndefined());

    const loads = countLoads(server);
    const after = await readPolicy(server, admin, policyId);
    expect(loads.count).toBe(0);
    expect(after.sections[0]!.hash).not.toBe(section.hash);
    expect(after.sections[0]!.signoffs.find((signoff) => signoff.department === section.owner)?.valid).toBe(false);
    expect(after.sections[0]!.status).not.toBe('signed');

    // The same as a full read of the stored document.
    const full = server.rooms.withDocument(policyId, () => server.signoffs.state(policyId));
    expect(after.sections.map((each) => each.hash)).toEqual(full.sections.map((each) => each.hash));
  });

  it('a changed owner is read again, not taken from the kept reading', async () => {
    const server = await startTestServerUntil(cleanups);
    const admin = await signUpAdmin(server.url);
    const policyId = templatePolicy(server, 'New owner');
    const before = await readPolicy(server, admin, policyId);
    const section = before.sections[1]!;
    const owner: DepartmentId = section.owner === 'legal' ? 'hr' : 'legal';
    const changed = await call(server.url, `/api/policies/${policyId}/sections/${section.id}/requirements`, { method: 'PUT', json: { owner, approvers: [] }, cookie: admin.cookie });
    expect(changed.status).toBe(200);
    const after = await readPolicy(server, admin, policyId);
    expect(after.sections[1]!.owner).toBe(owner);
    expect(after.sections[1]!.hash).not.toBe(section.hash);
    expect(after.sections[0]!.hash).toBe(before.sections[0]!.hash);
  });
});

describe('parseReading', () => {
  const info: SectionInfo = { id: 's1', title: 'Purpose', owner: 'legal', approvers: ['hr'], text: 'Purpose\nWhy.', content: [], hash: 'abc' };
  const held = (sectionId: string) => (sectionId === 's1' ? { owner: 'legal', approvers: ['hr'] } : undefined);

  it('gives back what was kept while every requirement is the one it was read with', () => {
    expect(parseReading(serializeReading('Policy', [info], held), held)).toEqual({ title: 'Policy', live: [info] });
  });

  it('refuses a reading made with other requirements, of another format, or unreadable', () => {
    const kept = serializeReading('Policy', [info], held);
    expect(parseReading(kept, () => ({ owner: 'legal', approvers: ['hr', 'it'] }))).toBeNull();
    expect(parseReading(kept, () => undefined)).toBeNull();
    expect(parseReading(serializeReading('Policy', [info], () => undefined), held)).toBeNull();
    expect(parseReading(JSON.stringify({ ...JSON.parse(kept), format: READING_FORMAT + 1 }), held)).toBeNull();
    expect(parseReading('{"format":1,"title":"Policy","sections":[{"info":{"id":"s1"}}]}', held)).toBeNull();
    expect(parseReading('not json', held)).toBeNull();
    expect(parseReading('null', held)).toBeNull();
  });
});
