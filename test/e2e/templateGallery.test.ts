import { expect, test } from 'vitest';
import { signUpAdmin } from '../support/session';
import { describeInBrowser } from './support/browser';
import { field } from './support/forms';
import { poll } from './support/poll';
import { useWorld } from './support/world';

describeInBrowser('template gallery', () => {
  const world = useWorld();

  test('search finds words in the templates’ text, shows where with marked words, and the preview shows the text', async () => {
    const session = await signUpAdmin(world.url, 'compliance', 'Cora Compliance');
    const { page } = await world.person('compliance', session);
    await page.goto(`${world.url}/templates`);
    await page.locator('button[data-template]').first().waitFor();
    expect(await page.locator('button[data-template]').count()).toBeGreaterThan(1);

    await field(page, 'Search').fill('HIPAA');
    await poll(() => page.locator('button[data-template]').count()).toBe(1);
    const card = page.locator('button[data-template="healthcare-provider"]');
    const match = card.locator('.template-match').first();
    expect(await match.locator('.template-match-where').textContent()).toBe('In “Generative AI and synthetic media”:');
    expect(await match.locator('mark').allTextContents()).toContain('HIPAA');
    expect(await page.locator('#template-search-hint').textContent()).toContain('1 template with “HIPAA”');

    await card.click();
    const preview = page.getByRole('region', { name: 'Preview' });
    await poll(() => preview.locator('.preview-opening').first().textContent()).toContain('Patients trust your organization');
    // Typing the organization's name fills it into the preview.
    await field(preview, 'Organization name').fill('Northwind Health');
    await poll(() => preview.locator('.preview-opening').first().textContent()).toContain('Patients trust Northwind Health');
    expect(await preview.locator('h3.preview-section-title').allTextContents()).toContain('Patient privacy');
    expect(await preview.evaluate((element) => getComputedStyle(element).overflowY)).toBe('auto');

    await field(page, 'Search').fill('zzyzx');
    await poll(() => page.getByText('No template matches. Try fewer words.').count()).toBe(1);
  });
});
