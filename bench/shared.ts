/**
 * What the benchmark's processes share: the IPC messages between orchestrator, server
 * processes and the load process, the edit markers, and where the text lives in a document.
 */
import fs from 'node:fs';
import * as Y from 'yjs';

export const SERVER_NAMES = ['accord', 'reference', 'hocuspocus'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

/** Sections of the large policy: the size at which the cost of an edit must not have grown (issue 17). */
export const LARGE_POLICY_SECTIONS = 300;

/** Every benchmark socket stays on loopback. */
export const HOST = '127.0.0.1';

// ---- server process <-> orchestrator ----------------------------------------------------

export interface ProbeResult {
  /** process.cpuUsage() user + system, microseconds since the server process started. */
  cpuMicros: number;
  /** The system (kernel) part of cpuMicros: system calls, page faults, network and file writes. */
  systemMicros: number;
  rss: number;
  /** Highest RSS sampled (every 200 ms) since the last probe with `resetPeak`. */
  peakRss: number;
  /** Documents/rooms the server holds in memory. */
  openDocs: number;
  /** Warnings and errors the server logged so far, with the last few. */
  warnings: number;
  lastWarnings: string[];
}

/** Markers found in each room's server-side document; null when the server has no such document. */
export interface InspectResult {
  rooms: Record<string, { markers: string[]; fromDisk: boolean } | null>;
}

export type ServerRequest =
  | { kind: 'probe'; resetPeak?: boolean }
  /** Accord only: `count` policies of `sections` generated sections, made by the policy service (the API builds only templates). */
  | { kind: 'createPolicies'; count: number; sections: number; createdBy: { id: string; name: string } }
  | { kind: 'inspect'; rooms: string[]; fromDisk?: boolean }
  | { kind: 'cleanup' };

export type ToServer = { type: 'request'; id: number; request: ServerRequest } | { type: 'shutdown' };
export type FromServer =
  | { type: 'ready'; url: string; pid: number }
  | { type: 'response'; id: number; result?: unknown; error?: string }
  | { type: 'failed'; error: string };

// ---- load process <-> orchestrator ------------------------------------------------------

export interface StepTask {
  server: ServerName;
  /** http:// base URL of the server. */
  url: string;
  clients: number;
  clientsPerRoom: number;
  seconds: number;
  /** Edits per second per client. */
  rate: number;
  round: number;
  /** Unique per step and round, so every step starts with fresh rooms. */
  roomPrefix: string;
  /** Processes of the benchmark itself, to tell other load on the machine apart. */
  benchPids: number[];
  /**
   * The document every room starts from: Accord's blank policy, a policy from its corporate
   * template (14 sections), or a large policy of LARGE_POLICY_SECTIONS generated sections.
   */
  doc: 'blank' | 'template' | 'large';
  /**
   * Accord only: open event streams (GET /api/policies/:id/events) per room, as every open
   * editor page does; they make the server re-check the policy's sign-off status after edits.
   */
  watchersPerRoom: number;
}

export type ToLoad = { type: 'step'; task: StepTask } | { type: 'serverResponse'; id: number; result?: unknown; error?: string } | { type: 'exit' };
export type FromLoad =
  | { type: 'ready' }
  | { type: 'serverRequest'; id: number; server: ServerName; request: ServerRequest }
  | { type: 'stepResult'; result: StepResult }
  | { type: 'stepFailed'; error: string; partial?: Partial<StepResult> };

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface StepResult {
  server: ServerName;
  clients: number;
  round: number;
  seconds: number;
  rate: number;
  rooms: number;
  /** Clients that never synced, plus every socket error or unexpected close during the step. */
  connectionErrors: number;
  connectMs: number;
  editsSent: number;
  /** Edits that reached every other client of their room before the drain deadline. */
  editsDelivered: number;
  deliveredPerSecond: number;
  /** One sample per (edit, receiving client): milliseconds from the edit to its arrival. */
  latency: LatencySummary;
  /** Milliseconds until the last client of the room had the edit. */
  latencyToAll: LatencySummary;
  serverCpuMs: number;
  serverCpuMicrosPerEdit: number;
  /** The kernel's part of serverCpuMicrosPerEdit. */
  serverSystemMicrosPerEdit: number;
  serverPeakRssMb: number;
  /** Load generator health: its own CPU and event-loop delay (a saturated generator inflates latency). */
  loadCpuMs: number;
  loadThreads: number;
  /** Worst event-loop delay p99 of the load threads. */
  loadLoopDelayP99Ms: number;
  /** CPU cores used by other processes on the machine during the edit window. */
  foreignCores: number;
  /** Edit markers missing from client documents at the end (summed over clients). */
  missingAtClients: number;
  /** Clients whose text differs from the rest of their room. */
  divergedClients: number;
  /** Edit markers missing from the server's document. */
  missingAtServer: number;
  /** Accord only: edit markers missing from the document re-opened from SQLite. */
  missingOnDisk: number | null;
  serverWarnings: number;
  notes: string[];
}

// ---- edits ------------------------------------------------------------------------------

/** The unique text each edit inserts: client, sequence number and send time. */
export function marker(client: number, seq: number, sentAt: number): string {
  return `[c${client}s${seq}t${sentAt.toFixed(2)}]`;
}

const MARKER = /\[c(\d+)s(\d+)t\d+(?:\.\d+)?\]/g;

/** Ids (`c<client>s<seq>`) of every marker in a text. */
export function markerIds(text: string): string[] {
  const ids: string[] = [];
  for (const match of text.matchAll(MARKER)) ids.push(`c${match[1]}s${match[2]}`);
  return ids;
}

/**
 * Markers in a binary Yjs update. Inserted strings are stored as UTF-8 in the update, so a
 * latin1 view finds ASCII markers without decoding the update.
 */
export function markerIdsInUpdate(update: Uint8Array): string[] {
  return markerIds(Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString('latin1'));
}

/** The Y.XmlFragment the editor binds to; every server's rooms use the same policy structure. */
export const DOCUMENT_FIELD = 'default';

/** The Y.XmlText in the first paragraph of the first policy section, if it exists yet. */
export function findEditText(doc: Y.Doc): Y.XmlText | null {
  const section = doc
    .getXmlFragment(DOCUMENT_FIELD)
    .toArray()
    .find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'policySection');
  const paragraph = section?.toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph');
  const text = paragraph?.get(0);
  return text instanceof Y.XmlText ? text : null;
}

