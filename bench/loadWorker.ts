/**
 * One thread of the load process: the headless clients of some rooms. A room lives entirely in
 * one thread, so its clients share that thread's performance.now() for send and arrival times.
 * Spreading rooms over two threads lets the load generator use both cores when the server
 * leaves room for it; a single thread saturates long before the servers do.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { documentMarkerIds, DOCUMENT_FIELD, findEditText, marker, markerIdsInUpdate, type ServerName } from './shared';
import { Samples } from './stats';

const CONNECT_TIMEOUT_MS = 30_000;
const CONNECT_CONCURRENCY = 25;
/** After the last edit, how long arrivals are still awaited before the step is judged. */
export const DRAIN_MS = 15_000;

export type ToWorker =
  | {
      type: 'connect';
      server: ServerName;
      url: string;
      rooms: { name: string; firstClient: number; clients: number }[];
      cookies: string[] | null;
      /** The Yjs state the peers' rooms start from (Accord's rooms are created by its API with the same content). */
      seed: Uint8Array;
    }
  | { type: 'edit'; seconds: number; rate: number }
  | { type: 'verify' }
  | { type: 'close' };

export type FromWorker =
  | { type: 'connected'; ready: number; failed: number }
  | { type: 'drained'; editsSent: number; editsDelivered: number; editWindowMs: number; latency: Float64Array; latencyToAll: Float64Array; loopDelayP99Ms: number }
  | { type: 'verified'; missingAtClients: number; divergedClients: number; sent: Record<string, string[]> }
  | { type: 'closed'; connectionErrors: number }
  | { type: 'error'; error: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Room {
  name: string;
  clients: Client[];
  /** Ids of every marker sent into this room. */
  sent: string[];
}

interface Client {
  index: number;
  room: Room;
  connection: Connection | null;
  text: Y.XmlText | null;
  alive: boolean;
  seq: number;
  timers: NodeJS.Timeout[];
}

interface Connection {
  doc: Y.Doc;
  synced: Promise<void>;
  destroy(): void;
}

/** Socket trouble since the last connect: failed connects, errors and closes we did not ask for. */
let connectionErrors = 0;

function whenSynced(subscribe: (done: () => void) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('sync timed out')), CONNECT_TIMEOUT_MS);
    subscribe(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The stock y-websocket provider, with a Cookie header for Accord. */
function connectYWebsocket(serverUrl: string, room: string, headers: Record<string, string> | undefined): Connection {
  const doc = new Y.Doc();
  class HeaderWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, headers ? { headers } : {});
    }
  }
  const provider = new WebsocketProvider(serverUrl, room, doc, {
    WebSocketPolyfill: HeaderWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 1000,
  });
  let closing = false;
  provider.on('connection-error', () => {
    if (!closing) connectionErrors++;
  });
  provider.on('connection-close', () => {
    if (!closing) connectionErrors++;
  });
  return {
    doc,
    synced: whenSynced((done) => {
      if (provider.synced) return done();
      provider.on('sync', (isSynced: boolean) => isSynced && done());
    }),
    destroy() {
      closing = true;
      provider.destroy();
      doc.destroy();
    },
  };
}

/** @hocuspocus/provider v4: one HocuspocusProviderWebsocket (socket) per client, like the others. */
function connectHocuspocus(serverUrl: string, room: string): Connection {
  const doc = new Y.Doc();
  let closing = false;
  const socket = new HocuspocusProviderWebsocket({ url: serverUrl, WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: room, document: doc });
  provider.attach();
  socket.on('close', () => {
    if (!closing) connectionErrors++;
  });
  return {
    doc,
    synced: whenSynced((done) => {
      if (provider.isSynced) return done();
      provider.on('synced', ({ state }: { state: boolean }) => state && done());
    }),
    destroy() {
      closing = true;
      provider.destroy();
      socket.destroy();
      doc.destroy();
    },
  };
}

async function inBatches<T>(items: readonly T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += size) await Promise.all(items.slice(start, start + size).map(run));
}

async function waitFor<T>(check: () => T | null, timeoutMs: number): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (performance.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}

// ---- one step, in four commands ----------------------------------------------------------

let rooms: Room[] = [];
let clients: Client[] = [];
let measuring = false;
/** Markers in flight: who sent them, when, and how many receivers still wait for them. */
let inFlight = new Map<string, { sender: number; sentAt: number; remaining: number }>();
let latency = new Samples();
let latencyToAll = new Samples();
let editsSent = 0;
let editsDelivered = 0;

