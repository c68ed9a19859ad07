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

  test('on a phone, tapping a template brings its preview into view, and one tap more reaches the form that creates the policy', async () => {
    const session = await signUpAdmin(world.url, 'compliance', 'Cora Compliance');
    const { page } = await world.person('compliance', session, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    await page.goto(`${world.url}/templates`);
    const card = page.locator('button[data-template="small-business"]');
    await card.waitFor();
    await card.tap();
    const preview = page.getByRole('region', { name: 'Preview' });
    const heading = preview.getByRole('heading', { level: 2 });
    await heading.waitFor();
    const inView = (locator: typeof heading) => locator.evaluate((element) => {
      const rect = element.getBoundingClientRect();
      return rect.top >= 0 && rect.bottom <= window.innerHeight;
    });
    await poll(() => inView(heading)).toBe(true);
    // Focus follows, so a screen reader announces the preview.
    await poll(() => page.evaluate(() => document.activeElement?.closest('.template-preview') !== null)).toBe(true);

    await preview.getByRole('link', { name: 'Set up a policy from this template' }).tap();
    const organization = field(preview, 'Organization name');
    await poll(() => inView(organization)).toBe(true);
    await poll(() => organization.evaluate((element) => element === document.activeElement)).toBe(true);
  });
});
