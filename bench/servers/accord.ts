/**
 * Accord's real server for the benchmark: startAccord on a fresh temporary data folder, so
 * every edit goes through authentication, SQLite persistence and the sign-off bookkeeping.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAccord, type AccordServer } from '../../server/app';
import { createLogger } from '../../server/logger';
import { FlushScheduler } from '../../server/collab/flushScheduler';
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
 */
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
      const proto = FlushScheduler.prototype as unknown as { schedule(target: unknown): void; flushAll(): void };
      proto.schedule = function (this: { waiting: Set<unknown>; scheduled: boolean; flushAll(): void }, target: unknown) {
        this.waiting.add(target);
        if (this.scheduled) return;
        this.scheduled = true;
        setTimeout(() => this.flushAll(), delayMs);
      };
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
