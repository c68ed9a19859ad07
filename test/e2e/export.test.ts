import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { createPolicy, signUpAdmin } from '../support/session';
import { describeInBrowser } from './support/browser';
import { openPolicy } from './support/editor';
import { useWorld } from './support/world';

/** Opens the Export menu, picks a format, downloads, and returns the file's name and bytes. */
async function download(page: Page, format: string): Promise<{ name: string; bytes: Buffer }> {
  const menuButton = page.getByRole('button', { name: 'Export', exact: true });
  if ((await menuButton.getAttribute('aria-expanded')) !== 'true') await menuButton.click();
  const panel = page.getByRole('group', { name: 'Export the policy' });
  await panel.getByRole('radio', { name: format }).check();
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), panel.getByRole('button', { name: 'Download' }).click()]);
  const failure = await file.failure();
  if (failure) throw new Error(`download of ${format} failed: ${failure}`);
  const bytes = fs.readFileSync((await file.path())!);
  return { name: file.suggestedFilename(), bytes };
}

describeInBrowser('export', () => {
  const world = useWorld();

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
    // The menu closes after a download.
    await panel.waitFor({ state: 'hidden' });

    const pdf = await download(page, 'PDF');
    expect(pdf.name).toMatch(/\.pdf$/);
    expect(pdf.bytes.length).toBeGreaterThan(1000);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.bytes.subarray(-1024).toString('latin1')).toContain('%%EOF');
    expect(await page.getByRole('alert').count()).toBe(0);
  });
});
