import { expect, test } from 'vitest';
import type { Comment, Thread } from '../../shared/api/comments';
import { reviewNotice } from '../../server/mail/reviewReminders';
import { call, createPolicy, signUpAdmin, signUpInvited, type Session } from '../support/session';
import { describeInBrowser } from './support/browser';
import { chip, openApp, openPolicy, waitForEditor } from './support/editor';
import { signedInClient, typeInFirstSection } from '../support/collabClient';
import { field } from './support/forms';
import { poll } from './support/poll';
import { useWorld } from './support/world';

/**
 * The notifications inbox in the header (issue 19, item 8) and the commenter role on the People
 * page (item 7). Notifications are stored by the server's notification service, as the comment
 * service does for each comment.
 */
describeInBrowser('notifications inbox', () => {
  const world = useWorld();

  function post(policyId: string, sectionId: string, by: Session, body: string, mentions: Comment['mentions'], threadId: string): void {
    const author = { id: by.user.id, name: by.user.name, department: by.user.department };
    const comment: Comment = { id: `c_${threadId}`, threadId, author, body, mentions, createdAt: new Date().toISOString(), editedAt: null };
    const thread: Thread = {
      id: threadId,
      policyId,
      sectionId,
      sectionTitle: 'Purpose and scope',
      quote: 'within one hour',
      status: 'open',
      anchored: true,
      createdBy: author,
      createdAt: comment.createdAt,
      resolvedBy: null,
      resolvedAt: null,
      comments: [comment],
    };
    world.server.notifications.commentPosted({ policyId, policyTitle: 'Northwind policy', thread, comment, kind: 'thread' });
  }

  test('HR sees the unread count, opens the inbox, follows a mention to its thread and marks the rest read', async () => {
    const admin = await signUpAdmin(world.url, 'communications', 'Ada Admin');
    const legal = await signUpInvited(world.url, admin, 'legal', 'editor', 'Lee Legal');
    const hr = await signUpInvited(world.url, admin, 'hr', 'editor', 'Hal HR');
    const policyId = await createPolicy(world.url, admin, { title: 'Northwind policy', templateId: 'retail-consumer-brand', organization: 'Northwind' });
    const policy = await call(world.url, `/api/policies/${policyId}`, { cookie: admin.cookie });
    const sectionId = (policy.body.sections as { id: string; title: string }[]).find((item) => item.title === 'Purpose and scope')!.id;

    const person = await world.person('hr', hr);
    const page = person.page;
    await openApp(page, world.url);
    const bell = page.locator('.inbox-button');
    await poll(() => bell.getAttribute('aria-label')).toBe('Notifications, none unread');
    expect(await page.getByTestId('inbox-count').count()).toBe(0);

    post(policyId, sectionId, legal, '@HR could this rule chill protected speech?', [{ kind: 'department', id: 'hr', name: 'HR' }], 't_one');
    post(policyId, sectionId, legal, 'A second question for @Hal HR', [{ kind: 'person', id: hr.user.id, name: 'Hal HR' }], 't_two');
    // The inbox asks again when the window gets focus.
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await poll(() => bell.getAttribute('aria-label')).toBe('Notifications, 2 unread');
    expect(await page.getByTestId('inbox-count').textContent()).toBe('2');

    await bell.click();
    const panel = page.locator('#inbox-panel');
    await panel.waitFor();
    const items = panel.locator('.inbox-item');
    expect(await items.count()).toBe(2);
    // Newest first, with who, what and where.
    const newest = items.nth(0);
    expect(await newest.getAttribute('data-unread')).toBe('true');
    const text = (await newest.textContent()) ?? '';
    expect(text).toContain('Lee Legal');
    expect(text).toContain('(Legal)');
    expect(text).toContain('mentioned you or your department');
    expect(text).toContain('Northwind policy › Purpose and scope');
    expect(text).toContain('A second question for @Hal HR');
    expect(text).toContain('Unread:');
    expect(await newest.locator('a').getAttribute('href')).toBe(`/p/${policyId}#thread-t_two`);

    // Following the older one marks it read and opens the policy at its thread.
    await items.nth(1).locator('a').click();
    await poll(() => new URL(page.url()).pathname).toBe(`/p/${policyId}`);
    expect(new URL(page.url()).hash).toBe('#thread-t_one');
    await waitForEditor(page);
    // These notifications were sent for threads the policy never held, as for a thread deleted since: the page says so.
    await poll(() => page.locator('.toast').textContent()).toBe('That comment was deleted after the notification was sent, so it can no longer be shown.');
    await poll(() => bell.getAttribute('aria-label')).toBe('Notifications, 1 unread');
    const afterOpen = await call(world.url, '/api/me/notifications', { cookie: hr.cookie });
    expect(afterOpen.body.unread).toBe(1);
    expect(afterOpen.body.notifications.find((item: { threadId: string }) => item.threadId === 't_one').readAt).not.toBeNull();

    // Mark all read.
    await bell.click();
    await panel.getByRole('button', { name: 'Mark all read' }).click();
    await poll(() => bell.getAttribute('aria-label')).toBe('Notifications, none unread');
    expect(await panel.locator('.inbox-item[data-unread="true"]').count()).toBe(0);
    expect((await call(world.url, '/api/me/notifications', { cookie: hr.cookie })).body.unread).toBe(0);
    expect(await panel.getByRole('button', { name: 'Mark all read' }).isDisabled()).toBe(true);

    // Escape closes the panel and gives focus back to the bell.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.classList.contains('inbox-button'))).toBe(true);
    expect(person.log.filter((line) => line.includes('page error'))).toEqual([]);
  });

  test('Legal is told when a section it signed changes, and the notification leads to that section', async () => {
    const admin = await signUpAdmin(world.url, 'communications', 'Ada Admin');
    const legal = await signUpInvited(world.url, admin, 'legal', 'editor', 'Lee Legal');
    const policyId = await createPolicy(world.url, admin, { title: 'Northwind policy', templateId: 'retail-consumer-brand', organization: 'Northwind' });
    const sections = (await call(world.url, `/api/policies/${policyId}`, { cookie: admin.cookie })).body.sections as { id: string; title: string; hash: string }[];
    const index = sections.length - 1;
    const last = sections[index]!;
    expect((await call(world.url, `/api/policies/${policyId}/sections/${last.id}/requirements`, { method: 'PUT', json: { owner: 'communications', approvers: ['legal'] }, cookie: admin.cookie })).status).toBe(200);
    // The owner and approvers are part of what is signed: the hash is read again after the change.
    const hash = ((await call(world.url, `/api/policies/${policyId}`, { cookie: admin.cookie })).body.sections as { id: string; hash: string }[]).find((item) => item.id === last.id)!.hash;
    const signed = await call(world.url, `/api/policies/${policyId}/sections/${last.id}/signoffs`, { json: { hash }, cookie: legal.cookie });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);

    const person = await world.person('legal', legal);
    const page = person.page;
    await openPolicy(page, world.url, policyId);
    const bell = page.locator('.inbox-button');
    await poll(() => bell.getAttribute('aria-label')).toBe('Notifications, none unread');

    // Ada types into the last section from her own client (a stock y-websocket client).
    const client = await signedInClient(world.url, policyId, admin.cookie, () => {});
    typeInFirstSection(client.doc, ' Reviewed by Legal each spring.', index);
    await poll(async () => (await call(world.url, '/api/me/notifications', { cookie: legal.cookie })).body.unread, { timeout: 10_000 }).toBe(1);
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await poll(() => bell.getAttribute('aria-label')).toBe('Notifications, 1 unread');
    await bell.click();
    const item = page.locator('#inbox-panel .inbox-item').first();
    const text = (await item.textContent()) ?? '';
    expect(text).toContain('Ada Admin (Communications & PR) changed a section you signed');
    expect(text).toContain(`Northwind policy › ${last.title}`);
    expect(text).toContain('Your sign-off for Legal no longer covers this section. See what changed, then sign it again.');
    expect(text).not.toContain('“Your sign-off');
    expect(await item.locator('a').getAttribute('href')).toBe(`/p/${policyId}#${last.id}`);

    // Followed on the page already open: it goes to the section, which now asks Legal to sign again.
    await item.locator('a').click();
    await poll(() => new URL(page.url()).hash).toBe(`#${last.id}`);
    const section = page.locator(`[data-section-id="${last.id}"]`);
    await poll(() => section.evaluate((element) => { const box = element.getBoundingClientRect(); return box.top >= 0 && box.top < window.innerHeight; })).toBe(true);
    await poll(() => chip(section, 'legal').getAttribute('data-state')).toBe('stale');
    // Below the sticky bars, not under them: the chips and the sign-off button are in sight.
    const toolbarBottom = await page.locator('.formatting-toolbar').evaluate((element) => element.getBoundingClientRect().bottom);
    await poll(() => section.evaluate((element) => element.getBoundingClientRect().top)).toBeGreaterThanOrEqual(toolbarBottom - 1);
    client.destroy();
  });

  test('a review coming up shows in the bell and leads to the dashboard, where the next review is set', async () => {
    const admin = await signUpAdmin(world.url, 'communications', 'Ada Admin');
    const policyId = await createPolicy(world.url, admin, { title: 'Northwind policy', templateId: 'retail-consumer-brand', organization: 'Northwind' });
    const person = await world.person('admin', admin);
    const page = person.page;
    await openApp(page, world.url);
    const bell = page.locator('.inbox-button');
    await poll(() => bell.getAttribute('aria-label')).toBe('Notifications, none unread');

    // What the hourly reminder check writes when the review is today (server/mail/reviewReminders.ts).
    const today = new Date().toISOString().slice(0, 10);
    world.server.notifications.reviewComingUp(policyId, [admin.user.id], reviewNotice(today, 0));
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await poll(() => bell.getAttribute('aria-label')).toBe('Notifications, 1 unread');
    await bell.click();
    const item = page.locator('#inbox-panel .inbox-item').first();
    const text = (await item.textContent()) ?? '';
    // Nobody wrote it: it says what it is, not "Accord reminds you".
    expect(text).toContain('Review reminder');
    expect(text).not.toContain('Accord');
    expect(text).toContain('Northwind policy');
    expect(text).toContain('Due for review today, ');
    expect(text).not.toContain('“Due');
    expect(await item.getByRole('button', { name: 'Mark read: review reminder for Northwind policy' }).count()).toBe(1);
    expect(await item.locator('a').getAttribute('href')).toBe(`/p/${policyId}/dashboard`);

    await item.locator('a').click();
    await poll(() => new URL(page.url()).pathname).toBe(`/p/${policyId}/dashboard`);
    await page.getByRole('heading', { name: 'Next review' }).waitFor();
    await poll(() => bell.getAttribute('aria-label')).toBe('Notifications, none unread');
    expect(person.log.filter((line) => line.includes('page error'))).toEqual([]);
  });

  test('the People page invites and makes commenters, saying what each role may do', async () => {
    const admin = await signUpAdmin(world.url, 'communications', 'Ada Admin');
    const legal = await signUpInvited(world.url, admin, 'legal', 'editor', 'Lee Legal');
    const person = await world.person('admin', admin);
    const page = person.page;
    await openApp(page, world.url, '/admin');
    const form = page.locator('form.inline-form');
    const role = field(form, 'Role');
    await role.locator('option[value="commenter"]').waitFor({ state: 'attached' });
    const labels = await role.locator('option').allTextContents();
    expect(labels).toContain('Commenter — reads and comments, cannot edit or sign');
    await role.selectOption('commenter');
    await field(form, 'Department').selectOption({ label: 'HR' });
    await form.getByRole('button', { name: 'Create invite link' }).click();
    const link = page.getByTestId('invite-url');
    await poll(() => link.count()).toBe(1);
    const token = new URL(await link.inputValue()).searchParams.get('invite')!;
    expect((await call(world.url, `/api/auth/invites/${token}`)).body.role).toBe('commenter');

    // Making an existing person a commenter.
    await page.getByLabel(`Role of ${legal.user.name}`).selectOption('commenter');
    await poll(async () => (await call(world.url, '/api/me', { cookie: legal.cookie })).body.role).toBe('commenter');
  });
  test('the Share dialog offers commenters; a commenter reads the policy in a locked editor and is told why', async () => {
    const admin = await signUpAdmin(world.url, 'communications', 'Ada Admin');
    const commenter = await signUpInvited(world.url, admin, 'legal', 'commenter', 'Cal Commenter');
    const policyId = await createPolicy(world.url, admin, { title: 'Northwind policy', templateId: 'retail-consumer-brand', organization: 'Northwind' });

    const adminPerson = await world.person('admin', admin);
    await openPolicy(adminPerson.page, world.url, policyId);
    await adminPerson.page.getByRole('button', { name: 'Share' }).click();
    const dialog = adminPerson.page.getByRole('dialog', { name: 'Share this policy' });
    const as = dialog.getByLabel('As');
    await as.waitFor();
    expect(await as.locator('option').allTextContents()).toEqual(['Editor — writes and signs off', 'Commenter — reads and comments', 'Viewer — reads only']);
    await dialog.getByLabel('Add people or a department').selectOption({ label: 'Cal Commenter (Legal)' });
    await as.selectOption('commenter');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await poll(() => dialog.getByLabel('Role of Cal Commenter').inputValue()).toBe('commenter');

    const person = await world.person('commenter', commenter);
    const page = person.page;
    await openPolicy(page, world.url, policyId);
    expect(await page.getByTestId('current-department').textContent()).toBe('Legal · commenter');
    await poll(() => page.locator('.read-only-notice').textContent()).toContain('Commenters cannot change or sign it');
    await poll(() => page.locator('.policy-editor').getAttribute('contenteditable')).toBe('false');
    expect(await page.getByRole('button', { name: /^Sign off for/ }).count()).toBe(0);
  });
});
