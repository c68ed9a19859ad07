import { expect, test } from 'vitest';
import { call, createPolicy, signUpAdmin, signUpInvited } from '../support/session';
import { describeInBrowser } from './support/browser';
import { poll } from './support/poll';
import { policyState, signSection } from './support/serverState';
import { useWorld } from './support/world';

/**
 * The staff link on the sign-off dashboard: the comms lead makes it, copies it for the intranet,
 * and anyone (no account) reads the endorsed policy through it; a new link stops the old one, and
 * stopping it takes a second, deliberate press. Legal, who cannot manage the policy, can only copy it.
 */
describeInBrowser('the staff link', () => {
  const world = useWorld();

  test('made on the dashboard, read without an account, replaced and stopped on purpose', async () => {
    const miaSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const leoSession = await signUpInvited(world.url, miaSession, 'legal', 'editor', 'Leo Legal');
    const policyId = await createPolicy(world.url, miaSession, { title: 'Short policy' });
    for (const section of (await policyState(world.url, miaSession, policyId)).sections) await signSection(world.url, miaSession, policyId, section.id, section.hash);
    expect((await policyState(world.url, miaSession, policyId)).status).toBe('endorsed');

    const mia = await world.person('marketing', miaSession, { permissions: ['clipboard-read', 'clipboard-write'] });
    await mia.page.goto(`${world.url}/p/${policyId}/dashboard`);
    const card = mia.page.getByTestId('staff-link-card');
    await card.getByRole('button', { name: 'Make a staff link' }).click();
    const address = card.getByLabel('Address to share');
    await poll(() => address.inputValue()).toMatch(new RegExp(`^${world.url}/read/[A-Za-z0-9_-]{32}$`));
    const url = await address.inputValue();
    // The caret is on the address, ready to copy; the card says what was done.
    await poll(() => address.evaluate((element) => element === document.activeElement)).toBe(true);
    await poll(() => card.getByRole('status').textContent()).toBe('The staff link is made. Copy it for the intranet or an all-staff e-mail.');
    expect(await card.textContent()).toContain('It shows endorsed version 1 now.');
    // Nothing in this policy is left to fill in, so there is nothing to warn of.
    expect(await card.getByTestId('staff-link-blanks').count()).toBe(0);
    await card.getByRole('button', { name: 'Copy link' }).click();
    await poll(() => card.getByRole('status').textContent()).toMatch(/^(Copied the staff link\.|The link is selected)/);
    await poll(() => mia.page.getByTestId('history').textContent()).toContain('Mia Marketing made a staff link');

    // Somebody with no account opens it: the endorsed policy, no sign-in page.
    const reader = await world.person('staff');
    await reader.page.goto(url);
    await poll(() => reader.page.locator('h1').first().textContent()).toContain('Short policy');
    expect(await reader.page.content()).toContain('Endorsed version 1');
    expect(new URL(reader.page.url()).pathname).toBe(new URL(url).pathname);

    // Legal sees the same link, without the buttons that change it.
    const leo = await world.person('legal', leoSession);
    await leo.page.goto(`${world.url}/p/${policyId}/dashboard`);
    const leoCard = leo.page.getByTestId('staff-link-card');
    await poll(() => leoCard.getByLabel('Address to share').inputValue()).toBe(url);
    expect(await leoCard.getByRole('button', { name: /Make a new link|Stop the link/ }).count()).toBe(0);
    expect(await leoCard.textContent()).toContain('Admins, and editors added under Share → People with access, can replace or stop it.');

    // A new link asks first, then replaces the old one, which stops working.
    await card.getByRole('button', { name: 'Make a new link' }).click();
    const confirm = card.getByRole('group');
    await poll(() => confirm.textContent()).toContain('The link people have now stops working');
    await poll(() => confirm.getByRole('button', { name: 'Make a new link' }).evaluate((element) => element === document.activeElement)).toBe(true);
    await confirm.getByRole('button', { name: 'Make a new link' }).click();
    await poll(() => address.inputValue()).not.toBe(url);
    await poll(() => card.getByRole('status').textContent()).toBe('A new staff link is made; the old one no longer works.');
    await reader.page.reload();
    await poll(() => reader.page.locator('h1').textContent()).toBe('This link does not work');
    // What the card said of the last change is gone once it asks about the next one.
    await card.getByRole('button', { name: 'Stop the link' }).click();
    expect(await card.getByRole('status').textContent()).toBe('');
    await card.getByRole('group').getByRole('button', { name: 'Cancel' }).click();
    // Cancel gives the caret back to the button that asked.
    await poll(() => card.getByRole('button', { name: 'Stop the link' }).evaluate((element) => element === document.activeElement)).toBe(true);

    // Stopping asks first too; Cancel (above) left it as it was.
    expect(await address.count()).toBe(1);
    await card.getByRole('button', { name: 'Stop the link' }).click();
    await card.getByRole('group').getByRole('button', { name: 'Stop the link' }).click();
    await poll(() => card.getByRole('status').textContent()).toBe('The staff link is stopped: it no longer opens the policy.');
    expect(await card.getByLabel('Address to share').count()).toBe(0);
    await poll(() => card.getByRole('button', { name: 'Make a staff link' }).evaluate((element) => element === document.activeElement)).toBe(true);
    await poll(() => mia.page.getByTestId('history').textContent()).toContain('Mia Marketing stopped the staff link');
    expect(await mia.page.getByTestId('history').textContent()).toContain('made a new staff link (the old one stopped working)');

    // A policy only its members open says the link is for anyone who has it all the same.
    expect(await card.getByTestId('staff-link-members-only').count()).toBe(0);
    expect((await call(world.url, `/api/policies/${policyId}`, { method: 'PATCH', json: { sharing: 'members' }, cookie: miaSession.cookie })).status).toBe(200);
    await mia.page.reload();
    await poll(() => mia.page.getByTestId('staff-link-members-only').textContent()).toContain('shows its endorsed version to anyone who has the link');
    expect(mia.log.filter((line) => line.includes('page error'))).toEqual([]);
  });
});
