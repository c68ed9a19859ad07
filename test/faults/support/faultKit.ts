import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { jitterReconnects } from '../../../shared/closeCodes';
import { DOCUMENT_FIELD } from '../../../shared/sections';

// Every y-websocket provider adds a process 'exit' listener; hundreds of clients are expected here.
process.setMaxListeners(Math.max(process.getMaxListeners(), 2_000));

/** `ACCORD_FAULTS=heavy` runs the long variants (`npm run test:faults`). */
export const HEAVY = process.env.ACCORD_FAULTS === 'heavy';

/** One seed for every random choice; override with ACCORD_FAULT_SEED to replay a failure. */
export const SEED = Number(process.env.ACCORD_FAULT_SEED ?? 20_261_123);

export { seededRandom } from '../../support/seededRandom';

export function randomInt(random: () => number, min: number, maxInclusive: number): number {
  return min + Math.floor(random() * (maxInclusive - min + 1));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A figure for the report: printed as one line so a CI log shows what the run proved. */
export function figure(test: string, figures: Record<string, unknown>): void {
  console.info(`[faults] ${test}: ${JSON.stringify({ seed: SEED, heavy: HEAVY, ...figures })}`);
}

/** Text of every Y.XmlText in a document, in order (the words people typed). */
export function allText(doc: Y.Doc): string {
  const parts: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlFragment | Y.XmlText) => {
    if (node instanceof Y.XmlText) {
      parts.push(node.toString().replace(/<[^>]*>/g, ''));
      return;
    }
    for (const child of node.toArray()) walk(child as Y.XmlElement | Y.XmlText);
  };
  walk(doc.getXmlFragment(DOCUMENT_FIELD));
  return parts.join('\n');
}

/** Markers of the form ⟦…⟧ found in a text, counted. */
export function markerCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/⟦[^⟧]+⟧/g)) counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
  return counts;
}

/**
 * The document of a policy exactly as stored on disk: the snapshot and the update log read
 * through a separate read-only connection (WAL lets it read beside a running server).
 */
export function storedDoc(dataDir: string, policyId: string): Y.Doc {
  const db = new Database(path.join(dataDir, 'accord.db'), { readonly: true, fileMustExist: true });
  try {
    const doc = new Y.Doc();
    const snapshot = db.prepare<[string], { data: Buffer }>('SELECT data FROM snapshots WHERE policy_id = ?').get(policyId);
    if (snapshot) Y.applyUpdate(doc, new Uint8Array(snapshot.data));
    for (const row of db.prepare<[string], { data: Buffer }>('SELECT data FROM updates WHERE policy_id = ? ORDER BY id').all(policyId)) {
      Y.applyUpdate(doc, new Uint8Array(row.data));
    }
    return doc;
  } finally {
    db.close();
  }
}

/** Fragment XML and state vector of a document: equal for two documents with the same content and history. */
export function fingerprint(doc: Y.Doc): { xml: string; stateVector: string } {
  return { xml: doc.getXmlFragment(DOCUMENT_FIELD).toString(), stateVector: Buffer.from(Y.encodeStateVector(doc)).toString('base64') };
}

export function storedFingerprint(dataDir: string, policyId: string): { xml: string; stateVector: string } {
  const doc = storedDoc(dataDir, policyId);
  try {
    return fingerprint(doc);
  } finally {
    doc.destroy();
  }
}

