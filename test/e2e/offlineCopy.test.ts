import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { call, createPolicy, signUpAdmin, signUpInvited } from '../support/session';
import { describeInBrowser } from './support/browser';
import { openPolicy, paragraphOf, sectionTitled, typeAtEnd } from './support/editor';
import { poll } from './support/poll';
import { serverSections } from './support/serverState';
import { useWorld } from './support/world';

/** Names of Accord's IndexedDB databases of the page's origin. */
function databases(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((database) => database.name ?? '').filter((name) => name.startsWith('accord-')).sort());
}

/**
 * The browser's offline copy on a shared computer (issue #15, item 4). Before: the copy was one
 * IndexedDB database per policy (`accord-policy-<id>`), whoever was signed in, and it survived
 * sign-out, so the next person at the computer had the previous person's copy. Now it is per
 * person and policy, and sign-out deletes it, after asking when it holds changes the server has
 * not confirmed.
 */
describeInBrowser('offline copy per person', () => {
  const world = useWorld();

  /** An admin in Marketing, an editor in Legal with the healthcare policy open in her browser. */
  async function legalEditorOnPolicy() {
    const admin = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const legalSession = await signUpInvited(world.url, admin, 'legal', 'editor', 'Leo Legal');
    const policyId = await createPolicy(world.url, admin, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
    const { page } = await world.person('legal', legalSession);
    await openPolicy(page, world.url, policyId);
    return { admin, legalSession, policyId, page };
  }

  test('keys the copy by person and policy, asks before signing out with unsent changes, and deletes the copies on sign-out', async () => {
    const { admin, legalSession, policyId, page } = await legalEditorOnPolicy();
    // A copy left by an older version, per policy and nobody in particular.
    await page.evaluate(
      (name) =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open(name);
          request.onsuccess = () => {
            request.result.close();
            resolve();
          };
          request.onerror = () => reject(request.error);
        }),
      `accord-policy-${policyId}`,
    );
    await poll(() => databases(page)).toContain(`accord-${legalSession.user.id}-${policyId}`);

    // Cut off, an edit cannot reach the server: signing out asks first.
    await page.context().setOffline(true);
    await page.locator('.policy-tools [data-connection="offline"]').waitFor({ timeout: 10_000 });
    const unsent = ' Written while cut off.';
    await typeAtEnd(page, paragraphOf(sectionTitled(page, 'Records retention')), unsent);
    await page.getByRole('button', { name: 'Sign out' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign out with unsaved changes?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('have not reached the server');
    await dialog.getByRole('button', { name: 'Stay signed in' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // Back online, the edit is stored and confirmed: signing out no longer asks.
    await page.context().setOffline(false);
    await poll(async () => (await serverSections(world.url, admin, policyId)).map((section) => section.text).join('\n'), { timeout: 20_000 }).toContain(unsent.trim());
    await poll(() => page.locator('.policy-tools .connection').getAttribute('data-connection'), { timeout: 20_000 }).toBe('connected');
    await poll(async () => {
      await page.getByRole('button', { name: 'Sign out' }).click();
      if (await dialog.isVisible()) {
        await dialog.getByRole('button', { name: 'Stay signed in' }).click();
        return 'asked';
      }
      return 'signed out';
    }, { timeout: 10_000, interval: 500 }).toBe('signed out');
    await page.getByRole('button', { name: /sign in/i }).first().waitFor();

    // Nothing of Leo's is left on this computer, nor the old per-policy copy.
    await poll(() => databases(page)).toEqual([]);
  });

  test('a demoted editor’s page turns read-only at once, and a removed person is sent to sign-in', async () => {
    const { admin, legalSession, page } = await legalEditorOnPolicy();
    const notice = page.getByText('Viewers cannot change it');
    expect(await notice.count()).toBe(0);

    expect((await call(world.url, `/api/users/${legalSession.user.id}`, { method: 'PATCH', json: { role: 'viewer' }, cookie: admin.cookie })).status).toBe(200);
    await notice.waitFor({ timeout: 5_000 });
    await poll(() => page.locator('.ProseMirror').first().getAttribute('contenteditable')).toBe('false');

    expect((await call(world.url, `/api/users/${legalSession.user.id}`, { method: 'DELETE', cookie: admin.cookie })).status).toBe(200);
    await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 5_000 });
  });
});
