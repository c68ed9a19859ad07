import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { SqliteDatabase } from './database';
import { sqliteCode } from './database';
import { recordWriteFailure, recordWriteSuccess } from './storageStatus';

/**
 * How long "who last changed this section" may wait in memory before it is written (ms). A
 * person typing touches the same section many times a second; writing the row once per
 * interval instead of once per update keeps a statement and two pages out of every commit.
 * Readers call `flushSectionAuthors` first, so they always see the latest edit, and a crash
 * loses nothing: each update row carries its author, sections and time, and opening the store
 * catches `section_authors` up from the log.
 */
export const SECTION_AUTHOR_DELAY_MS = 1_000;

interface PendingAuthor {
  policyId: string;
  sectionId: string;
  userId: string;
  at: string;
}

/** The section authors of one database that wait to be written, shared by every store on it. */
class SectionAuthorLog {
  private readonly pending = new Map<string, PendingAuthor>();
  private timer: NodeJS.Timeout | null = null;
  private readonly writeAll;

  constructor(private readonly db: SqliteDatabase) {
    // Names are copied from the account so the record still reads after the account is removed.
    // A policy deleted meanwhile has nothing to record; an older time never replaces a newer one.
    const touch = db.prepare<[string, string, string, string, string]>(
      `INSERT INTO section_authors (policy_id, section_id, user_id, user_name, department, last_at)
       SELECT ?, ?, id, name, department, ? FROM users WHERE id = ? AND EXISTS (SELECT 1 FROM policies WHERE policies.id = ?)
       ON CONFLICT(policy_id, section_id, user_id) DO UPDATE SET last_at = excluded.last_at, user_name = excluded.user_name, department = excluded.department
       WHERE excluded.last_at >= section_authors.last_at`,
    );
    this.writeAll = db.transaction((entries: readonly PendingAuthor[]) => {
      for (const { policyId, sectionId, userId, at } of entries) touch.run(policyId, sectionId, at, userId, policyId);
    });
  }

  /** Records that `userId` changed `sectionId` at `at` (a later call for the same section and person replaces it). */
  note(policyId: string, sectionId: string, userId: string, at: string): void {
    const key = `${policyId}\u0000${sectionId}\u0000${userId}`;
    const waiting = this.pending.get(key);
    if (waiting) waiting.at = at;
    else this.pending.set(key, { policyId, sectionId, userId, at });
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      try {
        this.flush();
      } catch {
        // Recorded as a write failure; the entries stay and are tried again with the next edit or read.
      }
    }, SECTION_AUTHOR_DELAY_MS);
    this.timer.unref();
  }

  /** Writes every waiting entry in one transaction; on failure they stay waiting and it throws. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending.size === 0 || !this.db.open) return;
    const entries = [...this.pending.values()];
    try {
      this.writeAll(entries);
    } catch (error) {
      recordWriteFailure(this.db, error);
      throw error;
    }
    this.pending.clear();
  }
}

const authorLogs = new WeakMap<SqliteDatabase, SectionAuthorLog>();

function authorLogOf(db: SqliteDatabase): SectionAuthorLog {
  let log = authorLogs.get(db);
  if (!log) authorLogs.set(db, (log = new SectionAuthorLog(db)));
  return log;
}

/**
 * Writes the section authors still waiting in memory; call before reading `section_authors`.
 * A refused write is recorded for the storage status and the entries keep waiting, so a read
 * still answers with what is on disk.
 */
export function flushSectionAuthors(db: SqliteDatabase): void {
  try {
    authorLogs.get(db)?.flush();
  } catch {
    // recorded by flush
  }
}

/** One client or server update with who sent it and which sections it touched. */
export interface StoredUpdate {
  update: Uint8Array;
  /** The account whose change this is; null for changes no account made (a migration). */
  userId: string | null;
  /** Ids of the sections the update changed. */
  sections: readonly string[];
}

/** One policy's updates in a batch of several policies'. */
export interface PolicyUpdates {
  policyId: string;
  updates: readonly StoredUpdate[];
}

/**
 * Where policy documents live: an append-only log of Yjs updates per policy, folded now and
 * then into one snapshot. Rooms and services use only this interface, so a PostgreSQL store can
 * sit beside the SQLite one; every implementation must pass the same contract suite
 * (`test/support/documentStoreContract.ts`).
 */
