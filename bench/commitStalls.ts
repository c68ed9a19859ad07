/**
 * `npx tsx bench/commitStalls.ts main|worker [updates per commit]`: how long commits hold the event
 * loop, with SQLite's checkpoints on the committing connection (main) or on the checkpoint worker.
 * 20,000 commits on one policy (one update each unless told), a 5 ms pause every 400 so the
 * worker's timer can run. With several updates per commit it also prints the CPU per update, what
 * batching would save (`worker 40`: forty updates in each commit).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../server/logger';
import { Checkpointer } from '../server/storage/checkpointer';
import { openDatabase } from '../server/storage/database';
import { SqliteDocumentStore } from '../server/storage/documentStore';

const COMMITS = 20_000;
const worker = process.argv[2] === 'worker';
const perCommit = Math.max(1, Number(process.argv[3] ?? 1));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-stalls-'));
const db = openDatabase(dataDir);
db.prepare("INSERT INTO policies (id, title, created_at, updated_at) VALUES ('p1','P','now','now')").run();
const store = new SqliteDocumentStore(db);
const checkpoints = worker ? new Checkpointer(db, createLogger({ quiet: true }), { startAfterMs: 0 }) : null;
while (checkpoints && !checkpoints.offThread) await new Promise((resolve) => setTimeout(resolve, 1));
const times: number[] = [];
const update = new Uint8Array(60).fill(7);
const cpu0 = process.cpuUsage();
for (let i = 0; i < COMMITS; i++) {
  const t = performance.now();
  store.append('p1', Array.from({ length: perCommit }, () => ({ update, userId: null, sections: ['s1'] })));
  times.push(performance.now() - t);
  // An idle moment in a busy second, in which the worker's timer can run.
  if (i % 400 === 399) await new Promise((resolve) => setTimeout(resolve, 5));
}
const cpu = process.cpuUsage(cpu0);
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.floor(p * (times.length - 1))]!.toFixed(3);
console.log(
  worker ? 'worker' : 'main  ',
  `p50 ${q(0.5)} p99 ${q(0.99)} p99.9 ${q(0.999)} max ${q(1)} ms;`,
  `over 1 ms: ${times.filter((time) => time > 1).length};`,
  `CPU per commit (all threads): ${((cpu.user + cpu.system) / COMMITS).toFixed(1)} µs`,
  perCommit > 1 ? `; per update (${perCommit} per commit): ${((cpu.user + cpu.system) / COMMITS / perCommit).toFixed(1)} µs` : '',
);
await checkpoints?.stop();
db.close();
fs.rmSync(dataDir, { recursive: true, force: true });
