import { expect, test } from 'vitest';
import { call, createPolicy, signUpAdmin, signUpInvited } from '../support/session';
import { describeInBrowser } from './support/browser';
import { openPolicy } from './support/editor';
import { poll } from './support/poll';
import { useWorld } from './support/world';

/**
 * A department asked to sign that nobody can sign for blocks the endorsement: the policy page says
 * so where people write (not only the dashboard), with what to do about it for who is reading.
 */
describeInBrowser('departments nobody can sign for', () => {
  const world = useWorld();

  test('are named on the policy page, with the way to fix it for an admin and whom to ask for an editor', async () => {
    const ada = await signUpAdmin(world.url, 'communications', 'Ada Admin');
    const leo = await signUpInvited(world.url, ada, 'legal', 'editor', 'Leo Legal');
    const policyId = await createPolicy(world.url, ada, { title: 'Northwind policy', templateId: 'corporate-enterprise', organization: 'Northwind' });
    const signers = (await call(world.url, `/api/policies/${policyId}`, { cookie: ada.cookie })).body.signers as { department: string; people: unknown[] }[];
    const empty = signers.filter((entry) => entry.people.length === 0).map((entry) => entry.department);
    expect(empty).toContain('marketing');

    const admin = await world.person('admin', ada);
    await openPolicy(admin.page, world.url, policyId);
    const notice = admin.page.getByTestId('nobody-can-sign-notice');
    await poll(() => notice.textContent()).toMatch(/^.*Marketing.* nobody who can sign yet, so the policy cannot be endorsed\. Invite an editor from each on the People page, or give the sections to another department\.$/);
    expect(await notice.getByRole('link', { name: 'People page' }).getAttribute('href')).toBe('/admin');

    const legal = await world.person('legal', leo);
    await openPolicy(legal.page, world.url, policyId);
    await poll(() => legal.page.getByTestId('nobody-can-sign-notice').textContent()).toContain('Ask an admin to invite someone from each');

    // On a phone the text comes first; the dashboard says it there.
    await legal.page.setViewportSize({ width: 390, height: 844 });
    await poll(() => legal.page.getByTestId('nobody-can-sign-notice').isVisible()).toBe(false);
  });
});
