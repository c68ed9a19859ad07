import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAccord } from '../../server/app';
import { createLogger } from '../../server/logger';
import { StorageOpenError, type SqliteDatabase } from '../../server/storage/database';
import { resetStorageProbe, storageStatus } from '../../server/storage/storageStatus';
import * as CloseEvents from '../../shared/closeCodes';
import { DATABASE_BUSY_TIMEOUT_MS } from '../../shared/limits';
import { startTestServer, startTestServerWithDatabase, temporaryDataDir } from '../support/accordServer';
import { runChildServerToExit } from '../support/childServer';
import { call, createPolicy, signUpAdmin } from '../support/session';
import { allText, faultClient, figure, integrityCheck, markerCounts, SEED, seededRandom, storedDoc, storedFingerprint, typeInto, waitFor, whenSynced, writeGarbage, type FaultClient } from './support/faultKit';
import { cleanupStack } from '../support/cleanups';

const cleanups = cleanupStack();

const quietLogger = () => createLogger({ quiet: true, write: () => {} });

/** A running server whose own database connection the test holds, to break it on purpose. */
async function serverWithHandle() {
  const { server, db } = await startTestServerWithDatabase();
  cleanups.push(() => server.close());
  const admin = await signUpAdmin(server.url);
  const policyId = await createPolicy(server.url, admin, { title: 'Storage faults', templateId: 'small-business', organization: 'Acme' });
  const clients: FaultClient[] = ['alice', 'bob'].map((name) => {
    const client = faultClient(server.url, policyId, admin.cookie, { name });
    cleanups.push(() => client.destroy());
    return client;
  });
  await Promise.all(clients.map((client) => whenSynced(client)));
  return { server, admin, policyId, clients, db };
}

/**
 * The shared scenario: edits are stored; a fault makes writes fail; editors are told in words
 * (StorageFailure, 4503) and nothing partial reaches the disk; the fault clears; editors come
 * back on their own and what they typed meanwhile, kept in their Y.Doc, is merged and stored.
 */
