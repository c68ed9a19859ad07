import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from './support/accordServer';
import { call, createPolicy, signUpAdmin, type Session } from './support/session';

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: Session;
let policyId: string;

const entry = { platform: 'linkedin', account: 'Northwind on LinkedIn', purpose: 'recruiting', responsible: 'Ravi', adminCount: 2, official: true };

beforeAll(async () => {
  server = await startTestServer();
  admin = await signUpAdmin(server.url, 'hr');
  policyId = await createPolicy(server.url, admin, { title: 'Policy' });
});
afterAll(() => server.close());

describe('inventory errors in plain words', () => {
  it('says what to give for a missing or too long account, and keeps `field` for code', async () => {
    for (const account of ['', 'a'.repeat(301)]) {
      const refused = await call(server.url, `/api/policies/${policyId}/inventory`, { json: { ...entry, account }, cookie: admin.cookie });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: 'Give the account’s name or address (up to 300 characters).', field: 'account' });
    }
  });

  it('lists every problem, none of them worded as "field: rule"', async () => {
    const refused = await call(server.url, `/api/policies/${policyId}/inventory`, {
      json: { platform: 'myspace', tools: [{ name: 'Hoot;suite', category: 'publishing' }] },
      cookie: admin.cookie,
    });
    expect(refused.status).toBe(400);
    const errors: { field: string; message: string }[] = refused.body.errors;
    expect(errors.map((error) => error.field)).toEqual(['platform', 'account', 'purpose', 'tools.0.name', 'responsible', 'adminCount', 'official']);
    for (const error of errors) {
      expect(error.message).toMatch(/^[A-Z]/);
      expect(error.message).toMatch(/\.$/);
      expect(error.message.startsWith(`${error.field}:`)).toBe(false);
    }
    expect(errors.find((error) => error.field === 'tools.0.name')?.message).toBe('Give tool 1 a name of up to 100 characters, without semicolons.');
    expect(refused.body.error).toBe(errors[0]!.message);
  });

  it('explains a duplicate id in words', async () => {
    const first = await call(server.url, `/api/policies/${policyId}/inventory`, { json: { ...entry, id: 'fixed-id' }, cookie: admin.cookie });
    expect(first.status).toBe(201);
    const again = await call(server.url, `/api/policies/${policyId}/inventory`, { json: { ...entry, id: 'fixed-id' }, cookie: admin.cookie });
    expect(again).toMatchObject({ status: 409, body: { field: 'id', error: 'An entry with this id already exists. Leave the id out to get a new one.' } });
  });
});
