import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { AccessChanged, EditsRefusedReason, Unauthorized } from '../shared/closeCodes';
import { messageAuth } from '../shared/protocol';
import { startTestServer } from './support/accordServer';
import { connectClient, eventually, firstParagraphText, synced, typeInFirstSection } from './support/collabClient';
import { call, createPolicy, signUpAdmin, signUpInvited, type Session } from './support/session';
import { cleanupStack } from './support/cleanups';

/**
 * Refused edits are said out loud (issue #18, item 5). Before: a viewer's or a demoted editor's
 * updates were dropped in silence, so their editor stayed "Connected" while nothing they typed
 * was kept. Now every refused update is answered with a permission-denied message the client
 * recognizes (`EditsRefusedReason`), and a session that ended closes the socket with 4401.
 */

type TestServer = Awaited<ReturnType<typeof startTestServer>>;
const cleanups = cleanupStack();

/** A stock y-websocket client that records closes and the permission-denied reasons it gets. */
function watchedClient(server: TestServer, policyId: string, session: Session) {
  const client = connectClient(server.url, policyId, { headers: { cookie: session.cookie } });
  const closes: number[] = [];
  const denied: string[] = [];
  client.provider.on('connection-close', (event: { code: number } | null) => {
    if (event) closes.push(event.code);
  });
  client.provider.messageHandlers[messageAuth] = (_encoder, decoder) => {
    if (decoding.readVarUint(decoder) === 0) denied.push(decoding.readVarString(decoder));
  };
  cleanups.push(() => client.destroy());
  return { client, closes, denied };
}

let server: TestServer;
let admin: Session;
let policyId: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signUpAdmin(server.url, 'communications');
  policyId = await createPolicy(server.url, admin, { title: 'Policy', templateId: 'retail-consumer-brand', organization: 'Northwind' });
});
afterAll(() => server.close());

describe('refused edits are said out loud', () => {
  it('answers each update of a viewer with EditsRefused and applies none of it', async () => {
    const viewer = await signUpInvited(server.url, admin, 'hr', 'viewer', 'Vera Viewer');
    const watched = watchedClient(server, policyId, viewer);
    await synced(watched.client);
    typeInFirstSection(watched.client.doc, ' viewer was here');
    await eventually(() => expect(watched.denied).toContain(EditsRefusedReason), 2_000);
    expect(watched.closes).toEqual([]);
    const reader = watchedClient(server, policyId, admin);
    await synced(reader.client);
    expect(firstParagraphText(reader.client.doc)).not.toContain('viewer was here');
  });

  it('tells an editor demoted while typing that the change was refused; promoted back, a reconnect lands the kept edit', async () => {
    const editor = await signUpInvited(server.url, admin, 'legal', 'editor', 'Lena Legal');
    const watched = watchedClient(server, policyId, editor);
    await synced(watched.client);
    typeInFirstSection(watched.client.doc, ' before demotion');
    const reader = watchedClient(server, policyId, admin);
    await synced(reader.client);
    await eventually(() => expect(firstParagraphText(reader.client.doc)).toContain('before demotion'));

    expect((await call(server.url, `/api/users/${editor.user.id}`, { method: 'PATCH', json: { role: 'viewer' }, cookie: admin.cookie })).status).toBe(200);
    await eventually(() => expect(watched.denied).toContain(AccessChanged.reason), 1_000);
    typeInFirstSection(watched.client.doc, ' typed after demotion');
    await eventually(() => expect(watched.denied).toContain(EditsRefusedReason), 1_000);
    expect(firstParagraphText(reader.client.doc)).not.toContain('typed after demotion');

    // Promoted back: the refused edit is still in the client's document; a new sync sends it.
    expect((await call(server.url, `/api/users/${editor.user.id}`, { method: 'PATCH', json: { role: 'editor' }, cookie: admin.cookie })).status).toBe(200);
    await eventually(() => expect(watched.denied.filter((reason) => reason === AccessChanged.reason).length).toBe(2), 1_000);
    watched.client.provider.disconnect();
    watched.client.provider.connect();
    await eventually(() => expect(firstParagraphText(reader.client.doc)).toContain('typed after demotion'), 5_000);
  });

  it('closes the socket of a session that ended with 4401 and applies nothing it sent after', async () => {
    const editor = await signUpInvited(server.url, admin, 'it', 'editor', 'Ivo IT');
    const watched = watchedClient(server, policyId, editor);
    await synced(watched.client);
    expect((await call(server.url, '/api/auth/logout', { method: 'POST', cookie: editor.cookie })).status).toBe(200);
    await eventually(() => expect(watched.closes).toContain(Unauthorized.code), 1_000);
    typeInFirstSection(watched.client.doc, ' after sign-out');
    const reader = watchedClient(server, policyId, admin);
    await synced(reader.client);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(firstParagraphText(reader.client.doc)).not.toContain('after sign-out');
  });
});
