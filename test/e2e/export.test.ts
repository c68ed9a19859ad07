import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import * as Y from 'yjs';
import { connectClient, sectionElements, synced } from '../support/collabClient';
import { call, createPolicy, signUpAdmin } from '../support/session';
import { describeInBrowser } from './support/browser';
import { openPolicy } from './support/editor';
import { poll } from './support/poll';
import { useWorld } from './support/world';

/** Opens the Export menu, picks a format (and, when given, sets each part's checkbox), downloads, and returns the file's name and bytes. */
async function download(page: Page, format: string, parts: Record<string, boolean> = {}): Promise<{ name: string; bytes: Buffer }> {
  const menuButton = page.getByRole('button', { name: 'Export', exact: true });
  if ((await menuButton.getAttribute('aria-expanded')) !== 'true') await menuButton.click();
  const panel = page.getByRole('group', { name: 'Export the policy' });
  await panel.getByRole('radio', { name: format }).check();
  for (const [part, on] of Object.entries(parts)) await panel.getByRole('checkbox', { name: part }).setChecked(on);
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), panel.getByRole('button', { name: 'Download' }).click()]);
  const failure = await file.failure();
  if (failure) throw new Error(`download of ${format} failed: ${failure}`);
  const bytes = fs.readFileSync((await file.path())!);
  return { name: file.suggestedFilename(), bytes };
}

