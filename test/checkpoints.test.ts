import { describe, expect, it } from 'vitest';
import { templateDocument } from '../server/templates/templateLoader';
import { startTestServerUntil } from './support/accordServer';
import { cleanupStack } from './support/cleanups';
import { connectClient, eventually, firstParagraphText, synced, typeInFirstSection } from './support/collabClient';
import { signUpAdmin } from './support/session';

const cleanups = cleanupStack();

describe("the server's checkpoints run on a worker thread", () => {
  it('edits typed through a stock client are copied back by the worker and read back after a restart', async () => {
    const server = await startTestServerUntil(cleanups, { checkpointWorkerAfterMs: 0 });
    const admin = await signUpAdmin(server.url);
    const template = server.templates.get('corporate-enterprise')!;
    const policyId = server.policies.create({ title: 'Checkpointed', content: templateDocument(template, { title: 'Checkpointed', organization: 'Test Org' }) }).id;
    await eventually(() => expect(server.checkpoints.offThread).toBe(true));

    const client = connectClient(server.url, policyId, { headers: { Cookie: admin.cookie } });
    cleanups.push(() => client.destroy());
    await synced(client);
    const typed = Array.from({ length: 40 }, (_, index) => ` word${index}`);
    for (const word of typed) typeInFirstSection(client.doc, word);
    const expected = firstParagraphText(client.doc);
    await eventually(() => expect(firstParagraphText(server.rooms.get(policyId)!.doc)).toBe(expected));
    server.rooms.get(policyId)!.flush();

    const copiedBefore = server.checkpoints.copiedRounds;
    await server.checkpoints.checkpointNow();
    expect(server.checkpoints.copiedRounds).toBeGreaterThan(copiedBefore);

    client.destroy();
    await server.close();
    const restarted = await startTestServerUntil(cleanups, { dataDir: server.dataDir });
    const text = restarted.rooms.withDocument(policyId, (doc) => firstParagraphText(doc));
    expect(text).toBe(expected);
    for (const word of typed) expect(text).toContain(word);
  });
});
