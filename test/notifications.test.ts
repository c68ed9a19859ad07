import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, Mention, Thread } from '../shared/api/comments';
import { MAX_NOTIFICATIONS_PER_PERSON } from '../shared/limits';
import { startTestServer } from './support/accordServer';
import { call, createPolicy, signUpAdmin, signUpInvited, type Session } from './support/session';

/**
 * The notifications inbox (issue 19, item 8): who is told of a comment, read and unread, the
 * limit per person, and that nobody is told of a policy they cannot open. The comment service
 * tells the notification service of each comment; here the tests tell it directly, with
 * threads and comments shaped as the API's contract says.
 */

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

let server: TestServer;
let admin: Session;
let marketing: Session;
let legal: Session;
let legal2: Session;
let hr: Session;
let support: Session;
let itViewer: Session;
let policyId: string;
let section: { id: string; title: string; owner: string; approvers: string[] };
let counter = 0;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
  marketing = await signUpInvited(server.url, admin, 'marketing', 'editor', 'Mia Marketing');
  legal = await signUpInvited(server.url, admin, 'legal', 'editor', 'Lee Legal');
  legal2 = await signUpInvited(server.url, admin, 'legal', 'commenter', 'Lou Legal');
  hr = await signUpInvited(server.url, admin, 'hr', 'editor', 'Hal HR');
  support = await signUpInvited(server.url, admin, 'customer-service', 'editor', 'Sue Support');
  itViewer = await signUpInvited(server.url, admin, 'it', 'viewer', 'Ian IT');
  policyId = await createPolicy(server.url, admin, { title: 'Northwind social media policy', templateId: 'retail-consumer-brand', organization: 'Northwind' });
  const policy = await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie });
  section = (policy.body.sections as (typeof section)[]).find((item) => item.title === 'Purpose and scope')!;
  expect(section).toMatchObject({ owner: 'marketing', approvers: ['customer-service', 'legal'] });
});
afterAll(() => server.close());

function author(session: Session) {
  return { id: session.user.id, name: session.user.name, department: session.user.department };
}

function comment(threadId: string, by: Session, body: string, mentions: Mention[] = []): Comment {
  return { id: `c_${++counter}`, threadId, author: author(by), body, mentions, createdAt: new Date().toISOString(), editedAt: null };
}

function thread(by: Session, comments: Comment[], onPolicy = policyId, sectionId = section.id): Thread {
  return {
    id: comments[0]!.threadId,
    policyId: onPolicy,
    sectionId,
    sectionTitle: 'Purpose and scope',
    quote: 'we reply within one hour',
    status: 'open',
    anchored: true,
    createdBy: author(by),
    createdAt: comments[0]!.createdAt,
    resolvedBy: null,
    resolvedAt: null,
    comments,
  };
}

/** Posts a new thread by `by` with one comment; returns the thread and who was told. */
function newThread(by: Session, body: string, mentions: Mention[] = [], onPolicy = policyId) {
  const threadId = `t_${++counter}`;
  const first = comment(threadId, by, body, mentions);
  const posted = thread(by, [first], onPolicy);
  const told = server.notifications.commentPosted({ policyId: onPolicy, policyTitle: 'Northwind social media policy', thread: posted, comment: first, kind: 'thread' });
  return { thread: posted, comment: first, told };
}

async function inbox(session: Session) {
  const answer = await call(server.url, '/api/me/notifications', { cookie: session.cookie });
  expect(answer.status).toBe(200);
  return answer.body as { unread: number; notifications: { id: string; kind: string; threadId: string; commentId: string; policyId: string; policyTitle: string; sectionTitle: string | null; by: { name: string }; excerpt: string; readAt: string | null }[] };
}

async function markAllRead(session: Session) {
  expect((await call(server.url, '/api/me/notifications/read', { json: {}, cookie: session.cookie })).status).toBe(200);
}

