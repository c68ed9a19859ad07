import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { DATABASE_BUSY_TIMEOUT_MS, DATABASE_WRITE_BUSY_TIMEOUT_MS } from '../../shared/limits';

export type SqliteDatabase = Database.Database;

/**
 * Rebuilds `policy_audit` so its CHECK takes `kinds` (SQLite cannot widen a CHECK in place): rows,
 * ids, index and append-only triggers as they were.
 */
function rebuildAuditTable(kinds: readonly string[]): string {
  return `
  CREATE TABLE policy_audit_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    policy_id TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    section_id TEXT,
    section_title TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN (${kinds.map((kind) => `'${kind}'`).join(', ')})),
    user_id TEXT,
    user_name TEXT NOT NULL DEFAULT '',
    department TEXT,
    before TEXT,
    after TEXT,
    at TEXT NOT NULL
  );
  INSERT INTO policy_audit_new (id, policy_id, section_id, section_title, kind, user_id, user_name, department, before, after, at)
    SELECT id, policy_id, section_id, section_title, kind, user_id, user_name, department, before, after, at FROM policy_audit;
  DELETE FROM sqlite_sequence WHERE name = 'policy_audit_new';
  INSERT INTO sqlite_sequence (name, seq) SELECT 'policy_audit_new', seq FROM sqlite_sequence WHERE name = 'policy_audit';
  DROP TABLE policy_audit;
  ALTER TABLE policy_audit_new RENAME TO policy_audit;
  CREATE INDEX policy_audit_by_policy ON policy_audit(policy_id, id);
  CREATE TRIGGER policy_audit_no_update BEFORE UPDATE ON policy_audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
  CREATE TRIGGER policy_audit_no_delete BEFORE DELETE ON policy_audit
    WHEN (SELECT COUNT(*) FROM policies WHERE id = OLD.policy_id) > 0
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
`;
}

/** The notifications table rebuilt with its rows and ids for a wider set of kinds (SQLite cannot widen a CHECK in place). */
function notificationsTable(kinds: readonly string[]): string {
  return `
  CREATE TABLE notifications_new (
    id INTEGER PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN (${kinds.map((kind) => `'${kind}'`).join(', ')})),
    policy_id TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    thread_id TEXT NOT NULL,
    comment_id TEXT NOT NULL,
    section_id TEXT NOT NULL,
    section_title TEXT,
    by_id TEXT NOT NULL,
    by_name TEXT NOT NULL,
    by_department TEXT,
    excerpt TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT,
    mailed_at INTEGER
  );
  INSERT INTO notifications_new (id, user_id, kind, policy_id, thread_id, comment_id, section_id, section_title, by_id, by_name, by_department, excerpt, created_at, read_at, mailed_at)
    SELECT id, user_id, kind, policy_id, thread_id, comment_id, section_id, section_title, by_id, by_name, by_department, excerpt, created_at, read_at, mailed_at FROM notifications;
  DROP TABLE notifications;
  ALTER TABLE notifications_new RENAME TO notifications;
  CREATE INDEX notifications_by_user ON notifications(user_id, id);`;
}

