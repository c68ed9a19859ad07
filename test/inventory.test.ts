import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryMap, readInventory } from '../shared/inventory';
import { startTestServer } from './support/accordServer';
import { connectClient, eventually, synced } from './support/collabClient';
import { call, createPolicy, signUpAdmin, signUpInvited, type Session } from './support/session';

let server: Awaited<ReturnType<typeof startTestServer>>;
let marketing: Session;
let support: Session;
let viewer: Session;
let policyId: string;

const entry = {
  platform: 'instagram',
  account: '@northwind',
  purpose: 'brand-awareness',
  audience: 'Customers',
  tools: [{ name: 'Brandwatch', category: 'monitoring' }],
  responsible: 'Maria',
  adminCount: 3,
  official: true,
};

beforeAll(async () => {
  server = await startTestServer();
  marketing = await signUpAdmin(server.url, 'marketing');
  support = await signUpInvited(server.url, marketing, 'customer-service');
  viewer = await signUpInvited(server.url, marketing, 'hr', 'viewer');
  policyId = await createPolicy(server.url, marketing, { title: 'Policy', templateId: 'retail-consumer-brand', organization: 'Northwind' });
});
afterAll(() => server.close());

describe('inventory API', () => {
  it('adds a validated entry in the caller’s department by default and lists it', async () => {
    const added = await call(server.url, `/api/policies/${policyId}/inventory`, { json: entry, cookie: marketing.cookie });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ ...entry, department: 'marketing', id: expect.any(String) });
    const list = await call(server.url, `/api/policies/${policyId}/inventory`, { cookie: support.cookie });
    expect(list.body.entries.map((item: { id: string }) => item.id)).toContain(added.body.id);
  });

  it('answers 400 naming the bad field', async () => {
    const badPlatform = await call(server.url, `/api/policies/${policyId}/inventory`, { json: { ...entry, platform: 'myspace' }, cookie: marketing.cookie });
    expect(badPlatform.status).toBe(400);
    expect(badPlatform.body.field).toBe('platform');
    expect(badPlatform.body.error).toMatch(/^Choose the platform: Facebook, /);
    const badCount = await call(server.url, `/api/policies/${policyId}/inventory`, { json: { ...entry, adminCount: -2 }, cookie: marketing.cookie });
    expect(badCount.status).toBe(400);
    expect(badCount.body.field).toBe('adminCount');
    const badTool = await call(server.url, `/api/policies/${policyId}/inventory`, { json: { ...entry, tools: [{ name: 'X', category: 'magic' }] }, cookie: marketing.cookie });
    expect(badTool.status).toBe(400);
    expect(badTool.body.field).toMatch(/^tools/);
  });

  it('refuses viewers and unknown policies', async () => {
    expect((await call(server.url, `/api/policies/${policyId}/inventory`, { json: entry, cookie: viewer.cookie })).status).toBe(403);
    expect((await call(server.url, '/api/policies/unknownPolicy1/inventory', { cookie: marketing.cookie })).status).toBe(404);
  });

  it('finds the same tool category bought by two departments, naming both entries', async () => {
    const second = await call(server.url, `/api/policies/${policyId}/inventory`, {
      json: { ...entry, account: '@northwindhelp', purpose: 'customer-support', tools: [{ name: 'Sprout Social', category: 'monitoring' }], responsible: 'Chris' },
      cookie: support.cookie,
    });
    expect(second.body.department).toBe('customer-service');
    const list = await call(server.url, `/api/policies/${policyId}/inventory`, { cookie: marketing.cookie });
    const finding = list.body.findings.find((item: { kind: string }) => item.kind === 'shared-tool-category');
    expect(finding.entries).toContain(second.body.id);
    expect(finding.entries).toHaveLength(2);
    expect(finding.message).toMatch(/Marketing/);
    expect(finding.message).toMatch(/Customer Service/);
  });

  it('converges when two clients edit the inventory at once, and reaches the API live', async () => {
    const alice = connectClient(server.url, policyId, { headers: { cookie: marketing.cookie } });
    const bob = connectClient(server.url, policyId, { headers: { cookie: support.cookie } });
    await Promise.all([synced(alice), synced(bob)]);
    const { id: _ignored, ...fields } = { id: '', ...entry, department: 'marketing' };
    inventoryMap(alice.doc).set('aliceEntry', { ...fields, account: '@alice' });
    inventoryMap(bob.doc).set('bobEntry', { ...fields, department: 'customer-service', account: '@bob' });
    await eventually(() => {
      const accountsA = readInventory(alice.doc).entries.map((item) => item.account).sort();
      const accountsB = readInventory(bob.doc).entries.map((item) => item.account).sort();
      expect(accountsA).toEqual(accountsB);
      expect(accountsA).toEqual(expect.arrayContaining(['@alice', '@bob']));
    });
    const list = await call(server.url, `/api/policies/${policyId}/inventory`, { cookie: marketing.cookie });
    expect(list.body.entries.map((item: { account: string }) => item.account)).toEqual(expect.arrayContaining(['@alice', '@bob']));
    alice.destroy();
    bob.destroy();
  });
});