/** Runs `PRAGMA integrity_check` on a database file through its own connection. */
export function integrityCheck(dataDir: string): string {
  const db = new Database(path.join(dataDir, 'accord.db'), { readonly: true, fileMustExist: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

export interface FaultClient {
  name: string;
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Close events the server sent (code and reason). */
  closes: { code: number; reason: string }[];
  /** How many times this client connected. */
  connections: number;
  text(): string;
  destroy(): void;
}

/**
 * A stock y-websocket provider in Node, over a given Y.Doc, whose reconnects are jittered
 * with `jitterReconnects` from shared/closeCodes (the client's recommended set-up).
 */
export function faultClient(
  baseUrl: string,
  policyId: string,
  cookie: string,
  options: { name?: string; doc?: Y.Doc; random?: () => number; baseMs?: number; maxMs?: number; connect?: boolean } = {},
): FaultClient {
  const doc = options.doc ?? new Y.Doc();
  class CookieWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie } });
      // A refused connection is reported through onclose; without a listener Node would rethrow it.
      this.on('error', () => {});
    }
  }
  const provider = new WebsocketProvider(baseUrl.replace(/^http/, 'ws') + '/collab', policyId, doc, {
    WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    connect: options.connect ?? true,
    disableBc: true,
    maxBackoffTime: options.maxMs ?? 1_000,
  });
  const client: FaultClient = {
    name: options.name ?? 'client',
    doc,
    provider,
    closes: [],
    connections: 0,
    text: () => doc.getXmlFragment(DOCUMENT_FIELD).toString(),
    destroy: () => {
      stopJitter();
      provider.destroy();
    },
  };
  const stopJitter = jitterReconnects(provider, { random: options.random ?? Math.random, baseMs: options.baseMs ?? 100, maxMs: options.maxMs ?? 1_000 });
  provider.on('connection-close', (event) => {
    if (event) client.closes.push({ code: event.code, reason: event.reason });
  });
  provider.on('status', ({ status }) => {
    if (status === 'connected') client.connections += 1;
  });
  return client;
}

/** Resolves once the client is connected and synced with the server. */
export async function whenSynced(client: FaultClient, timeoutMs = 15_000): Promise<void> {
  await waitFor(() => client.provider.wsconnected && client.provider.synced, timeoutMs, `${client.name} did not sync`);
}

/** Polls `condition` until it holds; throws `message` (or the last error) after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, message: string, intervalMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await condition()) return;
    } catch (error) {
      lastError = error;
    }
    await sleep(intervalMs);
  }
  throw new Error(`${message} within ${timeoutMs} ms${lastError ? `: ${(lastError as Error).message}` : ''}`);
}

/** Appends text at the end of the first paragraph of a section (index among policySection elements). */
export function typeInto(doc: Y.Doc, sectionIndex: number, text: string): void {
  const sections = doc
    .getXmlFragment(DOCUMENT_FIELD)
    .toArray()
    .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'policySection');
  const section = sections[sectionIndex % sections.length];
  if (!section) throw new Error(`no section ${sectionIndex}`);
  doc.transact(() => {
    let paragraph = section.toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph');
    if (!paragraph) {
      paragraph = new Y.XmlElement('paragraph');
      section.push([paragraph]);
    }
    let textNode = paragraph.get(0) as Y.XmlText | undefined;
    if (!(textNode instanceof Y.XmlText)) {
      textNode = new Y.XmlText();
      paragraph.insert(0, [textNode]);
    }
    textNode.insert(textNode.length, text);
  });
}

/** Number of policySection elements at the top of a document. */
export function sectionCount(doc: Y.Doc): number {
  return doc
    .getXmlFragment(DOCUMENT_FIELD)
    .toArray()
    .filter((node) => node instanceof Y.XmlElement && node.nodeName === 'policySection').length;
}

/** Writes `bytes` of garbage over a file (a damaged database). */
export function writeGarbage(file: string, bytes: number, random: () => number): void {
  const garbage = Buffer.alloc(bytes);
  for (let index = 0; index < bytes; index += 1) garbage[index] = Math.floor(random() * 256);
  fs.writeFileSync(file, garbage);
}

/** How a policy is stored: whether it has a snapshot and how many rows its update log holds. */
export function storedRows(dataDir: string, policyId: string): { snapshot: boolean; updates: number } {
  const db = new Database(path.join(dataDir, 'accord.db'), { readonly: true, fileMustExist: true });
  try {
    const snapshot = db.prepare('SELECT 1 FROM snapshots WHERE policy_id = ?').get(policyId) !== undefined;
    const { count } = db.prepare<[string], { count: number }>('SELECT COUNT(*) AS count FROM updates WHERE policy_id = ?').get(policyId)!;
    return { snapshot, updates: count };
  } finally {
    db.close();
  }
}
