import type { Locator } from 'playwright-core';
import { expect, test } from 'vitest';
import { requiredDepartments } from '../../shared/signoffRules';
import { createPolicy, signUpAdmin, signUpInvited } from '../support/session';
import { describeInBrowser } from './support/browser';
import { chip, openPolicy, paragraphOf, placeCaretAtEnd } from './support/editor';
import { poll } from './support/poll';
import { policyState, signSection } from './support/serverState';
import { useWorld } from './support/world';

/** What follows typing must do so quickly: the aim is 300 ms; a second leaves room for a busy machine. */
const LIVE = { timeout: 1_000 };

function outlineEntry(section: Locator, sectionId: string): Locator {
  return section.page().locator(`.outline [data-outline-section="${sectionId}"]`);
}

describeInBrowser('live section state', () => {
  const world = useWorld();

  test('typing in a signed section turns its chip stale and moves its reading level at once, for both people; the outline follows a rename', async () => {
    const admin = await signUpAdmin(world.url, 'legal', 'Lea Legal');
    const other = await signUpInvited(world.url, admin, 'hr', 'editor', 'Hal HR');
    const policyId = await createPolicy(world.url, admin, { title: 'Social Media Policy', templateId: 'corporate-enterprise', organization: 'Contoso' });
    const state = await policyState(world.url, admin, policyId);
    const target = state.sections.find((section) => requiredDepartments(section).includes('legal'));
    if (!target) throw new Error('the template has no section Legal signs');
    await signSection(world.url, admin, policyId, target.id, target.hash);

    const writer = await world.person('legal', admin);
    const reader = await world.person('hr', other);
    await openPolicy(writer.page, world.url, policyId);
    await openPolicy(reader.page, world.url, policyId);
    const mine = writer.page.locator(`.policy-editor .policy-section[data-section-id="${target.id}"]`);
    const theirs = reader.page.locator(`.policy-editor .policy-section[data-section-id="${target.id}"]`);
    await poll(() => chip(mine, 'legal').getAttribute('data-state')).toBe('signed');
    await poll(() => chip(theirs, 'legal').getAttribute('data-state')).toBe('signed');
    // The section waits for its other departments; Legal's own sign-off holds.
    const statusBefore = requiredDepartments(target).length === 1 ? 'status-signed' : 'status-pending';
    await poll(() => outlineEntry(mine, target.id).getAttribute('class')).toContain(statusBefore);
    const badge = mine.locator('.reading-badge');
    await badge.waitFor();
    const levelBefore = await badge.getAttribute('aria-label');

    // Long words without a full stop make the sentence much harder to read.
    await placeCaretAtEnd(writer.page, paragraphOf(mine));
    await writer.page.keyboard.type(' notwithstanding interdepartmental responsibilities', { delay: 5 });
    await poll(() => chip(mine, 'legal').getAttribute('data-state'), LIVE).toBe('stale');
    await poll(() => outlineEntry(mine, target.id).getAttribute('class'), LIVE).toContain('status-stale');
    await poll(() => badge.getAttribute('aria-label'), LIVE).not.toBe(levelBefore);
    // The other person's page reads the change from their own copy of the document.
    await poll(() => chip(theirs, 'legal').getAttribute('data-state'), { timeout: 3_000 }).toBe('stale');
    // Both pages end on the same reading level (the writer's may still be settling as the last words arrive).
    const bothLevels = async () => [await badge.getAttribute('aria-label'), await theirs.locator('.reading-badge').getAttribute('aria-label')];
    await poll(async () => {
      const [writerLevel, readerLevel] = await bothLevels();
      return writerLevel !== levelBefore && writerLevel === readerLevel;
    }, { timeout: 3_000 }).toBe(true);

    // Undoing the edit by hand brings the signed text back: the sign-off holds again.
    for (let index = 0; index < ' notwithstanding interdepartmental responsibilities'.length; index++) await writer.page.keyboard.press('Backspace');
    await poll(() => chip(mine, 'legal').getAttribute('data-state'), LIVE).toBe('signed');
    await poll(() => outlineEntry(mine, target.id).getAttribute('class'), LIVE).toContain(statusBefore);
    await poll(() => badge.getAttribute('aria-label'), LIVE).toBe(levelBefore);

    // A rename shows in the outline of both pages.
    await placeCaretAtEnd(writer.page, mine.locator('.section-body h2'));
    await writer.page.keyboard.type(' (revised)', { delay: 5 });
    await poll(() => outlineEntry(mine, target.id).textContent(), LIVE).toContain(`${target.title} (revised)`);
    await poll(() => outlineEntry(theirs, target.id).textContent(), { timeout: 3_000 }).toContain(`${target.title} (revised)`);
    expect(await chip(mine, 'legal').getAttribute('data-state')).toBe('stale');
  });
});
