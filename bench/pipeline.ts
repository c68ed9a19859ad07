/**
 * The server's per-edit work without the network. Edits like the load clients' (markers appended
 * to the first paragraph of the corporate template's first section, 10 clients per room) are
 * replayed, one per event-loop turn, into Accord's rooms (a real startAccord with SQLite, its
 * update guard, flush scheduler and status hooks, with in-memory sockets) and into bare Y.Docs
 * doing what the reference y-websocket server's message handler does (read the sync message,
 * apply it, encode the update once, hand it to the other sockets). It prints CPU per edit of each
 * and the ratio. Real sockets cost the same for every server, so the difference is Accord's own work per edit: the update guard, SQLite
 * before relay, the status hooks. Quicker and steadier than `npm run bench` for trying a change;
 * `npm run bench` stays the measure of the aims.
 *
 *   npm run bench:pipeline -- [--edits 8000] [--clients 10] [--rooms 20] [--rounds 3] [--profile <dir>]
 *
 * With `--profile`, each round's Accord window (and nothing else) is written as a V8 CPU profile
 * to that folder, for `npx tsx bench/profile.ts <file>`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { startAccord } from '../server/app';
import { createLogger } from '../server/logger';
import { CollabConnection } from '../server/collab/connection';
import { updateFrame } from '../server/collab/protocol';
import { DOCUMENT_FIELD } from '../shared/sections';
import { ORGANIZATION, templatePolicyJSON } from './content';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const EDITS = arg('edits', 8000);
const CLIENTS = arg('clients', 10);
const ROOMS = arg('rooms', 20);
const ROUNDS = arg('rounds', 3);
const profileIndex = process.argv.indexOf('--profile');
const PROFILE_DIR = profileIndex > 0 ? path.resolve(process.argv[profileIndex + 1] ?? 'bench/results/profiles/pipeline') : null;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The first paragraph's text of the first section, where the load clients of `npm run bench` type. */
function firstText(doc: Y.Doc): Y.XmlText {
  const walk = (node: Y.XmlElement | Y.XmlFragment): Y.XmlText | null => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) return child;
      if (child instanceof Y.XmlElement) {
        const found = walk(child);
        if (found) return found;
      }
    }
    return null;
  };
  const section = doc.getXmlFragment(DOCUMENT_FIELD).toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'policySection');
  const paragraph = section?.toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph');
  const found = paragraph ? walk(paragraph) : null;
  if (!found) throw new Error('no text in the document');
  return found;
}

interface Edit {
  client: number;
  room: number;
  update: Uint8Array;
}

/** Edits as the load clients make them: each client appends a marker in its own copy, copies stay in sync. */
function makeEdits(initial: Uint8Array, rooms: number, perRoomEdits = Math.ceil(EDITS / rooms)): Edit[][] {
  const perRoom: Edit[][] = [];
  for (let room = 0; room < rooms; room++) {
    const docs = Array.from({ length: CLIENTS }, () => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, initial);
      return doc;
    });
    const edits: Edit[] = [];
    for (let index = 0; index < perRoomEdits; index++) {
      const client = index % CLIENTS;
      let update: Uint8Array | null = null;
      const capture = (u: Uint8Array) => (update = u);
      docs[client]!.once('update', capture);
      const text = firstText(docs[client]!);
      text.insert(text.length, `[c${client}s${index}t${(index * 2.5).toFixed(1)}]`);
      for (let other = 0; other < CLIENTS; other++) if (other !== client) Y.applyUpdate(docs[other]!, update!);
      edits.push({ client, room, update: update! });
    }
    perRoom.push(edits);
  }
  return perRoom;
}

/** Round-robin over the rooms, one edit per event-loop turn, as edits arrive over the network. */
function interleave<T>(perRoom: T[][]): T[] {
  const out: T[] = [];
  for (let index = 0; out.length < perRoom.reduce((n, edits) => n + edits.length, 0); index++) for (const edits of perRoom) if (edits[index]) out.push(edits[index]!);
  return out;
}

let sink = 0;
const fakeSocket = () => ({ send: (frame: Uint8Array) => (sink += frame.byteLength), close() {}, terminate() {} });

