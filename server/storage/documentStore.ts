import type { SqliteDatabase } from './database';
import { recordWriteFailure, recordWriteSuccess } from './storageStatus';

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
   * touched section; returns once they are committed.
   */
  append(policyId: string, updates: readonly StoredUpdate[]): void;
  /**
   * Appends the updates of several policies in one transaction, as `append` does for each:
   * all of them are committed, or (when it throws) none.
   */
  appendBatches(batches: readonly PolicyUpdates[]): void;
  /** Replaces the snapshot and the log up to now by `snapshot`, in one transaction. */
  compact(policyId: string, snapshot: Uint8Array): void;
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
  private readonly touchSection;
  private readonly upsertSnapshot;
  private readonly deleteUpdates;
  private readonly countUpdates;
  private readonly appendAll;
  private readonly appendEach;
  private readonly compactAll;

  constructor(private readonly db: SqliteDatabase) {
    this.selectSnapshot = db.prepare<[string], { data: Buffer }>('SELECT data FROM snapshots WHERE policy_id = ?');
    this.selectUpdates = db.prepare<[string], { data: Buffer }>('SELECT data FROM updates WHERE policy_id = ? ORDER BY id');
    this.selectLog = db.prepare<[string], { data: Buffer; user_id: string | null; sections: string | null }>('SELECT data, user_id, sections FROM updates WHERE policy_id = ? ORDER BY id');
    this.insertUpdate = db.prepare<[string, Buffer, string | null, string, string]>('INSERT INTO updates (policy_id, data, user_id, sections, at) VALUES (?, ?, ?, ?, ?)');
    // Names are copied from the account so the record still reads after the account is removed.
    this.touchSection = db.prepare<[string, string, string, string]>(
      `INSERT INTO section_authors (policy_id, section_id, user_id, user_name, department, last_at)
       SELECT ?, ?, id, name, department, ? FROM users WHERE id = ?
       ON CONFLICT(policy_id, section_id, user_id) DO UPDATE SET last_at = excluded.last_at, user_name = excluded.user_name, department = excluded.department`,
    );
    this.upsertSnapshot = db.prepare<[string, Buffer, string]>(
      'INSERT INTO snapshots (policy_id, data, created_at) VALUES (?, ?, ?) ON CONFLICT(policy_id) DO UPDATE SET data = excluded.data, created_at = excluded.created_at',
    );
    this.deleteUpdates = db.prepare<[string]>('DELETE FROM updates WHERE policy_id = ?');
    this.countUpdates = db.prepare<[string], { count: number }>('SELECT COUNT(*) AS count FROM updates WHERE policy_id = ?');
    this.appendAll = db.transaction((policyId: string, updates: readonly StoredUpdate[]) => this.insertUpdates(policyId, updates, new Date().toISOString()));
    this.appendEach = db.transaction((batches: readonly PolicyUpdates[]) => {
      const at = new Date().toISOString();
      for (const { policyId, updates } of batches) this.insertUpdates(policyId, updates, at);
    });
    this.compactAll = db.transaction((policyId: string, snapshot: Uint8Array) => {
      this.upsertSnapshot.run(policyId, Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength), new Date().toISOString());
      this.deleteUpdates.run(policyId);
    });
  }

  /** Inserts one policy's updates and records who last changed each touched section (inside a transaction). */
  private insertUpdates(policyId: string, updates: readonly StoredUpdate[], at: string): void {
    const touched = new Set<string>();
    for (const { update, userId, sections } of updates) {
      this.insertUpdate.run(policyId, Buffer.from(update.buffer, update.byteOffset, update.byteLength), userId, JSON.stringify(sections), at);
      if (userId === null) continue;
      for (const section of sections) {
        const key = `${userId}\u0000${section}`;
        if (touched.has(key)) continue;
        touched.add(key);
        this.touchSection.run(policyId, section, at, userId);
      }
    }
  }

  load(policyId: string): { updates: Uint8Array[]; logLength: number } {
    const snapshot = this.selectSnapshot.get(policyId);
    const log = this.selectUpdates.all(policyId).map((row) => new Uint8Array(row.data));
    return { updates: snapshot ? [new Uint8Array(snapshot.data), ...log] : log, logLength: log.length };
  }

  append(policyId: string, updates: readonly StoredUpdate[]): void {
    this.write(() => this.appendAll(policyId, updates));
  }

  appendBatches(batches: readonly PolicyUpdates[]): void {
    this.write(() => this.appendEach(batches));
  }

  compact(policyId: string, snapshot: Uint8Array): void {
    this.write(() => this.compactAll(policyId, snapshot));
  }

  /** Runs a write and tells the storage status (GET /api/health) how it went; rethrows failures. */
  private write(run: () => void): void {
    try {
      run();
    } catch (error) {
      recordWriteFailure(this.db, error);
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

/** The `sections` column: a JSON list of ids (null in rows from before authorship was recorded). */
function parseSections(column: string | null): string[] {
  if (column === null) return [];
  const parsed: unknown = JSON.parse(column);
  return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
}
