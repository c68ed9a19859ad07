import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EACH_BATCH_MS } from '../server/mail/notificationMail';
import { startTestServer } from './support/accordServer';
import { cleanupStack } from './support/cleanups';
import { eventually, signedInClient, typeInFirstSection } from './support/collabClient';
import { ManualClock } from './support/manualClock';
import { call, createPolicy, signUpAdmin, signUpInvited, type Session } from './support/session';
import { TestSmtpServer } from './support/smtp';

/**
 * Whoever signed a section is told when an edit makes their sign-off stale: in the bell, and by
 * e-mail as they chose. The edit is typed through a stock y-websocket client; each sign-off is
 * told once, however long the typing goes on, and nobody is told of their own edit.
 */
type TestServer = Awaited<ReturnType<typeof startTestServer>>;
const cleanups = cleanupStack();

let smtp: TestSmtpServer;
let clock: ManualClock;
let server: TestServer;
let marketing: Session;
let legal: Session;
let policyId: string;
let sectionId: string;

interface Listed {
  kind: string;
  sectionId: string;
  sectionTitle: string | null;
  threadId: string;
  by: { name: string; department: string | null };
  excerpt: string;
  readAt: string | null;
}

beforeAll(async () => {
  smtp = await TestSmtpServer.start();
  clock = new ManualClock(Date.now());
  server = await startTestServer({ clock, mail: { smtpUrl: smtp.url, organizationName: 'Northwind' } });
  marketing = await signUpAdmin(server.url, 'marketing', 'Mia Marketing');
  legal = await signUpInvited(server.url, marketing, 'legal', 'editor', 'Leo Legal');
  policyId = await createPolicy(server.url, marketing, { title: 'Short policy' });
  const section = (await call(server.url, `/api/policies/${policyId}`, { cookie: marketing.cookie })).body.sections[0];
  sectionId = section.id;
  expect((await call(server.url, `/api/policies/${policyId}/sections/${sectionId}/requirements`, { method: 'PUT', json: { owner: 'marketing', approvers: ['legal'] }, cookie: marketing.cookie })).status).toBe(200);
});
afterAll(async () => {
  await server.close();
  await smtp.stop();
});

const staleFor = async (person: Session) =>
  ((await call(server.url, '/api/me/notifications', { cookie: person.cookie })).body.notifications as Listed[]).filter((notification) => notification.kind === 'signoff_stale');
async function signBoth() {
  for (const person of [marketing, legal]) {
    const hash = (await call(server.url, `/api/policies/${policyId}`, { cookie: person.cookie })).body.sections[0].hash;
    expect((await call(server.url, `/api/policies/${policyId}/sections/${sectionId}/signoffs`, { json: { hash }, cookie: person.cookie })).status).toBe(201);
  }
}

