/**
 * The `worker-store` what-if (bench/servers/accord.ts): a worker thread with its own SQLite
 * connection commits the updates the server's flush scheduler hands it. Every message waiting
 * when the worker wakes goes into one transaction, and the worker answers with their numbers.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

interface Batch {
  seq: number;
  at: string;
  rows: [policyId: string, data: Uint8Array, userId: string | null, sections: string][];
}

const port = parentPort!;
const db = new Database((workerData as { file: string }).file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
db.pragma('wal_autocheckpoint = 0');
const insert = db.prepare<[string, Buffer, string | null, string, string]>('INSERT INTO updates (policy_id, data, user_id, sections, at) VALUES (?, ?, ?, ?, ?)');
const commit = db.transaction((batches: Batch[]) => {
  for (const { at, rows } of batches) {
    for (const [policyId, data, userId, sections] of rows) insert.run(policyId, Buffer.from(data.buffer, data.byteOffset, data.byteLength), userId, sections, at);
  }
});

port.on('message', (first: Batch) => {
  const batches = [first];
  for (let next = receiveMessageOnPort(port as never); next; next = receiveMessageOnPort(port as never)) batches.push(next.message as Batch);
  try {
    commit(batches);
    port.postMessage({ seqs: batches.map((batch) => batch.seq) });
  } catch (error) {
    port.postMessage({ seqs: batches.map((batch) => batch.seq), error: String(error) });
  }
});
