/**
 * `npx tsx bench/commitStalls.ts main|worker`: how long single-update commits hold the event loop,
 * with SQLite's checkpoints on the committing connection (main) or on the checkpoint worker.
 * 20,000 commits on one policy, a 5 ms pause every 400 so the worker's timer can run.
 */
import { openDatabase } from '../server/storage/database';
import { Checkpointer } from '../server/storage/checkpointer';
import { SqliteDocumentStore } from '../server/storage/documentStore';
import { createLogger } from '../server/logger';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
const worker = process.argv[2] === 'worker';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-stalls-'));
const db = openDatabase(dataDir);
db.prepare("INSERT INTO policies (id, title, created_at, updated_at) VALUES ('p1','P','now','now')").run();
const store = new SqliteDocumentStore(db);
const c = worker ? new Checkpointer(db, createLogger({quiet:true}), { startAfterMs: 0 }) : null;
while (c && !c.offThread) await new Promise(r => setTimeout(r, 1));
const times: number[] = [];
const update = new Uint8Array(60).fill(7);
const cpu0 = process.cpuUsage();
for (let i = 0; i < 20000; i++) {
  const t = performance.now();
  store.append('p1', [{ update, userId: null, sections: ['s1'] }]);
  times.push(performance.now() - t);
  if (i % 400 === 399) await new Promise(r => setTimeout(r, 5)); // let the worker's timer run, like an idle moment in a busy second
}
const cpu = process.cpuUsage(cpu0);
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.floor(p * (times.length - 1))]!.toFixed(3);
console.log(worker ? 'worker' : 'main  ', 'p50', q(0.5), 'p99', q(0.99), 'p99.9', q(0.999), 'max', q(1), 'ms; over 1 ms:', times.filter(t => t > 1).length, 'cpu µs/commit', ((cpu.user + cpu.system) / 20000).toFixed(1));
await c?.stop();
db.close();
fs.rmSync(dataDir, { recursive: true, force: true });
