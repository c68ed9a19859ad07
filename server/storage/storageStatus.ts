import type { SqliteDatabase } from './database';
import { sqliteCode } from './database';

/** What GET /api/health says about storage. */
export interface StorageStatus {
  /** True when the database answered a write probe and no document write failed recently. */
  ok: boolean;
  /** The write probe's result: a real committed write to the database. */
  writable: boolean;
  /** Why the probe failed, in words, when it did. */
  error?: string;
  /** SQLite's code for the probe's failure (SQLITE_FULL, SQLITE_READONLY, SQLITE_BUSY, …). */
  code?: string;
  /** The last failed document write, if any. */
  lastWriteError: { at: string; message: string; code?: string } | null;
  /** When the last document write succeeded (ISO time), if any since start. */
  lastWriteAt: string | null;
  /** When the probe ran (it runs at most once every PROBE_INTERVAL_MS). */
  checkedAt: string;
}

interface WriteRecord {
  lastWriteAt: number | null;
  lastError: { at: number; message: string; code?: string } | null;
  probe: { at: number; writable: boolean; error?: string; code?: string } | null;
}

/** How often the write probe really writes; between, health answers from the last probe. */
export const PROBE_INTERVAL_MS = 2_000;
/** A failed document write counts against health for this long unless a later write succeeded. */
export const RECENT_FAILURE_MS = 60_000;

const records = new WeakMap<SqliteDatabase, WriteRecord>();

function recordOf(db: SqliteDatabase): WriteRecord {
  let record = records.get(db);
  if (!record) {
    record = { lastWriteAt: null, lastError: null, probe: null };
    records.set(db, record);
  }
  return record;
}

/** Called by the document store after every committed write. */
export function recordWriteSuccess(db: SqliteDatabase): void {
  recordOf(db).lastWriteAt = Date.now();
}

/** Called by the document store when a write failed. */
export function recordWriteFailure(db: SqliteDatabase, error: unknown): void {
  const code = sqliteCode(error);
  recordOf(db).lastError = { at: Date.now(), message: (error as Error).message, ...(code ? { code } : {}) };
}

/** Forgets the cached probe result, so the next storageStatus() probes again. */
export function resetStorageProbe(db: SqliteDatabase): void {
  recordOf(db).probe = null;
}

/**
 * The storage's health, for GET /api/health: a real write (one row of `storage_probe`,
 * committed) at most every PROBE_INTERVAL_MS, plus what the document store saw. A
 * read-only database, a lock held by another process or a database at its size cap fails
 * the probe; a full disk fails it when the write needs new space, and otherwise shows in
 * `lastWriteError` as soon as an editor's change could not be stored.
 */
export function storageStatus(db: SqliteDatabase, now = Date.now()): StorageStatus {
  const record = recordOf(db);
  if (!record.probe || now - record.probe.at >= PROBE_INTERVAL_MS) {
    try {
      db.prepare('INSERT INTO storage_probe (id, checked_at) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET checked_at = excluded.checked_at').run(new Date(now).toISOString());
      record.probe = { at: now, writable: true };
    } catch (error) {
      const code = sqliteCode(error);
      record.probe = { at: now, writable: false, error: (error as Error).message, ...(code ? { code } : {}) };
    }
  }
  const { probe, lastError, lastWriteAt } = record;
  const failingWrites = lastError !== null && (lastWriteAt === null || lastWriteAt < lastError.at) && now - lastError.at < RECENT_FAILURE_MS;
  return {
    ok: probe.writable && !failingWrites,
    writable: probe.writable,
    ...(probe.error ? { error: probe.error } : {}),
    ...(probe.code ? { code: probe.code } : {}),
    lastWriteError: lastError ? { at: new Date(lastError.at).toISOString(), message: lastError.message, ...(lastError.code ? { code: lastError.code } : {}) } : null,
    lastWriteAt: lastWriteAt === null ? null : new Date(lastWriteAt).toISOString(),
    checkedAt: new Date(probe.at).toISOString(),
  };
}