/** Each entry upgrades the schema by one version; never edit an entry once released, add a new one. */
export const MIGRATIONS: readonly string[] = [
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
  `
  CREATE TABLE storage_probe (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at TEXT NOT NULL
  );
  `,
  // Departments, who must sign each section, authorship and the structural audit trail are
  // server data: the shared document only mirrors them.
  `
  CREATE TABLE departments (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    color TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    archived_at TEXT,
    created_at TEXT NOT NULL
  );
  INSERT INTO departments (id, name, color, position, created_at) VALUES
    ('marketing', 'Marketing', '#E69F00', 1, '2026-01-01T00:00:00.000Z'),
    ('communications', 'Communications & PR', '#0072B2', 2, '2026-01-01T00:00:00.000Z'),
    ('customer-service', 'Customer Service', '#009E73', 3, '2026-01-01T00:00:00.000Z'),
    ('hr', 'HR', '#CC79A7', 4, '2026-01-01T00:00:00.000Z'),
    ('it', 'IT & Security', '#56B4E9', 5, '2026-01-01T00:00:00.000Z'),
    ('legal', 'Legal', '#D55E00', 6, '2026-01-01T00:00:00.000Z'),
    ('compliance', 'Compliance', '#4D4D4D', 7, '2026-01-01T00:00:00.000Z'),
    ('sales', 'Sales', '#7A5C00', 8, '2026-01-01T00:00:00.000Z');

  CREATE TABLE section_requirements (
    policy_id TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    section_id TEXT NOT NULL,
    owner TEXT NOT NULL,
    approvers TEXT NOT NULL DEFAULT '[]',
    removed_at TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (policy_id, section_id)
  );
  ALTER TABLE policies ADD COLUMN requirements_seeded INTEGER NOT NULL DEFAULT 0;

  CREATE TABLE policy_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    policy_id TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    section_id TEXT,
    section_title TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('requirements', 'section_added', 'section_removed', 'section_restored', 'endorsed', 'endorsement_confirmed')),
    user_id TEXT,
    user_name TEXT NOT NULL DEFAULT '',
    department TEXT,
    before TEXT,
    after TEXT,
    at TEXT NOT NULL
  );
  CREATE INDEX policy_audit_by_policy ON policy_audit(policy_id, id);
  CREATE TRIGGER policy_audit_no_update BEFORE UPDATE ON policy_audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
  CREATE TRIGGER policy_audit_no_delete BEFORE DELETE ON policy_audit
    WHEN (SELECT COUNT(*) FROM policies WHERE id = OLD.policy_id) > 0
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

  ALTER TABLE updates ADD COLUMN user_id TEXT;
  ALTER TABLE updates ADD COLUMN sections TEXT;
  ALTER TABLE updates ADD COLUMN at TEXT;
  CREATE TABLE section_authors (
    policy_id TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    section_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    user_name TEXT NOT NULL DEFAULT '',
    department TEXT,
    last_at TEXT NOT NULL,
    PRIMARY KEY (policy_id, section_id, user_id)
  );

  CREATE TABLE signed_contents (
    hash TEXT PRIMARY KEY,
    content TEXT NOT NULL
  );
  ALTER TABLE signoff_events ADD COLUMN content_hash TEXT;
  CREATE INDEX endorsed_versions_by_fingerprint ON endorsed_versions(policy_id, fingerprint);
  CREATE TABLE endorsement_confirmations (
    policy_id TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    department TEXT NOT NULL,
    user_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (policy_id, fingerprint, department)
  );
  `,
  // Sharing per policy: everyone in the organization (as before), or only the members listed,
  // each with a role on that policy. Who created a policy counts against their quota. Changes
  // to sharing and members are kept in their own append-only trail (policy_audit's kinds are fixed).
  `
  ALTER TABLE policies ADD COLUMN sharing TEXT NOT NULL DEFAULT 'organization' CHECK (sharing IN ('organization', 'members'));
  ALTER TABLE policies ADD COLUMN created_by TEXT;
  CREATE INDEX policies_by_creator ON policies(created_by);
  CREATE TABLE policy_members (
    policy_id TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('editor', 'viewer')),
    added_by TEXT,
    added_at TEXT NOT NULL,
    PRIMARY KEY (policy_id, user_id)
  );
  CREATE INDEX policy_members_by_user ON policy_members(user_id);
  CREATE TABLE sharing_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    policy_id TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('sharing', 'member_added', 'member_changed', 'member_removed')),
    user_id TEXT,
    user_name TEXT NOT NULL DEFAULT '',
    subject_id TEXT,
    subject_name TEXT NOT NULL DEFAULT '',
    before TEXT,
    after TEXT,
    at TEXT NOT NULL
  );
  CREATE INDEX sharing_audit_by_policy ON sharing_audit(policy_id, id);
  CREATE TRIGGER sharing_audit_no_update BEFORE UPDATE ON sharing_audit
    BEGIN SELECT RAISE(ABORT, 'the sharing history is append-only'); END;
  CREATE TRIGGER sharing_audit_no_delete BEFORE DELETE ON sharing_audit
    WHEN (SELECT COUNT(*) FROM policies WHERE id = OLD.policy_id) > 0
    BEGIN SELECT RAISE(ABORT, 'the sharing history is append-only'); END;
  `,
  // What the policy list shows of each policy's sign-off state, so listing opens no document.
  // Rows are written by the server as states change; a policy without one is summarized on demand.
  `
  CREATE TABLE policy_summaries (
    policy_id TEXT PRIMARY KEY REFERENCES policies(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('endorsed', 'stale', 'pending')),
    section_count INTEGER NOT NULL,
    signed_count INTEGER NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
  // Reading levels remembered by the SHA-256 of a section's text, so the first
  // request after a restart does not score every section again. A cache: rows may go at any time.
  `
  CREATE TABLE section_readability (
    id INTEGER PRIMARY KEY,
    text_hash BLOB NOT NULL UNIQUE,
    grade REAL NOT NULL,
    reading_ease REAL NOT NULL
  );
  `,
  // The update log without AUTOINCREMENT: every commit of an edit wrote the sqlite_sequence page
  // too. A new row still gets the largest id in the table plus one, so it sorts after every row
  // already there, which is all the log's order needs; nothing refers to an update's id.
  `
  CREATE TABLE updates_log (
    id INTEGER PRIMARY KEY,
    policy_id TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    data BLOB NOT NULL,
    user_id TEXT,
    sections TEXT,
    at TEXT
  );
  INSERT INTO updates_log (id, policy_id, data, user_id, sections, at) SELECT id, policy_id, data, user_id, sections, at FROM updates;
  DROP TABLE updates;
  ALTER TABLE updates_log RENAME TO updates;
  CREATE INDEX updates_by_policy ON updates(policy_id, id);
  DELETE FROM sqlite_sequence WHERE name = 'updates';
  `,
  // Comment threads (issue 19): the document holds only a mark with the thread's id; the thread,
  // its quote, its comments and who wrote them live here. Names and departments are kept as they
  // were when written, like the audit trail's.
  `
  CREATE TABLE comment_threads (
    id TEXT PRIMARY KEY,
    policy_id TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    section_id TEXT NOT NULL,
    quote TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    created_by TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    created_by_department TEXT,
    created_at TEXT NOT NULL,
    resolved_by TEXT,
    resolved_by_name TEXT,
    resolved_by_department TEXT,
    resolved_at TEXT
  );
  CREATE INDEX comment_threads_by_policy ON comment_threads(policy_id);
  CREATE TABLE comments (
    id TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL REFERENCES comment_threads(id) ON DELETE CASCADE,
    author_id TEXT NOT NULL,
    author_name TEXT NOT NULL,
    author_department TEXT,
    body TEXT NOT NULL,
    mentions TEXT NOT NULL,
    created_at TEXT NOT NULL,
    edited_at TEXT
  );
  CREATE INDEX comments_by_thread ON comments(thread_id);
  `,
  // The commenter role (issue 19): reads and comments, edits and signs nothing. SQLite cannot
  // change a CHECK in place, so the three tables with a role are rebuilt (migrate() runs with
  // foreign keys off, so dropping users cascades to no session or membership).
  `
  CREATE TABLE users_new (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    department TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'commenter', 'viewer')),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  INSERT INTO users_new SELECT id, email, name, department, role, password_hash, created_at FROM users;
  DROP TABLE users;
  ALTER TABLE users_new RENAME TO users;
  CREATE TABLE invites_new (
    token_hash TEXT PRIMARY KEY,
    department TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'commenter', 'viewer')),
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    used_by TEXT
  );
  INSERT INTO invites_new SELECT token_hash, department, role, created_by, created_at, expires_at, used_at, used_by FROM invites;
  DROP TABLE invites;
  ALTER TABLE invites_new RENAME TO invites;
  CREATE TABLE policy_members_new (
    policy_id TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('editor', 'commenter', 'viewer')),
    added_by TEXT,
    added_at TEXT NOT NULL,
    PRIMARY KEY (policy_id, user_id)
  );
  INSERT INTO policy_members_new SELECT policy_id, user_id, role, added_by, added_at FROM policy_members;
  DROP TABLE policy_members;
  ALTER TABLE policy_members_new RENAME TO policy_members;
  CREATE INDEX policy_members_by_user ON policy_members(user_id);
  `,
  // Notifications (issue 19): one row per person told of a comment; at most
  // MAX_NOTIFICATIONS_PER_PERSON are kept per person, the oldest go first.
  `
  CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('mention', 'reply', 'thread')),
    policy_id TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    thread_id TEXT NOT NULL,
    comment_id TEXT NOT NULL,
    section_id TEXT NOT NULL,
    section_title TEXT,
    by_id TEXT NOT NULL,
    by_name TEXT NOT NULL,
    by_department TEXT,
    excerpt TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT
  );
  CREATE INDEX notifications_by_user ON notifications(user_id, id);
  `,
  // Accounts the way organizations run them (issue 20): an outbox sent in the background, invites
  // bound to an address (revocable, resendable), single-use password resets, single sign-on logins
  // in progress, what each person wants by e-mail, and what a session shows in "active sessions".
  `
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT,
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    sent_at INTEGER,
    gave_up_at INTEGER
  );
  CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE sent_at IS NULL AND gave_up_at IS NULL;
  ALTER TABLE invites ADD COLUMN id TEXT;
  ALTER TABLE invites ADD COLUMN email TEXT COLLATE NOCASE;
  ALTER TABLE invites ADD COLUMN revoked_at INTEGER;
  ALTER TABLE invites ADD COLUMN sent_at INTEGER;
  ALTER TABLE invites ADD COLUMN send_count INTEGER NOT NULL DEFAULT 0;
  UPDATE invites SET id = lower(hex(randomblob(9))) WHERE id IS NULL;
  CREATE UNIQUE INDEX invites_by_id ON invites(id);
  CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    requested_by TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
  );
  CREATE INDEX password_resets_by_user ON password_resets(user_id);
  CREATE TABLE oidc_logins (
    state_hash TEXT PRIMARY KEY,
    nonce TEXT NOT NULL,
    code_verifier TEXT NOT NULL,
    return_to TEXT,
    created_at INTEGER NOT NULL
  );
  ALTER TABLE users ADD COLUMN oidc_subject TEXT;
  CREATE UNIQUE INDEX users_by_oidc_subject ON users(oidc_subject) WHERE oidc_subject IS NOT NULL;
  ALTER TABLE users ADD COLUMN email_notifications TEXT NOT NULL DEFAULT 'each' CHECK (email_notifications IN ('each', 'digest', 'none'));
  ALTER TABLE users ADD COLUMN digest_sent_at INTEGER;
  ALTER TABLE notifications ADD COLUMN mailed_at INTEGER;
  ALTER TABLE sessions ADD COLUMN user_agent TEXT;
  ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER;
  `,
  // The clause library (issue 21): which library clause (and version) a section's text came from,
  // and the values a policy's team filled in for its placeholders ({{crisis_contact}} and the like).
  `
  CREATE TABLE section_clauses (
    policy_id TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    section_id TEXT NOT NULL,
    clause_id TEXT NOT NULL,
    clause_version INTEGER NOT NULL,
    inserted_at TEXT NOT NULL,
    inserted_by TEXT,
    PRIMARY KEY (policy_id, section_id, clause_id)
  );
  CREATE TABLE policy_placeholders (
    policy_id TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT,
    PRIMARY KEY (policy_id, name)
  );
  `,
  // The invite list looks up each invite's latest e-mail by kind and address.
  `
  CREATE INDEX outbox_by_recipient ON outbox(kind, to_address);
  `,
  // Inserting a library clause into a section and taking a clause's newer version are changes to
  // a policy too, so the audit trail gets their kinds. SQLite cannot widen a CHECK in place: the
  // table is rebuilt with its rows, ids, index and append-only triggers as they were.
  rebuildAuditTable(['requirements', 'section_added', 'section_removed', 'section_restored', 'endorsed', 'endorsement_confirmed', 'clause_inserted', 'clause_updated']),
  // What the server last read out of a stored document (its title and sections with their hashes,
  // as compressed JSON) and how many logged updates it covered: while the log is still that long, a policy
  // nobody has open is read without loading its document.
  `
  ALTER TABLE snapshots ADD COLUMN reading TEXT;
  ALTER TABLE snapshots ADD COLUMN reading_log_length INTEGER;
  `,
  // How many sections some but not all of their departments signed ("partly signed"). The rows
  // written before knew nothing of it, so they go: each policy is summarized again, once, when
  // the list first asks for it.
  `
  ALTER TABLE policy_summaries ADD COLUMN partly_count INTEGER NOT NULL DEFAULT 0;
  DELETE FROM policy_summaries;
  `,
  // When an endorsement ends (an edit, a revoked sign-off or a new approver) and when it comes
  // back (the text returns to an endorsed version), the audit trail says so: two more kinds, so
  // the table is rebuilt as before, rows, ids, index and append-only triggers kept.
  rebuildAuditTable(['requirements', 'section_added', 'section_removed', 'section_restored', 'endorsed', 'endorsement_confirmed', 'clause_inserted', 'clause_updated', 'endorsement_ended', 'endorsement_restored']),
  // The organization's own name, set by an admin (one row at most): mail and new policies use it.
  `
  CREATE TABLE organization (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT REFERENCES users(id) ON DELETE SET NULL
  );
  `,
  // The day a policy is next to be reviewed (YYYY-MM-DD, or none), set through the API; each
  // change goes in the audit trail, so the trail takes one more kind (rebuilt as before).
  // Reminders sent by e-mail as a review comes up: one per policy, review day and milestone.
  `
  ALTER TABLE policies ADD COLUMN review_by TEXT;
  CREATE TABLE review_reminders (
    policy_id TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    review_by TEXT NOT NULL,
    milestone TEXT NOT NULL CHECK (milestone IN ('soon', 'due')),
    sent_at TEXT NOT NULL,
    PRIMARY KEY (policy_id, review_by, milestone)
  );
  `,
  // A sign-off an edit made stale tells the person who gave it (kind 'signoff_stale', with the
  // section and no thread): the notifications table takes the kind (SQLite cannot widen a CHECK in
  // place, so it is rebuilt with its rows and ids), and each stale sign-off is told once.
  `
