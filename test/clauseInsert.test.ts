import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RequirementsLocked } from '../shared/closeCodes';
import { STORAGE_RETRY_MS } from '../shared/limits';
import { databaseFile, type SqliteDatabase } from '../server/storage/database';
import { SqliteDocumentStore } from '../server/storage/documentStore';
import { createLogger } from '../server/logger';
import { refuseUpdateLogRows, startTestServer, startTestServerWithDatabase, temporaryDataDir } from './support/accordServer';
import { eventually, sectionElements, signedInClient, type TestClient } from './support/collabClient';
import { call, createPolicy, signUpAdmin, signUpInvited, type Session } from './support/session';
import { cleanupStack } from './support/cleanups';

const fixtureLibrary = path.resolve(import.meta.dirname, 'fixtures/clauses/library');
type TestServer = Awaited<ReturnType<typeof startTestServer>>;

const cleanups = cleanupStack();
let server: TestServer;
let admin: Session;
let communications: Session;
let hr: Session;
let viewer: Session;
let commenter: Session;

beforeAll(async () => {
  server = await startTestServer({ clausesDir: fixtureLibrary });
  admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
  communications = await signUpInvited(server.url, admin, 'communications', 'editor', 'Cam Comms');
  hr = await signUpInvited(server.url, admin, 'hr', 'editor', 'Harper HR');
  viewer = await signUpInvited(server.url, admin, 'legal', 'viewer', 'Vic Viewer');
  commenter = await signUpInvited(server.url, admin, 'marketing', 'commenter', 'Cora Commenter');
});
afterAll(() => server.close());

/** A stock y-websocket client signed in as `session`, with the close codes it received. */
function stockClient(target: TestServer, policyId: string, session: Session): Promise<TestClient & { closes: number[] }> {
  return signedInClient(target.url, policyId, session.cookie, (cleanup) => cleanups.push(cleanup));
}

function headingOf(element: Y.XmlElement): string {
  const heading = element.get(0) as Y.XmlElement;
  return heading.toArray().map((child) => (child instanceof Y.XmlText ? child.toString() : '')).join('');
}

/** The plain text of an element's body (after its heading), block by block. */
function bodyText(element: Y.XmlElement): string {
  const text = (node: Y.XmlElement | Y.XmlText): string => (node instanceof Y.XmlText ? node.toDelta().map((op: { insert: unknown }) => (typeof op.insert === 'string' ? op.insert : '')).join('') : node.toArray().map((child) => text(child as Y.XmlElement)).join(' '));
  return element
    .toArray()
    .slice(1)
    .map((child) => text(child as Y.XmlElement))
    .join('\n');
}

/** The document as stored on disk right now, read through a second connection to the database. */
function storedDocument(target: TestServer, policyId: string): Y.Doc {
  const db = new Database(databaseFile(target.dataDir)) as unknown as SqliteDatabase;
  try {
    const doc = new Y.Doc();
    for (const update of new SqliteDocumentStore(db).load(policyId).updates) Y.applyUpdate(doc, update);
    return doc;
  } finally {
    db.close();
  }
}

function setPlaceholder(target: TestServer, policyId: string, name: string, value: string): void {
  const db = new Database(databaseFile(target.dataDir));
  try {
    db.prepare('INSERT INTO policy_placeholders (policy_id, name, value, updated_at, updated_by) VALUES (?, ?, ?, ?, NULL)').run(policyId, name, value, new Date().toISOString());
  } finally {
    db.close();
  }
}

