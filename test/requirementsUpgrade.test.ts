import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPolicyUpdate } from '../server/services/policyDocuments';
import { MIGRATIONS } from '../server/storage/database';
import { policyFingerprint, readSections, sectionHash } from '../shared/sections';
import { startTestServer, temporaryDataDir } from './support/accordServer';
import { call } from './support/session';
import { cleanupStack } from './support/cleanups';

const cleanups = cleanupStack();

function section(id: string, owner: string, approvers: string[], title: string, text: string) {
  return {
    type: 'policySection',
    // Before requirements were server data, approvers were stored in the document as an array.
    attrs: { id, owner, approvers },
    content: [
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: title }] },
      { type: 'paragraph', content: [{ type: 'text', text }] },
    ],
  };
}

describe('a database from before requirements were server data', () => {
  it('is migrated at start: owners and approvers read from the documents once, sign-offs still valid, duplicate ids repaired, nothing lost', async () => {
    const dataDir = temporaryDataDir();
    const db = new Database(path.join(dataDir, 'accord.db'));
    for (const [version, sql] of MIGRATIONS.slice(0, 4).entries()) {
      db.exec(sql);
      db.pragma(`user_version = ${version + 1}`);
    }
    const document = {
      type: 'doc',
      content: [
        { type: 'title', content: [{ type: 'text', text: 'Old policy' }] },
        section('oldSectionA', 'legal', ['hr'], 'Confidential information', 'Keep client matters off social media.'),
        section('oldSectionB', 'it', [], 'Account security', 'Use two-factor sign-in on every official account.'),
        section('oldSectionB', 'it', [], 'Account security (copy)', 'A pasted copy that kept the id.'),
      ],
    };
    const now = new Date().toISOString();
    db.prepare("INSERT INTO policies (id, title, organization, template_id, created_at, updated_at) VALUES ('legacyPolicy01', 'Old policy', 'Old Org', NULL, ?, ?)").run(now, now);
    db.prepare("INSERT INTO snapshots (policy_id, data, created_at) VALUES ('legacyPolicy01', ?, ?)").run(Buffer.from(buildPolicyUpdate(document)), now);
    // An admin of Legal and their sign-off, with the content inline as sign-offs were stored then.
    db.prepare("INSERT INTO users (id, email, name, department, role, password_hash, created_at) VALUES ('legacyUser01', 'lee@example.org', 'Lee Legal', 'legal', 'admin', ?, ?)").run(
      'scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA$' + 'A'.repeat(86),
      now,
    );
    const [legal] = readSections(document);
    const legalHash = sectionHash({ id: legal!.id, owner: 'legal', approvers: ['hr'], node: document.content[1]! });
    expect(legal!.hash).toBe(legalHash);
    db.prepare(
      "INSERT INTO signoff_events (policy_id, section_id, section_title, department, action, user_id, user_name, hash, comment, content, at) VALUES ('legacyPolicy01', 'oldSectionA', 'Confidential information', 'legal', 'signoff', 'legacyUser01', 'Lee Legal', ?, '', ?, ?)",
    ).run(legalHash, JSON.stringify({ content: legal!.content, text: legal!.text }), now);
    db.prepare("INSERT INTO endorsed_versions (policy_id, fingerprint, document, signoffs, at) VALUES ('legacyPolicy01', 'fingerprint-of-the-old-kind', ?, '{}', ?)").run(JSON.stringify(document), now);
    db.close();

    const server = await startTestServer({ dataDir });
    const check = new Database(path.join(dataDir, 'accord.db'), { readonly: true });
    // Endorsed versions are fingerprinted anew, title and order included.
    expect(check.prepare("SELECT fingerprint FROM endorsed_versions WHERE policy_id = 'legacyPolicy01'").get()).toEqual({ fingerprint: policyFingerprint('Old policy', readSections(document)) });
    check.close();
    cleanups.push(() => server.close());
    expect(server.requirements.active('legacyPolicy01', 'oldSectionA')).toMatchObject({ owner: 'legal', approvers: ['hr'] });
    expect(server.requirements.active('legacyPolicy01', 'oldSectionB')).toMatchObject({ owner: 'it', approvers: [] });

    // Sign in needs a real password hash; make a session directly for reading.
    const session = server.accounts.createSession('legacyUser01');
    const cookie = `accord_session=${session.id}`;
    const policy = await call(server.url, '/api/policies/legacyPolicy01', { cookie });
    expect(policy.status).toBe(200);
    expect(policy.body.sections.map((item: { title: string }) => item.title)).toEqual(['Confidential information', 'Account security', 'Account security (copy)']);
    const ids = policy.body.sections.map((item: { id: string }) => item.id);
    expect(ids[0]).toBe('oldSectionA');
    expect(ids[1]).toBe('oldSectionB');
    expect(ids[2]).not.toBe('oldSectionB');
    // The Legal sign-off still covers the same text: the hash did not change.
    expect(policy.body.sections[0]).toMatchObject({ owner: 'legal', approvers: ['hr'], hash: legalHash, signoffs: [expect.objectContaining({ department: 'legal', valid: true })] });
    const changes = await call(server.url, '/api/policies/legacyPolicy01/sections/oldSectionA/signoffs/legal', { cookie });
    expect(changes.body.signed.text).toContain('Keep client matters off social media.');
    // The mirror is in the server's form now.
    expect(server.rooms.withDocument('legacyPolicy01', (doc) => (doc.getXmlFragment('default').get(1) as import('yjs').XmlElement).getAttribute('approvers'))).toBe('hr');

    // Once only: a second start finds nothing to do and changes nothing.
    await server.close();
    cleanups.pop();
    const again = await startTestServer({ dataDir });
    cleanups.push(() => again.close());
    const reread = await call(again.url, '/api/policies/legacyPolicy01', { cookie });
    expect(reread.body.sections.map((item: { id: string }) => item.id)).toEqual(ids);
  });
});