${notificationsTable(['mention', 'reply', 'thread', 'signoff_stale'])}
  CREATE TABLE stale_signoff_notices (
    policy_id TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    section_id TEXT NOT NULL,
    department TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    noticed_at TEXT NOT NULL,
    PRIMARY KEY (policy_id, section_id, department, signed_at)
  );
  `,
  rebuildAuditTable(['requirements', 'section_added', 'section_removed', 'section_restored', 'endorsed', 'endorsement_confirmed', 'clause_inserted', 'clause_updated', 'endorsement_ended', 'endorsement_restored', 'review_date_set']),
  // A review coming up is told in the bell too (kind 'review_due', no section, by nobody), and a
  // review still not done a week after its day is reminded once more (milestone 'overdue').
  `
${notificationsTable(['mention', 'reply', 'thread', 'signoff_stale', 'review_due'])}
  CREATE TABLE review_reminders_new (
    policy_id TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    review_by TEXT NOT NULL,
    milestone TEXT NOT NULL CHECK (milestone IN ('soon', 'due', 'overdue')),
    sent_at TEXT NOT NULL,
    PRIMARY KEY (policy_id, review_by, milestone)
  );
  INSERT INTO review_reminders_new SELECT policy_id, review_by, milestone, sent_at FROM review_reminders;
  DROP TABLE review_reminders;
  ALTER TABLE review_reminders_new RENAME TO review_reminders;
  -- Reviews already more than a week overdue were reminded on their day: no burst of "overdue" reminders on upgrade.
  INSERT OR IGNORE INTO review_reminders (policy_id, review_by, milestone, sent_at)
    SELECT id, review_by, 'overdue', strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM policies WHERE review_by IS NOT NULL AND review_by <= date('now', '-7 days');
  `,
  // The staff link: one address per policy that shows its latest endorsed version to anyone who has
  // it, without an account. The token is kept as it is, unlike session and invite tokens: it opens
  // nothing but text this database holds anyway, and the people who manage the policy must be able
  // to copy it again. Making and stopping it are audited.
  `
  CREATE TABLE staff_links (
    policy_id TEXT PRIMARY KEY REFERENCES policies(id) ON DELETE CASCADE,
    token TEXT NOT NULL UNIQUE,
    created_by TEXT,
    created_by_name TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  `,
  rebuildAuditTable(['requirements', 'section_added', 'section_removed', 'section_restored', 'endorsed', 'endorsement_confirmed', 'clause_inserted', 'clause_updated', 'endorsement_ended', 'endorsement_restored', 'review_date_set', 'staff_link_created', 'staff_link_stopped']),
];

/**
 * The database could not be opened at start-up. The message names the file and says what
 * to do; `code` is SQLite's error code (SQLITE_NOTADB, SQLITE_BUSY, …) when there is one.
 */
export class StorageOpenError extends Error {
  override readonly name = 'StorageOpenError';
  constructor(
    message: string,
    readonly file: string,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The database file of a data folder. */
export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'accord.db');
}

type OpenListener = (db: SqliteDatabase, file: string) => void;
const openListeners = new Set<OpenListener>();

/**
 * Calls `listener` with every database this process opens from now on. For operations
 * tooling and for the fault suite, which uses it to reach the server's own connection
 * (e.g. `PRAGMA query_only` to make the disk read-only under a running server).
 */
export function onDatabaseOpened(listener: OpenListener): () => void {
  openListeners.add(listener);
  return () => openListeners.delete(listener);
}

/** SQLite's error code of an error thrown by better-sqlite3, if it is one. */
export function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** What an operator should read when the database cannot be opened. */
function explain(error: unknown, file: string): string {
  const code = sqliteCode(error);
  const detail = (error as Error).message;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return `Cannot open the database at ${file}: it is locked by another process (waited ${DATABASE_BUSY_TIMEOUT_MS} ms). Is another Accord server or a maintenance tool using this data folder? (${detail})`;
  }
  if (code === 'SQLITE_NOTADB' || code?.startsWith('SQLITE_CORRUPT') || /integrity check failed/.test(detail)) {
    return `Cannot open the database at ${file}: the file is damaged or is not an Accord database (${detail}). Accord has not changed it. Restore it from a backup (see "Backup and restore" in the README).`;
  }
  if (code?.startsWith('SQLITE_READONLY') || code?.startsWith('SQLITE_CANTOPEN') || code?.startsWith('SQLITE_PERM') || code?.startsWith('SQLITE_AUTH')) {
    return `Cannot open the database at ${file} for writing: check that the folder and file exist and that the server may write to them (${detail}).`;
  }
  if (code === 'SQLITE_FULL' || code?.startsWith('SQLITE_IOERR')) {
    return `Cannot open the database at ${file}: the disk refused a write (${detail}). Free some space and start again.`;
  }
  return `Cannot open the database at ${file}: ${detail}`;
}

/**
 * Opens (creating if needed) the Accord database in `dataDir` and brings its schema up to date.
 * WAL mode lets readers and the writer work at once; `synchronous = NORMAL` in WAL mode means a
 * committed write survives a crash of the process (it is in the OS's hands), which is the
 * promise we make: what was relayed survives `kill -9`.
 *
 * Fails with a StorageOpenError, without changing the file, when the file is damaged, when
 * another process holds a lock on it for longer than DATABASE_BUSY_TIMEOUT_MS, or when it
 * cannot be written: a server that could not save would only pretend to work. Once open,
 * writes wait at most DATABASE_WRITE_BUSY_TIMEOUT_MS for a lock (see shared/limits).
 */
export function openDatabase(dataDir: string): SqliteDatabase {
  const file = databaseFile(dataDir);
  let db: SqliteDatabase | undefined;
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    db = new Database(file, { timeout: DATABASE_BUSY_TIMEOUT_MS });
    // Reading the schema first fails at once on a file that is not a database,
    // before any pragma below could try to write to it.
    db.prepare('SELECT COUNT(*) FROM sqlite_schema').get();
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`integrity check failed: ${String(check)}`);
    migrate(db);
    // A write lock, taken and given back: proves nobody else holds the database and that it is writable.
    db.exec('BEGIN IMMEDIATE; COMMIT');
    db.pragma(`busy_timeout = ${DATABASE_WRITE_BUSY_TIMEOUT_MS}`);
  } catch (error) {
    try {
      db?.close();
    } catch {
      // closing a half-open handle may fail too; the original error is the one to report
    }
    throw new StorageOpenError(explain(error, file), file, sqliteCode(error), { cause: error });
  }
  for (const listener of openListeners) listener(db, file);
  return db;
}

/**
 * Applies the missing migrations, each in its own transaction, with foreign keys off as SQLite's
 * procedure for rebuilding a table asks (a DROP would otherwise cascade); each migration must
 * leave every reference valid, which is checked before it commits.
 */
function migrate(db: SqliteDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current >= MIGRATIONS.length) return;
  db.pragma('foreign_keys = OFF');
  try {
    for (let version = current; version < MIGRATIONS.length; version += 1) {
      db.transaction(() => {
        db.exec(MIGRATIONS[version]!);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`migration ${version + 1} left ${broken.length} broken references`);
        db.pragma(`user_version = ${version + 1}`);
      })();
    }
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