export interface DocumentStore {
  /** The snapshot (if any) followed by every logged update, in order. */
  load(policyId: string): { updates: Uint8Array[]; logLength: number };
  /**
   * Appends updates in one transaction, with their authors, and records who last changed each
   * touched section; returns once they are committed. `alongside` writes server data that must be
   * committed with these updates or not at all (the audit entry of a server change): it runs in
   * the same transaction, and when it throws nothing is stored.
   */
  append(policyId: string, updates: readonly StoredUpdate[], alongside?: () => void): void;
  /**
   * Appends the updates of several policies in one transaction, as `append` does for each:
   * all of them are committed, or (when it throws) none.
   */
  appendBatches(batches: readonly PolicyUpdates[]): void;
  /** Replaces the snapshot and the log up to now by `snapshot`, in one transaction. */
  compact(policyId: string, snapshot: Uint8Array): void;
  /**
   * What the server last read out of the stored document (`keepReading`), if the document is
   * still exactly what it was read from: nothing was logged or compacted since. Null otherwise.
   * Server data only: clients never write it.
   */
  keptReading(policyId: string): string | null;
  /**
   * Keeps `reading()`, read out of the snapshot and the first `logLength` logged updates, when
   * that is still the whole stored document; returns whether it was kept. `reading` is called
   * only then. A compaction drops what was kept.
   */
  keepReading(policyId: string, logLength: number, reading: () => string): boolean;
  /** Number of logged updates since the last snapshot. */
  logLength(policyId: string): number;
  /** The logged updates since the last snapshot, in order, with the author and sections each was stored with. */
  log(policyId: string): StoredUpdate[];
}

export class SqliteDocumentStore implements DocumentStore {
  private readonly selectSnapshot;
  private readonly selectUpdates;
  private readonly selectLog;
  private readonly insertUpdate;
  private readonly authors: SectionAuthorLog;
  private readonly upsertSnapshot;
  private readonly deleteUpdates;
  private readonly countUpdates;
  private readonly selectKeptReading;
  private readonly selectCovered;
  private readonly updateReading;
  private readonly appendEach;
  /** The time stored with the last appended batch. */
  private lastAt = '';
  private readingsAllowed: () => boolean = () => true;
  private readonly compactAll;

