/**
 * Accord's real server for the benchmark: startAccord on a fresh temporary data folder, so
 * every edit goes through authentication, SQLite persistence and the sign-off bookkeeping.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { startAccord, type AccordServer } from '../../server/app';
import { createLogger } from '../../server/logger';
import { FlushScheduler, type FlushTarget } from '../../server/collab/flushScheduler';
import { startTypeScriptWorker } from '../../server/workers';
import { UpdateGate } from '../../server/collab/updateGate';
import { Room } from '../../server/collab/room';
import { PolicyEvents } from '../../server/services/policyEvents';
import { SqliteDocumentStore, type PolicyUpdates, type StoredUpdate } from '../../server/storage/documentStore';
import type { SqliteDatabase } from '../../server/storage/database';
import { ORGANIZATION, policyJSON } from '../content';
import { documentMarkerIds, HOST, type InspectResult } from '../shared';
import { recordWarning, serveBench } from './serverProcess';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What-if experiments for the report, applied to this running instance only (Accord's code is
 * not changed). Comma-separated names:
 * - `statement-cache`: every SQL statement is prepared once and reused, instead of
 *   `db.prepare()` on each call (userForSession before every update).
 * - `group-commit-<ms>`: the flush scheduler waits `<ms>` after the first update of a batch
 *   before storing and relaying, instead of the end of the event-loop turn: fewer, larger
 *   commits for that much more latency (still stored before relayed).
 * - `no-store`: updates are not written to SQLite at all (relayed at the end of the turn as
 *   usual): what the commit before relay costs. Loses every edit on a restart.
 * - `no-guard`: the update gate applies every update unread (no decoding, no limits, no
 *   section rules): what guarding costs. Not safe.
 * - `no-status`: edits do not schedule the live status check: what the status streams cost.
 * - `paced-commit-<ms>`: a batch is stored at the end of the turn as usual, unless the last commit
 *   was less than `<ms>` ago; then it waits until `<ms>` after it. Idle servers add no latency;
 *   busy ones make fewer, larger commits.
 * - `inline-flush`: each message's update is stored and relayed right after it is applied, in
 *   the socket's read callback, instead of at the end of the event-loop turn.
 * - `journal-<ms>`: what a write-ahead journal file would cost. Each turn's updates are written
 *   to an append-only file with one `write` (length, CRC-32, policy, author, sections, bytes per
 *   update; no fsync, which is what SQLite's WAL with synchronous=NORMAL gives too) and relayed;
 *   SQLite gets them in one transaction `<ms>` after the first of them, and the file is then
 *   truncated. Nothing reads the file back: a crash would lose up to `<ms>` of edits from SQLite,
 *   so this is a measurement of the cost, not a design.
 * - `worker-store`: client updates are committed by a worker thread with its own SQLite
 *   connection (`storeWorker.ts`) and relayed when it answers; every batch waiting when the
 *   worker wakes goes into one transaction. Server changes still commit on the main thread. A
 *   measurement of whether moving the commit off the event loop lowers the process's CPU.
 */
/** The parts of FlushScheduler the commit what-ifs replace. */
interface SchedulerInternals {
  waiting: Set<unknown>;
  scheduled: boolean;
  flushAll(): void;
  schedule(target: unknown): void;
}

/** Makes the flush scheduler store a batch `waitMs()` after its first update (at the end of the turn when that is not positive). */
function flushAfter(waitMs: () => number): void {
  const proto = FlushScheduler.prototype as unknown as SchedulerInternals;
  proto.schedule = function (this: SchedulerInternals, target: unknown) {
    this.waiting.add(target);
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = waitMs();
    if (wait <= 0) setImmediate(() => this.flushAll());
    else setTimeout(() => this.flushAll(), wait);
  };
}

