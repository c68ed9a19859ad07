import type { Locator, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { call, createPolicy, signUpAdmin, signUpInvited } from '../support/session';
import { describeViolations, runAxe, serious } from './support/a11y';
import { describeInBrowser } from './support/browser';
import { chip, openPolicy, paragraphOf, sectionTitled } from './support/editor';
import { poll } from './support/poll';
import { policyState, signSection } from './support/serverState';
import { useWorld } from './support/world';

const SECTION = 'Logins and devices';
const WORD = 'hacked';

/** Double-clicks a word of a block, the way a person selects one word. */
async function selectWord(page: Page, block: Locator, word: string): Promise<void> {
  await block.scrollIntoViewIfNeeded();
  const box = await block.evaluate((element, word) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = (node.textContent ?? '').indexOf(word);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + word.length);
      const rect = range.getBoundingClientRect();
      return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
    }
    return null;
  }, word);
  if (!box) throw new Error(`no “${word}” in the block`);
  await page.mouse.dblclick(box.x, box.y);
  await poll(() => page.evaluate(() => String(window.getSelection()).trim())).toBe(word);
  // The editor takes the browser's selection on its next selectionchange.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
}

describeInBrowser('what changed', () => {
  const world = useWorld();

  test('bolding one word in a signed section makes the sign-off stale, and What changed lists it with who did it', async () => {
    const admin = await signUpAdmin(world.url, 'communications', 'Ada Admin');
    const it = await signUpInvited(world.url, admin, 'it', 'editor', 'Ian IT');
    const marketing = await signUpInvited(world.url, admin, 'marketing', 'editor', 'Mia Marketing');
    const policyId = await createPolicy(world.url, admin, { title: 'Shop policy', templateId: 'small-business', organization: 'Corner Shop' });
    const signed = (await policyState(world.url, admin, policyId)).sections.find((section) => section.title === SECTION)!;
    await signSection(world.url, it, policyId, signed.id, signed.hash);

    // Mia makes one word bold and changes nothing else.
    const writer = await world.person('marketing', marketing);
    await openPolicy(writer.page, world.url, policyId);
    const paragraph = paragraphOf(sectionTitled(writer.page, SECTION));
    const textBefore = await paragraph.textContent();
    await selectWord(writer.page, paragraph, WORD);
    await writer.page.keyboard.press('Control+b');
    await poll(() => paragraph.locator('strong').allTextContents()).toEqual([WORD]);
    expect(await paragraph.textContent()).toBe(textBefore);

    // Ian sees the sign-off go stale, and what changed names the word and Mia.
    // bypassCSP lets the test inject axe; the page itself is unchanged.
    const reader = await world.person('it', it, { bypassCSP: true });
    await openPolicy(reader.page, world.url, policyId);
    const section = sectionTitled(reader.page, SECTION);
    await poll(() => chip(section, 'it').getAttribute('data-state')).toBe('stale');
    await chip(section, 'it').getByRole('button', { name: /^What changed since IT/ }).click();
    const dialog = reader.page.getByRole('dialog', { name: /^What changed since IT/ });
    const list = dialog.getByTestId('changes-list');
    await poll(() => list.locator('li').allTextContents()).toEqual([expect.stringMatching(new RegExp(`^Bold added to ‘${WORD}’ — Mia Marketing \\(Marketing\\), .+`))]);
    // The words did not change, so the word diff shows nothing added or removed.
    expect(await dialog.getByTestId('diff').locator('ins, del').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await dialog.waitFor({ state: 'hidden' });

    // An owner change shows too, with who made it.
    const moved = await call(world.url, `/api/policies/${policyId}/sections/${signed.id}/requirements`, { method: 'PUT', json: { owner: 'it', approvers: ['legal'] }, cookie: admin.cookie });
    expect(moved.status).toBe(200);
    await chip(section, 'it').getByRole('button', { name: /^What changed since IT/ }).click();
    await poll(() => list.locator('li').allTextContents()).toEqual([
      expect.stringMatching(/^Bold added to ‘hacked’ — Mia Marketing \(Marketing\), .+/),
      expect.stringMatching(/^Approver added: Legal — Ada Admin \(Communications & PR\), .+/),
    ]);
    const violations = serious(await runAxe(reader.page));
    expect(violations, describeViolations(violations)).toEqual([]);
  });
});
