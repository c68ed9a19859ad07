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
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    department TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_by_user ON sessions(user_id);
  CREATE TABLE invites (
    token_hash TEXT PRIMARY KEY,
    department TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    used_by TEXT
  );
  `,
  `
  CREATE TABLE signoff_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    policy_id TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    section_id TEXT NOT NULL,
    section_title TEXT NOT NULL,
    department TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('signoff', 'revoke')),
    user_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    hash TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
  );
  CREATE INDEX signoff_events_by_policy ON signoff_events(policy_id, id);
  CREATE TRIGGER signoff_events_no_update BEFORE UPDATE ON signoff_events
    BEGIN SELECT RAISE(ABORT, 'sign-off history is append-only'); END;
  CREATE TRIGGER signoff_events_no_delete BEFORE DELETE ON signoff_events
    WHEN (SELECT COUNT(*) FROM policies WHERE id = OLD.policy_id) > 0
    BEGIN SELECT RAISE(ABORT, 'sign-off history is append-only'); END;
  CREATE TABLE endorsed_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    policy_id TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    document TEXT NOT NULL,
    signoffs TEXT NOT NULL,
    at TEXT NOT NULL
  );
  ALTER TABLE policies ADD COLUMN grade_target REAL NOT NULL DEFAULT 9;
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