async function writeFaultScenario(
  name: string,
  inject: (db: SqliteDatabase) => void,
  clear: (db: SqliteDatabase) => void,
  code: string,
  /** Disk full: only writes that need new space fail; small ones still fit in free pages. */
  { diskFull = false } = {},
) {
  const { server, admin, policyId, clients, db } = await serverWithHandle();
  const [alice, bob] = clients as [FaultClient, FaultClient];
  typeInto(alice.doc, 1, '⟦stored-before⟧ ');
  await waitFor(() => allText(storedDoc(server.dataDir, policyId)).includes('⟦stored-before⟧'), 5_000, 'first edit stored');
  const before = storedFingerprint(server.dataDir, policyId);
  expect(storageStatus(db).ok).toBe(true);

  inject(db);
  resetStorageProbe(db);
  typeInto(alice.doc, 1, diskFull ? `⟦during-1⟧ ${'filler '.repeat(40_000)}` : '⟦during-1⟧ ');
  await waitFor(() => alice.closes.length > 0 && bob.closes.length > 0, 10_000, 'editors are told');
  for (const client of [alice, bob]) expect(client.closes[0]).toEqual({ code: CloseEvents.StorageFailure.code, reason: CloseEvents.StorageFailure.reason });
  expect(CloseEvents.describeClose(CloseEvents.StorageFailure.code)).toMatch(/cannot save/);
  expect(CloseEvents.shouldReconnect(CloseEvents.StorageFailure.code)).toBe(true);

  // Bob never got Alice's unsaved edit: nothing that is not stored is relayed.
  expect(allText(bob.doc)).not.toContain('⟦during-1⟧');
  // Both keep typing while the server cannot save; their copies keep everything.
  typeInto(bob.doc, 2, '⟦during-2⟧ ');
  typeInto(alice.doc, 3, '⟦during-3⟧ ');

  const status = storageStatus(db);
  expect(status.ok).toBe(false);
  expect(status.lastWriteError?.code).toBe(code);
  const health = await call(server.url, '/api/health');
  expect(health.status).not.toBe(500);
  if (health.body && typeof health.body === 'object' && 'storage' in health.body) {
    // Once app.ts wires storageStatus into GET /api/health (see the report's patch).
    expect(health.status).toBe(503);
    expect(health.body.storage.ok).toBe(false);
  }
  const write = await call(server.url, '/api/policies', { json: { title: 'During the fault' }, cookie: admin.cookie });
  if (diskFull && write.status === 201) {
    // A policy fits in the free pages left: a full disk refuses only what needs new space.
  } else {
    expect(write.status).toBe(503);
    expect(write.body.error).toMatch(/cannot save/);
    expect(JSON.stringify(write.body)).not.toMatch(/\n\s+at /);
  }
  const read = await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie });
  expect(read.status).toBe(200); // reading still works
  expect(JSON.stringify(read.body)).not.toContain('⟦during-1⟧');

  // Let reconnect attempts meet the fault for a while: still nothing reaches the disk.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  if (diskFull) expect(allText(storedDoc(server.dataDir, policyId))).not.toContain('⟦during-1⟧');
  else expect(storedFingerprint(server.dataDir, policyId)).toEqual(before);
  expect(integrityCheck(server.dataDir)).toBe('ok');
  const refusals = alice.closes.length + bob.closes.length;

  clear(db);
  resetStorageProbe(db);
  await waitFor(
    () => {
      const text = allText(storedDoc(server.dataDir, policyId));
      return ['⟦stored-before⟧', '⟦during-1⟧', '⟦during-2⟧', '⟦during-3⟧'].every((marker) => text.includes(marker));
    },
    15_000,
    'edits made during the fault are stored once it clears',
  );
  const stored = storedDoc(server.dataDir, policyId);
  await waitFor(() => alice.text() === bob.text() && alice.text() === stored.getXmlFragment('default').toString(), 10_000, 'editors converge');
  for (const count of markerCounts(allText(stored)).values()) expect(count).toBe(1);
  stored.destroy();
  expect(storageStatus(db).ok).toBe(true);
  expect(integrityCheck(server.dataDir)).toBe('ok');
  figure(`storage fault: ${name}`, { closesWith4503: refusals, editsKeptAndMergedAfter: 3, lost: 0 });
}

describe('storage faults under a running server', () => {
  it('read-only database (PRAGMA query_only on the server’s own connection)', async () => {
    await writeFaultScenario(
      'read-only',
      (db) => db.pragma('query_only = ON'),
      (db) => db.pragma('query_only = OFF'),
      'SQLITE_READONLY',
    );
  });

  it('disk full (PRAGMA max_page_count at the current size: SQLITE_FULL)', async () => {
    await writeFaultScenario(
      'disk full',
      (db) => {
        db.pragma('wal_checkpoint(TRUNCATE)');
        db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
      },
      (db) => db.pragma('max_page_count = 1073741823'),
      'SQLITE_FULL',
      { diskFull: true },
    );
  });

  it('database locked by another process (writes time out after the busy timeout: SQLITE_BUSY)', async () => {
    let locker: Database.Database | null = null;
    await writeFaultScenario(
      'locked',
      (db) => {
        locker = new Database(db.name, { timeout: 0 });
        locker.exec('BEGIN EXCLUSIVE');
      },
      () => {
        locker!.exec('COMMIT');
        locker!.close();
      },
      'SQLITE_BUSY',
    );
  });
});

