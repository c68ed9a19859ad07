import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/support/manualClock';
import { openDatabase } from '../storage/database';
import { AccountService } from './accounts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function accountsOn(clock: ManualClock, sessionTtlMs: number): AccountService {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-accounts-'));
  const db = openDatabase(dataDir);
  const accounts = new AccountService(db, { sessionTtlMs, clock });
  cleanups.push(() => {
    accounts.close();
    db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return accounts;
}

describe('session expiry on a manual clock', () => {
  it('ends a session when its time is up and tells the listeners at that moment, not before', async () => {
    const clock = new ManualClock();
    const accounts = accountsOn(clock, 60_000);
    const admin = await accounts.signup({ email: 'admin@example.org', name: 'Admin', password: 'correct horse battery', department: 'legal' });
    const ended: string[] = [];
    accounts.onAccessChange((userId) => ended.push(userId));
    const first = accounts.createSession(admin.id);
    clock.advance(30_000);
    const second = accounts.createSession(admin.id);

    clock.advance(29_999);
    expect(accounts.userForSession(first.id)?.id).toBe(admin.id);
    expect(ended).toEqual([]);
    clock.advance(1);
    expect(accounts.userForSession(first.id)).toBeNull();
    // The expiry timer runs just after the expiry; then the next session's expiry is armed.
    clock.advance(1);
    expect(ended).toEqual([admin.id]);
    expect(accounts.userForSession(second.id)?.id).toBe(admin.id);
    expect(clock.pendingTimers).toBe(1);

    clock.advance(30_000);
    expect(accounts.userForSession(second.id)).toBeNull();
    expect(ended).toEqual([admin.id, admin.id]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('cancels its timer when closed', async () => {
    const clock = new ManualClock();
    const accounts = accountsOn(clock, 60_000);
    const admin = await accounts.signup({ email: 'admin@example.org', name: 'Admin', password: 'correct horse battery', department: 'legal' });
    accounts.onAccessChange(() => {});
    accounts.createSession(admin.id);
    expect(clock.pendingTimers).toBe(1);
    accounts.close();
    expect(clock.pendingTimers).toBe(0);
  });
});