describe('GET /api/clauses', () => {
  it('lists the library with its tags, and filters by words, group, sector, law and owner', async () => {
    const all = await call(server.url, '/api/clauses', { cookie: viewer.cookie });
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    expect(all.body.clauses.map((clause: { id: string }) => clause.id)).toEqual(['governance-approval-test', 'governance-review-test', 'security-lockdown-test']);
    expect(all.body.clauses[1]).toEqual({
      id: 'governance-review-test',
      title: 'Keep the policy up to date',
      group: 'governance',
      sectors: ['corporate', 'nonprofit'],
      owner: 'communications',
      approvers: ['legal'],
      laws: ['National Labor Relations Act, Section 7 (1935)'],
      reviewed: '2026-10-01',
      version: 2,
      jurisdiction: null,
      volatile: 'The NLRB may change its test for work rules.',
      excerpt: 'We check this policy {{review_cycle}}. We fix what is out of date and tell staff what changed.',
    });
    const ids = async (query: string) => (await call(server.url, `/api/clauses?${query}`, { cookie: admin.cookie })).body.clauses.map((clause: { id: string }) => clause.id);
    expect(await ids('q=password')).toEqual(['security-lockdown-test']);
    expect(await ids('q=hack%20report')).toEqual(['security-lockdown-test']);
    expect(await ids('group=security')).toEqual(['security-lockdown-test']);
    // A clause for all sectors suits every sector.
    expect(await ids('sector=retail')).toEqual(['governance-approval-test', 'security-lockdown-test']);
    expect(await ids('sector=nonprofit')).toEqual(['governance-approval-test', 'governance-review-test', 'security-lockdown-test']);
    expect(await ids('law=labor%20relations')).toEqual(['governance-review-test']);
    expect(await ids('owner=it')).toEqual(['security-lockdown-test']);
    expect(await ids('owner=communications&q=staff')).toEqual(['governance-review-test']);
    expect(await ids('q=nothingmatches')).toEqual([]);
  });

  it('refuses a filter that is not valid, and strangers', async () => {
    const group = await call(server.url, '/api/clauses?group=marketing', { cookie: admin.cookie });
    expect(group.status).toBe(400);
    expect(group.body.field).toBe('group');
    expect((await call(server.url, '/api/clauses?sector=space', { cookie: admin.cookie })).status).toBe(400);
    expect((await call(server.url, '/api/clauses')).status).toBe(401);
  });

  it('gives one clause with its content and text, or 404', async () => {
    const clause = await call(server.url, '/api/clauses/security-lockdown-test', { cookie: admin.cookie });
    expect(clause.status).toBe(200);
    expect(clause.body).toMatchObject({ id: 'security-lockdown-test', owner: 'it', approvers: ['communications'], jurisdiction: 'US federal law' });
    expect(clause.body.content[0].type).toBe('paragraph');
    expect(clause.body.text).toContain('{{password_manager}}');
    expect((await call(server.url, '/api/clauses/no-such-clause', { cookie: admin.cookie })).status).toBe(404);
  });
});

describe('start-up', () => {
  it('logs a broken clause file, skips it, and serves the others', async () => {
    const library = temporaryDataDir('accord-clauses-');
    fs.copyFileSync(path.join(fixtureLibrary, 'security.md'), path.join(library, 'security.md'));
    fs.writeFileSync(path.join(library, 'governance.md'), fs.readFileSync(path.join(fixtureLibrary, 'governance.md'), 'utf8').replace('reviewed: 2026-10-01', 'reviewed: 2026-13-01'));
    const lines: string[] = [];
    const broken = await startTestServer({ clausesDir: library, logger: createLogger({ write: (line) => lines.push(line) }) });
    cleanups.push(() => broken.close());
    const boss = await signUpAdmin(broken.url);
    const listed = await call(broken.url, '/api/clauses', { cookie: boss.cookie });
    expect(listed.body.clauses.map((clause: { id: string }) => clause.id)).toEqual(['security-lockdown-test']);
    const problem = lines.find((line) => line.includes('clauses.invalid'));
    expect(problem).toBeDefined();
    expect(problem).toContain('governance.md');
    expect(problem).toContain('reviewed');
  });
});

