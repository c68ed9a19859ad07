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

describe('the clause audit kinds migration', () => {
  it('rebuilds policy_audit with its rows, then takes the clause kinds and still refuses changes to a row', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-migrate-'));
    folders.push(dataDir);
    const before = MIGRATIONS.findIndex((migration) => migration.includes('CREATE TABLE policy_audit_new'));
    expect(before).toBeGreaterThan(0);
    const old = new Database(databaseFile(dataDir));
    old.pragma('foreign_keys = ON');
    for (const migration of MIGRATIONS.slice(0, before)) old.exec(migration);
    old.pragma(`user_version = ${before}`);
    old.prepare("INSERT INTO policies (id, title, created_at, updated_at) VALUES ('p1', 'Policy', 'now', 'now')").run();
    old.prepare("INSERT INTO policies (id, title, created_at, updated_at) VALUES ('p2', 'Gone', 'now', 'now')").run();
    const insert = old.prepare("INSERT INTO policy_audit (policy_id, section_id, section_title, kind, user_id, user_name, department, before, after, at) VALUES (?, 's1', 'Purpose', ?, 'u1', 'Ada', 'legal', NULL, ?, 'then')");
    insert.run('p1', 'section_added', '{"owner":"legal","approvers":[]}');
    insert.run('p1', 'requirements', '{"owner":"hr","approvers":[]}');
    insert.run('p2', 'endorsed', null);
    // A policy deleted before the upgrade: its entries went with it, and their ids are not given out again.
    old.prepare("DELETE FROM policies WHERE id = 'p2'").run();
    const rows = old.prepare('SELECT * FROM policy_audit ORDER BY id').all();
    expect(rows).toHaveLength(2);
    expect(() => insert.run('p1', 'clause_inserted', null)).toThrow(/CHECK/);
    old.close();

    const db = openDatabase(dataDir);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare('SELECT * FROM policy_audit ORDER BY id').all()).toEqual(rows);
    const added = db.prepare("INSERT INTO policy_audit (policy_id, kind, at) VALUES ('p1', 'clause_inserted', 'now')").run();
    expect(added.lastInsertRowid).toBe(4);
    db.prepare("INSERT INTO policy_audit (policy_id, kind, at) VALUES ('p1', 'clause_updated', 'now')").run();
    expect(() => db.prepare("INSERT INTO policy_audit (policy_id, kind, at) VALUES ('p1', 'clause_removed', 'now')").run()).toThrow(/CHECK/);
    // Append-only as before: no entry of a policy that exists is changed or removed.
    expect(() => db.prepare("UPDATE policy_audit SET user_name = 'Someone else' WHERE policy_id = 'p1'").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM policy_audit WHERE policy_id = 'p1'").run()).toThrow(/append-only/);
    expect(db.prepare("SELECT COUNT(*) AS count FROM policy_audit WHERE policy_id = 'p1'").get()).toEqual({ count: 4 });
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE tbl_name = 'policy_audit' AND type IN ('index', 'trigger') ORDER BY name").all()).toEqual([
      { name: 'policy_audit_by_policy' },
      { name: 'policy_audit_no_delete' },
      { name: 'policy_audit_no_update' },
    ]);
    // Deleting the policy still takes its entries with it (the reference survived the rebuild).
    db.prepare("DELETE FROM policies WHERE id = 'p1'").run();
    expect(db.prepare('SELECT COUNT(*) AS count FROM policy_audit').get()).toEqual({ count: 0 });
    db.close();
  });
});

describe('the review-reminder migration', () => {
  it('counts a review already more than a week overdue as reminded, so an upgrade sends no burst of "overdue" reminders', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-migrate-'));
    folders.push(dataDir);
    const before = MIGRATIONS.findIndex((migration) => migration.includes("'review_due'"));
    expect(before).toBeGreaterThan(0);
    const old = new Database(databaseFile(dataDir));
    old.pragma('foreign_keys = ON');
    for (const migration of MIGRATIONS.slice(0, before)) old.exec(migration);
    old.pragma(`user_version = ${before}`);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const insert = old.prepare("INSERT INTO policies (id, title, created_at, updated_at, review_by) VALUES (?, 'Policy', 'now', 'now', ?)");
    insert.run('long-overdue', day(-40));
    insert.run('just-due', day(-2));
    insert.run('coming', day(10));
    old.prepare("INSERT INTO review_reminders VALUES ('long-overdue', ?, 'due', 'then')").run(day(-40));
    old.close();

    const db = openDatabase(dataDir);
    const rows = db.prepare('SELECT policy_id, milestone FROM review_reminders ORDER BY policy_id, milestone').all();
    expect(rows).toEqual([
      { policy_id: 'long-overdue', milestone: 'due' },
      { policy_id: 'long-overdue', milestone: 'overdue' },
    ]);
    db.close();
  });
});