async function connectAll(command: Extract<ToWorker, { type: 'connect' }>): Promise<FromWorker> {
  connectionErrors = 0;
  inFlight = new Map();
  latency = new Samples();
  latencyToAll = new Samples();
  editsSent = 0;
  editsDelivered = 0;
  rooms = command.rooms.map(({ name }) => ({ name, clients: [], sent: [] }));
  clients = [];
  command.rooms.forEach((spec, roomIndex) => {
    for (let offset = 0; offset < spec.clients; offset++) {
      const client: Client = { index: spec.firstClient + offset, room: rooms[roomIndex]!, connection: null, text: null, alive: false, seq: 0, timers: [] };
      rooms[roomIndex]!.clients.push(client);
      clients.push(client);
    }
  });
  const wsBase = command.url.replace(/^http/, 'ws');
  const open = (room: string, index: number): Connection => {
    switch (command.server) {
      case 'accord':
        return connectYWebsocket(`${wsBase}/collab`, room, { Cookie: command.cookies![index % command.cookies!.length]! });
      case 'reference':
        return connectYWebsocket(wsBase, room, undefined);
      case 'hocuspocus':
        return connectHocuspocus(wsBase, room);
    }
  };

  const connect = async (client: Client, seed: boolean) => {
    const connection = open(client.room.name, client.index);
    client.connection = connection;
    // Arrival of other clients' markers: one latency sample per (edit, receiver).
    connection.doc.on('update', (update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      if (transaction.local || !measuring || !client.alive) return;
      const now = performance.now();
      for (const id of markerIdsInUpdate(update)) {
        const entry = inFlight.get(id);
        if (!entry || entry.sender === client.index) continue;
        latency.push(now - entry.sentAt);
        if (--entry.remaining === 0) {
          editsDelivered++;
          latencyToAll.push(now - entry.sentAt);
        }
      }
    });
    try {
      await connection.synced;
      if (seed) {
        // Peers start empty: the first client lays down the same policy Accord created.
        const fragment = connection.doc.getXmlFragment(DOCUMENT_FIELD);
        if (fragment.length === 0) Y.applyUpdate(connection.doc, command.seed);
        if (!findEditText(connection.doc)) {
          const section = fragment.toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'policySection');
          const paragraph = section?.toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph');
          if (!paragraph) throw new Error('the policy has no paragraph to type into');
          paragraph.insert(0, [new Y.XmlText('Bench: ')]);
        }
      }
      client.text = await waitFor(() => findEditText(connection.doc), CONNECT_TIMEOUT_MS);
      client.alive = true;
    } catch {
      connectionErrors++;
    }
  };

  // The first client of every room lays out the document, then everyone else joins.
  await inBatches(rooms, CONNECT_CONCURRENCY, (room) => connect(room.clients[0]!, true));
  await inBatches(
    rooms.flatMap((room) => room.clients.slice(1)),
    CONNECT_CONCURRENCY,
    (client) => connect(client, false),
  );
  const ready = clients.filter((client) => client.alive).length;
  return { type: 'connected', ready, failed: clients.length - ready };
}

async function editAndDrain(seconds: number, rate: number): Promise<FromWorker> {
  const interval = 1000 / rate;
  const edit = (client: Client) => {
    if (!client.alive) return;
    const sentAt = performance.now();
    const seq = ++client.seq;
    const id = `c${client.index}s${seq}`;
    let receivers = 0;
    for (const other of client.room.clients) if (other !== client && other.alive) receivers++;
    inFlight.set(id, { sender: client.index, sentAt, remaining: receivers });
    if (receivers === 0) editsDelivered++;
    client.room.sent.push(id);
    editsSent++;
    client.text!.insert(client.text!.length, marker(client.index, seq, sentAt));
  };

  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  measuring = true;
  const started = performance.now();
  // Each client edits at a steady rate from a random phase.
  for (const client of clients) {
    if (!client.alive) continue;
    client.timers.push(
      setTimeout(() => {
        edit(client);
        client.timers.push(setInterval(() => edit(client), interval));
      }, Math.random() * interval),
    );
  }
  await sleep(seconds * 1000);
  for (const client of clients) for (const timer of client.timers) clearTimeout(timer);
  const editWindowMs = performance.now() - started;

  // Drain: every marker at every receiver, or give up after DRAIN_MS.
  const deadline = performance.now() + DRAIN_MS;
  while (editsDelivered < editsSent && performance.now() < deadline) await sleep(20);
  measuring = false;
  loopDelay.disable();
  return {
    type: 'drained',
    editsSent,
    editsDelivered,
    editWindowMs,
    latency: latency.values(),
    latencyToAll: latencyToAll.values(),
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
  };
}

/** Every client of a room holds every marker sent into it, and the same text as the others. */
function verify(): FromWorker {
  let missingAtClients = 0;
  let divergedClients = 0;
  const sent: Record<string, string[]> = {};
  for (const room of rooms) {
    sent[room.name] = room.sent;
    const texts = new Map<string, number>();
    for (const client of room.clients) {
      if (!client.alive) continue;
      const present = new Set(documentMarkerIds(client.connection!.doc));
      for (const id of room.sent) if (!present.has(id)) missingAtClients++;
      const text = client.text!.toString();
      texts.set(text, (texts.get(text) ?? 0) + 1);
    }
    const counts = [...texts.values()];
    divergedClients += counts.reduce((sum, count) => sum + count, 0) - Math.max(0, ...counts);
  }
  return { type: 'verified', missingAtClients, divergedClients, sent };
}

function closeAll(): FromWorker {
  for (const client of clients) {
    for (const timer of client.timers) clearTimeout(timer);
    client.alive = false;
    client.connection?.destroy();
  }
  const errors = connectionErrors;
  rooms = [];
  clients = [];
  inFlight = new Map();
  (globalThis as { gc?: () => void }).gc?.();
  return { type: 'closed', connectionErrors: errors };
}

// Every y-websocket provider adds a process 'exit' listener; a thousand of them are expected here.
process.setMaxListeners(0);
parentPort!.on('message', (command: ToWorker) => {
  const reply = (message: FromWorker) => parentPort!.postMessage(message);
  const fail = (error: Error) => reply({ type: 'error', error: error.stack ?? error.message });
  try {
    switch (command.type) {
      case 'connect':
        connectAll(command).then(reply, fail);
        break;
      case 'edit':
        editAndDrain(command.seconds, command.rate).then(reply, fail);
        break;
      case 'verify':
        reply(verify());
        break;
      case 'close':
        reply(closeAll());
        break;
    }
  } catch (error) {
    fail(error as Error);
  }
});
