import { expect, test } from 'vitest';
import { anchoredThreadIds } from '../../server/services/commentAnchors';
import { connectClient, synced } from '../support/collabClient';
import { call, createPolicy, signUpAdmin, signUpInvited, type Session } from '../support/session';
import { describeInBrowser } from './support/browser';
import { openPolicy, paragraphOf, sectionTitled, selectText } from './support/editor';
import { poll } from './support/poll';
import { serverSections } from './support/serverState';
import { useWorld } from './support/world';

const SECTION = 'Official accounts';
const QUOTE = 'approved and registered';

/** The ids of the threads whose marks are in the server's live copy of the policy. */
async function serverAnchors(url: string, session: Session, policyId: string): Promise<string[]> {
  const client = connectClient(url, policyId, { headers: { cookie: session.cookie } });
  try {
    await synced(client);
    return [...anchoredThreadIds(client.doc)];
  } finally {
    client.destroy();
  }
}

async function anchoredOnServer(url: string, session: Session, policyId: string, threadId: string): Promise<boolean | undefined> {
  const threads = (await call(url, `/api/policies/${policyId}/threads`, { cookie: session.cookie })).body as { id: string; anchored: boolean }[];
  return threads.find((thread) => thread.id === threadId)?.anchored;
}

describeInBrowser('comment marks', () => {
  const world = useWorld();

  test('moving the section, clearing formatting, and cutting and pasting the commented words keep the thread anchored', async () => {
    const admin = await signUpAdmin(world.url, 'communications', 'Cora Comms');
    const policyId = await createPolicy(world.url, admin, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
    const section = (await serverSections(world.url, admin, policyId)).find((candidate) => candidate.title === SECTION);
    if (!section) throw new Error(`no section “${SECTION}”`);
    const created = await call(world.url, `/api/policies/${policyId}/threads`, { json: { sectionId: section.id, quote: QUOTE, body: 'Who registers them?' }, cookie: admin.cookie });
    expect(created.status).toBe(201);
    const threadId = (created.body as { id: string }).id;

    const person = await world.person('comms', admin);
    const page = person.page;
    // Count the event streams the page opens: the policy's status and its threads share one.
    await page.addInitScript(() => {
      const Original = window.EventSource;
      const opened: string[] = [];
      (window as unknown as { e2eStreams: string[] }).e2eStreams = opened;
      window.EventSource = class extends Original {
        constructor(url: string | URL, init?: EventSourceInit) {
          super(url, init);
          opened.push(String(url));
        }
      };
    });
    await openPolicy(page, world.url, policyId);
    const editorSection = sectionTitled(page, SECTION);
    const highlight = editorSection.locator(`.comment-anchor[data-thread-id="${threadId}"]`);
    await poll(() => highlight.allTextContents()).toEqual([QUOTE]);
    // The comments panel's thread list is live, yet the page holds a single stream for the policy.
    await page.getByRole('button', { name: /^Comments/ }).click();
    await page.getByRole('complementary', { name: 'Comments' }).locator('.comment-thread').first().waitFor();
    expect(await page.evaluate(() => (window as unknown as { e2eStreams: string[] }).e2eStreams.filter((url) => url.includes('/events')))).toHaveLength(1);

    // Move the section down with its menu: the mark moves with it.
    const order = (await serverSections(world.url, admin, policyId)).map((candidate) => candidate.id);
    const index = order.indexOf(section.id);
    await editorSection.getByRole('button', { name: `Section options for ${SECTION}` }).click();
    await page.getByRole('group', { name: `Options for ${SECTION}` }).getByRole('button', { name: 'Move down' }).click();
    await poll(async () => (await serverSections(world.url, admin, policyId)).map((candidate) => candidate.id).indexOf(section.id), { timeout: 5_000 }).toBe(index + 1);
    expect(await serverAnchors(world.url, admin, policyId)).toContain(threadId);
    expect(await anchoredOnServer(world.url, admin, policyId, threadId)).toBe(true);
    await poll(() => sectionTitled(page, SECTION).locator(`.comment-anchor[data-thread-id="${threadId}"]`).allTextContents()).toEqual([QUOTE]);

    // "Clear formatting" on the commented words (bold first, so there is formatting to clear).
    const paragraph = paragraphOf(sectionTitled(page, SECTION));
    await selectText(page, paragraph, QUOTE);
    await page.keyboard.press('Control+b');
    await poll(() => paragraph.locator('strong').allTextContents()).toEqual([QUOTE]);
    await selectText(page, paragraph, QUOTE);
    const cleared = await page.locator('.policy-editor').evaluate((element) => {
      const editor = (element as unknown as { editor: { commands: { unsetAllMarks: () => boolean } } }).editor;
      return editor.commands.unsetAllMarks();
    });
    expect(cleared).toBe(true);
    await poll(() => paragraph.locator('strong').count()).toBe(0);
    expect(await paragraph.locator(`.comment-anchor[data-thread-id="${threadId}"]`).allTextContents()).toEqual([QUOTE]);

    // Cut the commented words and paste them at the start of the paragraph: the mark comes along.
    await selectText(page, paragraph, QUOTE);
    await page.locator('.policy-editor').evaluate((element) => {
      const data = new DataTransfer();
      element.dispatchEvent(new ClipboardEvent('cut', { clipboardData: data, bubbles: true, cancelable: true }));
      (window as unknown as { e2eClipboard: DataTransfer }).e2eClipboard = data;
    });
    await poll(() => paragraph.locator('.comment-anchor').count()).toBe(0);
    await paragraph.evaluate((element) => {
      const first = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT).nextNode();
      if (first) element.ownerDocument.getSelection()?.setBaseAndExtent(first, 0, first, 0);
    });
    await page.waitForTimeout(200);
    await page.locator('.policy-editor').evaluate((element) => {
      const data = (window as unknown as { e2eClipboard: DataTransfer }).e2eClipboard;
      element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await poll(() => paragraph.locator(`.comment-anchor[data-thread-id="${threadId}"]`).allTextContents()).toEqual([QUOTE]);
    expect((await paragraph.textContent())?.startsWith(QUOTE)).toBe(true);
    await poll(() => serverAnchors(world.url, admin, policyId), { timeout: 5_000 }).toContain(threadId);
    await poll(() => anchoredOnServer(world.url, admin, policyId, threadId), { timeout: 5_000 }).toBe(true);
  });

  test('a commenter’s selection menu offers only "Comment"; an admin may delete someone else’s comment, not edit it', async () => {
    const admin = await signUpAdmin(world.url, 'communications', 'Cora Comms');
    const legalSession = await signUpInvited(world.url, admin, 'legal', 'editor', 'Leo Legal');
    const hrSession = await signUpInvited(world.url, admin, 'hr', 'commenter', 'Hana HR');
    const policyId = await createPolicy(world.url, admin, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
    const section = (await serverSections(world.url, admin, policyId)).find((candidate) => candidate.title === SECTION);
    if (!section) throw new Error(`no section “${SECTION}”`);
    const created = await call(world.url, `/api/policies/${policyId}/threads`, { json: { sectionId: section.id, quote: QUOTE, body: 'Posted by mistake.' }, cookie: legalSession.cookie });
    expect(created.status).toBe(201);

    // The commenter selects words in her read-only editor: the menu holds only "Comment".
    const hr = await world.person('hr', hrSession);
    await openPolicy(hr.page, world.url, policyId);
    expect(await hr.page.locator('.policy-editor').getAttribute('contenteditable')).toBe('false');
    await selectText(hr.page, paragraphOf(sectionTitled(hr.page, SECTION)), 'This keeps our voice clear');
    const menu = hr.page.getByRole('toolbar', { name: 'Selected text' });
    await menu.waitFor();
    expect(await menu.getByRole('button').allTextContents()).toEqual(['Comment']);
    await menu.getByRole('button', { name: 'Comment' }).click();
    const draft = hr.page.getByRole('complementary', { name: 'Comments' }).getByRole('group', { name: 'New comment' });
    await draft.waitFor();
    expect(await draft.locator('q').textContent()).toBe('This keeps our voice clear');
    await draft.getByLabel('Your comment').fill('Does this cover staff on their own accounts?');
    await draft.getByRole('button', { name: 'Comment' }).click();
    await poll(async () => ((await call(world.url, `/api/policies/${policyId}/threads`, { cookie: admin.cookie })).body as unknown[]).length).toBe(2);
    // She may delete neither Legal's comment nor anyone's but her own.
    const legalThread = hr.page.locator('.comment-thread').filter({ has: hr.page.locator('q', { hasText: QUOTE }) });
    await legalThread.waitFor();
    expect(await legalThread.getByRole('button', { name: /^Delete/ }).count()).toBe(0);

    // The admin sees Delete (not Edit) on Legal's comment and removes it; the thread goes with it.
    const comms = await world.person('comms', admin);
    await openPolicy(comms.page, world.url, policyId);
    await comms.page.getByRole('button', { name: /^Comments/ }).click();
    const thread = comms.page.locator('.comment-thread').filter({ has: comms.page.locator('q', { hasText: QUOTE }) });
    await thread.waitFor();
    expect(await thread.getByRole('button', { name: /^Edit/ }).count()).toBe(0);
    comms.page.once('dialog', (dialog) => void dialog.accept());
    await thread.getByRole('button', { name: 'Delete Leo Legal’s comment' }).click();
    await poll(async () => ((await call(world.url, `/api/policies/${policyId}/threads`, { cookie: admin.cookie })).body as { quote: string }[]).map((left) => left.quote)).toEqual(['This keeps our voice clear']);
    // The commenter's page follows live.
    await poll(() => legalThread.count(), { timeout: 5_000 }).toBe(0);
  });
});
