/**
 * The checkpoint worker: copies the pages the server committed to its WAL file back into the
 * database file, on its own thread and its own connection, so the server's event loop never
 * waits for that copy and its two fsyncs. See `Checkpointer` in ./checkpointer.
 *
 * A PASSIVE checkpoint never waits for a lock and never blocks the server's writer: it copies
 * what no reader still needs and leaves the rest for the next round.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckpointMessage, CheckpointWorkerData } from './checkpointer';

const port = parentPort;
if (!port) throw new Error('checkpointWorker runs only as a worker thread');
const { file, intervalMs } = workerData as CheckpointWorkerData;

const send = (message: CheckpointMessage) => port.postMessage(message);
let db: Database.Database;
try {
  db = new Database(file, { fileMustExist: true });
  // This connection never writes a page of its own, so it never checkpoints by itself either.
  db.pragma('wal_autocheckpoint = 0');
} catch (error) {
  send({ kind: 'failed', error: error instanceof Error ? error.message : String(error) });
  throw error;
}

interface CheckpointRow {
  busy: number;
  log: number;
  checkpointed: number;
}

/** What the last round found: a round that finds the same has copied nothing new. */
let last: CheckpointRow = { busy: 0, log: 0, checkpointed: 0 };

function checkpoint(): void {
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointRow[];
    if (!row) return;
    // `log` is the WAL's length in frames and `checkpointed` how many of them are in the database
    // file now (-1 both when the database is not in WAL mode); the WAL starts over once all are.
    const copiedNew = row.checkpointed > 0 && (row.log !== last.log || row.checkpointed !== last.checkpointed);
    last = row;
    if (copiedNew) send({ kind: 'checkpointed' });
  } catch (error) {
    // A foreign lock or a failing disk: the next round tries again, and the server's own writes report the disk.
    send({ kind: 'refused', error: error instanceof Error ? error.message : String(error) });
  }
}

const timer = setInterval(checkpoint, intervalMs);
port.on('message', (message: 'checkpoint' | 'stop') => {
  if (message === 'checkpoint') {
    checkpoint();
    send({ kind: 'done' });
    return;
  }
  clearInterval(timer);
  db.close();
  port.close();
});
send({ kind: 'ready' });
