import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { describeViolations, runAxe, serious } from './support/a11y';
import { describeInBrowser, launchBrowser } from './support/browser';
import { builtClientDir } from './support/clientBuild';
import { field } from './support/forms';
import { poll } from './support/poll';
import { startTestServer } from '../support/accordServer';
import { call, login, signUpAdmin, signUpInvited } from '../support/session';
import { linkIn, TestSmtpServer } from '../support/smtp';

/**
 * Issue 20 in the browser: "Forgot password?" → the e-mail arrives → its link → a new password →
 * signed in (on a 390 px phone), and the profile: the e-mail setting and "Sign out everywhere else".
 * These tests start their own server, with mail, rather than the shared world's.
 */

const PHONE = { width: 390, height: 844 };
type TestServer = Awaited<ReturnType<typeof startTestServer>>;

describeInBrowser('password reset and profile', () => {
  let browser: Browser;
  let smtp: TestSmtpServer;
  let server: TestServer;
  let contexts: BrowserContext[] = [];
  const log: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    smtp = await TestSmtpServer.start();
  });
  afterAll(async () => {
    await browser?.close();
    await smtp?.stop();
  });
  beforeEach(async () => {
    server = await startTestServer({ clientDir: builtClientDir(), mail: { smtpUrl: smtp.url, organizationName: 'Northwind' } });
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') console.warn(log.join('\n'));
    await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
    contexts = [];
    await server.close();
  });

  async function browserFor(viewport = PHONE, cookie?: string) {
    const context = await browser.newContext({ viewport, bypassCSP: true });
    context.setDefaultTimeout(15_000);
    contexts.push(context);
    if (cookie) {
      const separator = cookie.indexOf('=');
      await context.addCookies([{ name: cookie.slice(0, separator), value: cookie.slice(separator + 1), url: server.url }]);
    }
    const page = await context.newPage();
    page.on('pageerror', (error) => log.push(`page error: ${error.message}`));
    return page;
  }

  const fitsWidth = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  test('forgot password → the e-mail → its link → a new password → signed in, old sessions signed out', async () => {
    const admin = await signUpAdmin(server.url);
    const person = await signUpInvited(server.url, admin, 'hr', 'editor', 'Hana HR');
    const page = await browserFor();
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await field(page, 'Work email').fill(person.user.email);
    await page.getByRole('button', { name: 'Send me a reset link' }).click();
    await poll(() => page.getByRole('status').textContent()).toContain('a link to choose a new password is on its way');

    const mail = await smtp.waitForMessage((message) => message.to.includes(person.user.email), 10_000);
    const link = linkIn(mail, '/reset-password/');
    expect(new URL(link).origin).toBe(server.url);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    expect(serious(await runAxe(page)), describeViolations(serious(await runAxe(page)))).toEqual([]);

    // Two different entries are caught on the page, without "Ask for a new link".
    await field(page, 'New password').fill('violet tractor marmalade');
    await field(page, 'New password again').fill('violet tractor marmalad');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await poll(() => page.getByRole('alert').textContent()).toBe('The two passwords are not the same. Type the new one twice.');
    expect(await page.getByRole('link', { name: 'Ask for a new link' }).count()).toBe(0);

    // A common password is refused by the server, with its words.
    await field(page, 'New password').fill('password1234');
    await field(page, 'New password again').fill('password1234');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await poll(() => page.getByRole('alert').textContent()).toContain('This password is on a list of commonly used passwords');

    await field(page, 'New password').fill('violet tractor marmalade');
    await field(page, 'New password again').fill('violet tractor marmalade');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('heading', { name: 'Policies', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect((await call(server.url, '/api/me', { cookie: person.cookie })).status).toBe(401);
    expect((await login(server.url, person.user.email, 'violet tractor marmalade')).status).toBe(200);

    // The link worked once.
    await page.goto(link);
    await field(page, 'New password').fill('another fine sentence');
    await field(page, 'New password again').fill('another fine sentence');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await poll(() => page.getByRole('alert').textContent()).toContain('This reset link has been used already');
    await page.getByRole('link', { name: 'Ask for a new link' }).waitFor();
  });

  test('profile: the notification e-mail setting, and "Sign out everywhere else"', async () => {
    const admin = await signUpAdmin(server.url);
    const person = await signUpInvited(server.url, admin, 'legal', 'editor', 'Lee Legal');
    const laptop = (await login(server.url, person.user.email)).cookie!;
    const page = await browserFor(PHONE, person.cookie);
    await page.goto(server.url);
    await page.getByRole('button', { name: /menu/i }).click();
    await page.getByRole('link', { name: 'Your profile' }).click();
    await page.getByRole('heading', { name: 'Your profile', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/profile');
    expect(await fitsWidth(page)).toBe(true);

    const each = page.getByRole('radio', { name: /Each one/ });
    await poll(() => each.isChecked()).toBe(true);
    await page.getByRole('radio', { name: /A daily digest/ }).check();
    await poll(() => page.getByText('Saved: a daily digest.').count()).toBe(1);
    expect((await call(server.url, '/api/me/notification-settings', { cookie: person.cookie })).body).toEqual({ email: 'digest' });

    const sessions = page.getByRole('list', { name: 'Active sessions' }).getByRole('listitem');
    await poll(() => sessions.count()).toBe(2);
    await poll(() => sessions.filter({ hasText: 'This device' }).count()).toBe(1);
    expect(serious(await runAxe(page)), describeViolations(serious(await runAxe(page)))).toEqual([]);
    await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await poll(() => page.getByText('Signed out 1 other session.').count()).toBe(1);
    await poll(() => sessions.count()).toBe(1);
    expect((await call(server.url, '/api/me', { cookie: laptop })).status).toBe(401);
    expect((await call(server.url, '/api/me', { cookie: person.cookie })).status).toBe(200);

    // After a reload the choice is still there.
    await page.reload();
    await poll(() => page.getByRole('radio', { name: /A daily digest/ }).isChecked()).toBe(true);

    // The password form: a refusal reads as the server's sentence without its field name, then the right password works.
    const passwordCard = page.getByRole('region', { name: 'Password' });
    await field(passwordCard, 'Current password').fill('not my password at all');
    await field(passwordCard, 'New password').fill('a brand new passphrase');
    await passwordCard.getByRole('button', { name: 'Change password' }).click();
    await poll(() => passwordCard.getByRole('alert').textContent()).toContain('This is not your current password.');
    expect(await passwordCard.getByRole('button', { name: 'Change password' }).isEnabled()).toBe(true);
    await field(passwordCard, 'Current password').fill('correct horse battery');
    await passwordCard.getByRole('button', { name: 'Change password' }).click();
    await poll(() => passwordCard.getByRole('status').textContent()).toBe('Password changed.');
    expect(await passwordCard.getByRole('alert').count()).toBe(0);
    expect(await field(passwordCard, 'Current password').inputValue()).toBe('');
    expect((await login(server.url, person.user.email, 'a brand new passphrase')).status).toBe(200);

    // The name form saves, and says so.
    const detailsCard = page.getByRole('region', { name: 'Name and e-mail' });
    await field(detailsCard, 'Name').fill('Lee Legal-Smith');
    await detailsCard.getByRole('button', { name: 'Save' }).click();
    await poll(() => detailsCard.getByRole('status').textContent()).toBe('Saved.');
    expect((await call(server.url, '/api/me', { cookie: person.cookie })).body).toMatchObject({ name: 'Lee Legal-Smith' });
  });
});
