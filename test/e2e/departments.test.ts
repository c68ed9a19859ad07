import { expect, test } from 'vitest';
import { call, signUpAdmin, signUpInvited } from '../support/session';
import { describeViolations, runAxe, serious } from './support/a11y';
import { describeInBrowser } from './support/browser';
import { openApp } from './support/editor';
import { field } from './support/forms';
import { poll } from './support/poll';
import { useWorld } from './support/world';

describeInBrowser('departments on the People page', () => {
  const world = useWorld();

  test('an admin adds a department, invites to it, and archives it after a confirmation that says what that means', async () => {
    const adminSession = await signUpAdmin(world.url, 'communications', 'Ada Admin');
    await signUpInvited(world.url, adminSession, 'hr', 'editor', 'Hana HR');
    const admin = await world.person('admin', adminSession, { bypassCSP: true });
    const page = admin.page;
    await openApp(page, world.url, '/admin');

    const panel = page.locator('section[aria-labelledby="departments-title"]');
    await panel.locator('tr[data-department="sales"]').waitFor();
    expect(await panel.locator('tbody tr').count()).toBe(8);
    expect(await panel.locator('tr[data-department="hr"] td').nth(1).textContent()).toBe('1 person');

    // Add one.
    const addForm = panel.getByRole('form', { name: 'Add a department' });
    await field(addForm, 'New department').fill('Product');
    await addForm.getByRole('button', { name: 'Add department' }).click();
    await panel.locator('tr[data-department="product"]').waitFor();
    await poll(() => panel.getByRole('status').textContent()).toContain('Product was added');

    // It can be chosen for an invite at once.
    const inviteForm = page.locator('form.inline-form');
    await poll(() => field(inviteForm, 'Department').locator('option').allTextContents()).toContain('Product');

    // A name that is taken is explained under the form, as a sentence.
    await field(addForm, 'New department').fill('legal');
    await addForm.getByRole('button', { name: 'Add department' }).click();
    const refused = addForm.locator('xpath=following-sibling::p[@role="alert"][1]');
    await poll(() => refused.textContent()).toBe('There is already a department called Legal.');
    await field(addForm, 'New department').fill('');

    // Rename it.
    await panel.getByRole('button', { name: 'Rename or recolour Product' }).click();
    const editForm = panel.getByRole('form', { name: 'Change Product' });
    await field(editForm, 'Name').fill('Product & Design');
    await editForm.getByRole('button', { name: 'Save' }).click();
    await poll(() => panel.locator('tr[data-department="product"] th').textContent()).toBe('Product & Design');

    const violations = serious(await runAxe(page));
    expect(violations, describeViolations(violations)).toEqual([]);

    // Archive it: the dialog says what archiving keeps and what it stops.
    await panel.getByRole('button', { name: 'Archive Product & Design' }).click();
    const dialog = page.getByRole('dialog', { name: 'Archive Product & Design?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('keeps its history');
    expect(await dialog.textContent()).toContain('can no longer be given sections or people');
    const dialogViolations = serious(await runAxe(page));
    expect(dialogViolations, describeViolations(dialogViolations)).toEqual([]);
    await dialog.getByRole('button', { name: 'Archive Product & Design' }).click();
    await poll(() => panel.locator('tr[data-department="product"]').textContent()).toContain('Archived');

    // Archived: still listed, no longer offered for invites, and the server agrees.
    await poll(() => field(inviteForm, 'Department').locator('option').allTextContents()).not.toContain('Product & Design');
    const listed = await call(world.url, '/api/departments', { cookie: adminSession.cookie });
    expect(listed.body.find((department: { id: string }) => department.id === 'product')).toMatchObject({ name: 'Product & Design', archived: true });

    // Bring it back.
    await panel.getByRole('button', { name: 'Bring back Product & Design' }).click();
    await poll(() => panel.locator('tr[data-department="product"]').textContent()).toContain('In use');
  });
  test("an admin sets the organization's name on the People page, and a new policy from a template starts with it", async () => {
    const adminSession = await signUpAdmin(world.url, 'communications', 'Ada Admin');
    const admin = await world.person('admin', adminSession, { bypassCSP: true });
    const page = admin.page;
    await openApp(page, world.url, '/admin');

    const panel = page.locator('section[aria-labelledby="organization-title"]');
    const form = panel.getByRole('form', { name: 'The organization’s name' });
    const save = form.getByRole('button', { name: 'Save name' });
    await form.waitFor();
    await field(form, 'Organization name').fill('Northwind Trading');
    await save.click();
    await poll(() => panel.getByRole('status').textContent()).toBe('Saved. New policies and e-mails now say “Northwind Trading”.');
    await poll(() => panel.textContent()).toContain('by Ada Admin');
    // Saved as it is: nothing to save again until the name changes.
    expect(await save.isDisabled()).toBe(true);
    expect((await call(world.url, '/api/organization', { cookie: adminSession.cookie })).body.name).toBe('Northwind Trading');
    const violations = serious(await runAxe(page));
    expect(violations, describeViolations(violations)).toEqual([]);

    // Only spaces is refused with the reason, and the saved name stays.
    await field(form, 'Organization name').fill('   ');
    await save.click();
    await poll(() => panel.getByRole('alert').textContent()).toBe('Enter the name of your organization.');
    expect((await call(world.url, '/api/organization', { cookie: adminSession.cookie })).body.name).toBe('Northwind Trading');

    // The template gallery's form starts with it.
    await openApp(page, world.url, '/templates');
    await page.locator('button[data-template="small-business"]').click();
    const preview = page.getByRole('region', { name: 'Preview' });
    await poll(() => field(preview, 'Organization name').inputValue()).toBe('Northwind Trading');
    await poll(() => preview.locator('.preview-opening').first().textContent()).toContain('Northwind Trading');
  });
});