describe('POST /api/policies/{id}/sections', () => {
  it('inserts a clause as a new section, owned as the clause says, live for a stock client and stored before the answer', async () => {
    const policyId = await createPolicy(server.url, admin, { title: 'Clauses', organization: 'Harbor Books' });
    setPlaceholder(server, policyId, 'security_contact', 'help@harbor.example');
    const watcher = await stockClient(server, policyId, hr);
    const first = sectionElements(watcher.doc)[0]!.getAttribute('id') as string;

    const inserted = await call(server.url, `/api/policies/${policyId}/sections`, { json: { clauseId: 'security-lockdown-test', after: first }, cookie: communications.cookie });
    expect(inserted.status).toBe(201);
    expect(inserted.body).toEqual({ sectionId: expect.any(String), clauseId: 'security-lockdown-test', version: 1 });
    const sectionId = inserted.body.sectionId as string;

    // On disk at the moment of the answer.
    const onDisk = sectionElements(storedDocument(server, policyId));
    expect(onDisk.map((element) => element.getAttribute('id'))).toEqual([first, sectionId]);

    await eventually(() => expect(sectionElements(watcher.doc).map((element) => element.getAttribute('id'))).toEqual([first, sectionId]));
    const seen = sectionElements(watcher.doc)[1]!;
    expect(seen.getAttribute('owner')).toBe('it');
    expect(seen.getAttribute('approvers')).toBe('communications');
    expect(headingOf(seen)).toBe('Lock down every account');
    // Filled from the policy's values; a placeholder with no value yet stays to be filled in.
    expect(bodyText(seen)).toBe('Every official account uses two-step login. Passwords live in {{password_manager}}. Report a hacked account to help@harbor.example at once.');

    const policy = await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie });
    expect(policy.body.sections[1]).toMatchObject({ id: sectionId, title: 'Lock down every account', owner: 'it', approvers: ['communications'] });

    const provenance = await call(server.url, `/api/policies/${policyId}/clauses`, { cookie: viewer.cookie });
    expect(provenance.status).toBe(200);
    expect(provenance.body.clauses).toEqual([
      { sectionId, clauseId: 'security-lockdown-test', title: 'Lock down every account', version: 1, latestVersion: 1, updateAvailable: false, insertedAt: expect.any(String), latestText: null },
    ]);

    const audit = await call(server.url, `/api/policies/${policyId}/audit`, { cookie: admin.cookie });
    const added = audit.body.find((entry: { kind: string; sectionId: string }) => entry.kind === 'section_added' && entry.sectionId === sectionId);
    expect(added).toMatchObject({ sectionTitle: 'Lock down every account', userName: 'Cam Comms', after: { owner: 'it', approvers: ['communications'], clause: { id: 'security-lockdown-test', version: 1 } } });

    // Owner and approvers of the inserted section are server data: a stock client cannot rewrite them.
    sectionElements(watcher.doc)[1]!.setAttribute('owner', 'hr');
    await eventually(() => expect(watcher.closes).toContain(RequirementsLocked.code));
    const after = await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie });
    expect(after.body.sections[1]).toMatchObject({ id: sectionId, owner: 'it', approvers: ['communications'] });
  });

  it('puts the section at the end without `after`, and refuses bad input with the field named', async () => {
    const policyId = await createPolicy(server.url, admin, { title: 'Errors' });
    const at = (session: Session, json: unknown, id = policyId) => call(server.url, `/api/policies/${id}/sections`, { json, cookie: session.cookie });
    const end = await at(admin, { clauseId: 'governance-approval-test' });
    expect(end.status).toBe(201);
    const again = await at(admin, { clauseId: 'governance-review-test', after: null });
    expect(again.status).toBe(201);
    const policy = await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie });
    expect(policy.body.sections.map((section: { id: string }) => section.id).slice(1)).toEqual([end.body.sectionId, again.body.sectionId]);
    // The organization's name fills {{organization}}; with none given it stays for the team to fill.
    expect(policy.body.sections[1].title).toBe('Who approves which post');

    const unknownClause = await at(admin, { clauseId: 'governance-nothing' });
    expect(unknownClause.status).toBe(400);
    expect(unknownClause.body.field).toBe('clauseId');
    const missingClause = await at(admin, {});
    expect(missingClause.status).toBe(400);
    expect(missingClause.body.field).toBe('clauseId');
    const unknownAfter = await at(admin, { clauseId: 'governance-approval-test', after: 's_nowhere' });
    expect(unknownAfter.status).toBe(400);
    expect(unknownAfter.body.field).toBe('after');
    expect((await at(admin, { clauseId: 'governance-approval-test', extra: 1 })).status).toBe(400);
    expect((await at(admin, { clauseId: 'governance-approval-test' }, 'p_doesnotexist')).status).toBe(404);
    expect((await at(viewer, { clauseId: 'governance-approval-test' })).status).toBe(403);
    expect((await at(commenter, { clauseId: 'governance-approval-test' })).status).toBe(403);
    const unchanged = await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie });
    expect(unchanged.body.sections).toHaveLength(3);
  });
});

