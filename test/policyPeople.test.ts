import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from './support/accordServer';
import { call, createPolicy, openEventStream, signUpAdmin, signUpInvited, type Session } from './support/session';

/**
 * The dashboard names people (issue #18, items 6 and 8). Before: the policy's answer said which
 * departments must sign but not who in them can, so nobody saw that Compliance had nobody; the
 * sign-off comment was stored and never shown; the live status never said the policy had been
 * endorsed, so "Last endorsed version" stayed disabled until a reload.
 */

type TestServer = Awaited<ReturnType<typeof startTestServer>>;
let server: TestServer;
let admin: Session;
let legal: Session;
let policyId: string;
let sectionId: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
  legal = await signUpInvited(server.url, admin, 'legal', 'editor', 'Lena Legal');
  await signUpInvited(server.url, admin, 'compliance', 'viewer', 'Cai Compliance');
  policyId = await createPolicy(server.url, admin, { title: 'Blank' });
  const policy = await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie });
  sectionId = policy.body.sections[0].id;
  const changed = await call(server.url, `/api/policies/${policyId}/sections/${sectionId}/requirements`, { method: 'PUT', json: { owner: 'communications', approvers: ['legal', 'compliance'] }, cookie: admin.cookie });
  expect(changed.status).toBe(200);
});
afterAll(() => server.close());

describe('who can sign, who can give access', () => {
  it('names who can sign for each department, and none for a department of viewers only', async () => {
    const policy = await call(server.url, `/api/policies/${policyId}`, { cookie: legal.cookie });
    expect(policy.status).toBe(200);
    const names = Object.fromEntries(policy.body.signers.map((entry: { department: string; people: { name: string }[] }) => [entry.department, entry.people.map((person) => person.name)]));
    expect(names).toEqual({ communications: ['Ada Admin'], legal: ['Lena Legal'], compliance: [] });
    expect(policy.body.accessGrantors.map((person: { name: string }) => person.name)).toEqual(['Ada Admin']);
  });

  it('shows the sign-off comment in the section state and the audit, and the endorsement in the live status', async () => {
    const stream = await openEventStream(server.url, `/api/policies/${policyId}/events`, admin.cookie);
    try {
      const first = await stream.next((event) => event.event === 'status');
      expect(first.data.endorsedAt).toBeNull();
      const signers = [admin, legal, await signUpInvited(server.url, admin, 'compliance', 'editor', 'Cora Compliance')];
      for (const [index, signer] of signers.entries()) {
        const hash = (await call(server.url, `/api/policies/${policyId}`, { cookie: signer.cookie })).body.sections[0].hash;
        const signed = await call(server.url, `/api/policies/${policyId}/sections/${sectionId}/signoffs`, { json: { hash, comment: `note ${index}` }, cookie: signer.cookie });
        expect(signed.status).toBe(201);
      }
      const endorsed = await stream.next((event) => event.event === 'status' && event.data.status === 'endorsed');
      expect(typeof endorsed.data.endorsedAt).toBe('string');
      expect(endorsed.data.sections[0].signoffs.map((signoff: { comment: string }) => signoff.comment).sort()).toEqual(['note 0', 'note 1', 'note 2']);
      const audit = await call(server.url, `/api/policies/${policyId}/audit`, { cookie: admin.cookie });
      expect(audit.body.filter((entry: { kind: string }) => entry.kind === 'signoff').map((entry: { comment: string }) => entry.comment).sort()).toEqual(['note 0', 'note 1', 'note 2']);
    } finally {
      stream.close();
    }
  });
});