describe('who is told of a comment', () => {
  it('tells the people of the section’s owning and approving departments of a new thread, never its author', async () => {
    const posted = newThread(legal, 'Why do we promise a reply within one hour?');
    expect(new Set(posted.told)).toEqual(new Set([marketing.user.id, support.user.id, legal2.user.id]));
    const marketingInbox = await inbox(marketing);
    expect(marketingInbox.unread).toBe(1);
    expect(marketingInbox.notifications[0]).toMatchObject({
      kind: 'thread',
      threadId: posted.thread.id,
      commentId: posted.comment.id,
      policyId,
      policyTitle: 'Northwind social media policy',
      sectionTitle: 'Purpose and scope',
      by: { name: 'Lee Legal' },
      excerpt: 'Why do we promise a reply within one hour?',
      readAt: null,
    });
    expect((await inbox(legal)).unread).toBe(0);
    expect((await inbox(hr)).unread).toBe(0);
    for (const session of [marketing, support, legal2]) await markAllRead(session);
  });

  it('tells a mentioned department as a mention, and a mentioned person even outside the section’s departments', async () => {
    const posted = newThread(legal, '@HR could this rule chill protected speech? @Ian IT please check the tool.', [
      { kind: 'department', id: 'hr', name: 'HR' },
      { kind: 'person', id: itViewer.user.id, name: 'Ian IT' },
    ]);
    expect(posted.told).toContain(hr.user.id);
    expect(posted.told).toContain(itViewer.user.id);
    expect((await inbox(hr)).notifications[0]).toMatchObject({ kind: 'mention', threadId: posted.thread.id });
    expect((await inbox(itViewer)).notifications[0]).toMatchObject({ kind: 'mention' });
    // Marketing owns the section: told once, of the thread.
    const marketingInbox = await inbox(marketing);
    expect(marketingInbox.unread).toBe(1);
    expect(marketingInbox.notifications[0]!.kind).toBe('thread');
    // Mentioning yourself tells nobody.
    const self = newThread(hr, '@Hal HR note to self', [{ kind: 'person', id: hr.user.id, name: 'Hal HR' }]);
    expect(self.told).not.toContain(hr.user.id);
    for (const session of [hr, itViewer, marketing, support, legal2]) await markAllRead(session);
  });

  it('tells everyone else who wrote in the thread of a reply, not the people who only own the section', async () => {
    const opened = newThread(legal, 'Is “within one hour” a promise we can keep?');
    const hrReply = comment(opened.thread.id, hr, 'HR agrees with Legal.');
    let told = server.notifications.commentPosted({ policyId, policyTitle: 'x', thread: thread(legal, [opened.comment, hrReply]), comment: hrReply, kind: 'reply' });
    expect(told).toEqual([legal.user.id]);
    const legalInbox = await inbox(legal);
    expect(legalInbox.notifications[0]).toMatchObject({ kind: 'reply', commentId: hrReply.id, by: { name: 'Hal HR' } });

    const marketingReply = comment(opened.thread.id, marketing, 'Rewritten: “within one working day”.');
    told = server.notifications.commentPosted({ policyId, policyTitle: 'x', thread: thread(legal, [opened.comment, hrReply, marketingReply]), comment: marketingReply, kind: 'reply' });
    expect(new Set(told)).toEqual(new Set([legal.user.id, hr.user.id]));
    expect(told).not.toContain(support.user.id);
    for (const session of [legal, hr, marketing, support, legal2]) await markAllRead(session);
  });

  it('tells nobody who cannot open the policy, and hides notifications of a policy once access ends', async () => {
    const shared = await createPolicy(server.url, admin, { title: 'Members only', templateId: 'retail-consumer-brand', organization: 'Northwind' });
    expect((await call(server.url, `/api/policies/${shared}`, { method: 'PATCH', json: { sharing: 'members' }, cookie: admin.cookie })).status).toBe(200);
    expect((await call(server.url, `/api/policies/${shared}/members`, { json: { userId: legal.user.id, role: 'editor' }, cookie: admin.cookie })).status).toBe(201);
    expect((await call(server.url, `/api/policies/${shared}/members`, { json: { userId: marketing.user.id, role: 'commenter' }, cookie: admin.cookie })).status).toBe(201);
    const sharedPolicy = await call(server.url, `/api/policies/${shared}`, { cookie: admin.cookie });
    const sharedSection = (sharedPolicy.body.sections as (typeof section)[]).find((item) => item.title === 'Purpose and scope')!;

    const threadId = `t_${++counter}`;
    const first = comment(threadId, legal, '@HR and @Mia Marketing, a look?', [
      { kind: 'department', id: 'hr', name: 'HR' },
      { kind: 'person', id: marketing.user.id, name: 'Mia Marketing' },
    ]);
    const told = server.notifications.commentPosted({ policyId: shared, policyTitle: 'Members only', thread: thread(legal, [first], shared, sharedSection.id), comment: first, kind: 'thread' });
    // HR, customer service and the other legal person cannot open it; Marketing (a commenter there) can.
    expect(told).toEqual([marketing.user.id]);
    expect((await inbox(hr)).unread).toBe(0);
    expect((await inbox(support)).unread).toBe(0);
    expect((await inbox(marketing)).notifications[0]).toMatchObject({ kind: 'mention', policyId: shared });

    const removed = await call(server.url, `/api/policies/${shared}/members/${marketing.user.id}`, { method: 'DELETE', cookie: admin.cookie });
    expect(removed.status).toBe(200);
    const after = await inbox(marketing);
    expect(after.unread).toBe(0);
    expect(after.notifications.some((item) => item.policyId === shared)).toBe(false);
  });
});

