import { describe, expect, it } from 'vitest';
import { startTestServer, temporaryDataDir } from './support/accordServer';
import { connectClient, eventually, synced, sectionElements } from './support/collabClient';
import { call, createPolicy, signUpAdmin } from './support/session';
import { cleanupStack } from './support/cleanups';

const cleanups = cleanupStack();


describe('section owners and approvers: server data, mirrored in the document', () => {
  it('a change through the API reaches every client and survives a restart', async () => {
    const dataDir = temporaryDataDir();
    const server = await startTestServer({ dataDir });
    const admin = await signUpAdmin(server.url);
    const policyId = await createPolicy(server.url, admin, { title: 'Attributes', templateId: 'small-business', organization: 'Corner Shop' });
    const alice = connectClient(server.url, policyId, { headers: { cookie: admin.cookie } });
    const bob = connectClient(server.url, policyId, { headers: { cookie: admin.cookie } });
    cleanups.push(() => bob.destroy());
    await Promise.all([synced(alice), synced(bob)]);

    const target = sectionElements(alice.doc)[2]!;
    const id = target.getAttribute('id') as string;
    const changed = await call(server.url, `/api/policies/${policyId}/sections/${id}/requirements`, { method: 'PUT', json: { owner: 'legal', approvers: ['hr', 'it'] }, cookie: admin.cookie });
    expect(changed.status).toBe(200);
    await eventually(() => {
      for (const client of [alice, bob]) {
        const seen = sectionElements(client.doc).find((element) => element.getAttribute('id') === id)!;
        expect(seen.getAttribute('owner')).toBe('legal');
        expect(seen.getAttribute('approvers')).toBe('hr,it');
      }
    });
    const live = await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie });
    expect(live.body.sections[2]).toMatchObject({ id, owner: 'legal', approvers: ['hr', 'it'] });

    alice.destroy();
    bob.provider.disconnect();
    await server.close();
    const restarted = await startTestServer({ dataDir });
    cleanups.push(() => restarted.close());
    const again = await call(restarted.url, `/api/policies/${policyId}`, { cookie: admin.cookie });
    expect(again.body.sections[2]).toMatchObject({ id, owner: 'legal', approvers: ['hr', 'it'] });
    expect(again.body.sections[2].hash).toBe(live.body.sections[2].hash);
  });
});
