import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { COMPACTION_THRESHOLD } from '../../shared/limits';
import { startTestServer } from '../support/accordServer';
import { createPolicy, signUpAdmin } from '../support/session';
import { allText, faultClient, figure, markerCounts, storedDoc, storedRows, typeInto, waitFor, whenSynced, type FaultClient } from './support/faultKit';
import { cleanupStack } from '../support/cleanups';

const cleanups = cleanupStack();

async function setup() {
  const server = await startTestServer();
  cleanups.push(() => server.close());
  const admin = await signUpAdmin(server.url);
  const policyId = await createPolicy(server.url, admin, { title: 'Offline', templateId: 'small-business', organization: 'Acme' });
  const client = (name: string) => {
    const created = faultClient(server.url, policyId, admin.cookie, { name });
    cleanups.push(() => created.destroy());
    return created;
  };
  return { server, policyId, client };
}

/** Waits until every client holds exactly what is stored on disk. */
async function converged(dataDir: string, policyId: string, clients: FaultClient[]): Promise<Y.Doc> {
  let stored = storedDoc(dataDir, policyId);
  await waitFor(
    () => {
      stored.destroy();
      stored = storedDoc(dataDir, policyId);
      const xml = stored.getXmlFragment('default').toString();
      return clients.every((client) => client.text() === xml);
    },
    10_000,
    'clients converge on the stored document',
  );
  return stored;
}

describe('offline editing', () => {
  it('a client edits while disconnected, reconnects, and its edits merge with everyone else’s', async () => {
    const { server, policyId, client } = await setup();
    const alice = client('alice');
    const bob = client('bob');
    await Promise.all([whenSynced(alice), whenSynced(bob)]);

    alice.provider.disconnect();
    for (let index = 0; index < 40; index += 1) {
      typeInto(alice.doc, index % 3, `⟦alice-${index}⟧ `);
      typeInto(bob.doc, index % 3, `⟦bob-${index}⟧ `);
    }
    await waitFor(() => markerCounts(allText(storedDoc(server.dataDir, policyId))).size === 40, 5_000, "bob's edits are stored");
    expect(allText(alice.doc)).not.toContain('⟦bob-0⟧');

    alice.provider.connect();
    await whenSynced(alice);
    const stored = await converged(server.dataDir, policyId, [alice, bob]);
    const counts = markerCounts(allText(stored));
    stored.destroy();
    expect(counts.size).toBe(80);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    figure('offline merge', { offlineEdits: 40, onlineEdits: 40, merged: counts.size });
  });

  it('a client whose copy predates a compaction (explicit and by threshold) still merges correctly', async () => {
    const { server, policyId, client } = await setup();
    const alice = client('alice');
    const bob = client('bob');
    await Promise.all([whenSynced(alice), whenSynced(bob)]);
    typeInto(bob.doc, 0, 'shared words to delete later ');
    typeInto(bob.doc, 1, 'kept words ');
    await waitFor(() => alice.text() === bob.text(), 5_000, 'alice sees bob');

    // Alice goes offline holding the old state; meanwhile Bob edits, deletes, and the log is folded.
    alice.provider.disconnect();
    const before = alice.text();
    typeInto(alice.doc, 1, '⟦alice-offline-1⟧ ');
    typeInto(alice.doc, 2, '⟦alice-offline-2⟧ ');
    // …and types into the middle of words Bob is about to delete: Yjs keeps a concurrent insert.
    const aliceText = ((alice.doc.getXmlFragment('default').toArray().filter((node) => node instanceof Y.XmlElement && node.nodeName === 'policySection')[0] as Y.XmlElement)
      .toArray()
      .find((node) => node instanceof Y.XmlElement && node.nodeName === 'paragraph') as Y.XmlElement).get(0) as Y.XmlText;
    aliceText.insert(aliceText.toString().indexOf('words to delete'), '⟦alice-inside-deleted⟧ ');

    const bobText = bob.doc.getXmlFragment('default');
    const firstSection = bobText.toArray().filter((node) => node instanceof Y.XmlElement && node.nodeName === 'policySection')[0] as Y.XmlElement;
    const paragraph = firstSection.toArray().find((node) => node instanceof Y.XmlElement && node.nodeName === 'paragraph') as Y.XmlElement;
    const text = paragraph.get(0) as Y.XmlText;
    const start = text.toString().indexOf('shared words to delete later');
    expect(start).toBeGreaterThanOrEqual(0);
    text.delete(start, 'shared words to delete later '.length);
    for (let index = 0; index < COMPACTION_THRESHOLD + 20; index += 1) typeInto(bob.doc, 3, index % 50 === 0 ? `⟦bob-${index}⟧ ` : '.');
    await waitFor(() => allText(storedDoc(server.dataDir, policyId)).includes(`⟦bob-${COMPACTION_THRESHOLD}⟧`), 10_000, "bob's edits are stored");
    server.rooms.get(policyId)!.compact();
    // The snapshot alone now holds the document (the threshold compaction ran too, then the explicit one).
    expect(storedRows(server.dataDir, policyId)).toEqual({ snapshot: true, updates: 0 });

    // Bob leaves, the room unloads; Alice comes back with her pre-compaction copy.
    bob.destroy();
    await waitFor(() => server.rooms.openCount === 0, 5_000, 'room unloads');
    expect(allText(alice.doc)).toContain('⟦alice-inside-deleted⟧ words to delete later');
    expect(before).not.toContain('⟦alice-offline-1⟧');
    alice.provider.connect();
    await whenSynced(alice);
    const carol = client('carol');
    await whenSynced(carol);
    const stored = await converged(server.dataDir, policyId, [alice, carol]);
    const storedText = allText(stored);
    stored.destroy();
    expect(storedText).toContain('⟦alice-offline-1⟧');
    expect(storedText).toContain('⟦alice-offline-2⟧');
    expect(storedText).toContain('⟦alice-inside-deleted⟧');
    expect(storedText).toContain(`⟦bob-${COMPACTION_THRESHOLD}⟧`);
    expect(storedText).toContain('kept words');
    expect(storedText).not.toContain('words to delete later');
    for (const count of markerCounts(storedText).values()) expect(count).toBe(1);
    figure('offline across compaction', { bobUpdatesWhileAliceOffline: COMPACTION_THRESHOLD + 21, aliceOfflineEdits: 3, merged: true });
  });
});