/** Edit marker ids present in a document (server side or client side). */
export function documentMarkerIds(doc: Y.Doc): string[] {
  return markerIds(findEditText(doc)?.toString() ?? '');
}

// ---- the machine -------------------------------------------------------------------------

/** CPU ticks of the whole machine and of the benchmark's own processes (Linux /proc; null elsewhere). */
export interface CpuTicks {
  machineBusy: number;
  machineTotal: number;
  bench: number;
  cpus: number;
}

export function readCpuTicks(benchPids: readonly number[]): CpuTicks | null {
  try {
    const lines = fs.readFileSync('/proc/stat', 'utf8').split('\n');
    const fields = lines[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already in user)
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
    let bench = 0;
    for (const pid of benchPids) {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        bench += Number(after[11]) + Number(after[12]); // utime, stime (fields 14 and 15)
      } catch {
        // the process has gone
      }
    }
    return {
      // Interrupt time is left out: much of it is our own loopback traffic, charged to no process.
      machineBusy: user + nice + system + steal,
      machineTotal: user + nice + system + idle + iowait + irq + softirq + steal,
      bench,
      cpus: lines.filter((line) => /^cpu\d/.test(line)).length,
    };
  } catch {
    return null;
  }
}

/** Cores used by processes that are not part of the benchmark between two readings. */
export function foreignCores(before: CpuTicks | null, after: CpuTicks | null): number {
  if (!before || !after || after.machineTotal === before.machineTotal) return NaN;
  const foreign = after.machineBusy - before.machineBusy - (after.bench - before.bench);
  return Math.max(0, (foreign / (after.machineTotal - before.machineTotal)) * after.cpus);
}
