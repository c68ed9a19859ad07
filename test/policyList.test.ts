import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { PolicyDetail, PolicySummary } from '../shared/api';
import type { DepartmentId } from '../shared/departments';
import { databaseFile } from '../server/storage/database';
import { templateDocument } from '../server/templates/templateLoader';
import { startTestServer, startTestServerUntil } from './support/accordServer';
import { connectClient, eventually, synced, typeInFirstSection } from './support/collabClient';
import { call, openEventStream, signUpAdmin, signUpInvited, type Session } from './support/session';
import * as Y from 'yjs';
import { SqliteDocumentStore } from '../server/storage/documentStore';
import { PolicySummaries } from '../server/services/policySummaries';
import { cleanupStack } from './support/cleanups';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

const cleanups = cleanupStack();

const started = (dataDir?: string): Promise<TestServer> => startTestServerUntil(cleanups, dataDir ? { dataDir } : {});

/** Counts the server's sign-off state computations from now until the test ends. */
function countStateComputations(server: TestServer): { count: number } {
  const state = server.signoffs.state.bind(server.signoffs);
  const counter = { count: 0 };
  server.signoffs.state = (policyId) => {
    counter.count += 1;
    return state(policyId);
  };
  cleanups.push(() => {
    server.signoffs.state = state;
  });
  return counter;
}

function templatePolicy(server: TestServer, title: string): string {
  const template = server.templates.get('corporate-enterprise')!;
  return server.policies.create({ title, content: templateDocument(template, { title, organization: 'Test Org' }) }).id;
}

async function list(server: TestServer, session: Session): Promise<Map<string, PolicySummary>> {
  const response = await call<PolicySummary[]>(server.url, '/api/policies', { cookie: session.cookie });
  expect(response.status).toBe(200);
  return new Map(response.body.map((policy) => [policy.id, policy]));
}

async function readPolicy(server: TestServer, session: Session, policyId: string): Promise<PolicyDetail> {
  const response = await call<PolicyDetail>(server.url, `/api/policies/${policyId}`, { cookie: session.cookie });
  expect(response.status).toBe(200);
  return response.body;
}

/** Signs a section for every department it asks for, each by a signer of that department. */
async function signFully(server: TestServer, admin: Session, policyId: string, section: PolicyDetail['sections'][number]): Promise<void> {
  for (const department of [section.owner, ...section.approvers]) {
    const signer = department === admin.user.department ? admin : await signUpInvited(server.url, admin, department as DepartmentId, 'admin', `${department} signer`);
    const response = await call(server.url, `/api/policies/${policyId}/sections/${section.id}/signoffs`, { json: { hash: section.hash }, cookie: signer.cookie });
    expect(response.status, `${department} signing`).toBe(201);
  }
}

describe('the policy list', () => {
  it('answers for 200 policies from stored summaries, opening no document', async () => {
    const server = await started();
    const admin = await signUpAdmin(server.url);
    const ids = Array.from({ length: 200 }, (_, index) => templatePolicy(server, `Policy ${index}`));
    const sectionCount = (await readPolicy(server, admin, ids[0]!)).sections.length;
    expect(sectionCount).toBe(18);
    // One policy with a signed section, so the list has something to count.
    const signed = await readPolicy(server, admin, ids[1]!);
    await signFully(server, admin, ids[1]!, signed.sections[0]!);
    await eventually(() => expect(server.rooms.openCount).toBe(0), 5_000);

    // Proof that nothing reads the documents: after this, reading any of them fails.
    const outside = new Database(databaseFile(server.dataDir));
    outside.prepare("UPDATE snapshots SET data = x'00ff00ff'").run();
    outside.close();

    const listed = await list(server, admin);
    expect(listed.size).toBe(200);
    for (const id of ids) {
      expect(listed.get(id), id).toMatchObject({ status: 'pending', sectionCount: 18, signedCount: id === ids[1] ? 1 : 0 });
      expect(listed.get(id)!.unreadable).toBeUndefined();
    }
    expect(server.rooms.openCount).toBe(0);
  });

  it('summarizes once, from the document, a policy that has no summary yet', async () => {
    const server = await started();
    const admin = await signUpAdmin(server.url);
    const id = templatePolicy(server, 'From before summaries');
    const outside = new Database(databaseFile(server.dataDir));
    outside.prepare('DELETE FROM policy_summaries WHERE policy_id = ?').run(id);
    expect((await list(server, admin)).get(id)).toMatchObject({ status: 'pending', sectionCount: 18, signedCount: 0 });
    expect(outside.prepare('SELECT section_count FROM policy_summaries WHERE policy_id = ?').get(id)).toEqual({ section_count: 18 });
    outside.close();
  });

  it('follows sign-offs and sections removed by an editor nobody watches, and keeps them over a restart', async () => {
    let server = await started();
    const admin = await signUpAdmin(server.url);
    const id = templatePolicy(server, 'Followed');
    const policy = await readPolicy(server, admin, id);
    await signFully(server, admin, id, policy.sections[0]!);
    expect((await list(server, admin)).get(id)).toMatchObject({ signedCount: 1, sectionCount: 18 });

    const client = connectClient(server.url, id, { headers: { cookie: admin.cookie } });
    cleanups.push(() => client.destroy());
    await synced(client);
    client.doc.getXmlFragment('default').delete(3, 1);
    await eventually(async () => expect((await list(server, admin)).get(id)).toMatchObject({ sectionCount: 17, signedCount: 1 }));
    // An edit of the signed section makes it stale, and the policy with it.
    typeInFirstSection(client.doc, ' Changed after signing.');
    await eventually(async () => expect((await list(server, admin)).get(id)).toMatchObject({ status: 'stale', sectionCount: 17, signedCount: 0 }));
    client.destroy();

    const { dataDir } = server;
    await server.close();
    server = await started(dataDir);
    expect((await list(server, admin)).get(id)).toMatchObject({ status: 'stale', sectionCount: 17, signedCount: 0 });
    expect(server.rooms.openCount).toBe(0);
  });
});

