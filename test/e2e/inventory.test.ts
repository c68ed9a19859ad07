import fs from 'node:fs';
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
  // Focus moves into the form that opened, to its first field.
  await poll(() => field(form, 'Department').evaluate((select) => select === document.activeElement)).toBe(true);
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
  const match = /Reading grade (\d+)/.exec(text ?? '');
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
    // The sentence is long whatever the average: the badge says so in words, the dialog lists it with its length.
    expect(await badge.textContent()).toContain('long sentences');
    expect(await badge.getAttribute('class')).toContain('long');
    await badge.click();
    const longList = marketing.page.getByTestId('long-sentences');
    await longList.waitFor();
    expect(await longList.textContent()).toMatch(/Notwithstanding the foregoing provisions.*\(5\d words\)/);
    expect(await longList.textContent()).toContain('more than 25 words');
  });

  test('a new section shows a prompt and "No text yet", not words or Grade 0', async () => {
    const adminSession = await signUpAdmin(world.url, 'legal', 'Lea Legal');
    const policyId = await createPolicy(world.url, adminSession, { title: 'Blank policy' });
    const { page } = await world.person('legal', adminSession);
    await openPolicy(page, world.url, policyId);
    const section = sectionTitled(page, 'Purpose and scope');
    const paragraph = paragraphOf(section);
    expect(await paragraph.textContent()).toBe('');
    expect(await paragraph.getAttribute('data-placeholder')).toBe('Write what this section asks people to do…');
    expect(await paragraph.evaluate((element) => getComputedStyle(element, '::before').content)).toBe('"Write what this section asks people to do…"');
    await poll(() => section.locator('.reading-badge').textContent()).toBe('No text yet');
    expect(await page.locator('.outline-item', { hasText: 'Purpose and scope' }).locator('.flag-empty').textContent()).toBe('No text yet');

    await typeAtEnd(page, paragraph, 'Be kind online.');
    await poll(() => section.locator('.reading-badge').textContent()).toMatch(/^Reading grade \d+$/);
    // The badge says what the number is, for readers who never met a school-grade score.
    expect(await section.locator('.reading-badge').getAttribute('title')).toMatch(/^How hard this section is to read, as a US school grade: aim for grade \d+ or easier\./);
    expect(await paragraph.getAttribute('data-placeholder')).toBeNull();
    expect(await page.locator('.outline-item', { hasText: 'Purpose and scope' }).locator('.flag-empty').count()).toBe(0);
  });

  test('errors in plain words, a sample CSV with help, and an import that reports every row', async () => {
    const adminSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const policyId = await createPolicy(world.url, adminSession, { title: 'Social Media Policy' });
    const { page } = await world.person('marketing', adminSession);
    await page.goto(`${world.url}/p/${policyId}/inventory`);
    await page.locator('.policy-tools [data-connection="connected"]').waitFor();

    // A form sent without an account says what to give.
    await page.getByRole('button', { name: 'Add an entry for Marketing' }).click();
    const form = page.getByRole('form', { name: 'Add an inventory entry' });
    await field(form, 'Person responsible').fill('Mia');
    await form.getByRole('button', { name: 'Add to inventory' }).click();
    expect(await form.locator('.field-error').first().textContent()).toBe('Give the account’s name or address (up to 300 characters).');
    await form.getByRole('button', { name: 'Cancel' }).click();

    // The sample downloads as a file with the header and two example rows.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download a sample CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('inventory-sample.csv');
    const sample = fs.readFileSync((await download.path())!, 'utf8').trim().split(/\r?\n/);
    expect(sample).toHaveLength(3);
    expect(sample[0]).toBe('department,platform,account,purpose,audience,tools,responsible,adminCount,official');

    // The help box names every column and the allowed values.
    await page.getByText('What goes in the CSV file').click();
    const help = page.locator('.csv-help-table');
    expect(await help.locator('tbody tr').count()).toBe(9);
    expect(await help.locator('tr', { hasText: 'official' }).textContent()).toContain('yes or no');

    // Two good rows and one with a bad cell: the good ones are imported, the bad one is listed.
    const csv = [sample[0], 'marketing,linkedin,Acme on LinkedIn,brand-awareness,,,Mia,2,yes', 'marketing,myspace,@acme,brand-awareness,,,Mia,1,no', 'marketing,instagram,@acme,recruiting,,,Mia,1,no'].join('\n');
    await page.locator('.csv-import input[type="file"]').setInputFiles({ name: 'accounts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const report = page.getByTestId('import-report');
    await report.waitFor();
    expect(await report.locator('p').first().textContent()).toBe('accounts.csv: 2 rows imported, 1 row refused.');
    const refused = report.locator('.csv-refused > li');
    expect(await refused.count()).toBe(1);
    expect(await refused.getAttribute('data-line')).toBe('3');
    expect(await refused.textContent()).toMatch(/Line 3.*platform: Choose the platform: Facebook/);
    await poll(() => page.locator('tr[data-entry]').count()).toBe(2);
    await report.getByText('Imported rows').click();
    expect(await report.locator('.csv-imported li').allTextContents()).toEqual(['Line 2: Acme on LinkedIn', 'Line 4: @acme']);
  });
});
