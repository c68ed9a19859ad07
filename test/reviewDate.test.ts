import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf, utcDayNumber } from '../shared/reviewDate';
import { startTestServer } from './support/accordServer';
import type { SqliteDatabase } from '../server/storage/database';
import { call, createPolicy, signUpAdmin, signUpInvited, type Session } from './support/session';

/**
 * The day a policy is next reviewed: server data, set through PATCH /api/policies/:id by admins
 * and the policy's editors by membership, checked (a real day, not past, at most five years
 * ahead), kept in the list and the policy, written to the audit trail and named in exports.
 */
type TestServer = Awaited<ReturnType<typeof startTestServer>>;

let server: TestServer;
let admin: Session;
let creator: Session;
let legal: Session;
let viewer: Session;
let policyId: string;

/** A day `days` from the server's today. */
const inDays = (days: number) => dayOf(utcDayNumber(Date.now()) + days);

beforeAll(async () => {
  server = await startTestServer();
  admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
  creator = await signUpInvited(server.url, admin, 'marketing', 'editor', 'Mia Marketing');
  legal = await signUpInvited(server.url, admin, 'legal', 'editor', 'Lee Legal');
  viewer = await signUpInvited(server.url, admin, 'hr', 'viewer', 'Hal HR');
  policyId = await createPolicy(server.url, creator, { title: 'Social media policy' });
});
afterAll(() => server.close());

const patch = (session: Session, json: unknown) => call(server.url, `/api/policies/${policyId}`, { method: 'PATCH', json, cookie: session.cookie });
const detail = async (session: Session = admin) => (await call(server.url, `/api/policies/${policyId}`, { cookie: session.cookie })).body;
const reviewEntries = async () =>
  ((await call(server.url, `/api/policies/${policyId}/audit`, { cookie: admin.cookie })).body as { kind: string; userName: string; before: unknown; after: unknown }[]).filter(
    (entry) => entry.kind === 'review_date_set',
  );

describe('the review date', () => {
  it('starts unset, and only admins and the policy’s editors by membership may set it', async () => {
    expect((await detail()).reviewBy).toBeNull();
    const listed = (await call(server.url, '/api/policies', { cookie: admin.cookie })).body.find((entry: { id: string }) => entry.id === policyId);
    expect(listed.reviewBy).toBeNull();

    expect((await detail(admin)).canSetReview).toBe(true);
    expect((await detail(creator)).canSetReview).toBe(true);
    expect((await detail(legal)).canSetReview).toBe(false);
    const refused = await patch(legal, { reviewBy: inDays(300) });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('Only admins and the editors this policy is shared with can set its review date');
    expect((await patch(viewer, { reviewBy: inDays(300) })).status).toBe(403);
    expect((await detail()).reviewBy).toBeNull();
    expect(await reviewEntries()).toEqual([]);
  });

  it('is set by the policy’s creator, shows in the list and the policy, and goes in the audit trail once', async () => {
    const day = inDays(365);
    const saved = await patch(creator, { reviewBy: day });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ id: policyId, reviewBy: day });
    expect((await detail(legal)).reviewBy).toBe(day);
    const listed = (await call(server.url, '/api/policies', { cookie: legal.cookie })).body.find((entry: { id: string }) => entry.id === policyId);
    expect(listed.reviewBy).toBe(day);

    expect(await reviewEntries()).toMatchObject([{ userName: 'Mia Marketing', before: { reviewBy: null }, after: { reviewBy: day } }]);
    // The same day again changes nothing and records nothing.
    expect((await patch(creator, { reviewBy: day })).status).toBe(200);
    expect(await reviewEntries()).toHaveLength(1);
  });

  it('refuses a day that is not real, has passed or is too far ahead, with the reason, and keeps what was set', async () => {
    const before = (await detail()).reviewBy;
    const cases: [unknown, string][] = [
      ['2027-02-30', 'reviewBy: give a real calendar day, written YYYY-MM-DD'],
      ['next spring', 'reviewBy: give a real calendar day, written YYYY-MM-DD'],
      ['2027-2-3', 'reviewBy: give a real calendar day, written YYYY-MM-DD'],
      [20271201, 'reviewBy: give a real calendar day, written YYYY-MM-DD'],
      [inDays(-3), 'reviewBy: choose a day that has not passed yet'],
      [inDays(6 * 366), 'reviewBy: choose a day at most 5 years ahead'],
    ];
    for (const [value, message] of cases) {
      const refused = await patch(admin, { reviewBy: value });
      expect(refused.status, String(value)).toBe(400);
      expect(refused.body.error, String(value)).toBe(message);
      expect(refused.body.field, String(value)).toBe('reviewBy');
    }
    // Refused with a valid target beside it: neither is changed.
    const target = (await detail()).gradeTarget;
    expect((await patch(admin, { gradeTarget: target + 1, reviewBy: inDays(-10) })).status).toBe(400);
    expect((await detail()).gradeTarget).toBe(target);
    expect((await detail()).reviewBy).toBe(before);
    expect(await reviewEntries()).toHaveLength(1);
  });

  it('is named in the export, and removing it is recorded too', async () => {
    const day = (await detail()).reviewBy as string;
    const exported = await call(server.url, `/api/policies/${policyId}/export?format=md`, { cookie: legal.cookie });
    expect(exported.status).toBe(200);
    expect(String(exported.body)).toMatch(new RegExp(`Next review due\\**:?\\**\\s*${day}\\s*$`, 'm'));

    // Once the day has passed (written straight into the database: the API refuses past days), the export says so.
    const past = inDays(-2);
    (server.accounts as unknown as { db: SqliteDatabase }).db.prepare('UPDATE policies SET review_by = ? WHERE id = ?').run(past, policyId);
    const late = await call(server.url, `/api/policies/${policyId}/export?format=md`, { cookie: legal.cookie });
    expect(String(late.body)).toMatch(new RegExp(`Next review due\\**:?\\**\\s*${past} \\(overdue\\)`));
    (server.accounts as unknown as { db: SqliteDatabase }).db.prepare('UPDATE policies SET review_by = ? WHERE id = ?').run(day, policyId);

    const cleared = await patch(admin, { reviewBy: null });
    expect(cleared.body).toEqual({ id: policyId, reviewBy: null });
    expect((await detail()).reviewBy).toBeNull();
    expect((await reviewEntries())[0]).toMatchObject({ userName: 'Ada Admin', before: { reviewBy: day }, after: { reviewBy: null } });
    const without = await call(server.url, `/api/policies/${policyId}/export?format=md`, { cookie: legal.cookie });
    expect(String(without.body)).not.toContain('Next review');
  });
});