describeInBrowser('export', () => {
  const world = useWorld();

  test('the Download button is in sight as soon as the panel opens, on a laptop screen and on a short window', async () => {
    const adminSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const policyId = await createPolicy(world.url, adminSession, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
    for (const viewport of [{ width: 1280, height: 800 }, { width: 1024, height: 560 }]) {
      const { page } = await world.person('marketing', adminSession, { viewport });
      await openPolicy(page, world.url, policyId);
      await page.getByRole('button', { name: 'Export', exact: true }).click();
      const panel = page.getByRole('group', { name: 'Export the policy' });
      await panel.getByTestId('draft-warning').waitFor();
      const seen = await panel.getByRole('button', { name: 'Download' }).evaluate((button) => {
        const box = button.getBoundingClientRect();
        const frame = button.closest('.export-panel')!.getBoundingClientRect();
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return { bottom: box.bottom, panelBottom: frame.bottom, onTop: hit === button || button.contains(hit) };
      });
      expect(seen.bottom, `${viewport.width}×${viewport.height}`).toBeLessThanOrEqual(viewport.height);
      expect(seen.panelBottom, `${viewport.width}×${viewport.height}`).toBeLessThanOrEqual(viewport.height);
      expect(seen.onTop, `${viewport.width}×${viewport.height}`).toBe(true);
    }
  });

  test('a draft is marked as a draft; DOCX and PDF download as real files', async () => {
    const adminSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const policyId = await createPolicy(world.url, adminSession, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
    const marketing = await world.person('marketing', adminSession, { acceptDownloads: true });
    const page = marketing.page;
    await openPolicy(page, world.url, policyId);

    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const panel = page.getByRole('group', { name: 'Export the policy' });
    await panel.waitFor();
    const warning = panel.getByTestId('draft-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('draft');
    // No endorsed version exists yet, so it cannot be chosen.
    expect(await panel.getByRole('radio', { name: /Last endorsed version/ }).isDisabled()).toBe(true);

    const docx = await download(page, 'Word (DOCX)');
    expect(docx.name).toMatch(/\.docx$/);
    expect(docx.bytes.length).toBeGreaterThan(1000);
    expect(docx.bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    expect(docx.bytes.includes(Buffer.from('word/document.xml'))).toBe(true);
    // The menu closes after a download, and the page says what was saved.
    await panel.waitFor({ state: 'hidden' });
    await poll(() => page.locator('.toast').textContent()).toBe(`Downloaded “${docx.name}”: Word (DOCX), marked as a draft. It is in your downloads.`);

    const pdf = await download(page, 'PDF');
    expect(pdf.name).toMatch(/\.pdf$/);
    expect(pdf.bytes.length).toBeGreaterThan(1000);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.bytes.subarray(-1024).toString('latin1')).toContain('%%EOF');
    expect(pdfInfo(pdf.bytes)).toMatch(/^Tagged:\s+yes$/m);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  test('the parts are chosen with checkboxes and remembered; the inventory is left out unless asked for', async () => {
    const adminSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const policyId = await createPolicy(world.url, adminSession, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
    const added = await call(world.url, `/api/policies/${policyId}/inventory`, {
      json: { platform: 'linkedin', account: 'northwind-events', purpose: 'recruiting', audience: 'Job seekers', tools: [{ name: 'Hootsuite', category: 'publishing' }], responsible: 'Mia', adminCount: 1, official: true },
      cookie: adminSession.cookie,
    });
    expect([added.status, added.body]).toEqual([201, expect.anything()]);
    const marketing = await world.person('marketing', adminSession, { acceptDownloads: true });
    const page = marketing.page;
    await openPolicy(page, world.url, policyId);

    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const panel = page.getByRole('group', { name: 'Export the policy' });
    const checked = async () =>
      Object.fromEntries(
        await Promise.all(['Policy text', 'Endorsement record', 'Reading-level summary', 'Inventory appendix'].map(async (name) => [name, await panel.getByRole('checkbox', { name }).isChecked()] as const)),
      );
    // The staff-facing default: the policy and who endorsed it.
    expect(await checked()).toEqual({ 'Policy text': true, 'Endorsement record': true, 'Reading-level summary': false, 'Inventory appendix': false });
    const staff = (await download(page, 'Markdown')).bytes.toString('utf8');
    expect(staff).toContain('## Endorsement record');
    expect(staff).not.toMatch(/Appendix: social media inventory|northwind-events|only one admin/i);

    const internal = (await download(page, 'Markdown', { 'Inventory appendix': true, 'Endorsement record': false })).bytes.toString('utf8');
    expect(internal).toContain('## Appendix: social media inventory');
    expect(internal).toContain('northwind-events');
    expect(internal).toMatch(/only one admin/);
    expect(internal).not.toContain('## Endorsement record');

    // This browser remembers the last choice.
    await page.reload();
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    expect(await checked()).toEqual({ 'Policy text': true, 'Endorsement record': false, 'Reading-level summary': false, 'Inventory appendix': true });
    expect(await panel.getByRole('radio', { name: 'Markdown' }).isChecked()).toBe(true);
    // With nothing chosen there is nothing to download.
    await panel.getByRole('checkbox', { name: 'Policy text' }).uncheck();
    await panel.getByRole('checkbox', { name: 'Inventory appendix' }).uncheck();
    expect(await panel.getByRole('button', { name: 'Download' }).isDisabled()).toBe(true);
  });

  test('open comments are off by default, go into a review copy when ticked, and are not remembered', async () => {
    const adminSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const policyId = await createPolicy(world.url, adminSession, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
    // A thread on the first words of the first section's first paragraph, made through the API.
    const client = connectClient(world.url, policyId, { headers: { cookie: adminSession.cookie } });
    await synced(client);
    const section = sectionElements(client.doc)[0]!;
    const paragraph = section.toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph')!;
    const quote = (paragraph.get(0) as Y.XmlText).toString().replace(/<[^>]*>/g, '').split(' ').slice(0, 3).join(' ');
    client.destroy();
    const thread = await call(world.url, `/api/policies/${policyId}/threads`, { json: { sectionId: section.getAttribute('id'), quote, body: 'Review note: is this still true?' }, cookie: adminSession.cookie });
    expect(thread.status).toBe(201);

    const page = (await world.person('marketing', adminSession, { acceptDownloads: true })).page;
    await openPolicy(page, world.url, policyId);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const panel = page.getByRole('group', { name: 'Export the policy' });
    const comments = panel.getByRole('checkbox', { name: 'Open comments' });
    expect(await comments.isChecked()).toBe(false);
    expect(await panel.getByText('For review copies; leave off for staff.').isVisible()).toBe(true);

    const review = (await download(page, 'Markdown', { 'Open comments': true })).bytes.toString('utf8');
    expect(review).toContain('[^c1]: “');
    expect(review).toContain('Review note: is this still true?');

    await page.getByRole('button', { name: 'Export', exact: true }).click();
    expect(await comments.isChecked()).toBe(false);
    const staff = (await download(page, 'Markdown')).bytes.toString('utf8');
    expect(staff).not.toContain('Review note');
  });

  test('the panel closes on Escape and on a click outside it, and gives focus back to its button', async () => {
    const adminSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const policyId = await createPolicy(world.url, adminSession, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
    const page = (await world.person('marketing', adminSession)).page;
    await openPolicy(page, world.url, policyId);
    const menuButton = page.getByRole('button', { name: 'Export', exact: true });
    const panel = page.getByRole('group', { name: 'Export the policy' });
    const focusIsOnMenuButton = () => menuButton.evaluate((button) => document.activeElement === button);

    await menuButton.click();
    await panel.waitFor();
    expect(await menuButton.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect(await focusIsOnMenuButton()).toBe(true);

    await menuButton.click();
    await panel.getByRole('checkbox', { name: 'Reading-level summary' }).focus();
    // Somewhere outside the panel that takes no focus: the page's top-left corner.
    await page.mouse.click(2, 2);
    await panel.waitFor({ state: 'hidden' });
    expect(await menuButton.getAttribute('aria-expanded')).toBe('false');
    await expect.poll(focusIsOnMenuButton).toBe(true);

    // A click inside the panel keeps it open.
    await menuButton.click();
    await panel.getByRole('group', { name: 'Include' }).click({ position: { x: 4, y: 4 } });
    expect(await panel.isVisible()).toBe(true);
  });

  test('exporting while offline says why it cannot work instead of "Failed to fetch"', async () => {
    const adminSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const policyId = await createPolicy(world.url, adminSession, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
    const marketing = await world.person('marketing', adminSession, { acceptDownloads: true });
    const page = marketing.page;
    await openPolicy(page, world.url, policyId);

    const menuButton = page.getByRole('button', { name: 'Export', exact: true });
    const panel = page.getByRole('group', { name: 'Export the policy' });
    await menuButton.click();
    await panel.getByRole('button', { name: 'Download' }).waitFor();
    await page.keyboard.press('Escape');

    await marketing.context.setOffline(true);
    await menuButton.click();
    await panel.getByRole('button', { name: 'Download' }).click();
    const alert = panel.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('You are offline: exports are made by the server. Reconnect and try again.');
    expect(await panel.textContent()).not.toContain('Failed to fetch');

    // Back online, the message goes and the download works.
    await marketing.context.setOffline(false);
    await alert.waitFor({ state: 'hidden' });
    const pdf = await download(page, 'PDF');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});

/** What poppler's pdfinfo says about a PDF. */
function pdfInfo(bytes: Buffer): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-e2e-pdf-'));
  try {
    const file = path.join(folder, 'export.pdf');
    fs.writeFileSync(file, bytes);
    return execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