describe('partly signed sections', () => {
  it('counts the sections some but not all of their departments signed, and keeps the count over a restart', async () => {
    let server = await started();
    const admin = await signUpAdmin(server.url);
    const id = templatePolicy(server, 'Partly');
    const policy = await readPolicy(server, admin, id);
    const section = policy.sections.find((candidate) => candidate.approvers.length > 0 && candidate.owner !== admin.user.department)!;
    expect(section, 'a template section with an approver').toBeDefined();
    const owner = await signUpInvited(server.url, admin, section.owner as DepartmentId, 'editor', 'Owner signer');
    expect((await list(server, admin)).get(id)).toMatchObject({ signedCount: 0, partlySignedCount: 0 });
    const signed = await call(server.url, `/api/policies/${id}/sections/${section.id}/signoffs`, { json: { hash: section.hash }, cookie: owner.cookie });
    expect(signed.status).toBe(201);
    expect((await list(server, admin)).get(id)).toMatchObject({ status: 'pending', signedCount: 0, partlySignedCount: 1 });

    const { dataDir } = server;
    await server.close();
    server = await started(dataDir);
    expect((await list(server, admin)).get(id)).toMatchObject({ signedCount: 0, partlySignedCount: 1 });
  });
});

describe('after a stop between an edit and its status check', () => {
  it('looks at the document again at start-up and brings the summary back in line', async () => {
    let server = await started();
    const admin = await signUpAdmin(server.url);
    const id = templatePolicy(server, 'Stopped mid-check');
    const policy = await readPolicy(server, admin, id);
    await signFully(server, admin, id, policy.sections[0]!);
    expect((await list(server, admin)).get(id)).toMatchObject({ status: 'pending', signedCount: 1 });
    const { dataDir } = server;
    await server.close();

    // What a crash leaves: the edit of the signed section is stored, its status check never ran.
    const outside = new Database(databaseFile(dataDir));
    const store = new SqliteDocumentStore(outside);
    const doc = new Y.Doc();
    for (const update of store.load(id).updates) Y.applyUpdate(doc, update);
    const before = Y.encodeStateVector(doc);
    typeInFirstSection(doc, ' Stored, never checked.');
    store.append(id, [{ update: Y.encodeStateAsUpdate(doc, before), userId: null, sections: [] }]);
    outside.close();

    server = await started(dataDir);
    await eventually(async () => expect((await list(server, admin)).get(id)).toMatchObject({ status: 'stale', signedCount: 0, sectionCount: 18 }));
    expect(server.rooms.openCount).toBe(0);
    // Checked once: the next start finds nothing behind.
    const { dataDir: same } = server;
    await server.close();
    const again = new Database(databaseFile(same));
    expect(new PolicySummaries(again).behind()).toEqual([]);
    again.close();
  });
});

describe('the status check after edits', () => {
  it('reads the sections when the room opens, so even the first edits in unsigned sections compute nothing', async () => {
    const server = await started();
    const admin = await signUpAdmin(server.url);
    const id = templatePolicy(server, 'First edits');
    const stream = await openEventStream(server.url, `/api/policies/${id}/events`, admin.cookie);
    cleanups.push(() => stream.close());
    await stream.next((event) => event.event === 'status');

    const computations = countStateComputations(server);
    const client = connectClient(server.url, id, { headers: { cookie: admin.cookie } });
    cleanups.push(() => client.destroy());
    await synced(client);
    // Opening the room read it once.
    expect(computations.count).toBe(1);
    typeInFirstSection(client.doc, ' first words', 1);
    await eventually(() => expect(server.rooms.withDocument(id, (doc) => doc.getXmlFragment('default').toString())).toContain('first words'));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(computations.count).toBe(1);
  });

  it('computes nothing while people type in sections nobody signed, and turns the stream stale when a signed section is edited', async () => {
    const server = await started();
    const admin = await signUpAdmin(server.url);
    const id = templatePolicy(server, 'Typing');
    const policy = await readPolicy(server, admin, id);
    await signFully(server, admin, id, policy.sections[0]!);

    const stream = await openEventStream(server.url, `/api/policies/${id}/events`, admin.cookie);
    cleanups.push(() => stream.close());
    await stream.next((event) => event.event === 'status');
    const client = connectClient(server.url, id, { headers: { cookie: admin.cookie } });
    cleanups.push(() => client.destroy());
    await synced(client);
    // The first check of an open room reads it once; from then on the room's changes are known.
    typeInFirstSection(client.doc, ' warm', 2);
    await new Promise((resolve) => setTimeout(resolve, 400));

    const computations = countStateComputations(server);
    for (let burst = 0; burst < 5; burst++) {
      typeInFirstSection(client.doc, ` typing ${burst}`, 1 + (burst % 3));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await eventually(() => expect(server.rooms.withDocument(id, (doc) => doc.getXmlFragment('default').toString())).toContain('typing 4'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(computations.count).toBe(0);

    typeInFirstSection(client.doc, ' Changed after signing.', 0);
    const stale = await stream.next((event) => event.event === 'status' && event.data.sections[0]?.status === 'stale', 5_000);
    expect(stale.data.status).toBe('stale');
    expect(stale.data.sections[1]?.status).toBe('pending');
    expect(computations.count).toBeGreaterThan(0);
  });
});