describe('storage faults at start-up', () => {
  it('a database file full of garbage: StorageOpenError naming the file, the file left as it was', async () => {
    const dataDir = temporaryDataDir('accord-corrupt-');
    const file = path.join(dataDir, 'accord.db');
    writeGarbage(file, 64 * 1024, seededRandom(SEED));
    const bytes = fs.readFileSync(file);
    const failure = await startAccord({ dataDir, port: 0, logger: quietLogger() }).then(
      (server) => server.close().then(() => null),
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StorageOpenError);
    expect((failure as StorageOpenError).message).toContain(file);
    expect((failure as StorageOpenError).message).toMatch(/damaged or is not an Accord database.*Restore it from a backup/);
    expect((failure as StorageOpenError).code).toBe('SQLITE_NOTADB');
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('damaged pages inside a real database: refused at start-up, never silently replaced', async () => {
    const dataDir = temporaryDataDir('accord-damaged-');
    const first = await startTestServer({ dataDir });
    const admin = await signUpAdmin(first.url);
    for (let index = 0; index < 20; index += 1) await createPolicy(first.url, admin, { title: `Policy ${index}`, templateId: 'higher-education', organization: 'Acme' });
    await first.close();
    const file = path.join(dataDir, 'accord.db');
    const pageSize = 4096;
    const pages = fs.statSync(file).size / pageSize;
    expect(pages).toBeGreaterThan(8);
    const handle = fs.openSync(file, 'r+');
    const random = seededRandom(SEED + 1);
    for (let page = 2; page < pages; page += 3) {
      const garbage = Buffer.alloc(pageSize);
      for (let index = 0; index < pageSize; index += 1) garbage[index] = Math.floor(random() * 256);
      fs.writeSync(handle, garbage, 0, pageSize, page * pageSize);
    }
    fs.closeSync(handle);
    const bytes = fs.readFileSync(file);
    const failure = await startAccord({ dataDir, port: 0, logger: quietLogger() }).then(
      (server) => server.close().then(() => null),
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StorageOpenError);
    expect((failure as Error).message).toContain(file);
    expect((failure as Error).message).toMatch(/damaged|malformed|integrity/);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('the main process exits 1 with one clear JSON log line naming the file', async () => {
    const dataDir = temporaryDataDir('accord-corrupt-main-');
    const file = path.join(dataDir, 'accord.db');
    writeGarbage(file, 8 * 1024, seededRandom(SEED + 2));
    const { code, output } = await runChildServerToExit(dataDir);
    expect(code).toBe(1);
    const line = output.split('\n').find((candidate) => candidate.includes('"server.start_failed"'));
    expect(line, output).toBeDefined();
    const entry = JSON.parse(line!);
    expect(entry).toMatchObject({ level: 'error', event: 'server.start_failed', file, error: { name: 'StorageOpenError', code: 'SQLITE_NOTADB', cause: { code: 'SQLITE_NOTADB' } } });
    expect(entry.error.message).toContain(file);
    expect(entry.error.stack).toContain('database.ts');
    expect(output).toContain(`Accord could not start: Cannot open the database at ${file}`);
  });

  it('a database locked by another connection: a clear error after the busy timeout, then starts once released', async () => {
    const dataDir = temporaryDataDir('accord-locked-');
    const first = await startTestServer({ dataDir });
    const admin = await signUpAdmin(first.url);
    const policyId = await createPolicy(first.url, admin, { title: 'Locked' });
    await first.close();
    const locker = new Database(path.join(dataDir, 'accord.db'));
    locker.exec('BEGIN EXCLUSIVE');
    const started = Date.now();
    const failure = await startAccord({ dataDir, port: 0, logger: quietLogger() }).then(
      (server) => server.close().then(() => null),
      (error: unknown) => error,
    );
    const waited = Date.now() - started;
    locker.exec('COMMIT');
    locker.close();
    expect(failure).toBeInstanceOf(StorageOpenError);
    expect((failure as StorageOpenError).code).toBe('SQLITE_BUSY');
    expect((failure as Error).message).toMatch(/locked by another process/);
    expect((failure as Error).message).toContain(path.join(dataDir, 'accord.db'));
    expect(waited).toBeGreaterThanOrEqual(DATABASE_BUSY_TIMEOUT_MS - 100);

    const second = await startTestServer({ dataDir });
    cleanups.push(() => second.close());
    expect((await call(second.url, `/api/policies/${policyId}`, { cookie: admin.cookie })).status).toBe(200);
    expect(integrityCheck(dataDir)).toBe('ok');
  });
});
