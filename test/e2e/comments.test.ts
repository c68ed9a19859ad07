import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { call, createPolicy, signUpAdmin, signUpInvited } from '../support/session';
import { describeViolations, runAxe, serious } from './support/a11y';
import { describeInBrowser } from './support/browser';
import { commentsPanel, threadOn } from './support/comments';
import { chip, openPolicy, paragraphOf, sectionTitled, selectText } from './support/editor';
import { poll } from './support/poll';
import { policyState, signSection } from './support/serverState';
import { useWorld } from './support/world';

const SECTION = 'Official accounts';
const FIRST_QUOTE = 'approved and registered';
const SECOND_QUOTE = 'This keeps our voice clear';
const NASTY = '<script>window.e2eInjected = true</script> Why do we promise this? See https://example.org/rules.';

async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { e2eMark: boolean }).e2eMark = true));
}
async function stillSamePage(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { e2eMark?: boolean }).e2eMark === true);
}

async function expectNoSeriousViolations(page: Page, where: string): Promise<void> {
  const found = serious(await runAxe(page));
  expect(found, `${where}:\n${describeViolations(found)}`).toEqual([]);
}

describeInBrowser('comments', () => {
  const world = useWorld();

  test('Legal comments on Marketing’s words; Marketing sees it live, replies and resolves; the sign-off stays valid; deleted text leaves the thread "text removed"', async () => {
    const adminSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const legalSession = await signUpInvited(world.url, adminSession, 'legal', 'editor', 'Leo Legal');
    const policyId = await createPolicy(world.url, adminSession, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });

    // Legal must approve Marketing's section, and signs it before anyone comments.
    const before = await policyState(world.url, adminSession, policyId);
    const section = before.sections.find((candidate) => candidate.title === SECTION);
    if (!section) throw new Error(`no section “${SECTION}”`);
    const requirements = await call(world.url, `/api/policies/${policyId}/sections/${section.id}/requirements`, { method: 'PUT', json: { owner: 'marketing', approvers: ['legal'] }, cookie: adminSession.cookie });
    expect(requirements.status).toBe(200);
    const required = (await policyState(world.url, adminSession, policyId)).sections.find((candidate) => candidate.id === section.id);
    await signSection(world.url, legalSession, policyId, section.id, required!.hash);

    const marketing = await world.person('marketing', adminSession, { bypassCSP: true });
    const legal = await world.person('legal', legalSession, { bypassCSP: true });
    await openPolicy(marketing.page, world.url, policyId);
    await openPolicy(legal.page, world.url, policyId);
    await markPage(marketing.page);

    const legalSection = sectionTitled(legal.page, SECTION);
    const marketingSection = sectionTitled(marketing.page, SECTION);
    await poll(() => chip(legalSection, 'legal').getAttribute('data-state')).toBe('signed');

    // Legal selects words and presses the toolbar's Comment button.
    await selectText(legal.page, paragraphOf(legalSection), FIRST_QUOTE);
    await legal.page.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Comment' }).click();
    const legalPanel = commentsPanel(legal.page);
    const draft = legalPanel.getByRole('group', { name: 'New comment' });
    await draft.waitFor();
    expect(await draft.locator('q').textContent()).toBe(FIRST_QUOTE);
    await expectNoSeriousViolations(legal.page, 'the panel with the new comment box');
    await draft.getByLabel('Your comment').fill(NASTY);
    await draft.getByRole('button', { name: 'Comment' }).click();
    await threadOn(legal.page, FIRST_QUOTE).waitFor();

    // Marketing sees the highlight within a second, without reloading, and the thread in the panel.
    const started = Date.now();
    const highlight = marketingSection.locator('.comment-anchor');
    await poll(() => highlight.evaluateAll((spans) => spans.map((span) => span.textContent).join('') + '|' + (spans[0] ? getComputedStyle(spans[0]).textDecorationStyle : '')), { timeout: 5_000 }).toBe(`${FIRST_QUOTE}|dotted`);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(await stillSamePage(marketing.page)).toBe(true);
    await poll(() => marketingSection.getByTestId('section-comment-count').textContent()).toContain('1');
    await marketing.page.getByRole('button', { name: /^Comments/ }).click();
    const marketingThread = threadOn(marketing.page, FIRST_QUOTE);
    await marketingThread.waitFor();
    // Clicking the highlighted words makes their thread the active one.
    await highlight.first().click();
    await poll(() => marketingThread.getAttribute('class')).toContain('active');

    // The comment is shown as text: the script is neither run nor an element, the address is a link.
    const body = marketingThread.locator('.comment-body').first();
    expect(await body.textContent()).toBe(NASTY);
    expect(await marketingThread.locator('script').count()).toBe(0);
    expect(await marketing.page.evaluate(() => (window as unknown as { e2eInjected?: boolean }).e2eInjected)).toBeUndefined();
    const link = body.getByRole('link', { name: 'https://example.org/rules' });
    expect(await link.getAttribute('href')).toBe('https://example.org/rules');
    expect(await marketingThread.locator('.comment-author').first().textContent()).toBe('Leo Legal');

    // Marketing replies with Ctrl+Enter; Legal sees it live.
    const reply = marketingThread.getByLabel('Reply');
    await reply.fill('It is in our brand guide.');
    await reply.press('Control+Enter');
    await poll(() => threadOn(legal.page, FIRST_QUOTE).locator('.comment-body').allTextContents(), { timeout: 5_000 }).toEqual([NASTY, 'It is in our brand guide.']);
    await expectNoSeriousViolations(marketing.page, 'the panel with a thread and its reply box');

    // A second thread with Ctrl+Alt+M.
    await selectText(legal.page, paragraphOf(legalSection), SECOND_QUOTE);
    await legal.page.keyboard.press('Control+Alt+m');
    await draft.waitFor();
    // "@" suggests people and departments; Enter picks the highlighted one.
    const box = draft.getByLabel('Your comment');
    await box.pressSequentially('Clear to whom? Ask @mar');
    const suggestions = draft.getByRole('listbox', { name: 'People and departments to mention' });
    await poll(() => suggestions.getByRole('option').locator('.mention-name').allTextContents()).toEqual(['Marketing', 'Mia Marketing']);
    await box.press('Enter');
    expect(await box.inputValue()).toBe('Clear to whom? Ask @Marketing ');
    // The space typed out of habit after the name is not doubled; the next one is typed as usual.
    await box.pressSequentially(' please.  ');
    expect(await box.inputValue()).toBe('Clear to whom? Ask @Marketing please.  ');
    await box.fill('Clear to whom? Ask @Marketing please.');
    await box.press('Control+Enter');
    await threadOn(legal.page, SECOND_QUOTE).waitFor();
    // The department named reads as a name in the posted comment, not as plain text.
    await poll(() => threadOn(legal.page, SECOND_QUOTE).locator('.comment-body .mention-department').allTextContents()).toEqual(['@Marketing']);
    // Marketing finds it under "Mentioning me" (the department was mentioned).
    await commentsPanel(marketing.page).getByLabel('Show', { exact: true }).selectOption('mentions');
    await poll(() => commentsPanel(marketing.page).locator('.comment-thread q').allTextContents(), { timeout: 5_000 }).toEqual([SECOND_QUOTE]);
    await commentsPanel(marketing.page).getByLabel('Show', { exact: true }).selectOption('open');
    await poll(() => marketingSection.getByTestId('section-comment-count').textContent(), { timeout: 5_000 }).toContain('2');

    // Marketing resolves the first thread: it leaves the open list for both, the count drops.
    await marketingThread.getByRole('button', { name: 'Resolve' }).click();
    await poll(() => threadOn(legal.page, FIRST_QUOTE).count(), { timeout: 5_000 }).toBe(0);
    await poll(() => legalSection.getByTestId('section-comment-count').textContent()).toContain('1');
    await legalPanel.getByLabel('Show', { exact: true }).selectOption('resolved');
    await threadOn(legal.page, FIRST_QUOTE).getByText('Resolved', { exact: true }).waitFor();
    await legalPanel.getByLabel('Show', { exact: true }).selectOption('open');

    // Commenting, replying and resolving left Legal's sign-off valid.
    expect(await chip(legalSection, 'legal').getAttribute('data-state')).toBe('signed');
    expect(await chip(marketingSection, 'legal').getAttribute('data-state')).toBe('signed');
    const after = (await policyState(world.url, adminSession, policyId)).sections.find((candidate) => candidate.id === section.id);
    expect(after?.hash).toBe(required!.hash);
    expect(after?.signoffs.find((signoff) => signoff.department === 'legal')?.valid).toBe(true);

    // Signing a section with an open thread warns first.
    await marketingSection.getByRole('button', { name: 'Sign off for Marketing' }).click();
    const signoff = marketing.page.getByRole('dialog', { name: `Sign off “${SECTION}”` });
    expect(await signoff.getByTestId('signoff-open-threads').textContent()).toContain('This section has an open comment thread');
    await signoff.getByRole('button', { name: 'Cancel' }).click();
    await signoff.waitFor({ state: 'hidden' });

    // Marketing deletes the commented words: the thread stays, "text removed", with its quote.
    await selectText(marketing.page, paragraphOf(marketingSection), SECOND_QUOTE);
    await marketing.page.keyboard.press('Backspace');
    const orphan = threadOn(legal.page, SECOND_QUOTE);
    await poll(() => orphan.locator('.orphan-flag').textContent(), { timeout: 5_000 }).toBe('Text removed');
    expect(await orphan.locator('q').textContent()).toBe(SECOND_QUOTE);
    await poll(() => threadOn(marketing.page, SECOND_QUOTE).locator('.orphan-flag').count()).toBe(1);
    // And the server agrees.
    await poll(async () => (await call(world.url, `/api/policies/${policyId}/threads`, { cookie: legalSession.cookie })).body.find((thread: { quote: string }) => thread.quote === SECOND_QUOTE)?.anchored, { timeout: 5_000 }).toBe(false);

    // A link to #thread-<id> (from the inbox) opens the panel on that thread.
    const threads = (await call(world.url, `/api/policies/${policyId}/threads`, { cookie: legalSession.cookie })).body as { id: string; quote: string }[];
    const orphanId = threads.find((thread) => thread.quote === SECOND_QUOTE)!.id;
    await marketing.page.goto(`${world.url}/p/${policyId}#thread-${orphanId}`);
    await poll(() => threadOn(marketing.page, SECOND_QUOTE).getAttribute('class')).toContain('active');
    expect(await threadOn(marketing.page, SECOND_QUOTE).locator('.orphan-flag').textContent()).toBe('Text removed');
    // The keyboard focus is on that thread, so Tab leads to its replies, not from the top of the page.
    await poll(() => marketing.page.evaluate(() => document.activeElement?.closest('.comment-thread')?.getAttribute('data-thread-id') ?? null)).toBe(orphanId);
  });

  test('the panel’s code loads when it is first opened; when it cannot be fetched the page says so, keeps working, and loads it on "Try again"', async () => {
    const adminSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const policyId = await createPolicy(world.url, adminSession, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
    const { page } = await world.person('marketing', adminSession);
    const panelCode: string[] = [];
    page.on('request', (request) => {
      if (/\/assets\/CommentsPanel-[^/]*\.js$/.test(new URL(request.url()).pathname)) panelCode.push(request.url());
    });
    let reachable = false;
    await page.route(/\/assets\/CommentsPanel-[^/?]*\.(js|css)(\?[^/]*)?$/, (route) => (reachable ? route.continue() : route.abort('internetdisconnected')));
    await openPolicy(page, world.url, policyId);
    expect(panelCode, 'the editor page loaded the panel’s code before anyone opened it').toEqual([]);

    const toggle = page.locator('.policy-tools').getByRole('button', { name: 'Comments' });
    await toggle.click();
    const failed = page.getByRole('alert').filter({ hasText: 'The comments could not load' });
    await failed.waitFor();
    expect(panelCode.length).toBeGreaterThan(0);
    // The rest of the page is untouched: the text is still there and still editable.
    const section = sectionTitled(page, SECTION);
    await paragraphOf(section).click();
    await page.keyboard.type(' Still typing.');
    await poll(() => paragraphOf(section).textContent()).toContain('Still typing.');

    reachable = true;
    await failed.getByRole('button', { name: 'Try again' }).click();
    await commentsPanel(page).getByRole('heading', { name: 'Comments' }).waitFor();
    expect(await failed.count()).toBe(0);
    // Its styles came too (a stylesheet that failed once is fetched again).
    await poll(() => commentsPanel(page).locator('.comments-panel-head').evaluate((head) => getComputedStyle(head).display)).toBe('flex');
  });

  test('Escape in a comment box with words in it asks before throwing them away; an empty box just closes', async () => {
    const adminSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const policyId = await createPolicy(world.url, adminSession, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
    const { page } = await world.person('marketing', adminSession);
    await openPolicy(page, world.url, policyId);
    const section = sectionTitled(page, SECTION);
    const dialogs: string[] = [];
    let answer = false;
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void (answer ? dialog.accept() : dialog.dismiss());
    });
    const openDraft = async () => {
      await selectText(page, paragraphOf(section), FIRST_QUOTE);
      await page.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Comment' }).click();
      const draft = commentsPanel(page).getByRole('group', { name: 'New comment' });
      await draft.waitFor();
      return draft;
    };

    const draft = await openDraft();
    // The first comment being written is not contradicted by "No comments yet".
    expect(await commentsPanel(page).locator('.comments-empty').count()).toBe(0);
    const box = draft.getByLabel('Your comment');
    await box.fill('Should this name the approval form?');
    await box.press('Escape');
    await poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toBe('Discard this unposted comment?');
    // Kept: the writer said no.
    expect(await box.inputValue()).toBe('Should this name the approval form?');
    answer = true;
    await box.press('Escape');
    await poll(() => draft.count()).toBe(0);
    expect(dialogs).toHaveLength(2);

    // An empty box closes on Escape without a question.
    const empty = await openDraft();
    await empty.getByLabel('Your comment').press('Escape');
    await poll(() => empty.count()).toBe(0);
    expect(dialogs).toHaveLength(2);
  });
});
