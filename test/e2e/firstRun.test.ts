import { expect, test } from 'vitest';
import { describeInBrowser } from './support/browser';
import { field } from './support/forms';
import { poll } from './support/poll';
import { useWorld, type Person } from './support/world';

const PASSWORD = 'correct horse battery staple';

describeInBrowser('first run', () => {
  const world = useWorld();

  /** The admin creates an invite on the People page and reads the link from the page. */
  async function createInvite(admin: Person, department: string): Promise<string> {
    const page = admin.page;
    const form = page.locator('form.inline-form');
    await field(form, 'Department').selectOption({ label: department });
    await field(form, 'Role').selectOption('editor');
    const link = page.getByTestId('invite-url');
    const previous = (await link.count()) > 0 ? await link.inputValue() : null;
    await form.getByRole('button', { name: 'Create invite link' }).click();
    await link.waitFor();
    await poll(() => link.inputValue()).toMatch(/\/signup\?invite=/);
    await poll(() => link.inputValue()).not.toBe(previous);
    return link.inputValue();
  }

  /** A colleague opens their invite link in their own browser and creates their account. */
  async function signUpThroughInvite(person: Person, link: string, expected: { department: string; name: string; email: string }): Promise<void> {
    const page = person.page;
    await page.goto(link);
    await poll(() => page.getByTestId('invite-summary').textContent()).toBe(`You are invited to join Northwind as editor for ${expected.department}.`);
    await field(page, 'Your name').fill(expected.name);
    await field(page, 'Work email').fill(expected.email);
    await field(page, 'Choose a password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create my account' }).click();
    await poll(() => page.getByTestId('current-department').textContent()).toBe(expected.department);
    await poll(() => page.locator('.who-name').textContent()).toBe(expected.name);
    await page.getByRole('heading', { name: 'Policies', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
  }

  test('first visitor sets up Accord and invites colleagues who join in their departments', async () => {
    const admin = await world.person('marketing-admin');
    const page = admin.page;
    await page.goto(world.url);
    await page.getByRole('heading', { name: 'Set up Accord' }).waitFor();
    await field(page, 'Organization name').fill('Northwind');
    await field(page, 'Your name').fill('Mia Marketing');
    await field(page, 'Work email').fill('mia@northwind.example');
    await field(page, 'Password').fill(PASSWORD);
    await field(page, 'Your department').selectOption({ label: 'Marketing' });
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await poll(() => page.getByTestId('current-department').textContent()).toBe('Marketing · admin');

    // Alone in Accord, the admin is shown the next step: inviting the departments.
    const nextStep = page.getByRole('region', { name: 'Invite the departments' });
    await nextStep.waitFor();
    expect(await nextStep.textContent()).toContain('You are the only person here so far');
    await nextStep.getByRole('link', { name: 'Invite colleagues' }).click();
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
    // The name given at set-up is the organization's, there to change.
    await poll(() => field(page.getByRole('form', { name: 'The organization’s name' }), 'Organization name').inputValue()).toBe('Northwind');
    const legalLink = await createInvite(admin, 'Legal');
    const hrLink = await createInvite(admin, 'HR');
    expect(legalLink).not.toBe(hrLink);
    expect(new URL(legalLink).origin).toBe(world.url);

    const legal = await world.person('legal');
    const hr = await world.person('hr');
    await Promise.all([
      signUpThroughInvite(legal, legalLink, { department: 'Legal', name: 'Leo Legal', email: 'leo@northwind.example' }),
      signUpThroughInvite(hr, hrLink, { department: 'HR', name: 'Hana HR', email: 'hana@northwind.example' }),
    ]);

    // The admin's list of people shows both newcomers in their departments.
    await page.reload();
    const rows = page.locator('table.people tbody tr');
    await poll(() => rows.count()).toBe(3);
    await poll(() => page.getByLabel('Department of Leo Legal').inputValue()).toBe('legal');
    await poll(() => page.getByLabel('Department of Hana HR').inputValue()).toBe('hr');
    // Once colleagues have joined, the list no longer asks for them.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Policies' }).click();
    await page.getByRole('heading', { name: 'No policy yet' }).waitFor();
    expect(await page.getByRole('region', { name: 'Invite the departments' }).count()).toBe(0);
    // A blank policy with a title of spaces is refused beside its form, in a sentence.
    const blank = page.locator('form.inline-form');
    await field(blank, 'Or start a blank policy').fill('   ');
    await blank.getByRole('button', { name: 'Create blank policy' }).click();
    await poll(() => blank.getByRole('alert').textContent()).toBe('A title is required.');

    // An invite link works once.
    const latecomer = await world.person('latecomer');
    await latecomer.page.goto(legalLink);
    await latecomer.page.getByRole('alert').filter({ hasText: 'not valid any more' }).waitFor();
    expect(await latecomer.page.getByRole('button', { name: 'Create my account' }).isDisabled()).toBe(true);
  });
});
