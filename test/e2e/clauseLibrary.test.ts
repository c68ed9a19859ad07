import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { createLogger } from '../../server/logger';
import { startTestServer, temporaryDataDir } from '../support/accordServer';
import { createPolicy, signUpAdmin, type Session } from '../support/session';
import { describeViolations, runAxe, serious } from './support/a11y';
import { describeInBrowser, launchBrowser } from './support/browser';
import { builtClientDir } from './support/clientBuild';
import { chip, sectionTitled, waitForEditor } from './support/editor';
import { field } from './support/forms';
import { poll } from './support/poll';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;
const fixtureLibrary = path.resolve(import.meta.dirname, '../fixtures/clauses/library');

describeInBrowser('clause library in the editor', () => {
  let browser: Browser;
  let clientDir: string;
  const closing: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    clientDir = builtClientDir();
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close().catch(() => undefined);
  });

  /** A server on this data folder and clause folder, serving the built client. */
  async function serve(dataDir: string, clausesDir: string): Promise<TestServer> {
    const server = await startTestServer({ dataDir, clausesDir, clientDir, logger: createLogger({ quiet: true, write: () => {} }) });
    closing.push(() => server.close());
    return server;
  }

  async function open(server: TestServer, session: Session, policyId: string, options: BrowserContextOptions = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
    closing.push(() => context.close());
    context.setDefaultTimeout(15_000);
    const separator = session.cookie.indexOf('=');
    await context.addCookies([{ name: session.cookie.slice(0, separator), value: session.cookie.slice(separator + 1), url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/p/${policyId}`);
    await waitForEditor(page);
    return page;
  }

  test('search, filter, preview, insert as a new section with its owner; then a newer library version is offered, compared and taken', async () => {
    const library = temporaryDataDir('accord-clauses-');
    for (const name of fs.readdirSync(fixtureLibrary)) fs.copyFileSync(path.join(fixtureLibrary, name), path.join(library, name));
    const dataDir = temporaryDataDir();
    const server = await serve(dataDir, library);
    const admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
    const policyId = await createPolicy(server.url, admin, { title: 'Library policy', organization: 'Harbor Books' });
    const page = await open(server, admin, policyId);

    await page.getByRole('button', { name: 'Clause library' }).click();
    const dialog = page.getByRole('dialog', { name: 'Clause library' });
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('3 of 3 clauses');
    expect(await dialog.textContent()).toContain('Not legal advice');
    const results = dialog.locator('button.clause-result');
    // Focus starts in the search box: typing searches at once.
    await page.keyboard.type('zzyzx');
    await poll(() => field(dialog, 'Search').inputValue()).toBe('zzyzx');
    // Nothing found says so and offers a way back.
    await poll(() => dialog.locator('.clause-none').textContent()).toContain('No clause matches all of these.');
    await dialog.getByRole('button', { name: 'Clear search and filters' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('3 of 3 clauses');
    expect(await field(dialog, 'Search').evaluate((input) => input === document.activeElement)).toBe(true);

    await field(dialog, 'Search').fill('password');
    await poll(() => results.count()).toBe(1);
    expect(await results.first().getAttribute('data-clause-id')).toBe('security-lockdown-test');
    await field(dialog, 'Search').fill('');
    await field(dialog, 'Topic').selectOption('governance');
    await poll(() => results.count()).toBe(2);
    await field(dialog, 'Sector').selectOption('retail');
    await poll(() => results.count()).toBe(1);
    expect(await results.first().getAttribute('data-clause-id')).toBe('governance-approval-test');
    await field(dialog, 'Sector').selectOption('');
    await poll(() => results.count()).toBe(2);
    await field(dialog, 'Law or rule').fill('labor relations');
    await poll(() => results.count()).toBe(1);
    expect(await results.first().getAttribute('data-clause-id')).toBe('governance-review-test');
    // The laws are beside the title in the row, and describe the button (its name is the title alone).
    expect(await dialog.locator('.clause-row').first().textContent()).toContain('National Labor Relations Act, Section 7 (1935)');
    expect(await results.first().evaluate((button) => document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent ?? '')).toContain('National Labor Relations Act, Section 7 (1935)');
    await field(dialog, 'Law or rule').fill('');
    await field(dialog, 'Topic').selectOption('');
    await poll(() => results.count()).toBe(3);
    await field(dialog, 'Owner').selectOption('it');
    await poll(() => results.count()).toBe(1);

    // Preview, then insert after the section in view (the only one).
    const security = dialog.locator('button[data-clause-id="security-lockdown-test"]');
    expect(await dialog.locator('.clause-row:has(button[data-clause-id="security-lockdown-test"])').textContent()).toContain('Reviewed');
    await security.click();
    await poll(() => security.getAttribute('aria-pressed')).toBe('true');
    await poll(() => dialog.getByTestId('clause-preview-text').textContent()).toContain('Every official account uses two-step login.');
    expect(await field(dialog, 'Insert as new section after…').inputValue()).not.toBe('');
    await dialog.getByRole('button', { name: 'Insert as new section' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);

    const inserted = sectionTitled(page, 'Lock down every account');
    await inserted.waitFor();
    await chip(inserted, 'it').waitFor();
    expect(await chip(inserted, 'it').textContent()).toContain('owner');
    await chip(inserted, 'communications').waitFor();
    // The other department's chip says what it is there for (to screen readers; the tooltip says it too).
    expect(await chip(inserted, 'communications').locator('.chip-role').textContent()).toBe('approver');
    await poll(() => inserted.getByTestId('clause-origin').textContent()).toContain('From the library: Lock down every account, version 1');
    expect(await page.locator('.policy-editor .policy-section').count()).toBe(2);
    expect(await page.locator('.policy-editor .policy-section').nth(1).locator('h2').textContent()).toBe('Lock down every account');

    // The clause that will get a newer version: inserted at the end.
    await page.getByRole('button', { name: 'Clause library' }).click();
    await dialog.locator('button[data-clause-id="governance-review-test"]').click();
    await poll(() => dialog.getByTestId('clause-preview-text').textContent()).toContain('We check this policy');
    await field(dialog, 'Insert as new section after…').selectOption({ label: '2. Lock down every account' });
    await dialog.getByRole('button', { name: 'Insert as new section' }).click();
    const review = sectionTitled(page, 'Keep the policy up to date');
    await review.waitFor();
    await poll(() => review.getByTestId('clause-origin').textContent()).toContain('version 2');
    expect(await review.getByRole('button', { name: 'Library update available' }).count()).toBe(0);

    // The library moves on; the server reads it at start-up.
    await page.context().close();
    await server.close();
    const file = path.join(library, 'governance.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('version: 2', 'version: 3').replace('We fix what is out of date', 'We fix what is out of date within a month'));
    const second = await serve(dataDir, library);
    const again = await open(second, admin, policyId);
    const reviewAgain = sectionTitled(again, 'Keep the policy up to date');
    const update = reviewAgain.getByRole('button', { name: 'Library update available' });
    await update.waitFor();
    await update.click();
    const updateDialog = again.getByRole('dialog', { name: 'Library update available' });
    await poll(() => updateDialog.getByTestId('clause-diff').locator('ins').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('within')]));
    await updateDialog.getByRole('button', { name: 'Take the update' }).click();
    await poll(() => again.getByRole('dialog').count()).toBe(0);
    await poll(() => reviewAgain.locator('.section-body').textContent()).toContain('within a month');
    await poll(() => reviewAgain.getByTestId('clause-origin').textContent()).toContain('version 3');
    expect(await reviewAgain.getByRole('button', { name: 'Library update available' }).count()).toBe(0);
  });

  test('at phone width the library is a bottom sheet that fits the screen, and works from the keyboard', async () => {
    const dataDir = temporaryDataDir();
    const server = await serve(dataDir, fixtureLibrary);
    const admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
    const policyId = await createPolicy(server.url, admin, { title: 'Phone policy' });
    const page = await open(server, admin, policyId, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, bypassCSP: true });
    await page.getByRole('button', { name: 'Clause library' }).click();
    const dialog = page.getByRole('dialog', { name: 'Clause library' });
    await poll(() => dialog.locator('button.clause-result').count()).toBe(3);
    const box = await dialog.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390 + 1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Focus starts in the dialog; a result is chosen with the keyboard.
    await field(dialog, 'Search').focus();
    await page.keyboard.type('two-step');
    await poll(() => dialog.locator('button.clause-result').count()).toBe(1);
    await dialog.locator('button.clause-result').focus();
    await page.keyboard.press('Enter');
    await poll(() => dialog.getByTestId('clause-preview-text').textContent()).toContain('two-step login');
    const violations = serious(await runAxe(page));
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.keyboard.press('Escape');
    await poll(() => page.getByRole('dialog').count()).toBe(0);
  });
  test('the results are one Tab stop: the arrow keys, Home and End move through them, and Tab goes on to the chosen clause', async () => {
    const dataDir = temporaryDataDir();
    const server = await serve(dataDir, fixtureLibrary);
    const admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
    const policyId = await createPolicy(server.url, admin, { title: 'Keyboard policy' });
    const page = await open(server, admin, policyId);
    await page.getByRole('button', { name: 'Clause library' }).click();
    const dialog = page.getByRole('dialog', { name: 'Clause library' });
    const results = dialog.locator('button.clause-result');
    await poll(() => results.count()).toBe(3);
    const titles = await results.allTextContents();
    const focused = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.textContent ?? '');
    const focusedIsResult = () => page.evaluate(() => document.activeElement?.classList.contains('clause-result') ?? false);

    // From the last filter, Tab reaches the first clause, and the next Tab leaves the list.
    await field(dialog, 'Owner').focus();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe(titles[0]);
    await page.keyboard.press('Tab');
    expect(await focusedIsResult()).toBe(false);
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe(titles[0]);

    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe(titles[1]);
    await page.keyboard.press('End');
    expect(await focused()).toBe(titles[2]);
    await page.keyboard.press('ArrowDown');
    expect(await focused(), 'stays on the last').toBe(titles[2]);
    await page.keyboard.press('Home');
    expect(await focused()).toBe(titles[0]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await poll(() => dialog.locator('.clause-preview h3').textContent()).toBe(titles[1]);

    // Tab goes on to what to do with the chosen clause; coming back lands on it again.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('.clause-preview') !== null)).toBe(true);
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe(titles[1]);
    expect(await results.evaluateAll((buttons) => buttons.filter((button) => button.tabIndex === 0).length)).toBe(1);
  });
});
