import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, Mention, Thread } from '../shared/api/comments';
import { DIGEST_CHECK_MS, DIGEST_INTERVAL_MS, EACH_BATCH_MS } from '../server/mail/notificationMail';
import { startTestServer } from './support/accordServer';
import { ManualClock } from './support/manualClock';
import { call, createPolicy, signUpAdmin, signUpInvited, type Session } from './support/session';
import { TestSmtpServer } from './support/smtp';

/**
 * Comment notifications by e-mail (issue 20), through the real outbox to a real SMTP server:
 * `each` within a minute (one e-mail per person per minute), `digest` once a day, `none` never,
 * nothing mailed twice, nothing for a removed person. The comment service tells the notification
 * service of each comment; here the test tells it directly, as test/notifications.test.ts does.
 */

type TestServer = Awaited<ReturnType<typeof startTestServer>>;
let smtp: TestSmtpServer;
let server: TestServer;
let clock: ManualClock;
let admin: Session;
let policyId: string;
let counter = 0;

beforeAll(async () => {
  smtp = await TestSmtpServer.start();
  clock = new ManualClock(Date.now());
  server = await startTestServer({ clock, mail: { smtpUrl: smtp.url, organizationName: 'Northwind' } });
  admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
  policyId = await createPolicy(server.url, admin, { title: 'Northwind social media policy', templateId: 'retail-consumer-brand', organization: 'Northwind' });
});
afterAll(async () => {
  await server.close();
  await smtp.stop();
});

/** Ada starts a thread mentioning these people; returns the thread id. */
function mention(...people: Session[]): string {
  return mentionOn(policyId, ...people);
}

function mentionOn(onPolicy: string, ...people: Session[]): string {
  const threadId = `t_${++counter}`;
  const mentions: Mention[] = people.map((person) => ({ kind: 'person', id: person.user.id, name: person.user.name }));
  const comment: Comment = {
    id: `c_${counter}`,
    threadId,
    author: { id: admin.user.id, name: admin.user.name, department: admin.user.department },
    body: `Can you check this wording, please? (${counter})`,
    mentions,
    createdAt: new Date(clock.now()).toISOString(),
    editedAt: null,
  };
  const thread: Thread = {
    id: threadId,
    policyId: onPolicy,
    sectionId: 's_none',
    sectionTitle: 'Purpose and scope',
    quote: 'we reply within one hour',
    status: 'open',
    anchored: true,
    createdBy: comment.author,
    createdAt: comment.createdAt,
    resolvedBy: null,
    resolvedAt: null,
    comments: [comment],
  };
  server.notifications.commentPosted({ policyId: onPolicy, policyTitle: 'Northwind social media policy', thread, comment, kind: 'thread' });
  return threadId;
}

async function choose(person: Session, email: 'each' | 'digest' | 'none') {
  expect((await call(server.url, '/api/me/notification-settings', { method: 'PUT', json: { email }, cookie: person.cookie })).status).toBe(200);
}

/** Lets the outbox send what it has, then returns what arrived for this person. */
async function mailTo(person: Session) {
  await server.outbox.flush();
  return smtp.to(person.user.email);
}

