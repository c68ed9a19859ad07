import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as CloseEvents from '../shared/closeCodes';
import { MAX_MESSAGE_BYTES } from '../shared/limits';
import { readSectionsFromYDoc } from '../shared/sections';
import { startTestServer, temporaryDataDir } from './support/accordServer';
import { startChildServer } from './support/childServer';
import { connectClient, eventually, firstParagraphText, synced, typeInFirstSection, type TestClient } from './support/collabClient';
import { createPolicy, signUpAdmin, type Session } from './support/session';
import { cleanupStack } from './support/cleanups';

const cleanups = cleanupStack();

let session: Session;

async function serverWithPolicy() {
  const server = await startTestServer();
  cleanups.push(() => server.close());
  session = await signUpAdmin(server.url);
  return { server, policyId: await createPolicy(server.url, session) };
}

function client(url: string, policyId: string): TestClient {
  const created = connectClient(url, policyId, { headers: { cookie: session.cookie } });
  cleanups.push(() => created.destroy());
  return created;
}

/** Opens a raw socket to a room and resolves once the server has sent its first message. */
async function rawSocket(url: string, policyId: string): Promise<WebSocket> {
  const socket = new WebSocket(url.replace('http', 'ws') + '/collab/' + policyId, { headers: { cookie: session.cookie } });
  cleanups.push(() => socket.terminate());
  await new Promise<void>((resolve, reject) => {
    socket.once('message', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

describe('live collaboration', () => {
  it('two clients converge on concurrent edits and a late joiner gets everything', async () => {
    const { server, policyId } = await serverWithPolicy();
    const alice = client(server.url, policyId);
    const bob = client(server.url, policyId);
    await Promise.all([synced(alice), synced(bob)]);
    typeInFirstSection(alice.doc, 'Alice writes. ');
    typeInFirstSection(bob.doc, 'Bob writes. ');
    await eventually(() => {
      expect(alice.text()).toBe(bob.text());
      expect(firstParagraphText(alice.doc)).toContain('Alice writes.');
      expect(firstParagraphText(alice.doc)).toContain('Bob writes.');
    });
    const carol = client(server.url, policyId);
    await synced(carol);
    await eventually(() => expect(carol.text()).toBe(alice.text()));
  });

  it('refuses an unknown policy with the shared close code', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.close());
    session = await signUpAdmin(server.url);
    const socket = new WebSocket(server.url.replace('http', 'ws') + '/collab/doesNotExist123', { headers: { cookie: session.cookie } });
    cleanups.push(() => socket.terminate());
    const result = await closed(socket);
    expect(result).toEqual({ code: CloseEvents.UnknownPolicy.code, reason: CloseEvents.UnknownPolicy.reason });
  });

  it('unloads a room after its last client leaves', async () => {
    const { server, policyId } = await serverWithPolicy();
    const alice = client(server.url, policyId);
    await synced(alice);
    expect(server.rooms.openCount).toBe(1);
    alice.provider.disconnect();
    await eventually(() => expect(server.rooms.openCount).toBe(0), 5_000);
  });
});

describe('presence', () => {
  it('does not let one connection move or remove another person’s caret', async () => {
    const { server, policyId } = await serverWithPolicy();
    const alice = client(server.url, policyId);
    await synced(alice);
    alice.provider.awareness.setLocalStateField('cursor', { anchor: 1, head: 1 });
    const observer = client(server.url, policyId);
    await synced(observer);
    await eventually(() => expect(observer.provider.awareness.getStates().get(alice.doc.clientID)?.cursor).toEqual({ anchor: 1, head: 1 }));

    const intruder = await rawSocket(server.url, policyId);
    const forged = new awarenessProtocol.Awareness(new Y.Doc());
    forged.clientID = alice.doc.clientID;
    forged.setLocalState({ cursor: { anchor: 99, head: 99 } });
    forged.meta.set(alice.doc.clientID, { clock: 1_000, lastUpdated: Date.now() });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(forged, [alice.doc.clientID]));
    intruder.send(encoding.toUint8Array(encoder));
    // Asking for presence on the same socket proves the forged update was handled before the answer.
    const answered = new Promise((resolve) => intruder.once('message', resolve));
    intruder.send(new Uint8Array([3]));
    await answered;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(observer.provider.awareness.getStates().get(alice.doc.clientID)?.cursor).toEqual({ anchor: 1, head: 1 });
    forged.destroy();
  });
});

describe('durability', () => {
  it('keeps content across a restart of the server', async () => {
    const dataDir = temporaryDataDir();
    const first = await startTestServer({ dataDir });
    session = await signUpAdmin(first.url);
    const id = await createPolicy(first.url, session, { title: 'Restart test' });
    const alice = connectClient(first.url, id, { headers: { cookie: session.cookie } });
    await synced(alice);
    typeInFirstSection(alice.doc, 'Kept across restarts.');
    const bob = connectClient(first.url, id, { headers: { cookie: session.cookie } });
    await synced(bob);
    await eventually(() => expect(firstParagraphText(bob.doc)).toBe('Kept across restarts.'));
    alice.destroy();
    bob.destroy();
    await first.close();

    const second = await startTestServer({ dataDir });
    cleanups.push(() => second.close());
    const carol = client(second.url, id);
    await synced(carol);
    expect(firstParagraphText(carol.doc)).toBe('Kept across restarts.');
  });

  it('keeps an update that another client received when the server is killed with SIGKILL', async () => {
    const dataDir = temporaryDataDir();
    const child = await startChildServer(dataDir);
    cleanups.push(() => child.process.kill('SIGKILL'));
    session = await signUpAdmin(child.url);
    const id = await createPolicy(child.url, session, { title: 'Crash test' });
    const alice = client(child.url, id);
    const bob = client(child.url, id);
    await Promise.all([synced(alice), synced(bob)]);
    typeInFirstSection(alice.doc, 'Survives a crash.');
    await eventually(() => expect(firstParagraphText(bob.doc)).toBe('Survives a crash.'), 5_000, 1);
    child.process.kill('SIGKILL');
    await child.exited;
    alice.provider.disconnect();
    bob.provider.disconnect();

    const restarted = await startChildServer(dataDir);
    cleanups.push(() => restarted.process.kill('SIGKILL'));
    const carol = client(restarted.url, id);
    await synced(carol);
    expect(firstParagraphText(carol.doc)).toBe('Survives a crash.');
  });

  it('compaction keeps the content identical', async () => {
    const { server, policyId } = await serverWithPolicy();
    const alice = client(server.url, policyId);
    await synced(alice);
    for (let index = 0; index < 50; index += 1) typeInFirstSection(alice.doc, `${index} `);
    const bob = client(server.url, policyId);
    await synced(bob);
    await eventually(() => expect(bob.text()).toBe(alice.text()));
    const before = server.rooms.withDocument(policyId, (doc) => doc.getXmlFragment('default').toString());
    const room = server.rooms.get(policyId)!;
    room.compact();
    const fromDisk = new Y.Doc();
    // Reading through a fresh document proves the snapshot alone holds everything.
    alice.destroy();
    bob.destroy();
    await eventually(() => expect(server.rooms.openCount).toBe(0), 5_000);
    const after = server.rooms.withDocument(policyId, (doc) => {
      Y.applyUpdate(fromDisk, Y.encodeStateAsUpdate(doc));
      return doc.getXmlFragment('default').toString();
    });
    expect(after).toBe(before);
    expect(fromDisk.getXmlFragment('default').toString()).toBe(before);
    expect(after).toContain('49 ');
  });
});

describe('hostile input', () => {
  async function expectOffenderClosed(frame: Uint8Array | Buffer, expectedCode: number) {
    const { server, policyId } = await serverWithPolicy();
    const editor = client(server.url, policyId);
    await synced(editor);
    typeInFirstSection(editor.doc, 'Before. ');
    const stored = () => server.rooms.withDocument(policyId, (doc) => readSectionsFromYDoc(doc)[0]!.text);
    await eventually(() => expect(stored()).toContain('Before.'));
    const before = stored();

    const offender = await rawSocket(server.url, policyId);
    const result = closed(offender);
    offender.send(frame);
    expect((await result).code).toBe(expectedCode);

    expect(stored()).toBe(before);
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    typeInFirstSection(editor.doc, 'After.');
    const other = client(server.url, policyId);
    await synced(other);
    await eventually(() => expect(firstParagraphText(other.doc)).toBe('Before. After.'));
  }

  it('closes a connection that sends an unknown message type', async () => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 99);
    await expectOffenderClosed(encoding.toUint8Array(encoder), CloseEvents.MalformedMessage.code);
  });

  it('closes a connection that sends a truncated varint', async () => {
    await expectOffenderClosed(new Uint8Array([0x80]), CloseEvents.MalformedMessage.code);
  });

  it('closes a connection that sends a sync message cut short', async () => {
    await expectOffenderClosed(new Uint8Array([0, 2, 50, 1, 2, 3]), CloseEvents.MalformedMessage.code);
  });

  it('closes a connection that sends an invalid Yjs update', async () => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarUint(encoder, 2);
    encoding.writeVarUint8Array(encoder, new Uint8Array([1, 1, 200, 7, 0, 99, 99, 99, 42, 255]));
    await expectOffenderClosed(encoding.toUint8Array(encoder), CloseEvents.InvalidUpdate.code);
  });

  it('closes a connection that sends malformed awareness', async () => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint8Array(encoder, new Uint8Array([1, 5, 1, 3, 123, 120, 121]));
    await expectOffenderClosed(encoding.toUint8Array(encoder), CloseEvents.MalformedMessage.code);
  });

  it('closes a connection that sends a frame above the size limit', async () => {
    await expectOffenderClosed(Buffer.alloc(MAX_MESSAGE_BYTES + 1, 7), CloseEvents.MessageTooBig.code);
  });
});
