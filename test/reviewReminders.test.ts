import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_CHECK_MS, REVIEW_FIRST_CHECK_MS, REVIEW_OVERDUE_DAYS } from '../server/mail/reviewReminders';
import { dayOf } from '../shared/reviewDate';
import { startTestServer } from './support/accordServer';
import { ManualClock } from './support/manualClock';
import { call, createPolicy, login, signUpAdmin, signUpInvited, type Session } from './support/session';
import { TestSmtpServer } from './support/smtp';

/**
 * Reminders of a policy's review, through the real outbox to a real SMTP server: a month ahead,
 * on the day and a week late, once each per review day, to the people who may set the review date
 * (admins and the policy's editors by membership) unless they chose no e-mails; and in the bell
 * of the same people, e-mail or not, with or without mail set up.
 */
type TestServer = Awaited<ReturnType<typeof startTestServer>>;
const DAY = 86_400_000;

let smtp: TestSmtpServer;
let server: TestServer;
let clock: ManualClock;
let admin: Session;
let quietAdmin: Session;
let creator: Session;
let legal: Session;
let policyId: string;

beforeAll(async () => {
  smtp = await TestSmtpServer.start();
  // At one in the morning, UTC: the tests move the clock on by whole days and a few hours, and must not cross midnight in between.
  clock = new ManualClock(Math.floor(Date.now() / DAY) * DAY + 3_600_000);
  server = await startTestServer({ clock, mail: { smtpUrl: smtp.url, organizationName: 'Northwind' } });
  admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
  quietAdmin = await signUpInvited(server.url, admin, 'it', 'admin', 'Ian IT');
  creator = await signUpInvited(server.url, admin, 'marketing', 'editor', 'Mia Marketing');
  legal = await signUpInvited(server.url, admin, 'legal', 'editor', 'Lee Legal');
  expect((await call(server.url, '/api/me/notification-settings', { method: 'PUT', json: { email: 'none' }, cookie: quietAdmin.cookie })).status).toBe(200);
  policyId = await createPolicy(server.url, creator, { title: 'Northwind social media policy' });
});
afterAll(async () => {
  await server.close();
  await smtp.stop();
});

/** The review day `days` after the clock's today. */
const inDays = (days: number) => dayOf(Math.floor(clock.now() / DAY) + days);
/** Mia sets the review day, signing in again first: weeks pass on the clock between two calls, and sessions end. */
async function setReview(day: string) {
  const { cookie } = await login(server.url, creator.user.email);
  expect((await call(server.url, `/api/policies/${policyId}`, { method: 'PATCH', json: { reviewBy: day }, cookie: cookie! })).status).toBe(200);
}
/** The review lines in a person's bell, oldest first (signing in again: days pass on the clock). */
async function bell(baseUrl: string, person: Session): Promise<{ excerpt: string; link: string; unread: boolean }[]> {
  const { cookie } = await login(baseUrl, person.user.email);
  const response = await call(baseUrl, '/api/me/notifications', { cookie: cookie! });
  expect(response.status).toBe(200);
  const listed = response.body.notifications as { kind: string; excerpt: string; policyId: string; sectionId: string; threadId: string; by: { id: string; name: string }; sectionTitle: string | null; readAt: string | null }[];
  return listed
    .filter((notification) => notification.kind === 'review_due')
    .map((notification) => {
      // Nobody wrote it, and it points at no section or thread.
      expect(notification).toMatchObject({ by: { id: '', name: 'Accord' }, sectionId: '', threadId: '', sectionTitle: null });
      return { excerpt: notification.excerpt, link: notification.policyId, unread: notification.readAt === null };
    })
    .reverse();
}

/** Reminder subjects each person has received so far. */
async function reminders() {
  await server.outbox.flush();
  const subjects = (person: Session) => smtp.to(person.user.email).filter((mail) => /^Review (due|overdue)/.test(mail.subject)).map((mail) => mail.subject);
  return { admin: subjects(admin), quietAdmin: subjects(quietAdmin), creator: subjects(creator), legal: subjects(legal) };
}

