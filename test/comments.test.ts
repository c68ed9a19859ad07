import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Comment, Thread } from '../shared/api/comments';
import type { PolicyDetail } from '../shared/api';
import { MAX_COMMENT_LENGTH } from '../shared/limits';
import { refuseUpdateLogRows, startTestServer, startTestServerWithDatabase } from './support/accordServer';
import { cleanupStack } from './support/cleanups';
import { connectClient, eventually, sectionElements, synced, type TestClient } from './support/collabClient';
import { call, createPolicy, openEventStream, signUpAdmin, signUpInvited, type Session } from './support/session';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

let server: TestServer;
let admin: Session;
let legal: Session;
let hr: Session;
let marketing: Session;
let viewer: Session;
const cleanups = cleanupStack();

beforeAll(async () => {
  server = await startTestServer();
  admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
  legal = await signUpInvited(server.url, admin, 'legal', 'editor', 'Lee Legal');
  hr = await signUpInvited(server.url, admin, 'hr', 'editor', 'Hana Hr');
  marketing = await signUpInvited(server.url, admin, 'marketing', 'editor', 'Max Marketing');
  viewer = await signUpInvited(server.url, admin, 'communications', 'viewer', 'Vic Viewer');
});
afterAll(() => server.close());

async function newPolicy(title = 'Comments policy'): Promise<string> {
  return createPolicy(server.url, admin, { title, templateId: 'healthcare-provider', organization: 'Test Org' });
}

async function client(policyId: string, session: Session = admin): Promise<TestClient> {
  const connected = connectClient(server.url, policyId, { headers: { cookie: session.cookie } });
  cleanups.push(() => connected.destroy());
  await synced(connected);
  return connected;
}

/** Every text node of a section, in order. */
function textNodes(node: Y.XmlElement | Y.XmlFragment, into: Y.XmlText[] = []): Y.XmlText[] {
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) into.push(child);
    else if (child instanceof Y.XmlElement) textNodes(child, into);
  }
  return into;
}

function plain(text: Y.XmlText): string {
  return (text.toDelta() as { insert: unknown }[]).map((part) => (typeof part.insert === 'string' ? part.insert : '')).join('');
}

/** The ranges of the document marked with this thread's id, as [text, index, length]. */
function markedRanges(doc: Y.Doc, threadId: string): { text: Y.XmlText; index: number; content: string }[] {
  const found: { text: Y.XmlText; index: number; content: string }[] = [];
  for (const text of textNodes(doc.getXmlFragment('default'))) {
    let offset = 0;
    for (const part of text.toDelta() as { insert: unknown; attributes?: { comment?: { threadId?: string } } }[]) {
      const length = typeof part.insert === 'string' ? part.insert.length : 1;
      if (part.attributes?.comment?.threadId === threadId) found.push({ text, index: offset, content: String(part.insert) });
      offset += length;
    }
  }
  return found;
}

/** A section whose first paragraph has at least a few words, with a quote from its middle and the section's id. */
function quotable(doc: Y.Doc, departments: string[] = []): { sectionId: string; paragraph: Y.XmlText; quote: string } {
  for (const section of sectionElements(doc)) {
    const owner = String(section.getAttribute('owner'));
    const approvers = String(section.getAttribute('approvers') ?? '').split(/[ ,]+/);
    if (departments.length > 0 && !departments.every((department) => owner === department || approvers.includes(department))) continue;
    const paragraph = section.toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph');
    const text = paragraph?.toArray().find((node): node is Y.XmlText => node instanceof Y.XmlText);
    if (!text) continue;
    const words = plain(text).split(' ');
    if (words.length < 6) continue;
    return { sectionId: String(section.getAttribute('id')), paragraph: text, quote: words.slice(1, 4).join(' ') };
  }
  throw new Error('no quotable section');
}

async function threads(policyId: string, session: Session = admin): Promise<Thread[]> {
  const response = await call<Thread[]>(server.url, `/api/policies/${policyId}/threads`, { cookie: session.cookie });
  expect(response.status).toBe(200);
  return response.body;
}

async function readPolicy(policyId: string): Promise<PolicyDetail> {
  const response = await call<PolicyDetail>(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie });
  expect(response.status).toBe(200);
  return response.body;
}