function applyExperiments(accord: AccordServer, names: string | undefined): void {
  for (const name of (names ?? '').split(',').filter(Boolean)) {
    if (name === 'statement-cache') {
      // Every service shares the one database handle; AccordServer does not expose it, so reach in.
      const db = (accord.accounts as unknown as { db: SqliteDatabase }).db;
      const prepare = db.prepare.bind(db);
      const cache = new Map<string, ReturnType<typeof prepare>>();
      db.prepare = ((sql: string) => {
        let statement = cache.get(sql);
        if (!statement) cache.set(sql, (statement = prepare(sql)));
        return statement;
      }) as typeof db.prepare;
    } else if (/^group-commit-\d+$/.test(name)) {
      const delayMs = Number(name.slice('group-commit-'.length));
      flushAfter(() => delayMs);
    } else if (/^paced-commit-\d+(\.\d+)?$/.test(name)) {
      const gapMs = Number(name.slice('paced-commit-'.length));
      let lastCommitAt = -Infinity;
      const proto = FlushScheduler.prototype as unknown as SchedulerInternals;
      const flushAll = proto.flushAll;
      proto.flushAll = function (this: SchedulerInternals) {
        lastCommitAt = performance.now();
        flushAll.call(this);
      };
      flushAfter(() => lastCommitAt + gapMs - performance.now());
    } else if (name === 'no-store') {
      SqliteDocumentStore.prototype.appendBatches = () => {};
      // A room's own flush (a server change, a connection's first sync) goes through `append`; its
      // `alongside` writes are server data, still written.
      SqliteDocumentStore.prototype.append = (_policyId, _updates, alongside) => alongside?.();
    } else if (/^journal-\d+$/.test(name)) {
      const drainMs = Number(name.slice('journal-'.length));
      const commit = SqliteDocumentStore.prototype.appendBatches;
      const journal = fs.openSync(path.join(os.tmpdir(), `accord-bench-journal-${process.pid}`), 'a');
      let waiting: PolicyUpdates[] = [];
      let timer: NodeJS.Timeout | null = null;
      SqliteDocumentStore.prototype.appendBatches = function (this: SqliteDocumentStore, batches) {
        const parts: Buffer[] = [];
        for (const { policyId, updates } of batches) {
          for (const { update, userId, sections } of updates) {
            const head = Buffer.from(JSON.stringify([policyId, userId, sections]));
            const body = Buffer.from(update.buffer, update.byteOffset, update.byteLength);
            const frame = Buffer.allocUnsafe(12);
            frame.writeUInt32LE(head.length, 0);
            frame.writeUInt32LE(body.length, 4);
            frame.writeUInt32LE(zlib.crc32(body, zlib.crc32(head)), 8);
            parts.push(frame, head, body);
          }
        }
        fs.writeSync(journal, Buffer.concat(parts));
        waiting.push(...batches);
        timer ??= setTimeout(() => {
          timer = null;
          const drained = waiting;
          waiting = [];
          commit.call(this, drained);
          fs.ftruncateSync(journal, 0);
        }, drainMs);
      };
    } else if (name === 'worker-store') {
      // Client updates are committed by a worker thread with its own connection (storeWorker.ts),
      // relayed when it answers; a room's own flush (server changes) still commits here.
      const db = (accord.accounts as unknown as { db: SqliteDatabase }).db;
      const worker = startTypeScriptWorker(new URL('./storeWorker.ts', import.meta.url), { file: db.name });
      worker.unref();
      const inFlight = new Map<number, { target: FlushTarget; updates: StoredUpdate[] }[]>();
      let seq = 0;
      worker.on('message', ({ seqs, error }: { seqs: number[]; error?: string }) => {
        for (const done of seqs) {
          const batches = inFlight.get(done) ?? [];
          inFlight.delete(done);
          for (const { target, updates } of batches) {
            if (error) target.storageFailed(updates, new Error(error));
            else target.stored(updates);
          }
        }
      });
      type TakingScheduler = SchedulerInternals & { takeAll(): { target: FlushTarget; updates: StoredUpdate[] }[] };
      const proto = FlushScheduler.prototype as unknown as TakingScheduler;
      proto.flushAll = function (this: TakingScheduler) {
        const batches = this.takeAll();
        if (batches.length === 0) return;
        const at = new Date().toISOString();
        const rows = batches.flatMap(({ target, updates }) => updates.map(({ update, userId, sections }) => [target.policyId, update, userId, JSON.stringify(sections)]));
        inFlight.set(++seq, batches);
        worker.postMessage({ seq, at, rows });
      };
    } else if (name === 'no-guard') {
      UpdateGate.prototype.decide = ({ update }) => ({ kind: 'apply', update, repair: null });
    } else if (name === 'inline-flush') {
      const handle = Room.prototype.handleMessage;
      Room.prototype.handleMessage = function (this: Room, connection, data) {
        handle.call(this, connection, data);
        this.flush();
      };
    } else if (name === 'no-status') {
      PolicyEvents.prototype.documentChanged = () => {};
    } else {
      throw new Error(`unknown experiment ${name}`);
    }
  }
}

await serveBench(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-bench-'));
  // Info lines (one per connection) are dropped; warnings and errors are counted and reported.
  const logger = createLogger({ quiet: true, write: recordWarning });
  const accord = await startAccord({ dataDir, port: 0, host: HOST, logger, clientDir: path.join(dataDir, 'no-client') });
  applyExperiments(accord, process.env.BENCH_ACCORD_EXPERIMENT);

  return {
    url: accord.url,
    openDocs: () => accord.rooms.openCount,
    createPolicies(count, sections, createdBy) {
      const ids: string[] = [];
      for (let index = 0; index < count; index++) {
        const title = `Bench policy, ${sections} sections`;
        ids.push(accord.policies.create({ title, organization: ORGANIZATION, content: policyJSON(title, sections), createdBy }).id);
      }
      return ids;
    },
    async inspect(rooms: string[], fromDisk: boolean): Promise<InspectResult> {
      if (fromDisk) {
        // Rooms unload a grace period (5 s by default) after their last client left; once they
        // have, withDocument reads the policy back from SQLite.
        const deadline = Date.now() + 20_000;
        while (rooms.some((id) => accord.rooms.get(id)) && Date.now() < deadline) await sleep(100);
      }
      const result: InspectResult = { rooms: {} };
      for (const id of rooms) {
        const onDisk = !accord.rooms.get(id);
        try {
          result.rooms[id] = { markers: accord.rooms.withDocument(id, documentMarkerIds), fromDisk: onDisk };
        } catch {
          result.rooms[id] = null;
        }
      }
      return result;
    },
    async close() {
      await accord.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
