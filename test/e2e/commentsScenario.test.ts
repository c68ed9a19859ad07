import { expect, test } from 'vitest';
import { call, createPolicy, signUpAdmin, signUpInvited } from '../support/session';
import { describeInBrowser } from './support/browser';
import { threadOn } from './support/comments';
import { chip, openApp, openPolicy, paragraphOf, sectionTitled, selectText } from './support/editor';
import { poll } from './support/poll';
import { policyState, signSection } from './support/serverState';
import { useWorld } from './support/world';

/**
 * Issue 19's scenario with three people: Legal comments on Marketing's sentence and mentions HR;
 * HR sees the notification and replies; the Legal sign-off made before the comment is still
 * valid; Marketing rewrites the words and resolves; the thread, its text gone, shows "text removed".
 */
const SECTION = 'Official accounts';
const QUOTE = 'approved and registered';

describeInBrowser('comments with three departments', () => {
  const world = useWorld();

  test('Legal asks HR about Marketing’s words; HR follows the notification and replies; Marketing rewrites and resolves; the thread keeps its quote', async () => {
    const mia = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const leo = await signUpInvited(world.url, mia, 'legal', 'editor', 'Leo Legal');
    const hana = await signUpInvited(world.url, mia, 'hr', 'editor', 'Hana HR');
    const policyId = await createPolicy(world.url, mia, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
    const section = (await policyState(world.url, mia, policyId)).sections.find((candidate) => candidate.title === SECTION)!;
    expect((await call(world.url, `/api/policies/${policyId}/sections/${section.id}/requirements`, { method: 'PUT', json: { owner: 'marketing', approvers: ['legal'] }, cookie: mia.cookie })).status).toBe(200);
    const signedHash = (await policyState(world.url, mia, policyId)).sections.find((candidate) => candidate.id === section.id)!.hash;
    await signSection(world.url, leo, policyId, section.id, signedHash);

    const marketing = (await world.person('marketing', mia)).page;
    const legal = (await world.person('legal', leo)).page;
    const hr = (await world.person('hr', hana)).page;
    await Promise.all([openPolicy(marketing, world.url, policyId), openPolicy(legal, world.url, policyId), openApp(hr, world.url)]);
    const bell = hr.locator('.inbox-button');
    await poll(() => bell.getAttribute('aria-label')).toBe('Notifications, none unread');

    // Legal comments on Marketing's words and mentions HR.
    await selectText(legal, paragraphOf(sectionTitled(legal, SECTION)), QUOTE);
    await legal.keyboard.press('Control+Alt+m');
    const draft = legal.getByRole('group', { name: 'New comment' });
    await draft.getByLabel('Your comment').fill('Who approves these accounts? @HR should the onboarding list cover it?');
    await draft.getByLabel('Your comment').press('Control+Enter');
    await threadOn(legal, QUOTE).waitFor();

    // Commenting changed nothing anyone signed.
    const afterComment = (await policyState(world.url, mia, policyId)).sections.find((candidate) => candidate.id === section.id)!;
    expect(afterComment.hash).toBe(signedHash);
    expect(afterComment.signoffs.find((signoff) => signoff.department === 'legal')?.valid).toBe(true);
    expect(await chip(sectionTitled(marketing, SECTION), 'legal').getAttribute('data-state')).toBe('signed');

    // HR sees the mention in the inbox, follows it to the thread and replies.
    await hr.evaluate(() => window.dispatchEvent(new Event('focus')));
    await poll(() => bell.getAttribute('aria-label'), { timeout: 10_000 }).toBe('Notifications, 1 unread');
    await bell.click();
    const item = hr.locator('#inbox-panel .inbox-item').first();
    expect(await item.textContent()).toContain('Leo Legal');
    await item.locator('a').click();
    await poll(() => new URL(hr.url()).pathname).toBe(`/p/${policyId}`);
    const hrThread = threadOn(hr, QUOTE);
    await poll(() => hrThread.getAttribute('class'), { timeout: 10_000 }).toContain('active');
    await hrThread.getByLabel('Reply').fill('Yes: IT registers them and HR adds the step to onboarding.');
    await hrThread.getByLabel('Reply').press('Control+Enter');

    // Marketing sees the reply live, rewrites the words and resolves the thread.
    await marketing.getByRole('button', { name: /^Comments/ }).click();
    const marketingThread = threadOn(marketing, QUOTE);
    await poll(() => marketingThread.locator('.comment-body').allTextContents(), { timeout: 5_000 }).toEqual([
      'Who approves these accounts? @HR should the onboarding list cover it?',
      'Yes: IT registers them and HR adds the step to onboarding.',
    ]);
    await selectText(marketing, paragraphOf(sectionTitled(marketing, SECTION)), QUOTE);
    await marketing.keyboard.type('approved by Marketing and registered by IT');
    await poll(() => marketingThread.locator('.orphan-flag').textContent(), { timeout: 5_000 }).toBe('Text removed');
    await marketingThread.getByRole('button', { name: 'Resolve' }).click();

    // Everyone's view and the server agree: resolved, its text gone, its quote kept.
    await poll(() => threadOn(legal, QUOTE).count(), { timeout: 5_000 }).toBe(0);
    const threads = (await call(world.url, `/api/policies/${policyId}/threads`, { cookie: hana.cookie })).body as { quote: string; status: string; anchored: boolean; comments: unknown[] }[];
    expect(threads).toHaveLength(1);
    expect(threads[0]).toMatchObject({ quote: QUOTE, status: 'resolved', anchored: false });
    expect(threads[0]!.comments).toHaveLength(2);
    // The rewrite (not the comments) is what made Legal's sign-off stale.
    await poll(() => chip(sectionTitled(legal, SECTION), 'legal').getAttribute('data-state')).toBe('stale');
  });
});