describe('read and unread', () => {
  it('marks the ones given read, ignores other people’s ids, and marks all read when none are given', async () => {
    const first = newThread(legal, 'First question');
    const second = newThread(legal, 'Second question');
    expect(first.told).toContain(marketing.user.id);
    const before = await inbox(marketing);
    expect(before.unread).toBe(2);
    const [newest, older] = before.notifications;
    expect(newest!.commentId).toBe(second.comment.id);

    // Someone else marking Marketing's notification changes nothing.
    const foreign = await call(server.url, '/api/me/notifications/read', { json: { ids: [newest!.id] }, cookie: hr.cookie });
    expect(foreign.status).toBe(200);
    expect((await inbox(marketing)).unread).toBe(2);

    const one = await call(server.url, '/api/me/notifications/read', { json: { ids: [newest!.id, 'not-an-id'] }, cookie: marketing.cookie });
    expect(one.body).toEqual({ unread: 1 });
    const middle = await inbox(marketing);
    expect(middle.notifications.find((item) => item.id === newest!.id)!.readAt).not.toBeNull();
    expect(middle.notifications.find((item) => item.id === older!.id)!.readAt).toBeNull();

    const all = await call(server.url, '/api/me/notifications/read', { json: {}, cookie: marketing.cookie });
    expect(all.body).toEqual({ unread: 0 });
  });

  it('lets a viewer mark their notifications read and refuses a malformed request with a clear 400', async () => {
    newThread(legal, '@Ian IT who owns Brandwatch?', [{ kind: 'person', id: itViewer.user.id, name: 'Ian IT' }]);
    expect((await inbox(itViewer)).unread).toBe(1);
    const read = await call(server.url, '/api/me/notifications/read', { json: {}, cookie: itViewer.cookie });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ unread: 0 });
    const bad = await call(server.url, '/api/me/notifications/read', { json: { ids: 'all' }, cookie: itViewer.cookie });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('ids');
    expect((await call(server.url, '/api/me/notifications')).status).toBe(401);
  });
});

describe('limits', () => {
  it(`keeps at most ${MAX_NOTIFICATIONS_PER_PERSON} per person, the newest, and lists 100`, async () => {
    await markAllRead(support);
    const threadId = `t_${++counter}`;
    const opener = comment(threadId, support, 'Opening');
    let last: Comment = opener;
    for (let index = 0; index < MAX_NOTIFICATIONS_PER_PERSON + 20; index += 1) {
      last = comment(threadId, hr, `Reply number ${index} ${'x'.repeat(index === MAX_NOTIFICATIONS_PER_PERSON + 19 ? 300 : 0)}`);
      server.notifications.commentPosted({ policyId, policyTitle: 'x', thread: thread(support, [opener, last]), comment: last, kind: 'reply' });
    }
    const listed = await inbox(support);
    expect(listed.unread).toBe(MAX_NOTIFICATIONS_PER_PERSON);
    expect(listed.notifications).toHaveLength(100);
    expect(listed.notifications[0]!.commentId).toBe(last.id);
    expect(listed.notifications[0]!.excerpt).toHaveLength(200);
    expect(listed.notifications[0]!.excerpt.endsWith('…')).toBe(true);
  });
});

describe('through the comments API', () => {
  it('a commenter’s new thread mentioning HR tells HR and the section’s departments; a reply tells the thread’s author', async () => {
    const created = await call(server.url, `/api/policies/${policyId}/threads`, {
      json: { sectionId: section.id, quote: 'a shop window', body: '@HR does this chill protected speech?' },
      cookie: legal2.cookie,
    });
    expect(created.status).toBe(201);
    const threadId = created.body.id as string;
    const hrInbox = await inbox(hr);
    expect(hrInbox.notifications[0]).toMatchObject({ kind: 'mention', threadId, by: { name: 'Lou Legal' }, excerpt: '@HR does this chill protected speech?' });
    expect((await inbox(marketing)).notifications[0]).toMatchObject({ kind: 'thread', threadId });
    expect((await inbox(legal2)).notifications.some((item) => item.threadId === threadId)).toBe(false);

    const reply = await call(server.url, `/api/policies/${policyId}/threads/${threadId}/comments`, { json: { body: 'HR thinks it is fine.' }, cookie: hr.cookie });
    expect(reply.status).toBe(201);
    expect((await inbox(legal2)).notifications[0]).toMatchObject({ kind: 'reply', threadId, by: { name: 'Hal HR' } });

    // A viewer cannot comment, so tells nobody.
    const refused = await call(server.url, `/api/policies/${policyId}/threads/${threadId}/comments`, { json: { body: '@HR hello' }, cookie: itViewer.cookie });
    expect(refused.status).toBe(403);
  });
});
