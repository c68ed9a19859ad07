import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { createLogger } from '../../server/logger';
import { startTestServer } from '../support/accordServer';
import { startOidcProvider, TEST_CLIENT, type TestAccount, type TestProvider } from '../support/oidcProvider';
import { call, signUpAdmin, signUpInvited } from '../support/session';
import { describeViolations, runAxe, serious } from './support/a11y';
import { describeInBrowser, launchBrowser } from './support/browser';
import { builtClientDir } from './support/clientBuild';
import { field } from './support/forms';
import { poll } from './support/poll';

describeInBrowser('single sign-on in the browser', () => {
  let browser: Browser;
  let clientDir = '';
  const stops: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    clientDir = builtClientDir();
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());
  afterEach(async () => {
    while (stops.length) await stops.pop()!();
  });

  async function start(only = false) {
    const people: Record<string, TestAccount> = {
      hana: { email: 'hana@example.org', email_verified: true, name: 'Hana HR', department: 'HR' },
      mia: { email: 'mia@example.org', email_verified: true, name: 'Mia Marketing', department: 'Marketing' },
    };
    const provider: TestProvider = await startOidcProvider(people);
    stops.push(() => provider.close());
    const log: string[] = [];
    const server = await startTestServer({
      clientDir,
      logger: createLogger({ write: (line) => log.push(line) }),
      oidc: { issuer: provider.issuer, clientId: TEST_CLIENT.id, clientSecret: TEST_CLIENT.secret, name: 'Example ID', newUsers: 'refuse', departmentClaim: null, departmentMap: new Map(), defaultDepartment: null, defaultRole: 'editor', emailVerifiedClaim: 'email_verified', only },
    });
    stops.push(() => server.close());
    provider.allowRedirect(`${server.url}/api/auth/oidc/callback`);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    stops.push(() => context.close());
    return { provider, people, server, page: await context.newPage(), log };
  }

  test('clicking "Sign in with Example ID" goes through the provider and lands signed in on the policy list', async () => {
    const { provider, people, server, page } = await start();
    const admin = await signUpAdmin(server.url);
    const hana = await signUpInvited(server.url, admin, 'hr', 'editor', 'Hana HR');
    // The provider knows Hana under the address her account has.
    people.hana!.email = hana.user.email;
    provider.signInAs('hana');
    await page.goto(`${server.url}/`);
    const button = page.getByRole('link', { name: 'Sign in with Example ID' });
    await button.waitFor();
    // Both ways are offered while local passwords are on.
    await expect(field(page, 'Work email').isVisible()).resolves.toBe(true);
    await button.click();
    await page.getByRole('heading', { name: 'Policies', level: 1 }).waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).origin).toBe(server.url);
    expect(new URL(page.url()).pathname).toBe('/');
    await poll(() => page.locator('.who-name').textContent()).toBe('Hana HR');
    expect((await page.context().cookies(server.url)).some((cookie) => cookie.name === 'accord_session' && cookie.httpOnly)).toBe(true);
  });

  test('a refused person is told why on the sign-in page, in plain words', async () => {
    const { provider, server, page } = await start();
    await signUpAdmin(server.url);
    provider.signInAs('mia');
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Sign in with Example ID' }).click();
    await poll(() => page.getByRole('alert').textContent()).toBe('Your organization has not given you an Accord account yet. Ask an admin to invite you.');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    const violations = serious(await runAxe(page));
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  test('with local passwords off, the password form is folded away for the break-glass admin only', async () => {
    const { server, page } = await start(true);
    const admin = await signUpAdmin(server.url);
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Sign in with Example ID' }).waitFor();
    expect(await field(page, 'Work email').isVisible()).toBe(false);
    const violations = serious(await runAxe(page));
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.getByText('Admin sign-in with a password').click();
    await field(page, 'Work email').fill(admin.user.email);
    await field(page, 'Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Policies', level: 1 }).waitFor();
    expect((await call(server.url, '/api/auth/methods')).body).toEqual({ password: false, oidc: { name: 'Example ID' } });
  });
});
