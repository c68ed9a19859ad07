import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { connectClient, synced, typeInFirstSection } from '../support/collabClient';
import { createPolicy, signUpAdmin, signUpInvited, type Session } from '../support/session';
import { describeInBrowser } from './support/browser';
import { describeViolations, runAxe, serious, walkWithTab } from './support/a11y';
import { chip, openApp, openPolicy, paragraphOf, sectionTitled, typeAtEnd } from './support/editor';
import { field } from './support/forms';
import { poll } from './support/poll';
import { policyState, signSection } from './support/serverState';
import { useWorld } from './support/world';

/** A policy with some sections signed and one signed then changed, so every state is on screen. */
async function policyInUse(url: string, admin: Session): Promise<{ policyId: string; legal: Session }> {
  const legal = await signUpInvited(url, admin, 'legal', 'editor', 'Leo Legal');
  const compliance = await signUpInvited(url, admin, 'compliance', 'editor', 'Cole Compliance');
  const policyId = await createPolicy(url, admin, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
  const state = await policyState(url, admin, policyId);
  for (const section of state.sections.filter((candidate) => candidate.title === 'Patient privacy' || candidate.title === 'Records retention')) {
    await signSection(url, legal, policyId, section.id, section.hash);
    await signSection(url, compliance, policyId, section.id, section.hash);
  }
  // Legal changes a signed section from a script, so its sign-offs are stale.
  const client = connectClient(url, policyId, { headers: { cookie: legal.cookie } });
  try {
    await synced(client);
    typeInFirstSection(client.doc, ' Ask compliance first.', state.sections.findIndex((section) => section.title === 'Patient privacy'));
    await poll(async () => (await policyState(url, admin, policyId)).sections.find((section) => section.title === 'Patient privacy')?.status).toBe('stale');
  } finally {
    client.destroy();
  }
  return { policyId, legal };
}

describeInBrowser('accessibility', () => {
  const world = useWorld();

  test('policy list, template gallery, editor and dashboard have no serious or critical axe violations', async () => {
    const admin = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const { policyId, legal } = await policyInUse(world.url, admin);
    const marketing = await world.person('marketing', admin, { bypassCSP: true });
    const page = marketing.page;
    const report: string[] = [];
    const check = async (name: string) => {
      const found = serious(await runAxe(page));
      if (found.length) report.push(`${name} (${page.url()}):\n${describeViolations(found)}`);
    };

    await openApp(page, world.url, '/');
    await page.locator('[data-testid="policy-progress"]').first().waitFor();
    await check('policy list');

    await openApp(page, world.url, '/templates');
    await page.locator('button[data-template="healthcare-provider"]').click();
    await page.getByRole('button', { name: 'Create policy from this template' }).waitFor();
    await check('template gallery');

    // The editor with a stale section and another person's caret on screen.
    const other = await world.person('legal', legal);
    await openPolicy(page, world.url, policyId);
    await openPolicy(other.page, world.url, policyId);
    await typeAtEnd(other.page, paragraphOf(sectionTitled(other.page, 'Records retention')), ' Keep it.');
    await poll(() => chip(sectionTitled(page, 'Records retention'), 'legal').getAttribute('data-state')).toBe('stale');
    await page.locator('.collaboration-carets__label').first().waitFor();
    await check('editor');

    await openApp(page, world.url, `/p/${policyId}/dashboard`);
    await page.getByTestId('dashboard-progress').waitFor();
    await check('dashboard');

    expect(report.length, `pages with serious or critical accessibility problems:\n\n${report.join('\n\n')}\n\nnumber of such pages`).toBe(0);
  });

  test('every control can be reached with Tab and used with the keyboard', async () => {
    const admin = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const { policyId } = await policyInUse(world.url, admin);
    const marketing = await world.person('marketing', admin);
    const page = marketing.page;
    const missedByPage: string[] = [];
    const walk = async (name: string, on: Page = page) => {
      const result = await walkWithTab(on);
      expect(result.controls.length, `${name}: hardly any controls found`).toBeGreaterThan(2);
      if (result.missed.length) missedByPage.push(`${name}: ${result.missed.length} of ${result.controls.length} controls never reached with Tab:\n    ${result.missed.join('\n    ')}`);
      return result;
    };

    // Sign-in: the form is submitted with Enter.
    const visitor = await world.person('visitor');
    await visitor.page.goto(world.url);
    await visitor.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await walk('sign-in', visitor.page);
    await field(visitor.page, 'Work email').fill(admin.user.email);
    await field(visitor.page, 'Password').fill('correct horse battery');
    await visitor.page.keyboard.press('Enter');
    await visitor.page.getByTestId('current-department').waitFor();

    // Policy list.
    await openApp(page, world.url, '/');
    await page.locator('[data-testid="policy-progress"]').first().waitFor();
    await walk('policy list');

    // Template gallery: choose a template with Enter, submit with Enter.
    await openApp(page, world.url, '/templates');
    await page.locator('button[data-template]').first().waitFor();
    const card = page.locator('button[data-template="healthcare-provider"]');
    await card.focus();
    await page.keyboard.press('Enter');
    await poll(() => card.getAttribute('aria-pressed')).toBe('true');
    await walk('template gallery');

    // Editor.
    await openPolicy(page, world.url, policyId);
    await page.getByRole('button', { name: 'Section options for Training, enforcement and review' }).waitFor();
    const editorWalk = await walk('editor');
    // Each of the 13 sections has at least its reading level and its menu; the stale one its "what changed".
    expect(editorWalk.reached.length).toBeGreaterThan(13 * 2 + 13);
    expect(editorWalk.reached.some((control) => control.includes('What changed since'))).toBe(true);
    // The section menu opens with Enter (focus moves into it) and closes with Escape (focus returns).
    const menuButton = page.getByRole('button', { name: 'Section options for Official accounts' });
    await menuButton.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByRole('group', { name: 'Options for Official accounts' });
    await panel.waitFor();
    expect(await panel.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect(await menuButton.evaluate((element) => element === document.activeElement)).toBe(true);
    // The export menu likewise.
    const exportButton = page.getByRole('button', { name: 'Export', exact: true });
    await exportButton.focus();
    await page.keyboard.press('Enter');
    const exportPanel = page.getByRole('group', { name: 'Export the policy' });
    await exportPanel.waitFor();
    await page.keyboard.press('Escape');
    await exportPanel.waitFor({ state: 'hidden' });
    // Sign off with the keyboard alone: Enter on the button, Tab to the confirm button, Enter.
    const section = sectionTitled(page, 'Official accounts');
    await section.getByRole('button', { name: 'Sign off for Marketing' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Sign off “Official accounts”' });
    await dialog.waitFor();
    await poll(() => dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    const confirm = dialog.getByRole('button', { name: 'Sign off for Marketing' });
    for (let presses = 0; presses < 10 && !(await confirm.evaluate((element) => element === document.activeElement)); presses += 1) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => chip(section, 'marketing').getAttribute('data-state')).toBe('signed');

    // Dashboard.
    await openApp(page, world.url, `/p/${policyId}/dashboard`);
    await page.getByTestId('dashboard-progress').waitFor();
    await walk('dashboard');
    await page.getByRole('link', { name: '← Back to the policy' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${world.url}/p/${policyId}`);

    expect(missedByPage.length, `${missedByPage.join('\n')}\n\nnumber of pages with controls Tab never reaches`).toBe(0);
  });
});
