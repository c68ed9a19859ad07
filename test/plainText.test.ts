import { describe, expect, it } from 'vitest';
import { startTestServerUntil } from './support/accordServer';
import { cleanupStack } from './support/cleanups';
import * as Y from 'yjs';
import { eventually, signedInClient } from './support/collabClient';
import { call, createPolicy, signUpAdmin } from './support/session';

/** Names and titles people read refuse control characters (NUL shows as ▯ in the list), and say so. */
const cleanups = cleanupStack();

describe('names and titles with control characters', () => {
  it('are refused with the field named, and nothing is made or changed', async () => {
    const server = await startTestServerUntil(cleanups);
    const admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
    const refusals = [
      await call(server.url, '/api/policies', { json: { title: 'Social\u0000media' }, cookie: admin.cookie }),
      await call(server.url, '/api/policies', { json: { title: 'Social media', organization: 'North\u001bwind' }, cookie: admin.cookie }),
      await call(server.url, '/api/departments', { json: { name: 'Prod\u0007uct' }, cookie: admin.cookie }),
      await call(server.url, '/api/organization', { method: 'PUT', json: { name: 'North\u0000wind' }, cookie: admin.cookie }),
      await call(server.url, '/api/me', { method: 'PATCH', json: { name: 'Ada\u0000' }, cookie: admin.cookie }),
      await call(server.url, '/api/auth/signup', { json: { email: 'x@example.org', name: 'X\u0000', password: 'correct horse battery' } }),
    ];
    for (const [index, refused] of refusals.entries()) {
      expect(refused.status, `request ${index}`).toBe(400);
      expect(refused.body.error, `request ${index}`).toMatch(/remove the invisible control characters/);
    }
    expect(refusals.map((refused) => refused.body.field)).toEqual(['title', 'organization', 'name', 'name', 'name', 'name']);
    expect((await call(server.url, '/api/policies', { cookie: admin.cookie })).body).toEqual([]);
    expect((await call(server.url, '/api/organization', { cookie: admin.cookie })).body.name).toBeNull();
    expect((await call(server.url, '/api/me', { cookie: admin.cookie })).body.name).toBe('Ada Admin');
    // Tabs and ordinary accents and symbols are text, not control characters.
    expect((await call(server.url, '/api/policies', { json: { title: 'Café policy — “v2” ✓' }, cookie: admin.cookie })).status).toBe(201);
  });
});

describe('a title typed into the document', () => {
  it('reaches the list without control characters or line breaks, and no longer than a title may be', async () => {
    const server = await startTestServerUntil(cleanups);
    const admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
    const policyId = await createPolicy(server.url, admin, { title: 'Social media policy' });
    const client = await signedInClient(server.url, policyId, admin.cookie, (cleanup) => cleanups.push(cleanup));
    const title = client.doc.getXmlFragment('default').toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'title')!;
    const text = title.get(0) as Y.XmlText;
    const listed = async () => (await call(server.url, '/api/policies', { cookie: admin.cookie })).body[0].title as string;

    text.delete(0, text.length);
    text.insert(0, 'Social\u0000media\tpolicy\n 2027');
    await eventually(async () => expect(await listed()).toBe('Social media policy 2027'));

    text.delete(0, text.length);
    text.insert(0, 'Long '.repeat(100));
    await eventually(async () => expect(await listed()).toMatch(/^Long Long .*…$/));
    expect((await listed()).length).toBeLessThanOrEqual(200);
  });
});
