import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { startTestServerUntil } from './support/accordServer';
import { cleanupStack } from './support/cleanups';
import { eventually, signedInClient, typeInFirstSection } from './support/collabClient';
import { call, createPolicy, signUpAdmin, signUpInvited, type Session } from './support/session';

/**
 * The audit trail says when an endorsement ends and when it comes back: an edit typed through a
 * stock y-websocket client, a revoked sign-off, the text put back as it was signed.
 */
const cleanups = cleanupStack();

describe('the endorsement in the audit trail', () => {
  it('records who ended it and why, and that it came back when the text did', async () => {
    const server = await startTestServerUntil(cleanups);
    const admin = await signUpAdmin(server.url, 'marketing', 'Mia Marketing');
    const legal = await signUpInvited(server.url, admin, 'legal', 'editor', 'Leo Legal');
    const policyId = await createPolicy(server.url, admin, { title: 'Short policy' });
    const policy = async () => (await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie })).body;
    const section = (await policy()).sections[0]!;
    expect((await call(server.url, `/api/policies/${policyId}/sections/${section.id}/requirements`, { method: 'PUT', json: { owner: 'marketing', approvers: ['legal'] }, cookie: admin.cookie })).status).toBe(200);
    const sign = async (who: Session) => {
      const hash = (await policy()).sections[0]!.hash;
      expect((await call(server.url, `/api/policies/${policyId}/sections/${section.id}/signoffs`, { json: { hash }, cookie: who.cookie })).status).toBe(201);
    };
    await sign(admin);
    await sign(legal);
    expect((await policy()).status).toBe('endorsed');
    const trail = async () => (await call(server.url, `/api/policies/${policyId}/audit`, { cookie: admin.cookie })).body as { kind: string; userName: string; after: any }[];
    const marks = async () => (await trail()).filter((entry) => entry.kind.startsWith('endorse')).map((entry) => [entry.kind, entry.userName]);
    expect(await marks()).toEqual([['endorsed', 'Leo Legal']]);

    // Leo types into the signed section with a stock client: the endorsement ends, in his name.
    const client = await signedInClient(server.url, policyId, legal.cookie, (cleanup) => cleanups.push(cleanup));
    typeInFirstSection(client.doc, ' Always.');
    await eventually(async () => expect((await marks())[0]).toEqual(['endorsement_ended', 'Leo Legal']), 10_000, 100);
    const ended = (await trail()).find((entry) => entry.kind === 'endorsement_ended')!;
    expect(ended.after).toEqual({ changed: [section.title], waiting: [], structureChanged: false, editors: ['Leo Legal'] });
    // More typing while it is ended adds nothing.
    typeInFirstSection(client.doc, ' Really.');
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect((await marks()).filter(([kind]) => kind === 'endorsement_ended')).toHaveLength(1);

    // He takes his words out again: the text is as signed, and the endorsement is back.
    const fragment = client.doc.getXmlFragment('default');
    const paragraph = (fragment.toArray().find((node) => node instanceof Y.XmlElement && node.nodeName === 'policySection') as Y.XmlElement)
      .toArray()
      .find((node) => node instanceof Y.XmlElement && node.nodeName === 'paragraph') as Y.XmlElement;
    const text = paragraph.get(0) as Y.XmlText;
    text.delete(text.length - ' Always. Really.'.length, ' Always. Really.'.length);
    await eventually(async () => expect((await marks())[0]).toEqual(['endorsement_restored', '']), 10_000, 100);
    expect((await trail()).find((entry) => entry.kind === 'endorsement_restored')!.after).toEqual({ version: 1 });
    expect((await policy()).status).toBe('endorsed');

    // Mia revokes Marketing's sign-off: ended again, by her, with the section waiting.
    expect((await call(server.url, `/api/policies/${policyId}/sections/${section.id}/signoffs`, { method: 'DELETE', cookie: admin.cookie })).status).toBeLessThan(300);
    await eventually(async () => expect((await marks())[0]).toEqual(['endorsement_ended', 'Mia Marketing']));
    expect((await trail()).find((entry) => entry.kind === 'endorsement_ended')!.after).toMatchObject({ changed: [], waiting: [section.title] });
  });
  it('names who renamed the policy when the new title ends the endorsement', async () => {
    const server = await startTestServerUntil(cleanups);
    const admin = await signUpAdmin(server.url, 'marketing', 'Mia Marketing');
    const legal = await signUpInvited(server.url, admin, 'legal', 'editor', 'Leo Legal');
    const policyId = await createPolicy(server.url, admin, { title: 'Short policy' });
    const policy = async () => (await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie })).body;
    for (const section of (await policy()).sections) expect((await call(server.url, `/api/policies/${policyId}/sections/${section.id}/signoffs`, { json: { hash: section.hash }, cookie: admin.cookie })).status).toBe(201);
    expect((await policy()).status).toBe('endorsed');

    // Leo renames it from a stock client; Mia, connected too, types nothing.
    await signedInClient(server.url, policyId, admin.cookie, (cleanup) => cleanups.push(cleanup));
    const client = await signedInClient(server.url, policyId, legal.cookie, (cleanup) => cleanups.push(cleanup));
    const title = client.doc.getXmlFragment('default').toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'title')!;
    (title.get(0) as Y.XmlText).insert((title.get(0) as Y.XmlText).length, ' 2027');
    const trail = async () => (await call(server.url, `/api/policies/${policyId}/audit`, { cookie: admin.cookie })).body as { kind: string; userName: string; after: any }[];
    await eventually(async () => expect((await trail())[0]?.kind).toBe('endorsement_ended'), 10_000, 100);
    expect((await trail())[0]).toMatchObject({ userName: 'Leo Legal', after: { changed: [], structureChanged: true, editors: ['Leo Legal'] } });
  });

  it('lists every endorsed version, newest first, and exports any of them', async () => {
    const server = await startTestServerUntil(cleanups);
    const admin = await signUpAdmin(server.url, 'marketing', 'Mia Marketing');
    const policyId = await createPolicy(server.url, admin, { title: 'Short policy' });
    const policy = async () => (await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie })).body;
    const versions = async () => (await call(server.url, `/api/policies/${policyId}/versions`, { cookie: admin.cookie })).body;
    expect(await versions()).toEqual([]);
    const signAll = async () => {
      for (const section of (await policy()).sections) expect((await call(server.url, `/api/policies/${policyId}/sections/${section.id}/signoffs`, { json: { hash: section.hash }, cookie: admin.cookie })).status).toBe(201);
    };
    await signAll();
    expect((await policy()).status).toBe('endorsed');

    // A second version: new words, signed again.
    const client = await signedInClient(server.url, policyId, admin.cookie, (cleanup) => cleanups.push(cleanup));
    typeInFirstSection(client.doc, 'Version two words.');
    await eventually(async () => expect((await policy()).status).not.toBe('endorsed'));
    await signAll();
    await eventually(async () => expect((await policy()).status).toBe('endorsed'));

    const listed = await versions();
    expect(listed.map((entry: { version: number; title: string; sectionCount: number; signerCount: number }) => [entry.version, entry.title, entry.sectionCount, entry.signerCount])).toEqual([
      [2, 'Short policy', 1, 1],
      [1, 'Short policy', 1, 1],
    ]);
    expect(listed[0].fingerprint).toBe((await policy()).fingerprint);

    const first = await call(server.url, `/api/policies/${policyId}/export?format=md&version=endorsed&endorsedVersion=1`, { cookie: admin.cookie });
    expect(first.status).toBe(200);
    expect(String(first.body)).toContain('Endorsed version 1 (of 2; a later one exists)');
    expect(String(first.body)).not.toContain('Version two words.');
    const second = await call(server.url, `/api/policies/${policyId}/export?format=md&version=endorsed&endorsedVersion=2`, { cookie: admin.cookie });
    expect(String(second.body)).toContain('Version two words.');

    // What changed since each version, section by section.
    const sinceFirst = await call(server.url, `/api/policies/${policyId}/versions/1/changes`, { cookie: admin.cookie });
    expect(sinceFirst.status).toBe(200);
    expect(sinceFirst.body).toMatchObject({ version: 1, title: null, unchanged: 0 });
    expect(sinceFirst.body.sections).toHaveLength(1);
    expect(sinceFirst.body.sections[0].change).toBe('changed');
    expect(sinceFirst.body.sections[0].before.text).not.toContain('Version two words.');
    expect(sinceFirst.body.sections[0].after.text).toContain('Version two words.');
    expect((await call(server.url, `/api/policies/${policyId}/versions/2/changes`, { cookie: admin.cookie })).body).toMatchObject({ version: 2, sections: [], unchanged: 1 });
    const noSuch = await call(server.url, `/api/policies/${policyId}/versions/3/changes`, { cookie: admin.cookie });
    expect([noSuch.status, noSuch.body.error]).toEqual([404, 'This policy has no endorsed version 3. It has 2.']);
    expect((await call(server.url, `/api/policies/${policyId}/versions/two/changes`, { cookie: admin.cookie })).status).toBe(400);

    const missing = await call(server.url, `/api/policies/${policyId}/export?format=md&version=endorsed&endorsedVersion=3`, { cookie: admin.cookie });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('This policy has no endorsed version 3. It has 2.');
    for (const bad of ['0', 'two', '1.5']) {
      const refused = await call(server.url, `/api/policies/${policyId}/export?format=md&version=endorsed&endorsedVersion=${bad}`, { cookie: admin.cookie });
      expect(refused.status, bad).toBe(400);
      expect(refused.body.field).toBe('endorsedVersion');
    }
    expect((await call(server.url, `/api/policies/${policyId}/export?format=md&endorsedVersion=1`, { cookie: admin.cookie })).status).toBe(400);
  });
});