describe('notification e-mails', () => {
  it('each: one short e-mail within a minute, with who, what, the excerpt and a link to the thread; never twice', async () => {
    const hana = await signUpInvited(server.url, admin, 'hr', 'editor', 'Hana HR');
    const threadId = mention(hana);
    expect(await mailTo(hana)).toEqual([]);
    clock.advance(EACH_BATCH_MS);
    const mail = await smtp.waitForMessage((message) => message.to.includes(hana.user.email));
    expect(mail.subject).toBe('Ada Admin mentioned you or your department — Northwind social media policy');
    expect(mail.text).toContain('Hello Hana HR,');
    expect(mail.text).toContain('Ada Admin (Communications & PR) mentioned you or your department, on “Purpose and scope” in Northwind social media policy');
    expect(mail.text).toContain(`“Can you check this wording, please? (${counter})”`);
    expect(mail.text).toContain(`${server.url.replace('127.0.0.1', 'localhost')}/p/${policyId}#thread-${threadId}`);
    clock.advance(EACH_BATCH_MS * 3);
    expect(await mailTo(hana)).toHaveLength(1);
  });

  it('each: notifications of the same minute make one e-mail', async () => {
    const lee = await signUpInvited(server.url, admin, 'legal', 'editor', 'Lee Legal');
    mention(lee);
    clock.advance(10_000);
    mention(lee);
    clock.advance(EACH_BATCH_MS);
    await smtp.waitForMessage((message) => message.to.includes(lee.user.email));
    const mails = await mailTo(lee);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('2 new comments for you — Northwind social media policy');
  });

  it('none: never an e-mail', async () => {
    const mo = await signUpInvited(server.url, admin, 'marketing', 'editor', 'Mo Marketing');
    await choose(mo, 'none');
    mention(mo);
    clock.advance(EACH_BATCH_MS);
    clock.advance(DIGEST_INTERVAL_MS + DIGEST_CHECK_MS);
    expect(await mailTo(mo)).toEqual([]);
    // Still in the inbox.
    expect((await call(server.url, '/api/me/notifications', { cookie: mo.cookie })).body.unread).toBe(1);
  });

  it('digest: one e-mail a day listing what is unread and not mailed yet', async () => {
    const ida = await signUpInvited(server.url, admin, 'it', 'editor', 'Ida IT');
    await choose(ida, 'digest');
    mention(ida);
    mention(ida);
    const readOne = mention(ida);
    const inbox = await call(server.url, '/api/me/notifications', { cookie: ida.cookie });
    const toRead = inbox.body.notifications.find((notification: { threadId: string }) => notification.threadId === readOne).id;
    expect((await call(server.url, '/api/me/notifications/read', { json: { ids: [toRead] }, cookie: ida.cookie })).status).toBe(200);
    clock.advance(EACH_BATCH_MS);
    expect(await mailTo(ida)).toEqual([]);

    clock.advance(DIGEST_CHECK_MS);
    const digest = await smtp.waitForMessage((message) => message.to.includes(ida.user.email));
    expect(digest.subject).toBe('Your daily Accord digest: 2 unread notifications');
    expect(digest.text).not.toContain(`#thread-${readOne}`);

    // The next one waits for the day to pass.
    const later = mention(ida);
    clock.advance(DIGEST_CHECK_MS * 4);
    expect(await mailTo(ida)).toHaveLength(1);
    clock.advance(DIGEST_INTERVAL_MS);
    await smtp.waitForMessage((message) => message.to.includes(ida.user.email) && message.subject.endsWith('1 unread notification'));
    const mails = await mailTo(ida);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.text).toContain(`#thread-${later}`);
  });

  it('never mails a removed person', async () => {
    const sue = await signUpInvited(server.url, admin, 'customer-service', 'editor', 'Sue Support');
    mention(sue);
    expect((await call(server.url, `/api/users/${sue.user.id}`, { method: 'DELETE', cookie: admin.cookie })).status).toBe(200);
    clock.advance(EACH_BATCH_MS);
    expect(await mailTo(sue)).toEqual([]);
  });

  it('never mails about a policy the person can no longer open', async () => {
    const cal = await signUpInvited(server.url, admin, 'sales', 'editor', 'Cal Sales');
    const privatePolicy = await createPolicy(server.url, admin, { title: 'Board-only draft' });
    mentionOn(privatePolicy, cal);
    expect((await call(server.url, '/api/me/notifications', { cookie: cal.cookie })).body.unread).toBe(1);
    // Shared with its members only (Ada): Cal can no longer open it before the e-mail goes out.
    expect((await call(server.url, `/api/policies/${privatePolicy}`, { method: 'PATCH', json: { sharing: 'members' }, cookie: admin.cookie })).status).toBe(200);
    clock.advance(EACH_BATCH_MS);
    expect(await mailTo(cal)).toEqual([]);
  });
});