describe('POST /api/policies/{id}/sections/{sectionId}/clauses', () => {
  it("adds a clause's text to a section, at the end or where asked, and remembers it", async () => {
    const policyId = await createPolicy(server.url, admin, { title: 'Into a section', organization: 'Harbor Books' });
    const watcher = await stockClient(server, policyId, communications);
    const sectionId = sectionElements(watcher.doc)[0]!.getAttribute('id') as string;
    const into = (json: unknown, section = sectionId, session = hr) => call(server.url, `/api/policies/${policyId}/sections/${section}/clauses`, { json, cookie: session.cookie });

    // Any editor may edit a section's text; the owner stays as it was.
    const end = await into({ clauseId: 'governance-approval-test' });
    expect(end.status).toBe(201);
    expect(end.body).toEqual({ sectionId, clauseId: 'governance-approval-test', version: 1 });
    await eventually(() => expect(bodyText(sectionElements(watcher.doc)[0]!)).toContain('Harbor Books posts to its official accounts'));
    const top = await into({ clauseId: 'governance-review-test', before: 1 });
    expect(top.status).toBe(201);
    await eventually(() => expect(bodyText(sectionElements(watcher.doc)[0]!).startsWith('We check this policy {{review_cycle}}.')).toBe(true));
    const section = sectionElements(watcher.doc)[0]!;
    expect(headingOf(section)).toBe('Purpose and scope');
    expect(section.getAttribute('owner')).toBe('communications');
    expect(bodyText(section).split('\n')).toEqual([
      'We check this policy {{review_cycle}}. We fix what is out of date and tell staff what changed.',
      '',
      'Harbor Books posts to its official accounts only after the right people say yes.',
      expect.stringContaining('Routine posts need the {{social_media_lead}} only.'),
    ]);
    expect(bodyText(sectionElements(storedDocument(server, policyId))[0]!)).toBe(bodyText(section));

    const provenance = await call(server.url, `/api/policies/${policyId}/clauses`, { cookie: admin.cookie });
    expect(provenance.body.clauses.map((entry: { clauseId: string; sectionId: string }) => [entry.sectionId, entry.clauseId])).toEqual([
      [sectionId, 'governance-approval-test'],
      [sectionId, 'governance-review-test'],
    ]);

    // Each insertion is in the policy's audit trail, with who did it and which clause went where.
    const audit = await call(server.url, `/api/policies/${policyId}/audit`, { cookie: admin.cookie });
    const inserted = audit.body.filter((entry: { kind: string }) => entry.kind === 'clause_inserted');
    expect(inserted).toEqual([
      expect.objectContaining({ sectionId, sectionTitle: 'Purpose and scope', userName: 'Harper HR', department: 'hr', after: { clause: { id: 'governance-review-test', title: 'Keep the policy up to date', version: 2 } } }),
      expect.objectContaining({ sectionId, sectionTitle: 'Purpose and scope', userName: 'Harper HR', department: 'hr', after: { clause: { id: 'governance-approval-test', title: 'Who approves which post', version: 1 } } }),
    ]);

    expect((await into({ clauseId: 'nope' })).body.field).toBe('clauseId');
    expect((await into({ clauseId: 'governance-approval-test' }, 's_missing')).status).toBe(404);
    expect((await into({ clauseId: 'governance-approval-test', before: 0 })).status).toBe(400);
    expect((await into({ clauseId: 'governance-approval-test' }, sectionId, viewer)).status).toBe(403);
    expect((await into({ clauseId: 'governance-approval-test' }, sectionId, commenter)).status).toBe(403);
    // A refused insertion leaves no entry.
    const later = await call(server.url, `/api/policies/${policyId}/audit`, { cookie: admin.cookie });
    expect(later.body.filter((entry: { kind: string }) => entry.kind === 'clause_inserted')).toHaveLength(2);
  });
});

