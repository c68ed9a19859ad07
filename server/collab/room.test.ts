import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import * as CloseEvents from '../../shared/closeCodes';
import { COMPACTION_THRESHOLD } from '../../shared/limits';
import { messageAwareness, messageSync } from '../../shared/protocol';
import { DOCUMENT_FIELD } from '../../shared/sections';
import type { Logger } from '../logger';
import { blankPolicyJSON } from '../services/policyDocuments';
import { PolicyService } from '../services/policies';
import { RequirementService } from '../services/requirements';
import { openDatabase } from '../storage/database';
import { MemoryDocumentStore } from '../../test/support/memoryStore';
import { CollabConnection, type Access, type RoomSocket } from './connection';
import type { Identity } from './awarenessIdentity';
import { policyUpdateGuard } from './policyGuard';
import { FlushScheduler } from './flushScheduler';
import { awarenessFrame } from './protocol';
import { awarenessStates } from '../../test/support/awarenessStates';
import { Room, type PendingUpdate, type RoomHooks } from './room';

const POLICY = 'policy-room-test';

/** A socket in memory: what the room sent, and how it was closed. */
class MemorySocket implements RoomSocket {
  readonly frames: Uint8Array[] = [];
  closed: { code: number; reason: string } | null = null;
  /** Called for each frame as it is sent (before the room goes on). */
  onFrame: ((frame: Uint8Array) => void) | null = null;

  send(frame: Uint8Array): void {
    if (this.closed) return;
    this.frames.push(frame);
    this.onFrame?.(frame);
  }

  close(code: number, reason: string): void {
    this.closed ??= { code, reason };
  }

  terminate(): void {
    this.closed ??= { code: 1006, reason: '' };
  }
}

const SERVER = Symbol('server');

/**
 * One editor on an in-memory socket, behaving as y-websocket's provider: it sends sync step 1
 * on joining, reads the server's frames with y-protocols and sends every local change at once.
 */
class Peer {
  readonly doc = new Y.Doc();
  readonly socket = new MemorySocket();
  readonly connection: CollabConnection;
  private read = 0;

  constructor(
    private readonly room: Room,
    options: { userId?: string | null; identity?: Identity | null; readOnly?: boolean; admin?: boolean; checkAccess?: () => Access } = {},
  ) {
    this.connection = new CollabConnection({
      socket: this.socket,
      identity: options.identity ?? null,
      readOnly: options.readOnly ?? false,
      userId: options.userId ?? null,
      admin: options.admin ?? false,
      ...(options.checkAccess ? { checkAccess: options.checkAccess } : {}),
    });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === SERVER) return;
      this.send((encoder) => syncProtocol.writeUpdate(encoder, update), messageSync);
    });
    room.addConnection(this.connection);
    this.send((encoder) => syncProtocol.writeSyncStep1(encoder, this.doc), messageSync);
    this.receive();
  }

  send(write: (encoder: encoding.Encoder) => void, messageType: number): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageType);
    write(encoder);
    this.room.handleMessage(this.connection, encoding.toUint8Array(encoder));
  }

  /** Reads every frame the server sent since the last call, answering as the provider does; returns the kinds read. */
  receive(): string[] {
    const kinds: string[] = [];
    for (; this.read < this.socket.frames.length; this.read += 1) {
      const decoder = decoding.createDecoder(this.socket.frames[this.read]!);
      const type = decoding.readVarUint(decoder);
      if (type === messageSync) {
        const reply = encoding.createEncoder();
        encoding.writeVarUint(reply, messageSync);
        const syncType = syncProtocol.readSyncMessage(decoder, reply, this.doc, SERVER);
        kinds.push(['sync-step-1', 'sync-step-2', 'update'][syncType] ?? 'sync?');
        if (encoding.length(reply) > 1) this.room.handleMessage(this.connection, encoding.toUint8Array(reply));
      } else {
        kinds.push(type === messageAwareness ? 'awareness' : `type ${type}`);
      }
    }
    return kinds;
  }

  text(): string {
    return this.doc.getText('notes').toString();
  }

  type(text: string): void {
    const notes = this.doc.getText('notes');
    notes.insert(notes.length, text);
  }
}

