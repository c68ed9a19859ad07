import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseFile, MIGRATIONS, openDatabase } from './database';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

describe('the commenter-role migration', () => {
  it('rebuilds users, invites and members without losing a session or a membership, and then accepts commenters', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-migrate-'));
    folders.push(dataDir);
    const before = MIGRATIONS.findIndex((migration) => migration.includes('CREATE TABLE users_new'));
    expect(before).toBeGreaterThan(0);
    const old = new Database(databaseFile(dataDir));
    old.pragma('foreign_keys = ON');
    for (const migration of MIGRATIONS.slice(0, before)) old.exec(migration);
    old.pragma(`user_version = ${before}`);
    old.prepare("INSERT INTO users VALUES ('u1', 'a@example.org', 'Ada', 'legal', 'editor', 'hash', 'now')").run();
    old.prepare("INSERT INTO sessions VALUES ('s1', 'u1', 1, 2)").run();
    old.prepare("INSERT INTO policies (id, title, created_at, updated_at) VALUES ('p1', 'Policy', 'now', 'now')").run();
    old.prepare("INSERT INTO policy_members VALUES ('p1', 'u1', 'viewer', NULL, 'now')").run();
    old.prepare("INSERT INTO invites VALUES ('t1', 'hr', 'viewer', 'u1', 1, 2, NULL, NULL)").run();
    expect(() => old.prepare("UPDATE users SET role = 'commenter'").run()).toThrow(/CHECK/);
    old.close();

    const db = openDatabase(dataDir);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.prepare('SELECT COUNT(*) AS count FROM sessions').get()).toEqual({ count: 1 });
    expect(db.prepare('SELECT role FROM policy_members').all()).toEqual([{ role: 'viewer' }]);
    expect(db.prepare('SELECT role FROM invites').all()).toEqual([{ role: 'viewer' }]);
    db.prepare("UPDATE users SET role = 'commenter'").run();
    db.prepare("UPDATE policy_members SET role = 'commenter'").run();
    db.prepare("UPDATE invites SET role = 'commenter'").run();
    expect(() => db.prepare("UPDATE users SET role = 'owner'").run()).toThrow(/CHECK/);
    // References still hold: deleting the user removes its session and membership.
    db.prepare("DELETE FROM users WHERE id = 'u1'").run();
    expect(db.prepare('SELECT COUNT(*) AS count FROM sessions').get()).toEqual({ count: 0 });
    expect(db.prepare('SELECT COUNT(*) AS count FROM policy_members').get()).toEqual({ count: 0 });
    db.close();
  });
});
