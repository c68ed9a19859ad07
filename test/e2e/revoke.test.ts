import { expect, test } from 'vitest';
import { createPolicy, signUpAdmin } from '../support/session';
import { describeInBrowser } from './support/browser';
import { openPolicy } from './support/editor';
import { poll } from './support/poll';
import { policyState, signSection } from './support/serverState';
import { useWorld } from './support/world';

/**
 * Revoking a sign-off asks first, and says when it ends the endorsement: on a phone the Revoke
 * button takes the place of Sign off, so a second tap must not undo a whole endorsement.
 */
describeInBrowser('revoking a sign-off', () => {
  const world = useWorld();

  test('asks first, says the endorsement ends, keeps it on "Keep", and revokes on purpose', async () => {
    const miaSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const policyId = await createPolicy(world.url, miaSession, { title: 'Short policy' });
    for (const section of (await policyState(world.url, miaSession, policyId)).sections) await signSection(world.url, miaSession, policyId, section.id, section.hash);
    expect((await policyState(world.url, miaSession, policyId)).status).toBe('endorsed');

    const mia = await world.person('marketing', miaSession);
    await openPolicy(mia.page, world.url, policyId);
    const revoke = mia.page.getByRole('button', { name: 'Revoke Marketing sign-off' });
    await revoke.click();
    const dialog = mia.page.getByRole('dialog', { name: 'Revoke Marketing’s sign-off?' });
    await dialog.waitFor();
    await poll(() => dialog.getByTestId('revoke-ends-endorsement').textContent()).toContain('The policy is endorsed now.');
    await dialog.getByRole('button', { name: 'Keep the sign-off' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await policyState(world.url, miaSession, policyId)).status).toBe('endorsed');

    await revoke.click();
    await dialog.getByRole('button', { name: 'Revoke the sign-off' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => mia.page.locator('.toast').textContent()).toBe('Sign-off revoked; the policy is no longer endorsed.');
    await poll(async () => (await policyState(world.url, miaSession, policyId)).status).not.toBe('endorsed');
    await mia.page.getByRole('button', { name: 'Sign off for Marketing' }).waitFor();
    expect(mia.log.filter((line) => line.includes('page error'))).toEqual([]);
  });
});