/** Starts a CPU profile of this process; the returned function stops it and writes it to `PROFILE_DIR`. */
async function startProfile(name: string): Promise<() => Promise<void>> {
  if (!PROFILE_DIR) return async () => {};
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    fs.mkdirSync(PROFILE_DIR, { recursive: true });
    const file = path.join(PROFILE_DIR, `${name}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    console.log(`profile: ${file}`);
  };
}

async function runAccord(round: number): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-pipeline-'));
  const accord = await startAccord({ dataDir, port: 0, host: '127.0.0.1', logger: createLogger({ quiet: true, write: () => {} }), clientDir: path.join(dataDir, 'none') });
  try {
    const user = await accord.accounts.signup({ email: 'bench@example.org', name: 'Bench Admin', password: 'correct horse battery staple 9', department: 'communications' });
    const ids = Array.from({ length: ROOMS }, (_, index) => accord.policies.create({ title: `Pipeline ${index}`, organization: ORGANIZATION, content: templatePolicyJSON(`Pipeline ${index}`), createdBy: { id: user.id, name: user.name } }).id);
    const rooms = ids.map((id) => accord.rooms.open(id));
    const connections = rooms.map((room) =>
      Array.from({ length: CLIENTS }, () => {
        const connection = new CollabConnection({ socket: fakeSocket(), identity: { name: user.name, color: '#333', department: user.department }, readOnly: false, userId: user.id, admin: true, checkAccess: () => 'write' });
        room.addConnection(connection);
        return connection;
      }),
    );
    // Each room's document has its own ids, so each room's edits are made from its own state.
    const perRoom = rooms.map((room, index) => makeEdits(Y.encodeStateAsUpdate(room.doc), 1, Math.ceil(EDITS / ROOMS))[0]!.map((edit) => ({ ...edit, room: index })));
    const ordered = interleave(perRoom);
    const frames = ordered.map((edit) => ({ room: edit.room, client: edit.client, frame: updateFrame(edit.update) }));
    // Let start-up work finish (readability warm-up of the new policies, the first status checks).
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const stopProfile = await startProfile(`accord-round-${round}`);
    const start = process.cpuUsage();
    for (const { room, client, frame } of frames) {
      rooms[room]!.handleMessage(connections[room]![client]!, frame);
      await turn();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    const used = process.cpuUsage(start);
    await stopProfile();
    return (used.user + used.system) / frames.length;
  } finally {
    await accord.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** What @y/websocket-server does with an update message: read it, apply it, relay the doc's update to the others. */
async function runReference(initial: Uint8Array): Promise<number> {
  const docs = Array.from({ length: ROOMS }, () => {
    const doc = new Y.Doc({ gc: true });
    Y.applyUpdate(doc, initial);
    const sockets = Array.from({ length: CLIENTS }, fakeSocket);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.writeUpdate(encoder, update);
      const message = encoding.toUint8Array(encoder);
      sockets.forEach((socket, index) => index !== origin && socket.send(message));
    });
    return doc;
  });
  const ordered = interleave(makeEdits(initial, ROOMS));
  const frames = ordered.map((edit) => ({ room: edit.room, client: edit.client, frame: updateFrame(edit.update) }));
  await turn();
  const start = process.cpuUsage();
  for (const { room, client, frame } of frames) {
    const decoder = decoding.createDecoder(frame);
    const encoder = encoding.createEncoder();
    decoding.readVarUint(decoder);
    encoding.writeVarUint(encoder, 0);
    syncProtocol.readSyncMessage(decoder, encoder, docs[room]!, client);
    await turn();
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / frames.length;
}

const initialDoc = new Y.Doc();
{
  // The reference starts from the same content: one room's state from a throwaway Accord.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-pipeline-'));
  const accord = await startAccord({ dataDir, port: 0, host: '127.0.0.1', logger: createLogger({ quiet: true, write: () => {} }), clientDir: path.join(dataDir, 'none') });
  const user = await accord.accounts.signup({ email: 'seed@example.org', name: 'Seed', password: 'correct horse battery staple 9', department: 'communications' });
  const id = accord.policies.create({ title: 'Seed', organization: ORGANIZATION, content: templatePolicyJSON('Seed'), createdBy: { id: user.id, name: user.name } }).id;
  Y.applyUpdate(initialDoc, accord.rooms.withDocument(id, (doc) => Y.encodeStateAsUpdate(doc)));
  await accord.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
const initial = Y.encodeStateAsUpdate(initialDoc);
console.log(`pipeline: ${EDITS} edits over ${ROOMS} rooms of ${CLIENTS} clients, one edit per event-loop turn`);
for (let round = 1; round <= ROUNDS; round++) {
  const reference = await runReference(initial);
  const accord = await runAccord(round);
  console.log(`round ${round}: accord ${accord.toFixed(1)} µs/edit, reference ${reference.toFixed(1)} µs/edit, ratio ${(accord / reference).toFixed(2)}×, Accord's own work ${(accord - reference).toFixed(1)} µs`);
}
void sink;