/** The policy's document as the store has it: its snapshot and log, applied in order. */
function storedDocument(store: MemoryDocumentStore): Y.Doc {
  const doc = new Y.Doc();
  for (const update of store.load(POLICY).updates) Y.applyUpdate(doc, update);
  return doc;
}

/** Lets the room's end-of-turn flush run. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

const awarenessUpdate = (...states: [number, number, unknown][]) => awarenessStates(states);

function recordingLogger() {
  const lines: { level: string; event: string; fields: Record<string, unknown> }[] = [];
  const log = (level: string) => (event: string, fields: Record<string, unknown> = {}) => void lines.push({ level, event, fields });
  const logger: Logger = { info: log('info'), warn: log('warn'), error: log('error') };
  return { logger, lines };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function openRoom(hooks: RoomHooks = {}, store = new MemoryDocumentStore()) {
  const { logger, lines } = recordingLogger();
  const room = new Room(POLICY, store, logger, hooks);
  cleanups.push(() => room.close(CloseEvents.GoingAway));
  return { room, store, lines };
}

describe('a room on in-memory sockets and storage', () => {
  it('relays an edit to the other socket only after the storage has it', async () => {
    const { room, store } = openRoom();
    const ada = new Peer(room, { userId: 'user-ada' });
    const bo = new Peer(room, { userId: 'user-bo' });
    const storedWhenRelayed: number[] = [];
    bo.socket.onFrame = () => storedWhenRelayed.push(store.logLength(POLICY));
    const adaFramesBefore = ada.socket.frames.length;

    ada.type('Hello from Ada. ');
    expect(storedWhenRelayed).toEqual([]); // nothing is relayed within the turn it arrived
    await nextTurn();
    expect(bo.receive()).toEqual(['update']);
    expect(storedWhenRelayed).toEqual([1]);
    expect(bo.text()).toBe('Hello from Ada. ');
    // The sender is not sent its own change back.
    expect(ada.socket.frames.length).toBe(adaFramesBefore);

    bo.type('And Bo answers.');
    await nextTurn();
    ada.receive();
    expect(ada.text()).toBe('Hello from Ada. And Bo answers.');
    expect(store.log(POLICY).map((entry) => entry.userId)).toEqual(['user-ada', 'user-bo']);
  });

  it("stores and relays a client's update as the bytes it sent, and the server's own changes and sync answers as Yjs encodes them", async () => {
    const { room, store } = openRoom();
    const ada = new Peer(room, { userId: 'user-ada' });
    const bo = new Peer(room, { userId: 'user-bo' });
    const sent: Uint8Array[] = [];
    ada.doc.on('update', (update: Uint8Array, origin: unknown) => origin !== SERVER && sent.push(update));

    ada.type('Typed by Ada. ');
    await nextTurn();
    expect(store.log(POLICY)).toHaveLength(1);
    expect([...store.log(POLICY)[0]!.update]).toEqual([...sent[0]!]);
    const relayed = bo.socket.frames.at(-1)!;
    expect([...relayed.subarray(relayed.length - sent[0]!.length)]).toEqual([...sent[0]!]);

    // A change the server makes right after is still encoded, stored and relayed.
    room.doc.transact(() => room.doc.getText('notes').insert(0, 'Server: '), null);
    await nextTurn();
    expect(store.log(POLICY)).toHaveLength(2);
    expect(store.log(POLICY)[1]!.userId).toBeNull();
    bo.receive();
    ada.receive();
    expect(bo.text()).toBe('Server: Typed by Ada. ');

    // A late editor's answer to sync step 1 carries its whole delete set: what is stored is what the document took.
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(room.doc));
    const notes = offline.getText('notes');
    notes.insert(notes.length, 'x'.repeat(50));
    notes.delete(notes.length - 50, 49);
    const late = new Peer(room, { userId: 'user-cy' });
    Y.applyUpdate(late.doc, Y.encodeStateAsUpdate(offline), SERVER);
    late.send((encoder) => syncProtocol.writeSyncStep2(encoder, late.doc, Y.encodeStateVector(room.doc)), messageSync);
    await nextTurn();
    const log = store.log(POLICY);
    expect(log).toHaveLength(3);
    expect(log[2]!.userId).toBe('user-cy');
    const rebuilt = storedDocument(store);
    expect(rebuilt.getText('notes').toString()).toBe('Server: Typed by Ada. x');
    expect(room.doc.getText('notes').toString()).toBe('Server: Typed by Ada. x');
    ada.receive();
    expect(ada.text()).toBe('Server: Typed by Ada. x');
    // Sent again whole, it holds nothing new: nothing is stored (as received it would be the whole document again).
    late.send((encoder) => syncProtocol.writeSyncStep2(encoder, late.doc), messageSync);
    await nextTurn();
    expect(store.log(POLICY)).toHaveLength(3);
  });

  it('keeps an update that misses a dependency in memory, unstored and unrelayed, and stores both once the dependency arrives', async () => {
    const { room, store } = openRoom();
    const ada = new Peer(room, { userId: 'user-ada' });
    const bo = new Peer(room, { userId: 'user-bo' });
    const offline = new Y.Doc();
    const updates: Uint8Array[] = [];
    offline.on('update', (update: Uint8Array) => updates.push(update));
    offline.getText('notes').insert(0, 'first ');
    offline.getText('notes').insert(6, 'second');
    const [dependency, dependent] = updates as [Uint8Array, Uint8Array];
    const sendUpdate = (update: Uint8Array) => ada.send((encoder) => syncProtocol.writeUpdate(encoder, update), messageSync);

    sendUpdate(dependent);
    await nextTurn();
    expect(store.log(POLICY)).toHaveLength(0);
    expect(bo.receive()).toEqual([]);

    sendUpdate(dependency);
    await nextTurn();
    bo.receive();
    expect(bo.text()).toBe('first second');
    const rebuilt = storedDocument(store);
    expect(rebuilt.getText('notes').toString()).toBe('first second');
    expect(rebuilt.store.pendingStructs).toBeNull();
  });

  it('answers sync step 1 with the stored document, so a newcomer starts equal', async () => {
    const { room } = openRoom();
    const ada = new Peer(room);
    ada.type('Stored text.');
    await nextTurn();
    const late = new Peer(room);
    expect(late.socket.frames.length).toBeGreaterThanOrEqual(2);
    expect(late.text()).toBe('Stored text.');
  });

  it("drops a viewer's update and keeps the viewer connected", async () => {
    const { room, store } = openRoom();
    const viewer = new Peer(room, { readOnly: true });
    const editor = new Peer(room);
    viewer.type('Viewer graffiti');
    await nextTurn();
    expect(room.doc.getText('notes').toString()).toBe('');
    expect(store.appendCount).toBe(0);
    expect(editor.receive()).toEqual([]);
    expect(viewer.socket.closed).toBeNull();
    expect(room.connections.has(viewer.connection)).toBe(true);
  });

  it('treats a writer whose access check now says read as a viewer', async () => {
    const { room, store } = openRoom();
    let access: Access = 'write';
    const demoted = new Peer(room, { checkAccess: () => access });
    demoted.type('allowed ');
    access = 'read';
    demoted.type('refused');
    await nextTurn();
    expect(room.doc.getText('notes').toString()).toBe('allowed ');
    expect(store.logLength(POLICY)).toBe(1);
    expect(demoted.connection.readOnly).toBe(true);
    expect(demoted.socket.closed).toBeNull();
  });

  it("closes a connection whose access check says 'none' with Unauthorized (4401), applying nothing", async () => {
    const { room, store, lines } = openRoom();
    const ended = new Peer(room, { userId: 'user-gone', checkAccess: () => 'none' });
    ended.type('after the session ended');
    await nextTurn();
    expect(ended.socket.closed).toEqual({ code: CloseEvents.Unauthorized.code, reason: CloseEvents.Unauthorized.reason });
    expect(room.connections.has(ended.connection)).toBe(false);
    expect(store.appendCount).toBe(0);
    expect(lines.find((line) => line.event === 'collab.update_refused')?.fields).toMatchObject({ user: 'user-gone', close: 4401 });
  });

  it('closes on an update past the document size limit (4413), applying nothing', async () => {
    const { room, store } = openRoom({ limits: { maxDocumentBytes: 400 } });
    const writer = new Peer(room);
    writer.type('small. ');
    writer.type('x'.repeat(600));
    await nextTurn();
    expect(writer.socket.closed?.code).toBe(CloseEvents.DocumentTooLarge.code);
    expect(room.doc.getText('notes').toString()).toBe('small. ');
    expect(store.logLength(POLICY)).toBe(1);
  });

  it('closes on an update past the section limit (4414) or nested too deep (4422)', async () => {
    const { room, store, lines } = openRoom({ limits: { maxSections: 2, maxDepth: 3 } });
    const many = new Peer(room);
    many.doc.getXmlFragment(DOCUMENT_FIELD).insert(0, [1, 2, 3].map(() => new Y.XmlElement('policySection')));
    expect(many.socket.closed?.code).toBe(CloseEvents.TooManySections.code);

    const deep = new Peer(room);
    let element = new Y.XmlElement('policySection');
    const top = element;
    for (let level = 0; level < 4; level += 1) {
      const child = new Y.XmlElement('paragraph');
      element.insert(0, [child]);
      element = child;
    }
    deep.doc.getXmlFragment(DOCUMENT_FIELD).insert(0, [top]);
    expect(deep.socket.closed?.code).toBe(CloseEvents.InvalidUpdate.code);
    await nextTurn();
    expect(room.doc.getXmlFragment(DOCUMENT_FIELD).length).toBe(0);
    expect(store.appendCount).toBe(0);
    // A limit is a refusal; an update breaking the document's shape is counted as hostile.
    expect(lines.map((line) => line.event)).toEqual(['collab.update_refused', 'collab.hostile_message']);
  });

  it('closes on a frame it cannot read (4400) and keeps serving the others', async () => {
    const { room } = openRoom();
    const garbage = new Peer(room);
    const honest = new Peer(room);
    room.handleMessage(garbage.connection, Uint8Array.of(9, 9, 9));
    expect(garbage.socket.closed?.code).toBe(CloseEvents.MalformedMessage.code);
    expect(room.connections.has(garbage.connection)).toBe(false);
    honest.type('still here');
    await nextTurn();
    expect(room.doc.getText('notes').toString()).toBe('still here');
  });

  it("keeps each connection's awareness ids its own, and shows the account's name", () => {
    const { room } = openRoom();
    const ada = new Peer(room, { identity: { name: 'Ada', color: '#123456' } });
    const mallory = new Peer(room, { identity: { name: 'Mallory', color: '#654321' } });
    const adaId = 1001;
    room.handleMessage(ada.connection, awarenessFrame(awarenessUpdate([adaId, 1, { user: { name: 'Ceo' }, cursor: 5 }])));
    expect(room.awareness.getStates().get(adaId)).toEqual({ user: { name: 'Ada', color: '#123456' }, cursor: 5 });
    expect(mallory.receive()).toEqual(['awareness']);

    // Mallory moves Ada's caret, then removes Ada's presence: neither is applied or relayed.
    room.handleMessage(mallory.connection, awarenessFrame(awarenessUpdate([adaId, 2, { user: { name: 'Ada' }, cursor: 99 }])));
    room.handleMessage(mallory.connection, awarenessFrame(awarenessUpdate([adaId, 3, null])));
    expect(room.awareness.getStates().get(adaId)).toEqual({ user: { name: 'Ada', color: '#123456' }, cursor: 5 });
    expect(ada.receive()).toEqual(['awareness']); // only Ada's own announcement
    expect(mallory.connection.awarenessIds.has(adaId)).toBe(false);

    // Her own id is hers; when she leaves, her presence goes with her.
    room.handleMessage(mallory.connection, awarenessFrame(awarenessUpdate([2002, 1, { cursor: 1 }])));
    expect(room.awareness.getStates().get(2002)).toEqual({ cursor: 1, user: { name: 'Mallory', color: '#654321' } });
    room.removeConnection(ada.connection);
    expect(room.awareness.getStates().has(adaId)).toBe(false);
  });

  it('answers a query for awareness with everyone present', () => {
    const { room } = openRoom();
    const ada = new Peer(room, { identity: { name: 'Ada', color: '#123456' } });
    room.handleMessage(ada.connection, awarenessFrame(awarenessUpdate([7, 1, { cursor: 1 }])));
    const asker = new Peer(room);
    asker.receive();
    room.handleMessage(asker.connection, Uint8Array.of(3));
    const answer = asker.socket.frames.at(-1)!;
    const decoder = decoding.createDecoder(answer);
    expect(decoding.readVarUint(decoder)).toBe(messageAwareness);
    const theirs = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(theirs, decoding.readVarUint8Array(decoder), 'server');
    expect(theirs.getStates().get(7)).toEqual({ cursor: 1, user: { name: 'Ada', color: '#123456' } });
    theirs.destroy();
  });

  it('closes every connection with StorageFailure (4503) when the storage refuses a write, relaying nothing', async () => {
    const failures: unknown[] = [];
    const store = new MemoryDocumentStore();
    const { room, lines } = openRoom({ onStorageFailure: (_room, error) => failures.push(error) }, store);
    const ada = new Peer(room);
    const bo = new Peer(room);
    const diskFull = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    store.failure = diskFull;
    ada.type('this cannot be saved');
    await nextTurn();
    for (const peer of [ada, bo]) expect(peer.socket.closed?.code).toBe(CloseEvents.StorageFailure.code);
    expect(bo.receive()).toEqual([]);
    expect(room.closed).toBe(true);
    expect(failures).toEqual([diskFull]);
    expect(lines.find((line) => line.event === 'storage.append_failed')).toMatchObject({ level: 'error', fields: { code: 'SQLITE_FULL', error: diskFull } });
    // A frame arriving afterwards is ignored.
    room.handleMessage(bo.connection, Uint8Array.of(9));
    expect(lines.filter((line) => line.event === 'collab.hostile_message')).toEqual([]);
  });

  it('folds the log into one snapshot after COMPACTION_THRESHOLD updates, keeping the document equal', async () => {
    const { room, store } = openRoom();
    const ada = new Peer(room);
    const bo = new Peer(room);
    for (let index = 0; index < COMPACTION_THRESHOLD; index += 1) ada.type(`${index} `);
    await nextTurn();
    bo.receive();
    expect(store.logLength(POLICY)).toBe(0);
    expect(store.load(POLICY).updates).toHaveLength(1);
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, store.load(POLICY).updates[0]!);
    expect(reloaded.getText('notes').toString()).toBe(room.doc.getText('notes').toString());
    expect(bo.text()).toBe(ada.text());
    expect(ada.text().startsWith('0 1 2 ')).toBe(true);

    // The room goes on appending after the snapshot.
    ada.type('after');
    await nextTurn();
    expect(store.logLength(POLICY)).toBe(1);
  });
});

describe('rooms sharing one flush scheduler', () => {
  function twoRooms() {
    const store = new MemoryDocumentStore();
    const scheduler = new FlushScheduler<PendingUpdate>(store);
    const failures: string[] = [];
    const open = (policyId: string) => {
      const { logger, lines } = recordingLogger();
      const room = new Room(policyId, store, logger, { scheduler, onStorageFailure: (failed) => failures.push(failed.policyId) });
      cleanups.push(() => room.close(CloseEvents.GoingAway));
      return { room, lines };
    };
    return { store, failures, first: open('policy-first'), second: open('policy-second') };
  }

  it('writes the edits of two rooms in one turn in one transaction, and relays none before both are stored', async () => {
    const { store, first, second } = twoRooms();
    const ada = new Peer(first.room);
    const bo = new Peer(first.room);
    const cy = new Peer(second.room);
    const di = new Peer(second.room);
    const storedWhenRelayed: [number, number][] = [];
    for (const peer of [bo, di]) peer.socket.onFrame = () => storedWhenRelayed.push([store.logLength('policy-first'), store.logLength('policy-second')]);
    const transactionsBefore = store.transactionCount;

    ada.type('First room. ');
    cy.type('Second room. ');
    cy.type('And more. ');
    expect(storedWhenRelayed).toEqual([]);
    await nextTurn();
    expect(store.transactionCount - transactionsBefore).toBe(1);
    // Every relayed frame left after both rooms' updates were on disk.
    expect(storedWhenRelayed).toEqual([
      [1, 2],
      [1, 2],
      [1, 2],
    ]);
    bo.receive();
    di.receive();
    expect(bo.text()).toBe('First room. ');
    expect(di.text()).toBe('Second room. And more. ');
  });

  it("closes only the room whose storage refuses the write (4503); the other's edit is stored and relayed", async () => {
    const { store, failures, first, second } = twoRooms();
    const ada = new Peer(first.room);
    const bo = new Peer(first.room);
    const cy = new Peer(second.room);
    const di = new Peer(second.room);
    store.failingPolicies.add('policy-second');

    ada.type('Saved. ');
    cy.type('Refused. ');
    await nextTurn();
    expect(store.logLength('policy-first')).toBe(1);
    expect(store.logLength('policy-second')).toBe(0);
    expect(bo.receive()).toEqual(['update']);
    expect(bo.text()).toBe('Saved. ');
    expect(bo.socket.closed).toBeNull();
    for (const peer of [cy, di]) expect(peer.socket.closed?.code).toBe(CloseEvents.StorageFailure.code);
    expect(di.receive()).toEqual([]);
    expect(failures).toEqual(['policy-second']);
    expect(second.lines.find((line) => line.event === 'storage.append_failed')?.fields).toMatchObject({ policy: 'policy-second', code: 'SQLITE_IOERR' });
    expect(first.room.closed).toBe(false);
  });

  it('still writes a room at once when it must (a newcomer syncs), without waiting for the turn', () => {
    const { store, first } = twoRooms();
    const ada = new Peer(first.room);
    ada.type('Before the newcomer. ');
    expect(store.logLength('policy-first')).toBe(0);
    const late = new Peer(first.room);
    expect(store.logLength('policy-first')).toBe(1);
    expect(late.text()).toBe('Before the newcomer. ');
  });
});

describe('a room with the real policy guard', () => {
  function policyRoom() {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-room-'));
    const db = openDatabase(dataDir);
    cleanups.push(() => {
      db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    const store = new MemoryDocumentStore();
    const requirements = new RequirementService(db);
    const policy = new PolicyService(db, store, requirements).create({ title: 'Social media', content: blankPolicyJSON('Social media', 'communications') });
    const { logger, lines } = recordingLogger();
    const room = new Room(policy.id, store, logger, { guard: policyUpdateGuard(requirements, logger) });
    cleanups.push(() => room.close(CloseEvents.GoingAway));
    const section = (peer: Peer) => peer.doc.getXmlFragment(DOCUMENT_FIELD).toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'policySection')!;
    return { room, store, requirements, policyId: policy.id, section, lines };
  }

  it('refuses an update that rewrites who must sign a section with RequirementsLocked (4409)', async () => {
    const { room, store, policyId, section } = policyRoom();
    const editor = new Peer(room, { userId: null, identity: { name: 'Mia', color: '#000000', department: 'marketing' } });
    expect(section(editor).getAttribute('owner')).toBe('communications');
    const logBefore = store.logLength(policyId);
    section(editor).setAttribute('owner', 'marketing');
    expect(editor.socket.closed?.code).toBe(CloseEvents.RequirementsLocked.code);
    await nextTurn();
    expect(store.logLength(policyId)).toBe(logBefore);
    const roomSection = room.doc.getXmlFragment(DOCUMENT_FIELD).toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'policySection')!;
    expect(roomSection.getAttribute('owner')).toBe('communications');
  });

  it('refuses deleting a section of another department (4403), and stores an edit in it with its section', async () => {
    const { room, store, policyId, section } = policyRoom();
    const editor = new Peer(room, { userId: null, identity: { name: 'Mia', color: '#000000', department: 'marketing' } });
    const paragraph = section(editor).toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph')!;
    paragraph.insert(0, [new Y.XmlText('Be kind online.')]);
    await nextTurn();
    const sectionId = String(section(editor).getAttribute('id'));
    expect(store.log(policyId).at(-1)?.sections).toEqual([sectionId]);

    editor.doc.getXmlFragment(DOCUMENT_FIELD).delete(1, 1);
    expect(editor.socket.closed?.code).toBe(CloseEvents.SectionDeleteForbidden.code);
    expect(room.doc.getXmlFragment(DOCUMENT_FIELD).length).toBe(2);
  });
});
