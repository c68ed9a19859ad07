import { expect, test } from 'vitest';
import { call, createPolicy, signUpAdmin } from '../support/session';
import { signedInClient, typeInFirstSection } from '../support/collabClient';
import { describeInBrowser } from './support/browser';
import { poll } from './support/poll';
import { policyState, serverSections } from './support/serverState';
import { useWorld } from './support/world';

describeInBrowser('what changed since an endorsed version', () => {
  const world = useWorld();

  test('shows only the words around a change, marked for screen readers too, and the whole section on request', async () => {
    const admin = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const policyId = await createPolicy(world.url, admin, { title: 'Short policy' });
    const client = await signedInClient(world.url, policyId, admin.cookie, () => {});
    const long = ' Staff who post about their work say they speak for themselves, keep customer details out of every post, and ask Communications before they answer a journalist or an influencer who writes to them.';
    typeInFirstSection(client.doc, long);
    // Signed once the server has the words: a sign-off is bound to the text it read.
    await poll(async () => (await serverSections(world.url, admin, policyId))[0]!.text).toContain('writes to them.');
    const signAll = async () => {
      for (const section of (await policyState(world.url, admin, policyId)).sections) {
        expect((await call(world.url, `/api/policies/${policyId}/sections/${section.id}/signoffs`, { json: { hash: section.hash }, cookie: admin.cookie })).status).toBe(201);
      }
    };
    await signAll();
    await poll(async () => (await policyState(world.url, admin, policyId)).status).toBe('endorsed');
    typeInFirstSection(client.doc, ' Report a hacked account to IT at once.');
    await poll(async () => (await policyState(world.url, admin, policyId)).status).not.toBe('endorsed');

    const { page } = await world.person('marketing', admin);
    await page.goto(`${world.url}/p/${policyId}/dashboard`);
    await page.getByRole('button', { name: 'What changed since version 1' }).click();
    const dialog = page.getByRole('dialog', { name: 'What changed since version 1' });
    await poll(() => dialog.getByTestId('version-changes-summary').textContent()).toMatch(/Since then: 1 section changed\.$/);
    const diff = dialog.locator('.version-change .diff');
    // The heading is the heading, not a line of the words; the long unchanged run is cut to the words next to the change.
    expect(await diff.textContent()).not.toMatch(/^Purpose and scope/);
    expect(await diff.locator('.diff-gap').count()).toBe(1);
    expect(await diff.locator('ins').textContent()).toBe('added: Report a hacked account to IT at once. (end)');
    expect(await diff.textContent()).toContain('writes to them.');
    await dialog.getByRole('button', { name: 'Show the whole section' }).click();
    expect(await diff.locator('.diff-gap').count()).toBe(0);
    expect(await diff.textContent()).toContain('Staff who post about their work say they speak for themselves');
    await dialog.getByRole('button', { name: 'Show only the changes' }).waitFor();
    client.destroy();
  });
});