describe('review reminders by e-mail', () => {
  it('writes a month ahead and on the day, once each, to the people who set the review', async () => {
    await setReview(inDays(40));
    clock.advance(REVIEW_FIRST_CHECK_MS);
    expect(await reminders()).toEqual({ admin: [], quietAdmin: [], creator: [], legal: [] });

    // Ten days on, the review is a month away: one e-mail each to Ada and Mia.
    clock.advance(10 * DAY);
    const soon = 'Review due in 30 days: Northwind social media policy';
    expect(await reminders()).toEqual({ admin: [soon], quietAdmin: [], creator: [soon], legal: [] });
    const mail = smtp.to(creator.user.email).find((message) => message.subject === soon)!;
    expect(mail.text).toContain('Hello Mia Marketing,');
    expect(mail.text).toContain('“Northwind social media policy” is due for review in 30 days, on ');
    expect(mail.text).toContain(`Open the sign-off dashboard:\nhttp://localhost:${new URL(server.url).port}/p/${policyId}/dashboard`);
    expect(mail.text).toContain('Accord, the social media policy of Northwind');

    // More checks in the weeks before send nothing more; the day itself sends the second.
    clock.advance(29 * DAY);
    expect((await reminders()).admin).toEqual([soon]);
    clock.advance(DAY);
    const due = 'Review due today: Northwind social media policy';
    expect(await reminders()).toEqual({ admin: [soon, due], quietAdmin: [], creator: [soon, due], legal: [] });
    clock.advance(3 * DAY);
    expect((await reminders()).creator).toEqual([soon, due]);
  });

  it('starts again for a new review day, and a day set close sends only what is due', async () => {
    await setReview(inDays(5));
    clock.advance(REVIEW_CHECK_MS);
    const soon = 'Review due in 5 days: Northwind social media policy';
    const before = await reminders();
    expect(before.creator.at(-1)).toBe(soon);
    expect(before.creator.filter((subject) => subject === soon)).toHaveLength(1);
    expect(before.legal).toEqual([]);
    clock.advance(5 * DAY);
    expect((await reminders()).creator.at(-1)).toBe('Review due today: Northwind social media policy');

    // A day later it is set for that day: the day's reminder only, not a "coming up" one as well.
    clock.advance(DAY);
    const count = (await reminders()).admin.length;
    await setReview(inDays(0));
    clock.advance(REVIEW_CHECK_MS);
    expect((await reminders()).admin.slice(count)).toEqual(['Review due today: Northwind social media policy']);
  });

  it('reminds once more a week after the day when nobody set a new one, by e-mail and in the bell', async () => {
    // The second test left the review set for the day it was set, with the day's reminder sent.
    const before = await reminders();
    clock.advance((REVIEW_OVERDUE_DAYS - 1) * DAY);
    expect(await reminders()).toEqual(before);
    clock.advance(DAY);
    const overdue = 'Review overdue: Northwind social media policy';
    const after = await reminders();
    expect(after.admin.slice(before.admin.length)).toEqual([overdue]);
    expect(after.creator.slice(before.creator.length)).toEqual([overdue]);
    expect(after.quietAdmin).toEqual([]);
    expect(after.legal).toEqual([]);
    const mail = smtp.to(creator.user.email).find((message) => message.subject === overdue)!;
    expect(mail.text).toContain(`was due for review on `);
    expect(mail.text).toContain(`${REVIEW_OVERDUE_DAYS} days ago`);
    // Once only: weeks more of checks send nothing.
    clock.advance(21 * DAY);
    expect(await reminders()).toEqual(after);

    // The bell told the same people every time, Ian too although he chose no e-mails; Lee, who
    // cannot set the review date, was told nothing.
    const ada = await bell(server.url, admin);
    expect(ada).toEqual(await bell(server.url, quietAdmin));
    expect(ada).toEqual(await bell(server.url, creator));
    expect(await bell(server.url, legal)).toEqual([]);
    const lines = ada.map((line) => line.excerpt);
    expect(lines[0]).toMatch(/^Due for review in 30 days, on /);
    expect(lines).toContainEqual(expect.stringMatching(/^Due for review in 5 days, on /));
    expect(lines).toContainEqual(expect.stringMatching(/^Due for review today, /));
    expect(lines.at(-1)).toMatch(new RegExp(`^Review overdue: it was due on .*, ${REVIEW_OVERDUE_DAYS} days ago\\.`));
    // One bell line per e-mail sent to Ada, none more; only the newest unread, since each replaced
    // the one before and setting a new review day marked the ones about the old day read.
    expect(lines).toHaveLength(after.admin.length);
    expect(ada.map((line) => line.unread)).toEqual([...Array(lines.length - 1).fill(false), true]);
    await setReview(inDays(365));
    expect((await bell(server.url, admin)).filter((line) => line.unread)).toEqual([]);
    // The comment e-mails never send these a second time (Mia gets each notification by e-mail).
    await server.outbox.flush();
    expect(smtp.to(creator.user.email).filter((message) => /Accord reminds|reminds you of the review/.test(message.subject + message.text))).toEqual([]);
  });
});

describe('review reminders without mail set up', () => {
  it('still tell the people who set the review, in the bell', async () => {
    const quietClock = new ManualClock(Math.floor(Date.now() / DAY) * DAY + 3_600_000);
    const plain = await startTestServer({ clock: quietClock });
    try {
      const ada = await signUpAdmin(plain.url, 'communications', 'Ada Admin');
      const mia = await signUpInvited(plain.url, ada, 'marketing', 'editor', 'Mia Marketing');
      const lee = await signUpInvited(plain.url, ada, 'legal', 'editor', 'Lee Legal');
      const id = await createPolicy(plain.url, mia, { title: 'Plain policy' });
      const day = dayOf(Math.floor(quietClock.now() / DAY) + 10);
      expect((await call(plain.url, `/api/policies/${id}`, { method: 'PATCH', json: { reviewBy: day }, cookie: mia.cookie })).status).toBe(200);
      expect(await bell(plain.url, mia)).toEqual([]);
      quietClock.advance(REVIEW_FIRST_CHECK_MS);
      const told = await bell(plain.url, mia);
      expect(told).toEqual([{ excerpt: expect.stringMatching(/^Due for review in 10 days, on /), link: id, unread: true }]);
      expect(await bell(plain.url, ada)).toEqual(told);
      expect(await bell(plain.url, lee)).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});