describe('library updates', () => {
  it('offers a newer version, and the owner takes it when the section holds only that clause', async () => {
    const library = temporaryDataDir('accord-clauses-');
    for (const name of fs.readdirSync(fixtureLibrary)) fs.copyFileSync(path.join(fixtureLibrary, name), path.join(library, name));
    const dataDir = temporaryDataDir();
    const first = await startTestServer({ dataDir, clausesDir: library });
    const boss = await signUpAdmin(first.url, 'communications', 'Bea Boss');
    const comms = await signUpInvited(first.url, boss, 'communications', 'editor', 'Cal Comms');
    const people = await signUpInvited(first.url, boss, 'hr', 'editor', 'Hal HR');
    const policyId = await createPolicy(first.url, boss, { title: 'Updates', organization: 'Harbor Books' });
    const own = await call(first.url, `/api/policies/${policyId}/sections`, { json: { clauseId: 'governance-review-test' }, cookie: comms.cookie });
    expect(own.status).toBe(201);
    const purpose = (await call(first.url, `/api/policies/${policyId}`, { cookie: boss.cookie })).body.sections[0].id as string;
    expect((await call(first.url, `/api/policies/${policyId}/sections/${purpose}/clauses`, { json: { clauseId: 'governance-review-test' }, cookie: comms.cookie })).status).toBe(201);
    const early = await call(first.url, `/api/policies/${policyId}/sections/${own.body.sectionId}/clauses/governance-review-test/update`, { method: 'POST', cookie: comms.cookie });
    expect(early.status).toBe(409);
    await first.close();

    // The library moves on: version 3 of the clause, with new words.
    const file = path.join(library, 'governance.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('version: 2', 'version: 3').replace('We fix what is out of date', 'We fix what is out of date within a month'));
    const { server: second, db } = await startTestServerWithDatabase({ dataDir, clausesDir: library });
    cleanups.push(() => second.close());
    const listed = await call(second.url, `/api/policies/${policyId}/clauses`, { cookie: people.cookie });
    expect(listed.body.clauses).toEqual([
      expect.objectContaining({ sectionId: own.body.sectionId, clauseId: 'governance-review-test', version: 2, latestVersion: 3, updateAvailable: true, latestText: expect.stringContaining('within a month') }),
      expect.objectContaining({ sectionId: purpose, clauseId: 'governance-review-test', version: 2, latestVersion: 3, updateAvailable: true }),
    ]);

    const watcher = await stockClient(second, policyId, people);
    const take = (section: string, session: Session) => call(second.url, `/api/policies/${policyId}/sections/${section}/clauses/governance-review-test/update`, { method: 'POST', cookie: session.cookie });
    // Only the owning department (or an admin) takes an update.
    const stranger = await take(own.body.sectionId, people);
    expect(stranger.status).toBe(403);
    // A section with other words in it is not overwritten.
    const mixed = await take(purpose, comms);
    expect(mixed.status).toBe(409);
    expect(mixed.body.error).toMatch(/copy/i);

    // An update whose new text cannot be stored (SQLite refuses rows of the update log) records nothing.
    const allow = refuseUpdateLogRows(db);
    const refused = await take(own.body.sectionId, comms);
    allow();
    expect(refused.status).toBe(503);
    expect((await call(second.url, `/api/policies/${policyId}/clauses`, { cookie: people.cookie })).body.clauses[0]).toMatchObject({ sectionId: own.body.sectionId, version: 2 });
    await new Promise((resolve) => setTimeout(resolve, STORAGE_RETRY_MS));

    const taken = await take(own.body.sectionId, comms);
    expect(taken.status).toBe(200);
    expect(taken.body).toEqual({ sectionId: own.body.sectionId, clauseId: 'governance-review-test', version: 3 });
    await eventually(() => {
      const section = sectionElements(watcher.doc).find((element) => element.getAttribute('id') === own.body.sectionId)!;
      expect(bodyText(section)).toContain('within a month');
      expect(section.getAttribute('owner')).toBe('communications');
    });
    const after = await call(second.url, `/api/policies/${policyId}/clauses`, { cookie: people.cookie });
    expect(after.body.clauses[0]).toMatchObject({ sectionId: own.body.sectionId, version: 3, latestVersion: 3, updateAvailable: false, latestText: null });
    const audit = await call(second.url, `/api/policies/${policyId}/audit`, { cookie: boss.cookie });
    const updates = audit.body.filter((entry: { kind: string }) => entry.kind === 'clause_updated');
    // One entry for the update taken; the refused attempts (403, 409, 503) wrote none.
    expect(updates).toEqual([
      expect.objectContaining({
        sectionId: own.body.sectionId,
        sectionTitle: 'Keep the policy up to date',
        userName: 'Cal Comms',
        department: 'communications',
        after: { clause: { id: 'governance-review-test', title: 'Keep the policy up to date', version: 3, previousVersion: 2 } },
      }),
    ]);
    expect((await take(own.body.sectionId, comms)).status).toBe(409);
    expect((await call(second.url, `/api/policies/${policyId}/sections/${own.body.sectionId}/clauses/security-lockdown-test/update`, { method: 'POST', cookie: comms.cookie })).status).toBe(404);
  });
});

describe('the shipped library in a policy', () => {
  it('every clause of templates/clauses inserts as a new section through the editor schema, owned as it says', async () => {
    const shipped = await startTestServer();
    cleanups.push(() => shipped.close());
    const boss = await signUpAdmin(shipped.url, 'communications', 'Bea Boss');
    const listed = await call(shipped.url, '/api/clauses', { cookie: boss.cookie });
    expect(listed.status).toBe(200);
    expect(listed.body.clauses).toHaveLength(listed.body.total);
    const policyId = await createPolicy(shipped.url, boss, { title: 'Everything', organization: 'Harbor Books' });
    const refused: string[] = [];
    for (const clause of listed.body.clauses as { id: string; owner: string }[]) {
      const inserted = await call(shipped.url, `/api/policies/${policyId}/sections`, { json: { clauseId: clause.id }, cookie: boss.cookie });
      if (inserted.status !== 201) refused.push(`${clause.id}: ${inserted.status} ${inserted.body.error}`);
    }
    expect(refused).toEqual([]);
    const policy = await call(shipped.url, `/api/policies/${policyId}`, { cookie: boss.cookie });
    expect(policy.body.sections.slice(1).map((section: { owner: string }) => section.owner)).toEqual(listed.body.clauses.map((clause: { owner: string }) => clause.owner));
  });
});

/**
 * The audit trail says what happened to the document, so a clause whose text cannot be stored
 * leaves no entry, no provenance and no owner record behind. The fault is SQLite refusing rows of
 * the update log only (a temporary trigger on the server's own connection), so everything else
 * the request writes would still succeed if it were written on its own.
 */
describe('a clause whose text cannot be stored', () => {
  async function serverRefusingTheLog() {
    const { server: target, db } = await startTestServerWithDatabase({ clausesDir: fixtureLibrary });
    cleanups.push(() => target.close());
    const boss = await signUpAdmin(target.url, 'communications', 'Ada Admin');
    const policyId = await createPolicy(target.url, boss, { title: 'Refused', organization: 'Harbor Books' });
    return { target, boss, policyId, refuse: () => refuseUpdateLogRows(db) };
  }

  const kinds = async (target: TestServer, policyId: string, boss: Session) =>
    ((await call(target.url, `/api/policies/${policyId}/audit`, { cookie: boss.cookie })).body as { kind: string }[]).map((entry) => entry.kind);

  it('as a new section: 503, and no audit entry, provenance or section', async () => {
    const { target, boss, policyId, refuse } = await serverRefusingTheLog();
    const before = await kinds(target, policyId, boss);
    const allow = refuse();
    const inserted = await call(target.url, `/api/policies/${policyId}/sections`, { json: { clauseId: 'security-lockdown-test' }, cookie: boss.cookie });
    allow();
    expect(inserted.status).toBe(503);
    expect(await kinds(target, policyId, boss)).toEqual(before);
    expect((await call(target.url, `/api/policies/${policyId}/clauses`, { cookie: boss.cookie })).body.clauses).toEqual([]);
    const policy = await call(target.url, `/api/policies/${policyId}`, { cookie: boss.cookie });
    expect(policy.body.sections.map((section: { title: string }) => section.title)).not.toContain('Lock down every account');
    expect(sectionElements(storedDocument(target, policyId)).map(headingOf)).not.toContain('Lock down every account');
    // Once the log takes rows again (and the room's retry pause is over), the same request works and is recorded once.
    await new Promise((resolve) => setTimeout(resolve, STORAGE_RETRY_MS));
    const again = await call(target.url, `/api/policies/${policyId}/sections`, { json: { clauseId: 'security-lockdown-test' }, cookie: boss.cookie });
    expect(again.status).toBe(201);
    expect((await kinds(target, policyId, boss)).filter((kind) => kind === 'section_added')).toHaveLength(1);
  });

  it('into a section: 503, and no audit entry or provenance', async () => {
    const { target, boss, policyId, refuse } = await serverRefusingTheLog();
    const sectionId = sectionElements(storedDocument(target, policyId))[0]!.getAttribute('id') as string;
    const before = await kinds(target, policyId, boss);
    const allow = refuse();
    const inserted = await call(target.url, `/api/policies/${policyId}/sections/${sectionId}/clauses`, { json: { clauseId: 'governance-approval-test' }, cookie: boss.cookie });
    allow();
    expect(inserted.status).toBe(503);
    expect(await kinds(target, policyId, boss)).toEqual(before);
    expect((await call(target.url, `/api/policies/${policyId}/clauses`, { cookie: boss.cookie })).body.clauses).toEqual([]);
    expect(bodyText(sectionElements(storedDocument(target, policyId))[0]!)).not.toContain('posts to its official accounts');
  });
});