describe('a sign-off made stale by an edit', () => {
  it('is told to the person who signed, once, with who changed what, and not to the editor', async () => {
    await signBoth();
    expect(await staleFor(legal)).toEqual([]);
    const client = await signedInClient(server.url, policyId, marketing.cookie, (cleanup) => cleanups.push(cleanup));
    typeInFirstSection(client.doc, ' Also on weekends.');
    await eventually(async () => expect(await staleFor(legal)).toHaveLength(1), 10_000, 100);
    const [notice] = await staleFor(legal);
    expect(notice).toMatchObject({
      sectionId,
      threadId: '',
      by: { name: 'Mia Marketing', department: 'marketing' },
      excerpt: 'Your sign-off for Legal no longer covers this section. See what changed, then sign it again.',
    });
    expect(notice!.sectionTitle).toBeTruthy();

    // Typing on tells nobody again; Mia's own sign-off went stale by her own edit, so she is not told.
    typeInFirstSection(client.doc, ' And holidays.');
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await staleFor(legal)).toHaveLength(1);
    expect(await staleFor(marketing)).toEqual([]);
    const unread = (await call(server.url, '/api/me/notifications', { cookie: legal.cookie })).body.unread;
    expect(unread).toBe(1);

    // Leo chose e-mails one by one: within a minute he gets one, with the link to the section.
    clock.advance(EACH_BATCH_MS);
    await server.outbox.flush();
    const mails = smtp.to(legal.user.email);
    expect(mails.map((mail) => mail.subject)).toEqual(['Mia Marketing changed a section you signed — Short policy']);
    expect(mails[0]!.text).toMatch(/Mia Marketing \(Marketing\) changed “.+” in Short policy, a section you signed\./);
    expect(mails[0]!.text).toContain('Your sign-off for Legal no longer covers this section. See what changed, then sign it again.');
    expect(mails[0]!.text).toContain(`Open the section:\nhttp://localhost:${new URL(server.url).port}/p/${policyId}#${sectionId}`);
    expect(smtp.to(marketing.user.email)).toEqual([]);
  });

  it('tells a new sign-off again when it goes stale in its turn, and signing again reads the old notice', async () => {
    expect((await staleFor(legal)).map((notice) => notice.readAt)).toEqual([null]);
    await signBoth();
    // Leo signed again: the notice about his old sign-off was acted on.
    await eventually(async () => expect((await staleFor(legal)).map((notice) => notice.readAt !== null)).toEqual([true]), 10_000, 100);
    const client = await signedInClient(server.url, policyId, marketing.cookie, (cleanup) => cleanups.push(cleanup));
    typeInFirstSection(client.doc, ' Even at night.');
    await eventually(async () => expect(await staleFor(legal)).toHaveLength(2), 10_000, 100);
    expect((await call(server.url, '/api/me/notifications', { cookie: legal.cookie })).body.unread).toBe(1);
  });

  it('takes an unread notice back when the change is undone, and tells again at the next change', async () => {
    await signBoth();
    const before = await staleFor(legal);
    const client = await signedInClient(server.url, policyId, marketing.cookie, (cleanup) => cleanups.push(cleanup));
    const added = ' Only with approval.';
    typeInFirstSection(client.doc, added);
    await eventually(async () => expect(await staleFor(legal)).toHaveLength(before.length + 1), 10_000, 100);
    // Mia takes her words out again: the section is what Leo signed, and the notice is no longer true.
    const text = lastTextOfFirstSection(client.doc);
    text.delete(text.length - added.length, added.length);
    await eventually(async () => expect(await staleFor(legal)).toEqual(before), 10_000, 100);
    const policy = (await call(server.url, `/api/policies/${policyId}`, { cookie: legal.cookie })).body;
    expect(policy.sections[0].signoffs.every((signoff: { valid: boolean }) => signoff.valid)).toBe(true);
    // A later change is a new one: Leo is told again.
    typeInFirstSection(client.doc, ' Not on Sundays.');
    await eventually(async () => expect(await staleFor(legal)).toHaveLength(before.length + 1), 10_000, 100);
  });
});

describe('a stale sign-off across a restart', () => {
  it('is neither told twice nor left unread when the section is covered again after the server restarted', async () => {
    const first = await startTestServer();
    const mia = await signUpAdmin(first.url, 'marketing', 'Mia Marketing');
    const leo = await signUpInvited(first.url, mia, 'legal', 'editor', 'Leo Legal');
    const id = await createPolicy(first.url, mia, { title: 'Restart policy' });
    const sectionOf = async (url: string, person: Session) => (await call(url, `/api/policies/${id}`, { cookie: person.cookie })).body.sections[0] as { id: string; hash: string };
    const section = (await sectionOf(first.url, mia)).id;
    expect((await call(first.url, `/api/policies/${id}/sections/${section}/requirements`, { method: 'PUT', json: { owner: 'marketing', approvers: ['legal'] }, cookie: mia.cookie })).status).toBe(200);
    const sign = async (url: string) => expect((await call(url, `/api/policies/${id}/sections/${section}/signoffs`, { json: { hash: (await sectionOf(url, leo)).hash }, cookie: leo.cookie })).status).toBe(201);
    const notices = async (url: string) => ((await call(url, '/api/me/notifications', { cookie: leo.cookie })).body.notifications as Listed[]).filter((notice) => notice.kind === 'signoff_stale');
    await sign(first.url);
    const client = await signedInClient(first.url, id, mia.cookie, () => {});
    typeInFirstSection(client.doc, ' Before the restart.');
    await eventually(async () => expect(await notices(first.url)).toHaveLength(1), 10_000, 100);
    client.destroy();
    await first.close();

    // The same data folder, a new process: more typing tells nobody again.
    const second = await startTestServer({ dataDir: first.dataDir });
    try {
      const again = await signedInClient(second.url, id, mia.cookie, (cleanup) => cleanups.push(cleanup));
      typeInFirstSection(again.doc, ' After the restart.');
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(await notices(second.url)).toHaveLength(1);
      // Leo signs again with nothing typed in between: the old notice was acted on.
      await sign(second.url);
      await eventually(async () => expect((await notices(second.url)).map((notice) => notice.readAt !== null)).toEqual([true]), 10_000, 100);
    } finally {
      await second.close();
    }
  });
});

/** The text node the stock client's typing went into (the first paragraph of the first section). */
function lastTextOfFirstSection(doc: Y.Doc): Y.XmlText {
  const section = doc.getXmlFragment('default').toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'policySection')!;
  const paragraph = section.toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph')!;
  return paragraph.get(0) as Y.XmlText;
}
