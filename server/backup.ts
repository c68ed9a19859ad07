/**
 * `npm run backup -- <file> [--force]`: a consistent copy of Accord's database, made while
 * the server runs, with SQLite's online backup (better-sqlite3's `db.backup`). The copy is
 * taken in one step, so it is one moment's state even while editors keep typing; it is
 * written next to the target and renamed into place only once it passed an integrity check.
 * Reads the data folder from ACCORD_DATA (default ./data), like the server.
 *
 * Exit codes: 0 done, 1 the backup failed, 2 wrong usage.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DATABASE_BUSY_TIMEOUT_MS } from '../shared/limits';
import { createLogger } from './logger';
import { databaseFile } from './storage/database';

export interface BackupSummary {
  source: string;
  file: string;
  bytes: number;
  pages: number;
  policies: number;
  users: number;
  signoffEvents: number;
  schemaVersion: number;
  durationMs: number;
}

export class BackupError extends Error {
  override readonly name = 'BackupError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Copies the database of `dataDir` to `target`. Refuses to overwrite a file unless `force`. */
export async function backupDatabase(dataDir: string, target: string, options: { force?: boolean } = {}): Promise<BackupSummary> {
  const started = Date.now();
  const source = databaseFile(path.resolve(dataDir));
  const file = path.resolve(target);
  if (!fs.existsSync(source)) throw new BackupError(`No Accord database at ${source}. Set ACCORD_DATA to the server's data folder.`, 2);
  if (file === source) throw new BackupError('The backup file cannot be the database itself.', 2);
  if (fs.existsSync(file) && !options.force) throw new BackupError(`${file} already exists. Choose another file name or add --force to replace it.`, 2);
  fs.mkdirSync(path.dirname(file), { recursive: true });

  const partial = `${file}.partial-${process.pid}`;
  fs.rmSync(partial, { force: true });
  const db = new Database(source, { fileMustExist: true, timeout: DATABASE_BUSY_TIMEOUT_MS });
  let pages: number;
  try {
    // The first step only measures; the second copies every page at once, inside one read
    // transaction, so the copy is a single consistent moment even while the server writes.
    const progress = await db.backup(partial, { progress: () => 0x7fffffff });
    pages = progress.totalPages;
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw new BackupError(`Backup of ${source} failed: ${(error as Error).message}`, 1, { cause: error });
  } finally {
    db.close();
  }

  let counts: { policies: number; users: number; signoffEvents: number; schemaVersion: number };
  try {
    // One self-contained file: a rollback-journal database carries no -wal/-shm beside it.
    // The server switches it back to WAL when it opens it after a restore.
    const copy = new Database(partial, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    counts = verifyBackup(partial);
  } catch (error) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(partial + suffix, { force: true });
    throw new BackupError(`The copy of ${source} did not pass its check, so it was not kept: ${(error as Error).message}`, 1, { cause: error });
  }
  fs.renameSync(partial, file);
  return { source, file, bytes: fs.statSync(file).size, pages, ...counts, durationMs: Date.now() - started };
}

/** Opens a backup read-only, checks its integrity and counts what it holds. */
export function verifyBackup(file: string): { policies: number; users: number; signoffEvents: number; schemaVersion: number } {
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`integrity check: ${String(check)}`);
    const count = (table: string) => (copy.prepare(`SELECT COUNT(*) AS count FROM ${table}`).get() as { count: number }).count;
    return {
      policies: count('policies'),
      users: count('users'),
      signoffEvents: count('signoff_events'),
      schemaVersion: copy.pragma('user_version', { simple: true }) as number,
    };
  } finally {
    copy.close();
  }
}

async function cli(argv: string[]): Promise<number> {
  const force = argv.includes('--force');
  const files = argv.filter((argument) => argument !== '--force');
  if (files.length !== 1 || files[0]!.startsWith('-')) {
    console.error('Usage: npm run backup -- <backup-file> [--force]\n  Copies the database in ACCORD_DATA (default ./data) while the server runs.');
    return 2;
  }
  const dataDir = process.env.ACCORD_DATA ?? './data';
  const logger = createLogger();
  try {
    const summary = await backupDatabase(dataDir, files[0]!, { force });
    logger.info('backup.done', { ...summary });
    console.error(`Backed up ${summary.policies} policies, ${summary.users} people and ${summary.signoffEvents} sign-off events to ${summary.file} (${summary.bytes} bytes).`);
    return 0;
  } catch (error) {
    const exitCode = error instanceof BackupError ? error.exitCode : 1;
    logger.error('backup.failed', { error });
    console.error(`Backup failed: ${(error as Error).message}`);
    return exitCode;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  cli(process.argv.slice(2)).then((code) => process.exit(code));
}
