import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/support/manualClock';
import { dayOf, utcDayNumber } from '../../shared/reviewDate';
import { createLogger } from '../logger';
import { openDatabase } from '../storage/database';
import { ReviewReminders } from './reviewReminders';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

describe('the review reminder check', () => {
  it('goes on to the other policies when one fails, and tries that one again at the next check', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-reminders-'));
    folders.push(dataDir);
    const db = openDatabase(dataDir);
    const clock = new ManualClock(Date.parse('2030-03-01T01:00:00Z'));
    const today = utcDayNumber(clock.now());
    const insert = db.prepare("INSERT INTO policies (id, title, created_at, updated_at, review_by) VALUES (?, ?, 'now', 'now', ?)");
    insert.run('aaa', 'First', dayOf(today));
    insert.run('bbb', 'Second', dayOf(today));
    const lines: string[] = [];
    let failing = true;
    const told: string[] = [];
    const reminders = new ReviewReminders(db, {
      outbox: null,
      organization: () => 'Northwind',
      origin: () => 'http://localhost',
      recipients: (policyId) => {
        if (policyId === 'aaa' && failing) throw new Error('members could not be read');
        return [{ id: 'u1', email: 'u1@example.org', name: 'Ada' }];
      },
      notify: (policyId) => told.push(policyId),
      clock,
      logger: createLogger({ write: (line) => lines.push(line) }),
    });
    try {
      reminders.check();
      expect(told).toEqual(['bbb']);
      expect(lines.some((line) => line.includes('mail.review_reminder_failed') && line.includes('aaa'))).toBe(true);
      // Nothing was recorded for the one that failed: it is reminded once it can be.
      failing = false;
      reminders.check();
      expect(told).toEqual(['bbb', 'aaa']);
      reminders.check();
      expect(told).toEqual(['bbb', 'aaa']);
    } finally {
      reminders.close();
      db.close();
    }
  });
});
