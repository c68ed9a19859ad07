import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../logger';
import { Checkpointer, MAIN_THREAD_CHECKPOINT_PAGES } from './checkpointer';
import { databaseFile, openDatabase, type SqliteDatabase } from './database';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const quiet = createLogger({ quiet: true, write: () => {} });
  return { ...quiet, warn: (event) => warnings.push(event), warnings };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function database(): { db: SqliteDatabase; dataDir: string } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-checkpoint-'));
  const db = openDatabase(dataDir);
  db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, data BLOB)');
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  cleanups.push(() => db.open && db.close());
  return { db, dataDir };
}

/** Commits `commits` transactions of one new page each, as a busy server's edits do. */
function commitPages(db: SqliteDatabase, commits: number): void {
  const insert = db.prepare('INSERT INTO filler (data) VALUES (?)');
  const page = db.pragma('page_size', { simple: true }) as number;
  for (let commit = 0; commit < commits; commit += 1) insert.run(Buffer.alloc(page, commit % 251));
}

const fileSize = (dataDir: string) => fs.statSync(databaseFile(dataDir)).size;

describe('checkpoints on a worker thread', () => {
  it("the server's connection never copies the WAL back while the worker runs; the worker does, and nothing is lost", async () => {
    const { db, dataDir } = database();
    // A round only when asked, so the test sees which thread copied what.
    const checkpoints = new Checkpointer(db, recordingLogger(), { intervalMs: 3_600_000, startAfterMs: 0 });
    cleanups.push(() => checkpoints.stop());
    await until(() => checkpoints.offThread, 'the worker is ready');
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);

    const before = fileSize(dataDir);
    // Well past the 1,000 pages at which the committing connection would copy them back by default.
    commitPages(db, MAIN_THREAD_CHECKPOINT_PAGES * 2);
    expect(fileSize(dataDir)).toBe(before);
    expect(checkpoints.copiedRounds).toBe(0);

    await checkpoints.checkpointNow();
    expect(checkpoints.copiedRounds).toBe(1);
    expect(fileSize(dataDir)).toBeGreaterThan(before + MAIN_THREAD_CHECKPOINT_PAGES * 2 * (db.pragma('page_size', { simple: true }) as number));

    await checkpoints.stop();
    db.close();
    const reopened = new Database(databaseFile(dataDir), { readonly: true });
    expect(reopened.prepare('SELECT COUNT(*) AS count FROM filler').get()).toEqual({ count: MAIN_THREAD_CHECKPOINT_PAGES * 2 });
    reopened.close();
  });

  it('checkpoints by itself, once per interval', async () => {
    const { db } = database();
    const checkpoints = new Checkpointer(db, recordingLogger(), { intervalMs: 50, startAfterMs: 0 });
    cleanups.push(() => checkpoints.stop());
    await until(() => checkpoints.offThread, 'the worker is ready');
    commitPages(db, 10);
    await until(() => checkpoints.copiedRounds > 0, 'the worker copied the pages back');
  });

  it("when the worker dies, the server's connection checkpoints again and the log says so", async () => {
    const { db } = database();
    const logger = recordingLogger();
    const checkpoints = new Checkpointer(db, logger, { intervalMs: 3_600_000, startAfterMs: 0 });
    cleanups.push(() => checkpoints.stop());
    await until(() => checkpoints.offThread, 'the worker is ready');
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);

    await (checkpoints as unknown as { worker: Worker }).worker.terminate();
    await until(() => !checkpoints.offThread, 'the loss is noticed');
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(MAIN_THREAD_CHECKPOINT_PAGES);
    expect(logger.warnings).toEqual(['storage.checkpoints_on_main_thread']);
    // Asking for a round without a worker answers at once instead of hanging.
    await checkpoints.checkpointNow();
  });

  it('a stop that comes before the worker is ready leaves the connection checkpointing by itself', async () => {
    const { db } = database();
    const logger = recordingLogger();
    const checkpoints = new Checkpointer(db, logger, { startAfterMs: 0 });
    await checkpoints.stop();
    expect(checkpoints.offThread).toBe(false);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(MAIN_THREAD_CHECKPOINT_PAGES);
    expect(logger.warnings).toEqual([]);
  });

  it('starts only after a delay, and a stop before it starts nothing', async () => {
    const { db } = database();
    const checkpoints = new Checkpointer(db, recordingLogger(), { startAfterMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(checkpoints.offThread).toBe(false);
    await until(() => checkpoints.offThread, 'the worker started after its delay');
    await checkpoints.stop();
    expect(checkpoints.offThread).toBe(false);

    const stoppedEarly = new Checkpointer(db, recordingLogger(), { startAfterMs: 50 });
    await stoppedEarly.stop();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(stoppedEarly.offThread).toBe(false);
    expect((stoppedEarly as unknown as { worker: Worker | null }).worker).toBeNull();
  });
});
