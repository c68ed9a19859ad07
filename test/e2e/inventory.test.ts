import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { createPolicy, signUpAdmin, signUpInvited } from '../support/session';
import { describeInBrowser } from './support/browser';
import { openPolicy, paragraphOf, sectionTitled, typeAtEnd } from './support/editor';
import { field } from './support/forms';
import { poll } from './support/poll';
import { useWorld } from './support/world';

/** Adds an inventory entry with one monitoring tool through the form. */
async function addEntry(page: Page, department: string, entry: { account: string; responsible: string; tool: string }): Promise<void> {
  await page.getByRole('button', { name: `Add an entry for ${department}` }).click();
  const form = page.getByRole('form', { name: 'Add an inventory entry' });
  await field(form, 'Account name or URL').fill(entry.account);
  await field(form, 'Person responsible').fill(entry.responsible);
  await form.getByRole('button', { name: 'Add a tool' }).click();
  await form.getByLabel('Tool 1 name').fill(entry.tool);
  const category = form.getByLabel('Tool 1 category');
  await category.selectOption('monitoring');
  expect(await category.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent)).toMatch(/monitoring/i);
  await form.getByRole('button', { name: 'Add to inventory' }).click();
  await form.waitFor({ state: 'hidden' });
}

function gradeOf(text: string | null): number {
  const match = /Grade (\d+)/.exec(text ?? '');
  if (!match) throw new Error(`no grade in "${text}"`);
  return Number(match[1]);
}

const LEGALESE =
  ' Notwithstanding the foregoing provisions, any and all employees, contractors, and affiliated personnel shall, prior to the commencement of any communication whatsoever on any social media platform, ascertain in consultation with the appropriate departmental representatives whether such communication constitutes, or could reasonably be construed as constituting, an unauthorized disclosure of confidential, proprietary, or otherwise privileged organizational information.';

describeInBrowser('inventory and reading level', () => {
  const world = useWorld();

  test('two departments list monitoring tools and both see the shared-tool finding; legalese raises the reading level', async () => {
    const adminSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const legalSession = await signUpInvited(world.url, adminSession, 'legal', 'editor', 'Leo Legal');
    const policyId = await createPolicy(world.url, adminSession, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
    const marketing = await world.person('marketing', adminSession);
    const legal = await world.person('legal', legalSession);

    for (const person of [marketing, legal]) {
      await person.page.goto(`${world.url}/p/${policyId}/inventory`);
      await person.page.getByRole('heading', { name: 'Social media inventory', level: 1 }).waitFor();
      await person.page.locator('.policy-tools [data-connection="connected"]').waitFor();
    }

    await addEntry(marketing.page, 'Marketing', { account: '@northwindhealth', responsible: 'Mia Marketing', tool: 'Brandwatch' });
    await addEntry(legal.page, 'Legal', { account: 'Northwind Legal on LinkedIn', responsible: 'Leo Legal', tool: 'Talkwalker' });

    for (const page of [marketing.page, legal.page]) {
      await poll(() => page.locator('tr[data-entry]').count()).toBe(2);
      const finding = page.locator('[data-finding="shared-tool-category"]');
      await finding.waitFor({ timeout: 10_000 });
      const text = await finding.textContent();
      expect(text).toContain('Marketing');
      expect(text).toContain('Legal');
      expect(text).toContain('Brandwatch');
      expect(text).toContain('Talkwalker');
    }

    // In the editor, a long legalistic sentence raises the section's reading level past the target.
    await openPolicy(marketing.page, world.url, policyId);
    const section = sectionTitled(marketing.page, 'Records retention');
    const badge = section.locator('.reading-badge');
    const before = gradeOf(await badge.textContent());
    expect(before).toBeLessThanOrEqual(9);
    expect(await badge.getAttribute('class')).not.toContain('over');

    await typeAtEnd(marketing.page, paragraphOf(section), LEGALESE);
    await poll(async () => gradeOf(await badge.textContent())).toBeGreaterThan(9);
    expect(gradeOf(await badge.textContent())).toBeGreaterThan(before);
    expect(await badge.getAttribute('class')).toContain('over');
    expect(await badge.getAttribute('aria-label')).toContain('above the target');
    // The outline flags it too.
    expect(await marketing.page.locator('.outline-item', { hasText: 'Records retention' }).locator('.flag-over').count()).toBe(1);
  });
});
