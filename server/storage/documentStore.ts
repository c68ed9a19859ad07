import type { SqliteDatabase } from './database';
import { recordWriteFailure, recordWriteSuccess } from './storageStatus';

/**
 * Where policy documents live on disk: an append-only log of Yjs updates per policy,
 * folded now and then into one snapshot. Kept behind this interface so a PostgreSQL
 * store can sit beside the SQLite one.
 */
export interface DocumentStore {
  /** The snapshot (if any) followed by every logged update, in order. */
  load(policyId: string): { updates: Uint8Array[]; logLength: number };
  /** Appends updates in one transaction; returns once they are committed. */
  append(policyId: string, updates: readonly Uint8Array[]): void;
  /** Replaces the snapshot and the log up to now by `snapshot`, in one transaction. */
  compact(policyId: string, snapshot: Uint8Array): void;
  /** Number of logged updates since the last snapshot. */
  logLength(policyId: string): number;
}

export class SqliteDocumentStore implements DocumentStore {
  private readonly selectSnapshot;
  private readonly selectUpdates;
  private readonly insertUpdate;
  private readonly upsertSnapshot;
  private readonly deleteUpdates;
  private readonly countUpdates;
  private readonly appendAll;

  constructor(private readonly db: SqliteDatabase) {
    this.selectSnapshot = db.prepare<[string], { data: Buffer }>('SELECT data FROM snapshots WHERE policy_id = ?');
    this.selectUpdates = db.prepare<[string], { data: Buffer }>('SELECT data FROM updates WHERE policy_id = ? ORDER BY id');
    this.insertUpdate = db.prepare<[string, Buffer]>('INSERT INTO updates (policy_id, data) VALUES (?, ?)');
    this.upsertSnapshot = db.prepare<[string, Buffer, string]>(
      'INSERT INTO snapshots (policy_id, data, created_at) VALUES (?, ?, ?) ON CONFLICT(policy_id) DO UPDATE SET data = excluded.data, created_at = excluded.created_at',
    );
    this.deleteUpdates = db.prepare<[string]>('DELETE FROM updates WHERE policy_id = ?');
    this.countUpdates = db.prepare<[string], { count: number }>('SELECT COUNT(*) AS count FROM updates WHERE policy_id = ?');
    this.appendAll = db.transaction((policyId: string, updates: readonly Uint8Array[]) => {
      for (const update of updates) this.insertUpdate.run(policyId, Buffer.from(update.buffer, update.byteOffset, update.byteLength));
    });
  }

  load(policyId: string): { updates: Uint8Array[]; logLength: number } {
    const snapshot = this.selectSnapshot.get(policyId);
    const log = this.selectUpdates.all(policyId).map((row) => new Uint8Array(row.data));
    return { updates: snapshot ? [new Uint8Array(snapshot.data), ...log] : log, logLength: log.length };
  }

  append(policyId: string, updates: readonly Uint8Array[]): void {
    this.write(() => this.appendAll(policyId, updates));
  }

  compact(policyId: string, snapshot: Uint8Array): void {
    this.write(() =>
      this.db.transaction(() => {
        this.upsertSnapshot.run(policyId, Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength), new Date().toISOString());
        this.deleteUpdates.run(policyId);
      })(),
    );
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
}
