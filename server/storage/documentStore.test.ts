import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { refuseUpdateLogRows } from '../../test/support/accordServer';
import { documentStoreContract } from '../../test/support/documentStoreContract';
import { databaseFile, MIGRATIONS, openDatabase, type SqliteDatabase } from './database';
import { flushSectionAuthors, SqliteDocumentStore } from './documentStore';
import { storageStatus } from './storageStatus';

documentStoreContract('SQLite', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-store-'));
  const db = openDatabase(dataDir);
  const now = new Date().toISOString();
  const insertPolicy = db.prepare<[string, string, string, string]>('INSERT INTO policies (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)');
  return {
    store: new SqliteDocumentStore(db),
    addPolicy: (policyId) => insertPolicy.run(policyId, 'Contract', now, now),
    dispose: () => {
      db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

describe('SQLite section authors', () => {
  const dataDirs: string[] = [];
  const open: SqliteDatabase[] = [];
  afterEach(() => {
    for (const db of open.splice(0)) if (db.open) db.close();
    for (const dataDir of dataDirs.splice(0)) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function database(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-authors-'))): { db: SqliteDatabase; dataDir: string } {
    if (!dataDirs.includes(dataDir)) dataDirs.push(dataDir);
    const db = openDatabase(dataDir);
    open.push(db);
    return { db, dataDir };
  }

  function seed(db: SqliteDatabase): void {
    const now = new Date().toISOString();
    db.prepare("INSERT INTO users (id, email, name, department, role, password_hash, created_at) VALUES ('user-ada', 'ada@example.org', 'Ada', 'legal', 'editor', 'x', ?)").run(now);
    db.prepare("INSERT INTO policies (id, title, created_at, updated_at) VALUES ('p1', 'Authors', ?, ?)").run(now, now);
  }

  const authors = (db: SqliteDatabase) => db.prepare('SELECT section_id, user_id, user_name, last_at FROM section_authors ORDER BY section_id').all() as { section_id: string; user_id: string; user_name: string; last_at: string }[];
  const update = (byte: number) => new Uint8Array([byte]);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('records the latest of several quick edits by one person, including one right after a sign-off time', async () => {
    const { db } = database();
    seed(db);
    const store = new SqliteDocumentStore(db);
    store.append('p1', [{ update: update(1), userId: 'user-ada', sections: ['s1'] }]);
    flushSectionAuthors(db);
    const first = authors(db)[0]!.last_at;
    await sleep(3);
    const signedAt = new Date().toISOString();
    await sleep(3);
    // Within the same second, as typing is: the record must still move past the sign-off.
    store.append('p1', [{ update: update(2), userId: 'user-ada', sections: ['s1', 's2'] }]);
    store.append('p1', [{ update: update(3), userId: null, sections: ['s2'] }]);
    flushSectionAuthors(db);
    const rows = authors(db);
    expect(rows.map((row) => [row.section_id, row.user_id, row.user_name])).toEqual([
      ['s1', 'user-ada', 'Ada'],
      ['s2', 'user-ada', 'Ada'],
    ]);
    expect(rows[0]!.last_at > signedAt).toBe(true);
    expect(rows[0]!.last_at > first).toBe(true);
    expect(rows[1]!.last_at).toBe(rows[0]!.last_at);
  });

  it('writes waiting authors before the log is compacted, and never a deleted policy', () => {
    const { db } = database();
    seed(db);
    const store = new SqliteDocumentStore(db);
    store.append('p1', [{ update: update(1), userId: 'user-ada', sections: ['s1'] }]);
    store.compact('p1', update(9));
    expect(store.log('p1')).toEqual([]);
    expect(authors(db).map((row) => row.section_id)).toEqual(['s1']);

    store.append('p1', [{ update: update(2), userId: 'user-ada', sections: ['s2'] }]);
    db.prepare("DELETE FROM policies WHERE id = 'p1'").run();
    flushSectionAuthors(db);
    expect(authors(db)).toEqual([]);
  });

  it('recovers from the log, on opening, the authors still waiting when the process stopped', () => {
    const { db, dataDir } = database();
    seed(db);
    const store = new SqliteDocumentStore(db);
    store.append('p1', [{ update: update(1), userId: 'user-ada', sections: ['s1'] }]);
    store.append('p1', [{ update: update(2), userId: 'user-ada', sections: ['s1', 's3'] }]);
    const latest = (db.prepare("SELECT MAX(at) AS at FROM updates WHERE policy_id = 'p1'").get() as { at: string }).at;
    db.close();

    const reopened = database(dataDir).db;
    expect(authors(reopened)).toEqual([]);
    new SqliteDocumentStore(reopened);
    expect(authors(reopened).map((row) => [row.section_id, row.user_id, row.last_at])).toEqual([
      ['s1', 'user-ada', latest],
      ['s3', 'user-ada', latest],
    ]);
  });
});

describe('SQLite update log without AUTOINCREMENT', () => {
  it('keeps every logged update, in order, and appends after them', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-log-'));
    try {
      const old = new Database(databaseFile(dataDir));
      for (const [version, sql] of MIGRATIONS.slice(0, -1).entries()) {
        old.exec(sql);
        old.pragma(`user_version = ${version + 1}`);
      }
      const now = new Date().toISOString();
      old.prepare("INSERT INTO policies (id, title, created_at, updated_at) VALUES ('p1', 'Log', ?, ?)").run(now, now);
      const insert = old.prepare("INSERT INTO updates (policy_id, data, user_id, sections, at) VALUES ('p1', ?, NULL, '[]', ?)");
      for (const byte of [5, 6, 7]) insert.run(Buffer.from([byte]), now);
      old.prepare("DELETE FROM updates WHERE data = X'05'").run();
      old.close();

      const db = openDatabase(dataDir);
      try {
        const store = new SqliteDocumentStore(db);
        store.append('p1', [{ update: new Uint8Array([8]), userId: null, sections: [] }]);
        expect(store.load('p1').updates.map((update) => [...update])).toEqual([[6], [7], [8]]);
        expect((db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'updates'").get() as { sql: string }).sql).not.toMatch(/AUTOINCREMENT/i);
        expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'updates_by_policy'").get()).toBeDefined();
      } finally {
        db.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/** Runs `test` on a fresh database in a temporary folder that holds one policy, 'p1'; removes it after. */
function withOnePolicy(test: (db: SqliteDatabase, store: SqliteDocumentStore) => void): void {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-store-'));
  const db = openDatabase(dataDir);
  try {
    const now = new Date().toISOString();
    db.prepare("INSERT INTO policies (id, title, created_at, updated_at) VALUES ('p1', 'One policy', ?, ?)").run(now, now);
    test(db, new SqliteDocumentStore(db));
  } finally {
    db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('SQLite: server data written alongside an append', () => {
  it('is committed with the updates, and rolled back with them', () => {
    withOnePolicy((db, store) => {
      const audit = db.prepare<[string]>("INSERT INTO policy_audit (policy_id, section_id, section_title, kind, user_id, user_name, department, before, after, at) VALUES ('p1', 's1', ?, 'clause_inserted', NULL, '', NULL, NULL, NULL, '')");
      const entries = () => (db.prepare("SELECT section_title FROM policy_audit WHERE policy_id = 'p1'").all() as { section_title: string }[]).map((row) => row.section_title);

      store.append('p1', [{ update: new Uint8Array([1]), userId: null, sections: [] }], () => audit.run('kept'));
      expect(entries()).toEqual(['kept']);
      // The log refuses the row after the audit entry was written (it is written first): neither stays.
      refuseUpdateLogRows(db);
      expect(() => store.append('p1', [{ update: new Uint8Array([2]), userId: null, sections: [] }], () => audit.run('rolled back'))).toThrow('the log refuses rows');
      expect(entries()).toEqual(['kept']);
      expect(store.logLength('p1')).toBe(1);
    });
  });
  it('rolls back when the alongside code throws, without calling that a storage failure', () => {
    withOnePolicy((db, store) => {
      expect(() =>
        store.append('p1', [{ update: new Uint8Array([1]), userId: null, sections: [] }], () => {
          throw new Error('the audit entry met a shape it does not know');
        }),
      ).toThrow('the audit entry met a shape it does not know');
      expect(store.logLength('p1')).toBe(0);
      expect(storageStatus(db)).toMatchObject({ ok: true, lastWriteError: null });
      // A refusal by SQLite itself still counts.
      refuseUpdateLogRows(db);
      expect(() => store.append('p1', [{ update: new Uint8Array([2]), userId: null, sections: [] }])).toThrow('the log refuses rows');
      expect(storageStatus(db).lastWriteError).toMatchObject({ message: expect.stringContaining('the log refuses rows') });
    });
  });
});

describe('SQLite: a kept reading that cannot be read', () => {
  it('throws to the caller but is not a storage failure', () => {
    withOnePolicy((db, store) => {
      store.compact('p1', new Uint8Array([0, 0]));
      expect(storageStatus(db).ok).toBe(true);
      expect(() =>
        store.keepReading('p1', 0, () => {
          throw new Error('the reader met a shape it does not know');
        }),
      ).toThrow('the reader met a shape it does not know');
      expect(storageStatus(db)).toMatchObject({ ok: true, lastWriteError: null });
      expect(store.keptReading('p1')).toBeNull();
    });
  });
});