  constructor(private readonly db: SqliteDatabase) {
    this.selectSnapshot = db.prepare<[string], { data: Buffer }>('SELECT data FROM snapshots WHERE policy_id = ?');
    this.selectUpdates = db.prepare<[string], { data: Buffer }>('SELECT data FROM updates WHERE policy_id = ? ORDER BY id');
    this.selectLog = db.prepare<[string], { data: Buffer; user_id: string | null; sections: string | null }>('SELECT data, user_id, sections FROM updates WHERE policy_id = ? ORDER BY id');
    this.insertUpdate = db.prepare<[string, Buffer, string | null, string, string]>('INSERT INTO updates (policy_id, data, user_id, sections, at) VALUES (?, ?, ?, ?, ?)');
    this.authors = authorLogOf(db);
    catchUpSectionAuthors(db);
    this.upsertSnapshot = db.prepare<[string, Buffer, string]>(
      'INSERT INTO snapshots (policy_id, data, created_at) VALUES (?, ?, ?) ON CONFLICT(policy_id) DO UPDATE SET data = excluded.data, created_at = excluded.created_at, reading = NULL, reading_log_length = NULL',
    );
    // Between two compactions a policy's log only grows, so its length says whether a kept reading still covers all of it.
    const logLength = '(SELECT COUNT(*) FROM updates WHERE updates.policy_id = snapshots.policy_id)';
    this.selectKeptReading = db.prepare<[string], { reading: Buffer | null }>(`SELECT reading FROM snapshots WHERE policy_id = ? AND reading_log_length = ${logLength}`);
    this.selectCovered = db.prepare<[string, number], { one: number }>(`SELECT 1 AS one FROM snapshots WHERE policy_id = ? AND ${logLength} = ?`);
    this.updateReading = db.prepare<[Buffer, number, string]>('UPDATE snapshots SET reading = ?, reading_log_length = ? WHERE policy_id = ?');
    this.deleteUpdates = db.prepare<[string]>('DELETE FROM updates WHERE policy_id = ?');
    this.countUpdates = db.prepare<[string], { count: number }>('SELECT COUNT(*) AS count FROM updates WHERE policy_id = ?');
    this.appendEach = db.transaction((batches: readonly PolicyUpdates[], alongside?: () => void) => {
      this.lastAt = new Date().toISOString();
      alongside?.();
      for (const { policyId, updates } of batches) this.insertUpdates(policyId, updates, this.lastAt);
    });
    this.compactAll = db.transaction((policyId: string, snapshot: Uint8Array) => {
      this.upsertSnapshot.run(policyId, Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength), new Date().toISOString());
      this.deleteUpdates.run(policyId);
    });
  }

  /** Inserts one policy's updates (inside a transaction); who changed each section is noted for `section_authors`. */
  private insertUpdates(policyId: string, updates: readonly StoredUpdate[], at: string): void {
    for (const { update, userId, sections } of updates) {
      this.insertUpdate.run(policyId, Buffer.from(update.buffer, update.byteOffset, update.byteLength), userId, JSON.stringify(sections), at);
    }
  }

  /** After a commit: who changed which section, to be written to `section_authors` soon. */
  private noteAuthors(batches: readonly PolicyUpdates[]): void {
    for (const { policyId, updates } of batches) {
      for (const { userId, sections } of updates) {
        if (userId === null) continue;
        for (const section of sections) this.authors.note(policyId, section, userId, this.lastAt);
      }
    }
  }

  load(policyId: string): { updates: Uint8Array[]; logLength: number } {
    const snapshot = this.selectSnapshot.get(policyId);
    const log = this.selectUpdates.all(policyId).map((row) => new Uint8Array(row.data));
    return { updates: snapshot ? [new Uint8Array(snapshot.data), ...log] : log, logLength: log.length };
  }

  append(policyId: string, updates: readonly StoredUpdate[], alongside?: () => void): void {
    this.commit([{ policyId, updates }], alongside);
  }

  appendBatches(batches: readonly PolicyUpdates[]): void {
    this.commit(batches);
  }

  /** One transaction with `alongside`'s writes and every batch; who changed which section is noted once it committed. */
  private commit(batches: readonly PolicyUpdates[], alongside?: () => void): void {
    this.write(() => this.appendEach(batches, alongside));
    this.noteAuthors(batches);
  }

  compact(policyId: string, snapshot: Uint8Array): void {
    // The log about to be folded is the only other record of who changed what, so the waiting authors go first.
    this.write(() => {
      this.authors.flush();
      this.compactAll(policyId, snapshot);
    });
  }

  keptReading(policyId: string): string | null {
    const kept = this.selectKeptReading.get(policyId)?.reading;
    if (!kept) return null;
    try {
      return inflateRawSync(kept).toString('utf8');
    } catch {
      // Not one this store wrote: the document is read instead.
      return null;
    }
  }

  /** Readings are kept only while `allowed` says so (the operator's storage limit: nothing new is stored past it). */
  keepReadingsWhile(allowed: () => boolean): void {
    this.readingsAllowed = allowed;
  }

  keepReading(policyId: string, logLength: number, reading: () => string): boolean {
    if (!this.readingsAllowed()) return false;
    // Checked and written in one synchronous step: nothing can be logged in between.
    if (!this.selectCovered.get(policyId, logLength)) return false;
    // Compressed: a reading repeats the text of the document it was read from. Read before the
    // write, so a reader that throws is not taken for a storage failure (GET /api/health).
    const compressed = deflateRawSync(reading());
    this.write(() => this.updateReading.run(compressed, logLength, policyId));
    return true;
  }

  /**
   * Runs a write and tells the storage status (GET /api/health) how it went; rethrows failures.
   * Only SQLite's own refusals count against storage: an error thrown by the caller's code inside
   * the transaction (an `alongside` that met a bug) rolls it back the same, but says nothing
   * about the disk.
   */
  private write(run: () => void): void {
    try {
      run();
    } catch (error) {
      if (sqliteCode(error) !== undefined) recordWriteFailure(this.db, error);
      throw error;
    }
    recordWriteSuccess(this.db);
  }

  logLength(policyId: string): number {
    return this.countUpdates.get(policyId)?.count ?? 0;
  }

  log(policyId: string): StoredUpdate[] {
    return this.selectLog.all(policyId).map((row) => ({ update: new Uint8Array(row.data), userId: row.user_id, sections: parseSections(row.sections) }));
  }
}

/**
 * Brings `section_authors` up to date with the update log: entries still waiting in memory when
 * the process ended are recovered from the updates that recorded them (idempotent).
 */
function catchUpSectionAuthors(db: SqliteDatabase): void {
  db.prepare(
    `INSERT INTO section_authors (policy_id, section_id, user_id, user_name, department, last_at)
     SELECT u.policy_id, s.value, users.id, users.name, users.department, MAX(u.at)
       FROM updates u JOIN json_each(CASE WHEN json_valid(u.sections) THEN u.sections ELSE '[]' END) s JOIN users ON users.id = u.user_id
      WHERE u.user_id IS NOT NULL AND u.at IS NOT NULL AND s.type = 'text'
      GROUP BY u.policy_id, s.value, users.id
     ON CONFLICT(policy_id, section_id, user_id) DO UPDATE SET last_at = excluded.last_at, user_name = excluded.user_name, department = excluded.department
     WHERE excluded.last_at > section_authors.last_at`,
  ).run();
}

/** The `sections` column: a JSON list of ids (null in rows from before authorship was recorded). */
function parseSections(column: string | null): string[] {
  if (column === null) return [];
  const parsed: unknown = JSON.parse(column);
  return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
}
