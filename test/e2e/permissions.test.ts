import { expect, test } from 'vitest';
import { createPolicy, signUpAdmin, signUpInvited } from '../support/session';
import { describeInBrowser } from './support/browser';
import { chip, documentText, openApp, openPolicy, sectionTitled } from './support/editor';
import { serverSections } from './support/serverState';
import { useWorld } from './support/world';

describeInBrowser('permissions seen by people', () => {
  const world = useWorld();

  test('Marketing gets no sign-off button on a Legal-only section; a viewer cannot type and is told so', async () => {
    const adminSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const legalSession = await signUpInvited(world.url, adminSession, 'legal', 'editor', 'Leo Legal');
    const viewerSession = await signUpInvited(world.url, adminSession, 'hr', 'viewer', 'Vera Viewer');
    // A blank policy has one section, owned by its author's department and nobody else.
    const policyId = await createPolicy(world.url, legalSession, { title: 'Legal review checklist' });

    const marketing = await world.person('marketing', adminSession);
    const legal = await world.person('legal', legalSession);
    const viewer = await world.person('viewer', viewerSession);
    await Promise.all([openPolicy(marketing.page, world.url, policyId), openPolicy(legal.page, world.url, policyId), openPolicy(viewer.page, world.url, policyId)]);

    // Legal may sign its own section…
    const legalSection = sectionTitled(legal.page, 'Purpose and scope');
    await legalSection.getByRole('button', { name: 'Sign off for Legal' }).waitFor();

    // …Marketing sees the Legal chip but no button to sign for anyone.
    const marketingSection = sectionTitled(marketing.page, 'Purpose and scope');
    await chip(marketingSection, 'legal').waitFor();
    expect(await marketingSection.locator('.signoff-chips .chip').count()).toBe(1);
    expect(await marketing.page.getByRole('button', { name: /^Sign off for/ }).count()).toBe(0);
    // Marketing can still edit the text and use the section menu.
    expect(await marketing.page.locator('.policy-editor').getAttribute('contenteditable')).toBe('true');
    expect(await marketingSection.getByRole('button', { name: /^Section options for/ }).count()).toBe(1);

    // The viewer reads, is told they cannot change anything, and cannot.
    const page = viewer.page;
    expect(await page.getByTestId('current-department').textContent()).toBe('HR · viewer');
    const notice = page.locator('.read-only-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Viewers cannot change it');
    expect(await page.locator('.policy-editor').getAttribute('contenteditable')).toBe('false');
    expect(await page.getByRole('button', { name: /^Sign off for/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Section options for/ }).count()).toBe(0);

    const before = await documentText(page);
    const serverBefore = (await serverSections(world.url, adminSession, policyId)).map((section) => section.hash);
    const heading = sectionTitled(page, 'Purpose and scope').locator('.section-body h2');
    await heading.click();
    await page.keyboard.type(' viewer was here');
    await page.keyboard.press('Enter');
    await page.keyboard.type('A new paragraph');
    await page.keyboard.press('Backspace');
    expect(await documentText(page)).toBe(before);
    expect(await documentText(legal.page)).not.toContain('viewer was here');
    expect((await serverSections(world.url, adminSession, policyId)).map((section) => section.hash)).toEqual(serverBefore);
  });

  test('an address with no page says so and shows the way on; a non-admin at /admin is told it is for admins', async () => {
    const adminSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const editorSession = await signUpInvited(world.url, adminSession, 'legal', 'editor', 'Leo Legal');
    const admin = await world.person('admin', adminSession);
    const editor = await world.person('editor', editorSession);

    await openApp(admin.page, world.url, '/people');
    await admin.page.getByRole('heading', { name: 'There is no page here', level: 1 }).waitFor();
    expect(await admin.page.locator('main').textContent()).toContain('Accord has no page at /people.');
    expect(await admin.page.title()).toBe('Page not found · Accord');
    // The policy list is not shown under the wrong address.
    expect(await admin.page.getByRole('heading', { name: 'Policies', level: 1 }).count()).toBe(0);
    await admin.page.getByRole('link', { name: 'People: invite colleagues and manage departments' }).click();
    await admin.page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
    expect(new URL(admin.page.url()).pathname).toBe('/admin');

    await openApp(editor.page, world.url, '/admin');
    await editor.page.getByRole('heading', { name: 'For admins only', level: 1 }).waitFor();
    expect(await editor.page.getByRole('link', { name: /^People/ }).count()).toBe(0);
    await editor.page.getByRole('link', { name: 'Your policies' }).click();
    await editor.page.getByRole('heading', { name: 'Policies', level: 1 }).waitFor();
  });
});
