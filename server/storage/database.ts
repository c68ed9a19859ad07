import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

export type SqliteDatabase = Database.Database;

/** Each entry upgrades the schema by one version; never edit an entry once released, add a new one. */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE policies (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    organization TEXT NOT NULL DEFAULT '',
    template_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE updates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    policy_id TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    data BLOB NOT NULL
  );
  CREATE INDEX updates_by_policy ON updates(policy_id, id);
  CREATE TABLE snapshots (
    policy_id TEXT PRIMARY KEY REFERENCES policies(id) ON DELETE CASCADE,
    data BLOB NOT NULL,
    created_at TEXT NOT NULL
  );
  `,
];

export class StorageOpenError extends Error {}

/**
 * Opens (creating if needed) the Accord database in `dataDir` and brings its schema up to date.
 * WAL mode lets readers and the writer work at once; `synchronous = NORMAL` in WAL mode means a
 * committed write survives a crash of the process (it is in the OS's hands), which is the
 * promise we make: what was relayed survives `kill -9`.
 */
export function openDatabase(dataDir: string): SqliteDatabase {
  const file = path.join(dataDir, 'accord.db');
  let db: SqliteDatabase;
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    db = new Database(file, { timeout: 2000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`integrity check failed: ${String(check)}`);
    migrate(db);
  } catch (error) {
    throw new StorageOpenError(`Cannot open the database at ${file}: ${(error as Error).message}`);
  }
  return db;
}

function migrate(db: SqliteDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < MIGRATIONS.length; version += 1) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