async function startThread(policyId: string, session: Session, body: Record<string, unknown>) {
  return call<Thread & { error?: string; field?: string }>(server.url, `/api/policies/${policyId}/threads`, { json: body, cookie: session.cookie });
}

function commentCount(policyId: string): number {
  return server.comments.list(policyId).reduce((sum, thread) => sum + thread.comments.length, 0);
}

describe('comment threads', () => {
  it('creates, lists, replies, resolves, reopens, edits and deletes, with the mark in the document and sign-offs untouched', async () => {
    const policyId = await newPolicy();
    const watcher = await client(policyId);
    const { sectionId, quote } = quotable(watcher.doc, ['legal']);
    const before = (await readPolicy(policyId)).sections.find((section) => section.id === sectionId)!;
    const signed = await call(server.url, `/api/policies/${policyId}/sections/${sectionId}/signoffs`, { json: { hash: before.hash }, cookie: legal.cookie });
    expect(signed.status).toBe(201);

    const created = await startThread(policyId, legal, { sectionId, quote, body: 'Can we promise this?\n@HR and @hana hr, please check.' });
    expect(created.status).toBe(201);
    const thread = created.body;
    expect(thread).toMatchObject({ policyId, sectionId, quote, status: 'open', anchored: true, createdBy: { id: legal.user.id, name: 'Lee Legal', department: 'legal' }, resolvedBy: null });
    expect(thread.sectionTitle).toBe(before.title);
    expect(thread.comments).toHaveLength(1);
    expect(thread.comments[0]!.body).toBe('Can we promise this?\n@HR and @hana hr, please check.');
    expect(thread.comments[0]!.mentions).toEqual([
      { kind: 'department', id: 'hr', name: 'HR' },
      { kind: 'person', id: hr.user.id, name: 'Hana Hr' },
    ]);

    // The mark reaches a connected client, on exactly the quoted text.
    await eventually(() => expect(markedRanges(watcher.doc, thread.id).map((range) => range.content)).toEqual([quote]));

    // The section's hash and Legal's sign-off made before the comment stay as they were.
    const after = (await readPolicy(policyId)).sections.find((section) => section.id === sectionId)!;
    expect(after.hash).toBe(before.hash);
    expect(after.signoffs.find((signoff) => signoff.department === 'legal')?.valid).toBe(true);

    const replied = await call<Comment>(server.url, `/api/policies/${policyId}/threads/${thread.id}/comments`, { json: { body: 'Agreed, it goes too far.' }, cookie: hr.cookie });
    expect(replied.status).toBe(201);
    expect(replied.body).toMatchObject({ threadId: thread.id, author: { id: hr.user.id, department: 'hr' }, editedAt: null, mentions: [] });

    const edited = await call<Comment>(server.url, `/api/policies/${policyId}/threads/${thread.id}/comments/${replied.body.id}`, { method: 'PATCH', json: { body: 'Agreed, @Max Marketing?' }, cookie: hr.cookie });
    expect(edited.status).toBe(200);
    expect(edited.body.body).toBe('Agreed, @Max Marketing?');
    expect(edited.body.editedAt).not.toBeNull();
    expect(edited.body.mentions).toEqual([{ kind: 'person', id: marketing.user.id, name: 'Max Marketing' }]);

    const resolved = await call<Thread>(server.url, `/api/policies/${policyId}/threads/${thread.id}`, { method: 'PATCH', json: { status: 'resolved' }, cookie: marketing.cookie });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolvedBy: { id: marketing.user.id, name: 'Max Marketing' } });
    expect(resolved.body.resolvedAt).not.toBeNull();
    const reopened = await call<Thread>(server.url, `/api/policies/${policyId}/threads/${thread.id}`, { method: 'PATCH', json: { status: 'open' }, cookie: legal.cookie });
    expect(reopened.body).toMatchObject({ status: 'open', resolvedBy: null, resolvedAt: null });

    let listed = await threads(policyId, viewer);
    expect(listed).toHaveLength(1);
    expect(listed[0]!.comments.map((comment) => comment.body)).toEqual(['Can we promise this?\n@HR and @hana hr, please check.', 'Agreed, @Max Marketing?']);
    expect(listed[0]!.anchored).toBe(true);

    const deletedReply = await call(server.url, `/api/policies/${policyId}/threads/${thread.id}/comments/${replied.body.id}`, { method: 'DELETE', cookie: hr.cookie });
    expect(deletedReply.status).toBe(200);
    expect(deletedReply.body).toEqual({ ok: true });
    listed = await threads(policyId);
    expect(listed[0]!.comments).toHaveLength(1);
    expect(markedRanges(watcher.doc, thread.id)).toHaveLength(1);

    // Deleting the only comment deletes the thread and its mark.
    const deletedLast = await call(server.url, `/api/policies/${policyId}/threads/${thread.id}/comments/${thread.comments[0]!.id}`, { method: 'DELETE', cookie: legal.cookie });
    expect(deletedLast.status).toBe(200);
    expect(await threads(policyId)).toEqual([]);
    await eventually(() => expect(markedRanges(watcher.doc, thread.id)).toEqual([]));
    expect((await readPolicy(policyId)).sections.find((section) => section.id === sectionId)!.hash).toBe(before.hash);
  });

  it('anchors on the occurrence asked for, and refuses a quote that overlaps another thread', async () => {
    const policyId = await newPolicy();
    const watcher = await client(policyId);
    const { sectionId, paragraph, quote } = quotable(watcher.doc);
    // Type the quote again at the end of the same paragraph, so it occurs twice.
    watcher.doc.transact(() => paragraph.insert(plain(paragraph).length, ` ${quote}`));
    await eventually(async () => expect((await startThread(policyId, marketing, { sectionId, quote, body: 'second', occurrence: 2 })).status).toBe(400));
    const second = await startThread(policyId, marketing, { sectionId, quote, body: 'The second one', occurrence: 1 });
    expect(second.status).toBe(201);
    await eventually(() => {
      const ranges = markedRanges(watcher.doc, second.body.id);
      expect(ranges).toHaveLength(1);
      expect(ranges[0]!.index).toBe(plain(paragraph).lastIndexOf(quote));
    });
    const overlapping = await startThread(policyId, legal, { sectionId, quote: quote.split(' ').slice(1).join(' '), body: 'Overlaps', occurrence: 1 });
    expect(overlapping.status).toBe(400);
    expect(overlapping.body.field).toBe('quote');
    expect(overlapping.body.error).toMatch(/overlap/);
    const first = await startThread(policyId, legal, { sectionId, quote, body: 'The first one' });
    expect(first.status).toBe(201);
    expect((await threads(policyId)).map((thread) => thread.id)).toEqual([second.body.id, first.body.id]);
  });

  it('refuses bad input with a 4xx naming the problem, and stores nothing', async () => {
    const policyId = await newPolicy();
    const otherPolicy = await newPolicy('Another policy');
    const watcher = await client(policyId);
    const { sectionId, quote } = quotable(watcher.doc);
    const existing = await startThread(policyId, legal, { sectionId, quote, body: 'First' });
    expect(existing.status).toBe(201);
    const threadId = existing.body.id;
    const commentId = existing.body.comments[0]!.id;
    const otherWatcher = await client(otherPolicy);
    const other = quotable(otherWatcher.doc);
    const foreign = await startThread(otherPolicy, legal, { sectionId: other.sectionId, quote: other.quote, body: 'Elsewhere' });
    expect(foreign.status).toBe(201);
    const stored = commentCount(policyId);
    const marksBefore = markedRanges(watcher.doc, threadId).length;

    const refusals: [string, Awaited<ReturnType<typeof call>>, number, string | undefined][] = [
      ['empty body', await startThread(policyId, legal, { sectionId, quote, body: '   ' }), 400, 'body'],
      ['oversize body', await startThread(policyId, legal, { sectionId, quote, body: 'x'.repeat(MAX_COMMENT_LENGTH + 1) }), 400, 'body'],
      ['unknown section', await startThread(policyId, legal, { sectionId: 's_nowhere', quote, body: 'Hello' }), 404, 'sectionId'],
      ['quote not in the section', await startThread(policyId, legal, { sectionId, quote: 'words that are nowhere in this section', body: 'Hello' }), 400, 'quote'],
      ['viewer posting', await startThread(policyId, viewer, { sectionId, quote: quote.split(' ')[0]!, body: 'Hello' }), 403, undefined],
      ['viewer replying', await call(server.url, `/api/policies/${policyId}/threads/${threadId}/comments`, { json: { body: 'Hi' }, cookie: viewer.cookie }), 403, undefined],
      ['viewer resolving', await call(server.url, `/api/policies/${policyId}/threads/${threadId}`, { method: 'PATCH', json: { status: 'resolved' }, cookie: viewer.cookie }), 403, undefined],
      ['empty reply', await call(server.url, `/api/policies/${policyId}/threads/${threadId}/comments`, { json: { body: '' }, cookie: hr.cookie }), 400, 'body'],
      ['unknown thread', await call(server.url, `/api/policies/${policyId}/threads/t_nothing/comments`, { json: { body: 'Hi' }, cookie: hr.cookie }), 404, undefined],
      ['thread of another policy', await call(server.url, `/api/policies/${policyId}/threads/${foreign.body.id}/comments`, { json: { body: 'Hi' }, cookie: hr.cookie }), 404, undefined],
      ['resolving a thread of another policy', await call(server.url, `/api/policies/${policyId}/threads/${foreign.body.id}`, { method: 'PATCH', json: { status: 'resolved' }, cookie: hr.cookie }), 404, undefined],
      ['bad status', await call(server.url, `/api/policies/${policyId}/threads/${threadId}`, { method: 'PATCH', json: { status: 'closed' }, cookie: hr.cookie }), 400, 'status'],
      ['editing another person’s comment', await call(server.url, `/api/policies/${policyId}/threads/${threadId}/comments/${commentId}`, { method: 'PATCH', json: { body: 'Mine now' }, cookie: hr.cookie }), 403, undefined],
      ['deleting another person’s comment', await call(server.url, `/api/policies/${policyId}/threads/${threadId}/comments/${commentId}`, { method: 'DELETE', cookie: hr.cookie }), 403, undefined],
      ['unknown comment', await call(server.url, `/api/policies/${policyId}/threads/${threadId}/comments/c_nothing`, { method: 'PATCH', json: { body: 'Hi' }, cookie: legal.cookie }), 404, undefined],
      ['negative occurrence', await startThread(policyId, legal, { sectionId, quote, body: 'Hi', occurrence: -1 }), 400, 'occurrence'],
      ['unknown policy', await call(server.url, '/api/policies/p_nothing/threads', { cookie: legal.cookie }), 404, undefined],
    ];
    for (const [what, response, status, field] of refusals) {
      expect({ what, status: response.status }).toEqual({ what, status });
      expect(typeof (response.body as { error?: unknown }).error, what).toBe('string');
      if (field) expect((response.body as { field?: unknown }).field, what).toBe(field);
    }
    expect(commentCount(policyId)).toBe(stored);
    const listed = await threads(policyId);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ status: 'open', comments: [{ body: 'First', editedAt: null }] });
    expect((await threads(otherPolicy))[0]).toMatchObject({ status: 'open', comments: [{ body: 'Elsewhere' }] });
    expect(markedRanges(watcher.doc, threadId)).toHaveLength(marksBefore);
  });

  it('ignores a forged mark for a thread that does not exist or of another policy', async () => {
    const policyId = await newPolicy();
    const otherPolicy = await newPolicy('Other');
    const otherWatcher = await client(otherPolicy);
    const other = quotable(otherWatcher.doc);
    const foreign = await startThread(otherPolicy, legal, { sectionId: other.sectionId, quote: other.quote, body: 'Elsewhere' });
    expect(foreign.status).toBe(201);

    const forger = await client(policyId, marketing);
    const { sectionId, paragraph, quote } = quotable(forger.doc);
    forger.doc.transact(() => {
      paragraph.format(0, 3, { comment: { threadId: 't_forged' } });
      paragraph.format(plain(paragraph).indexOf(quote), quote.length, { comment: { threadId: foreign.body.id } });
    });
    await eventually(() => {
      const serverDoc = server.rooms.get(policyId)!.doc;
      expect(markedRanges(serverDoc, 't_forged')).toHaveLength(1);
      expect(markedRanges(serverDoc, foreign.body.id)).toHaveLength(1);
    });
    expect(await threads(policyId)).toEqual([]);
    expect((await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie })).status).toBe(200);
    // The forged marks belong to no thread here, so a real thread may be anchored over them.
    const real = await startThread(policyId, legal, { sectionId, quote, body: 'A real one' });
    expect(real.status).toBe(201);
    expect((await threads(policyId)).map((thread) => [thread.id, thread.anchored])).toEqual([[real.body.id, true]]);
    // The other policy's thread is not disturbed by the forgery.
    expect((await threads(otherPolicy)).map((thread) => [thread.id, thread.anchored])).toEqual([[foreign.body.id, true]]);
  });

  it('keeps a thread whose text was deleted as an orphan that can still be replied to and resolved', async () => {
    const policyId = await newPolicy();
    const editor = await client(policyId, marketing);
    const { sectionId, quote } = quotable(editor.doc);
    const created = await startThread(policyId, legal, { sectionId, quote, body: 'Why this?' });
    expect(created.status).toBe(201);
    await eventually(() => expect(markedRanges(editor.doc, created.body.id)).toHaveLength(1));
    const [range] = markedRanges(editor.doc, created.body.id);
    editor.doc.transact(() => range!.text.delete(range!.index, range!.content.length));
    await eventually(async () => expect((await threads(policyId))[0]?.anchored).toBe(false));
    const [orphan] = await threads(policyId);
    expect(orphan).toMatchObject({ id: created.body.id, quote, anchored: false, status: 'open' });
    const reply = await call(server.url, `/api/policies/${policyId}/threads/${created.body.id}/comments`, { json: { body: 'It was removed, fine.' }, cookie: marketing.cookie });
    expect(reply.status).toBe(201);
    const resolved = await call<Thread>(server.url, `/api/policies/${policyId}/threads/${created.body.id}`, { method: 'PATCH', json: { status: 'resolved' }, cookie: marketing.cookie });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ anchored: false, status: 'resolved', quote });
    expect(resolved.body.comments).toHaveLength(2);
  });

  it('stores the mark before answering: a restarted server still finds the thread anchored', async () => {
    const own = await startTestServer();
    let closed = false;
    cleanups.push(() => (closed ? undefined : own.close()));
    const ownAdmin = await signUpAdmin(own.url, 'communications', 'Ada Admin');
    const policyId = await createPolicy(own.url, ownAdmin, { title: 'Restart', templateId: 'healthcare-provider', organization: 'Test Org' });
    const ownClient = connectClient(own.url, policyId, { headers: { cookie: ownAdmin.cookie } });
    await synced(ownClient);
    const { sectionId, quote } = quotable(ownClient.doc);
    ownClient.destroy();
    const created = await call<Thread>(own.url, `/api/policies/${policyId}/threads`, { json: { sectionId, quote, body: 'Kept?' }, cookie: ownAdmin.cookie });
    expect(created.status).toBe(201);
    closed = true;
    await own.close();
    const again = await startTestServer({ dataDir: own.dataDir });
    cleanups.push(() => again.close());
    const listed = await call<Thread[]>(again.url, `/api/policies/${policyId}/threads`, { cookie: ownAdmin.cookie });
    expect(listed.status).toBe(200);
    expect(listed.body.map((thread) => [thread.id, thread.anchored, thread.comments[0]?.body])).toEqual([[created.body.id, true, 'Kept?']]);
    const reader = connectClient(again.url, policyId, { headers: { cookie: ownAdmin.cookie } });
    cleanups.push(() => reader.destroy());
    await synced(reader);
    expect(markedRanges(reader.doc, created.body.id).map((range) => range.content)).toEqual([quote]);
  });

  it('keeps no thread whose mark could not be stored, even when the database would refuse to take the thread back', async () => {
    const { server: own, db } = await startTestServerWithDatabase();
    cleanups.push(() => own.close());
    const ownAdmin = await signUpAdmin(own.url, 'communications', 'Ada Admin');
    const policyId = await createPolicy(own.url, ownAdmin, { title: 'Refused mark', templateId: 'healthcare-provider', organization: 'Test Org' });
    const ownClient = connectClient(own.url, policyId, { headers: { cookie: ownAdmin.cookie } });
    cleanups.push(() => ownClient.destroy());
    await synced(ownClient);
    const { sectionId, quote } = quotable(ownClient.doc);
    // SQLite refuses rows of the update log (the mark) and, as a failing disk would, the clean-up of a thread.
    const allowLog = refuseUpdateLogRows(db);
    db.exec("CREATE TEMP TRIGGER refuse_cleanup BEFORE DELETE ON comment_threads BEGIN SELECT RAISE(ABORT, 'no deletions'); END");
    const created = await call<Thread>(own.url, `/api/policies/${policyId}/threads`, { json: { sectionId, quote, body: 'Stored?' }, cookie: ownAdmin.cookie });
    allowLog();
    db.exec('DROP TRIGGER temp.refuse_cleanup');
    expect(created.status).toBe(503);
    const listed = await call<Thread[]>(own.url, `/api/policies/${policyId}/threads`, { cookie: ownAdmin.cookie });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([]);
  });

  it('refuses an editor whose role on this policy is viewer, and hides the threads from people who cannot open it', async () => {
    const policyId = await newPolicy();
    const watcher = await client(policyId);
    const { sectionId, quote } = quotable(watcher.doc);
    expect((await call(server.url, `/api/policies/${policyId}`, { method: 'PATCH', json: { sharing: 'members' }, cookie: admin.cookie })).status).toBe(200);
    expect((await call(server.url, `/api/policies/${policyId}/members`, { json: { userId: hr.user.id, role: 'viewer' }, cookie: admin.cookie })).status).toBe(201);
    const refused = await startThread(policyId, hr, { sectionId, quote, body: 'May I?' });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatch(/read comments but not write/);
    expect((await call(server.url, `/api/policies/${policyId}/threads`, { cookie: hr.cookie })).status).toBe(200);
    // Marketing is not a member of this policy now: it does not exist for them.
    expect((await call(server.url, `/api/policies/${policyId}/threads`, { cookie: marketing.cookie })).status).toBe(404);
    expect((await startThread(policyId, marketing, { sectionId, quote, body: 'Hello?' })).status).toBe(404);
    expect(await threads(policyId)).toEqual([]);
  });

  it('lets an admin delete someone else’s comment, and no one else', async () => {
    const policyId = await newPolicy();
    const watcher = await client(policyId);
    const { sectionId, quote } = quotable(watcher.doc);
    const created = await startThread(policyId, legal, { sectionId, quote, body: 'Opening' });
    const reply = await call<Comment>(server.url, `/api/policies/${policyId}/threads/${created.body.id}/comments`, { json: { body: 'Off topic' }, cookie: hr.cookie });
    expect((await call(server.url, `/api/policies/${policyId}/threads/${created.body.id}/comments/${reply.body.id}`, { method: 'DELETE', cookie: marketing.cookie })).status).toBe(403);
    expect((await call(server.url, `/api/policies/${policyId}/threads/${created.body.id}/comments/${reply.body.id}`, { method: 'DELETE', cookie: admin.cookie })).status).toBe(200);
    expect((await threads(policyId))[0]!.comments.map((comment) => comment.body)).toEqual(['Opening']);
  });

  it('tells listeners of the policy’s event stream about thread changes', async () => {
    const policyId = await newPolicy();
    const watcher = await client(policyId);
    const { sectionId, quote } = quotable(watcher.doc);
    const stream = await openEventStream(server.url, `/api/policies/${policyId}/events`, hr.cookie);
    cleanups.push(() => stream.close());
    const heard: unknown[] = [];
    const stop = server.comments.onComment((event) => heard.push([event.kind, event.policyTitle, event.thread.id, event.comment.body]));
    cleanups.push(stop);
    const created = await startThread(policyId, legal, { sectionId, quote, body: 'Live?' });
    expect(created.status).toBe(201);
    const event = await stream.next((candidate) => candidate.event === 'threads');
    expect(event.data).toEqual({ threadId: created.body.id, change: 'created' });
    const reply = await call<Comment>(server.url, `/api/policies/${policyId}/threads/${created.body.id}/comments`, { json: { body: 'Yes' }, cookie: hr.cookie });
    expect(reply.status).toBe(201);
    await stream.next((candidate) => candidate.event === 'threads' && candidate.data.change === 'comment');
    await call(server.url, `/api/policies/${policyId}/threads/${created.body.id}`, { method: 'PATCH', json: { status: 'resolved' }, cookie: hr.cookie });
    await stream.next((candidate) => candidate.event === 'threads' && candidate.data.change === 'status');
    await call(server.url, `/api/policies/${policyId}/threads/${created.body.id}/comments/${reply.body.id}`, { method: 'DELETE', cookie: hr.cookie });
    await stream.next((candidate) => candidate.event === 'threads' && candidate.data.change === 'deleted');
    expect(heard).toEqual([
      ['thread', 'Comments policy', created.body.id, 'Live?'],
      ['reply', 'Comments policy', created.body.id, 'Yes'],
    ]);
  });
});
