import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { createPolicy, signUpAdmin } from '../support/session';
import { describeInBrowser } from './support/browser';
import { openPolicy, paragraphOf, sectionTitled, waitForEditor } from './support/editor';
import { poll } from './support/poll';
import { useWorld } from './support/world';

/**
 * Pages and dialogs load their code when first opened. When that code cannot be fetched (the
 * connection dropped, or Accord was updated while the tab was open), the page says so where the
 * part would be, keeps everything else working, and fetches it again on "Try again".
 */

/**
 * Makes the built chunk whose file name starts with `name` unreachable until the returned function
 * is called, under any query too (a retry asks for `…js?retry=N`: some browsers keep a failed
 * module for the life of the page and never fetch its first address again).
 */
async function blockChunk(page: Page, name: string): Promise<{ requests: () => number; unblock: () => void }> {
  let blocked = true;
  let requests = 0;
  const pattern = new RegExp(`/assets/${name}-[^/?]*\\.(js|css)(\\?[^/]*)?$`);
  await page.route(pattern, (route) => {
    if (new URL(route.request().url()).pathname.endsWith('.js')) requests++;
    return blocked ? route.abort('internetdisconnected') : route.continue();
  });
  return { requests: () => requests, unblock: () => (blocked = false) };
}

describeInBrowser('parts that cannot load', () => {
  const world = useWorld();

  /** An admin's browser page, and a policy of theirs from the corporate template (not opened yet). */
  async function adminWithPolicy(): Promise<{ page: Page; policyId: string }> {
    const admin = await signUpAdmin(world.url, 'communications', 'Ada Admin');
    const policyId = await createPolicy(world.url, admin, { title: 'Northwind policy', templateId: 'corporate-enterprise', organization: 'Northwind' });
    const { page } = await world.person('admin', admin);
    return { page, policyId };
  }

  test('a dialog whose code cannot be fetched says so in a small dialog; the editor keeps working; "Try again" opens the real one', async () => {
    const { page, policyId } = await adminWithPolicy();
    const share = await blockChunk(page, 'ShareDialog');
    await openPolicy(page, world.url, policyId);
    expect(share.requests(), 'the editor page fetched the Share dialog before anyone opened it').toBe(0);

    await page.getByRole('button', { name: 'Share' }).click();
    const failed = page.getByRole('dialog', { name: 'Sharing could not open' });
    await failed.getByRole('alert').waitFor();
    expect(await failed.getByRole('alert').textContent()).toContain('could not fetch it from the server');
    await failed.locator('.dialog-actions').getByRole('button', { name: 'Close' }).click();
    await failed.waitFor({ state: 'hidden' });

    // The text behind it is still editable.
    const section = sectionTitled(page, 'Purpose and scope');
    await paragraphOf(section).click();
    await page.keyboard.type(' Still here.');
    await poll(() => paragraphOf(section).textContent()).toContain('Still here.');

    // Opening it again tries again; with the connection back, "Try again" opens the real dialog.
    await page.getByRole('button', { name: 'Share' }).click();
    await failed.waitFor();
    share.unblock();
    await failed.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('dialog', { name: 'Share this policy' }).getByLabel('As').waitFor();
    expect(await failed.count()).toBe(0);
  });

  test('a page whose code cannot be fetched says so, offers a reload, and loads on "Try again"', async () => {
    const { page, policyId } = await adminWithPolicy();
    const editorPage = await blockChunk(page, 'PolicyPage');
    await page.goto(`${world.url}/`);
    await page.getByRole('link', { name: 'Northwind policy' }).click();

    const failed = page.getByRole('alert').filter({ hasText: 'This page could not load' });
    await failed.waitFor();
    expect(await failed.getByRole('button', { name: 'Reload' }).count()).toBe(1);
    // The header stays: people can still go elsewhere.
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Policies' }).count()).toBe(1);

    editorPage.unblock();
    await failed.getByRole('button', { name: 'Try again' }).click();
    await waitForEditor(page);
    expect(new URL(page.url()).pathname).toBe(`/p/${policyId}`);
    // The page's own styles came too (a stylesheet that failed once is fetched again): the toolbar sticks.
    await poll(() => page.locator('.formatting-toolbar').evaluate((toolbar) => getComputedStyle(toolbar).position)).toBe('sticky');
    expect(await failed.count()).toBe(0);
  });

  test('the export menu whose code cannot be fetched says so; opened again with the connection back, it shows the panel with its styles', async () => {
    const { page, policyId } = await adminWithPolicy();
    const exportPanel = await blockChunk(page, 'ExportPanel');
    await openPolicy(page, world.url, policyId);

    const menuButton = page.getByRole('button', { name: 'Export', exact: true });
    await menuButton.click();
    const failed = page.getByRole('alert').filter({ hasText: 'The export menu could not load' });
    await failed.waitFor();
    expect(exportPanel.requests()).toBeGreaterThan(0);
    await menuButton.click();
    await failed.waitFor({ state: 'hidden' });

    exportPanel.unblock();
    await menuButton.click();
    const panel = page.getByRole('group', { name: 'Export the policy' });
    await panel.getByRole('radio', { name: /Last endorsed version/ }).waitFor();
    expect(await failed.count()).toBe(0);
    // Its stylesheet, which failed the first time, is there too.
    await poll(() => page.locator('.export-panel').evaluate((element) => getComputedStyle(element).overflowY)).toBe('auto');
  });
});
