import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { requiredDepartments } from '../../shared/signoffRules';
import type { DepartmentId } from '../../shared/departments';
import { call, createPolicy, signUpAdmin, signUpInvited, type Session } from '../support/session';
import { describeInBrowser } from './support/browser';
import { blockText, chip, openPolicy, paragraphOf, sectionTitled, typeAtEnd } from './support/editor';
import { field } from './support/forms';
import { poll } from './support/poll';
import { policyState, signSection } from './support/serverState';
import { useWorld } from './support/world';

const SECTION = 'Who may speak for us';

/** Marks the page so a later check can tell it was not reloaded. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { e2eMark: boolean }).e2eMark = true));
}
async function stillSamePage(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { e2eMark?: boolean }).e2eMark === true);
}

describeInBrowser('sign-off', () => {
  const world = useWorld();

  test('Legal signs off a section, an edit makes it stale, Legal reviews the change and signs again; all signed is endorsed', async () => {
    const adminSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const legalSession = await signUpInvited(world.url, adminSession, 'legal', 'editor', 'Leo Legal');
    const policyId = await createPolicy(world.url, adminSession, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
    const marketing = await world.person('marketing', adminSession);
    const legal = await world.person('legal', legalSession);
    await openPolicy(marketing.page, world.url, policyId);
    await openPolicy(legal.page, world.url, policyId);

    // Marketing hands the section to Legal alone with the section menu.
    const marketingSection = sectionTitled(marketing.page, SECTION);
    const menuButton = marketingSection.getByRole('button', { name: `Section options for ${SECTION}` });
    await menuButton.click();
    const panel = marketingSection.getByRole('group', { name: `Options for ${SECTION}` });
    await field(panel, 'Owner').selectOption({ label: 'Legal' });
    await panel.waitFor({ state: 'hidden' });
    await menuButton.click();
    for (const box of await panel.locator('input[type="checkbox"]').all()) {
      if (await box.isChecked()) await box.uncheck();
    }
    expect(await panel.locator('input[type="checkbox"]:checked').count()).toBe(0);
    await marketing.page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });

    const legalSection = sectionTitled(legal.page, SECTION);
    await poll(() => legalSection.locator('.signoff-chips .chip').count()).toBe(1);
    await poll(() => chip(legalSection, 'legal').getAttribute('class')).toContain('chip-owner');
    expect(await chip(legalSection, 'legal').getAttribute('data-state')).toBe('pending');

    // Legal signs off and confirms in the dialog.
    await markPage(marketing.page);
    await legalSection.getByRole('button', { name: 'Sign off for Legal' }).click();
    const dialog = legal.page.getByRole('dialog', { name: `Sign off “${SECTION}”` });
    // Typing starts in the comment, not on the dialog's ×, and Ctrl+Enter signs.
    await poll(() => dialog.getByLabel('Comment (optional)').evaluate((field) => document.activeElement === field)).toBe(true);
    await legal.page.keyboard.type('Reviewed against our media guidelines.');
    await legal.page.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => chip(legalSection, 'legal').getAttribute('data-state')).toBe('signed');

    // Marketing sees it signed without reloading.
    await poll(() => chip(marketingSection, 'legal').getAttribute('data-state')).toBe('signed');
    expect(await chip(marketingSection, 'legal').textContent()).toContain('Leo Legal');
    expect(await stillSamePage(marketing.page)).toBe(true);

    // Marketing edits the section: both see the sign-off go stale.
    const inserted = 'Interns never post for us.';
    await typeAtEnd(marketing.page, paragraphOf(marketingSection), ` ${inserted}`);
    await poll(() => chip(marketingSection, 'legal').getAttribute('data-state')).toBe('stale');
    await poll(() => chip(legalSection, 'legal').getAttribute('data-state')).toBe('stale');
    await poll(() => blockText(paragraphOf(legalSection))).toContain(inserted);

    // Legal looks at what changed since signing.
    await chip(legalSection, 'legal').getByRole('button', { name: 'What changed since Legal signed' }).click();
    const changes = legal.page.getByRole('dialog', { name: 'What changed since Legal signed' });
    const diff = changes.getByTestId('diff');
    await diff.waitFor();
    // The marks say what they are to a screen reader too, not only by striking out or underlining.
    await poll(() => diff.locator('ins').allTextContents().then((parts) => parts.join(''))).toContain('added: Interns never post for us. (end)');
    // The server knows who made the change (recorded with every update), and says so.
    await poll(() => changes.getByTestId('changed-by').textContent()).toContain('Changed since then by Mia Marketing (Marketing)');
    // Nothing was removed, so no word is shown struck out (soft: the rest of the flow still runs).
    expect.soft(await diff.locator('del').allTextContents(), 'words shown as removed although the edit only added text').toEqual([]);
    // …and signs again, from the same dialog: it hands over to the sign-off dialog.
    await changes.getByRole('button', { name: 'Sign off for Legal' }).click();
    await changes.waitFor({ state: 'hidden' });
    await dialog.getByRole('button', { name: 'Sign off for Legal' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => chip(legalSection, 'legal').getAttribute('data-state')).toBe('signed');
    await poll(() => chip(marketingSection, 'legal').getAttribute('data-state')).toBe('signed');
    expect(await stillSamePage(marketing.page)).toBe(true);

    // Every other department signs its sections (through the API, with the hashes the server has).
    const sessions = new Map<string, Session>([
      ['marketing', adminSession],
      ['legal', legalSession],
    ]);
    const state = await policyState(world.url, adminSession, policyId);
    for (const section of state.sections) {
      for (const department of requiredDepartments(section)) {
        if (section.signoffs.some((signoff) => signoff.department === department && signoff.valid)) continue;
        if (!sessions.has(department)) sessions.set(department, await signUpInvited(world.url, adminSession, department as DepartmentId, 'editor', `${department} signer`));
        await signSection(world.url, sessions.get(department)!, policyId, section.id, section.hash);
      }
    }
    expect((await policyState(world.url, adminSession, policyId)).status).toBe('endorsed');

    for (const page of [marketing.page, legal.page]) {
      await poll(() => page.locator('.policy-heading .status-pill').getAttribute('data-status')).toBe('endorsed');
      await poll(() => page.getByTestId('signed-progress').textContent()).toBe(`${state.sections.length} of ${state.sections.length} sections signed`);
    }
    expect(await marketing.page.locator('.policy-editor .policy-section:not(.status-signed)').count()).toBe(0);
    expect(await stillSamePage(marketing.page)).toBe(true);

    // Renaming the policy ends the endorsement (the title is part of what was endorsed) until
    // someone who signs part of it endorses the new version from the dashboard.
    await typeAtEnd(marketing.page, marketing.page.locator('.policy-editor .policy-title'), ' 2027');
    for (const page of [marketing.page, legal.page]) {
      await poll(() => page.locator('.policy-heading .status-pill').getAttribute('data-status')).not.toBe('endorsed');
    }
    await legal.page.goto(`${world.url}/p/${policyId}/dashboard`);
    const notice = legal.page.getByTestId('structure-changed');
    await notice.waitFor();
    // What changed is shown before anyone confirms it, and the history says the endorsement ended.
    await poll(() => notice.getByTestId('structure-changes').textContent()).toBe('The title was “Social Media Policy” and is now “Social Media Policy 2027”.');
    await poll(() => legal.page.getByTestId('history').textContent()).toContain('ended the endorsement: the title or the order of sections changed');
    await notice.getByRole('button', { name: 'Confirm this version for Legal' }).click();
    await poll(() => notice.getByTestId('confirmations').textContent()).toContain('Confirmed by Legal (Leo Legal)');
    // The other departments confirm through the API; the last one completes the endorsement.
    const renamed = await policyState(world.url, adminSession, policyId);
    for (const [department, session] of sessions) {
      if (department === 'legal') continue;
      const confirmed = await call(world.url, `/api/policies/${policyId}/endorsement`, { json: { fingerprint: renamed.fingerprint }, cookie: session.cookie });
      expect(confirmed.status).toBe(201);
    }
    await notice.waitFor({ state: 'hidden' });
    await poll(() => legal.page.locator('.page-heading .status-pill').getAttribute('data-status')).toBe('endorsed');
    await poll(() => legal.page.getByTestId('history').textContent()).toContain('completed the endorsement of the policy (version 2)');
    await poll(() => marketing.page.locator('.policy-heading .status-pill').getAttribute('data-status')).toBe('endorsed');

    // Both endorsed versions stay listed, newest first, and the first one can still be had as it was.
    const versions = legal.page.getByTestId('versions');
    await poll(() => versions.locator('li').allTextContents()).toEqual([
      expect.stringMatching(/^Version 2 \(latest\): “Social Media Policy 2027”, endorsed .+ sign-offs\./),
      expect.stringMatching(/^Version 1: “Social Media Policy”, endorsed .+ sign-offs\./),
    ]);
    // What changed since version 1: the title only; no section's words.
    await versions.getByRole('button', { name: 'What changed since version 1' }).click();
    const compare = legal.page.getByRole('dialog', { name: 'What changed since version 1' });
    await poll(() => compare.getByTestId('version-changes-summary').textContent()).toMatch(/^Version 1 was endorsed on .+\. Since then, no section has changed\.$/);
    expect(await compare.textContent()).toContain('The title was “Social Media Policy” and is now “Social Media Policy 2027”.');
    await compare.locator('.dialog-actions').getByRole('button', { name: 'Close' }).click();
    await compare.waitFor({ state: 'detached' });
    const [download] = await Promise.all([legal.page.waitForEvent('download'), versions.getByRole('button', { name: 'Version 1 as PDF' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^social-media-policy-endorsed-\d{4}-\d{2}-\d{2}\.pdf$/);
  });
  test('with the caret in a signed section, the page says what a change does to its sign-offs before and after it, and the text never moves', async () => {
    const adminSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const legalSession = await signUpInvited(world.url, adminSession, 'legal', 'editor', 'Leo Legal');
    const policyId = await createPolicy(world.url, adminSession, { title: 'Social Media Policy', templateId: 'corporate-enterprise', organization: 'Northwind' });
    const sections = (await policyState(world.url, adminSession, policyId)).sections;
    const target = sections.find((section) => section.title === 'Who speaks for the company')!;
    expect((await call(world.url, `/api/policies/${policyId}/sections/${target.id}/requirements`, { method: 'PUT', json: { owner: 'marketing', approvers: ['legal'] }, cookie: adminSession.cookie })).status).toBe(200);
    const hash = (await policyState(world.url, adminSession, policyId)).sections.find((section) => section.id === target.id)!.hash;
    await signSection(world.url, adminSession, policyId, target.id, hash);
    await signSection(world.url, legalSession, policyId, target.id, hash);

    const { page } = await world.person('marketing', adminSession);
    await openPolicy(page, world.url, policyId);
    const section = sectionTitled(page, 'Who speaks for the company');
    const notice = section.getByTestId('signed-edit-notice');
    const paragraph = paragraphOf(section);
    await poll(() => chip(section, 'legal').getAttribute('data-state')).toBe('signed');
    expect(await notice.count()).toBe(0);

    // Before a change: who signed, and what a change would do.
    await paragraph.scrollIntoViewIfNeeded();
    const top = async () => (await paragraph.boundingBox())!.y;
    await paragraph.click();
    const before = await top();
    await poll(() => notice.textContent()).toBe('Signed by Marketing and Legal. Changing this text withdraws these sign-offs until they are given again.');
    expect(await top(), 'the paragraph moved when the notice appeared').toBe(before);

    // After it: they no longer count, and undo brings them back.
    await page.keyboard.press('End');
    await page.keyboard.type(' Always.');
    await poll(() => notice.textContent()).toBe('Changed since Marketing and Legal signed, so those sign-offs no longer count. Undo the change to bring them back, or see “What changed” on the Marketing chip and sign off again.');
    for (let i = 0; i < 8; i += 1) await page.keyboard.press('ControlOrMeta+z');
    await poll(() => chip(section, 'legal').getAttribute('data-state')).toBe('signed');
    await poll(() => notice.textContent()).toContain('Signed by Marketing and Legal.');

    // In a section nobody signed, and with the caret out of the text, nothing is said.
    await paragraphOf(sectionTitled(page, 'Official accounts')).click();
    await poll(() => notice.count()).toBe(0);
    expect(await page.getByTestId('signed-edit-notice').count()).toBe(0);
  });
});
