import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { createLogger } from '../../server/logger';
import { startTestServer } from '../support/accordServer';
import { call, signUpAdmin } from '../support/session';
import { linkIn, TestSmtpServer } from '../support/smtp';
import { describeInBrowser, launchBrowser } from './support/browser';
import { builtClientDir } from './support/clientBuild';
import { openApp } from './support/editor';
import { field } from './support/forms';
import { poll } from './support/poll';

const PASSWORD = 'correct horse battery staple';

/**
 * Invites by address in the browser (issue 20, item 2): an admin on a phone-sized screen invites
 * two addresses; one person reads the mail from the SMTP server, opens the link in their own
 * browser and joins with the address already filled in; a revoked invite's link stops working.
 * This suite starts its own Accord (with mail) instead of the shared world.
 */
describeInBrowser('invites by e-mail', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const stops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close().catch(() => undefined)));
    while (stops.length) await stops.pop()!();
  });

  test('an admin invites two addresses; one joins from the mail with the address filled in; a revoked link stops working', async () => {
    const smtp = await TestSmtpServer.start();
    stops.push(() => smtp.stop());
    const server = await startTestServer({ clientDir: builtClientDir(), logger: createLogger({ quiet: true, write: () => {} }), mail: { smtpUrl: smtp.url, organizationName: 'Northwind' } });
    stops.push(() => server.close());
    const admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');

    const adminContext = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    contexts.push(adminContext);
    adminContext.setDefaultTimeout(15_000);
    const separator = admin.cookie.indexOf('=');
    await adminContext.addCookies([{ name: admin.cookie.slice(0, separator), value: admin.cookie.slice(separator + 1), url: server.url }]);
    const page = await adminContext.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await openApp(page, server.url, '/admin');
    await page.getByRole('heading', { name: 'Invite colleagues' }).waitFor();

    const form = page.locator('form.inline-form');
    const addresses = field(form, 'E-mail addresses');
    await addresses.fill('hana@example.org, lee@example');
    await poll(() => page.locator('.invite-problems').textContent()).toBe('Not e-mail addresses: lee@example. Correct or remove it.');
    expect(await addresses.getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('small.muted').first().textContent()).toContain('1 address, and 1 to correct.');
    // Sending anyway says it once (the line under the box), sends nothing, and puts the caret in the box.
    await form.getByRole('button', { name: 'Send invite' }).click();
    await poll(() => addresses.evaluate((box) => box === document.activeElement)).toBe(true);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.getByTestId('pending-invite').count()).toBe(0);
    await addresses.fill('Hana@Example.org\nlee@example.org');
    await poll(() => page.locator('.invite-problems').textContent()).toBe('');
    await field(form, 'Department').selectOption({ label: 'HR' });
    await field(form, 'Role').selectOption('editor');
    await form.getByRole('button', { name: 'Send 2 invites' }).click();
    await poll(() => page.getByRole('status').filter({ hasText: 'invites' }).textContent()).toBe('2 invites on the way to hana@example.org, lee@example.org.');
    await poll(() => page.getByTestId('pending-invite').count()).toBe(2);
    await poll(() => page.locator('[data-testid="pending-invite"][data-email="hana@example.org"]').textContent()).toContain('expires in 7 days');
    // Nothing is wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    const hanaMail = await smtp.waitForMessage((mail) => mail.to.includes('hana@example.org'));
    const leeMail = await smtp.waitForMessage((mail) => mail.to.includes('lee@example.org'));

    // A typed address and the second button: a link for that address to hand over, and no mail.
    await addresses.fill('sam@example.org');
    await form.getByRole('button', { name: 'Create link only' }).click();
    await poll(() => page.getByRole('status').filter({ hasText: 'sam@' }).textContent()).toBe('1 invite created for sam@example.org, not mailed: copy its link below and hand it over yourself.');
    const sam = page.locator('[data-testid="pending-invite"][data-email="sam@example.org"]');
    await poll(() => sam.textContent()).toContain('not mailed: copy the link to hand it over');
    const samLink = await field(sam, 'Link for sam@example.org').inputValue();
    expect((await call(server.url, `/api/auth/invites/${new URL(samLink).searchParams.get('invite')}`)).body).toMatchObject({ email: 'sam@example.org', department: 'hr' });
    expect(smtp.messages.some((mail) => mail.to.includes('sam@example.org'))).toBe(false);
    // Never mailed, so its button sends rather than resends.
    await sam.getByRole('button', { name: 'Send the invite to sam@example.org' }).click();
    await poll(() => page.getByRole('status').filter({ hasText: 'sam@' }).textContent()).toBe('The invite is on the way to sam@example.org; the link copied before no longer works.');
    await smtp.waitForMessage((mail) => mail.to.includes('sam@example.org'));
    expect(hanaMail.subject).toBe("Ada Admin invited you to Northwind's social media policy");

    // Hana opens the link from her mail in her own browser.
    const hanaContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(hanaContext);
    hanaContext.setDefaultTimeout(15_000);
    const hana = await hanaContext.newPage();
    await hana.goto(linkIn(hanaMail, '/signup?invite='));
    await poll(() => hana.getByTestId('invite-summary').textContent()).toContain('as editor for HR');
    const email = field(hana, 'Work email');
    await poll(() => email.inputValue()).toBe('hana@example.org');
    expect(await email.getAttribute('readonly')).not.toBeNull();
    await field(hana, 'Your name').fill('Hana HR');
    await field(hana, 'Choose a password').fill(PASSWORD);
    await hana.getByRole('button', { name: 'Create my account' }).click();
    await poll(() => hana.getByTestId('current-department').textContent()).toBe('HR');
    await hana.getByRole('heading', { name: 'Policies', level: 1 }).waitFor();

    // The admin withdraws Lee's invite; Lee's link then says so.
    await page.getByRole('button', { name: 'Revoke the invite for lee@example.org' }).click();
    await poll(() => page.getByRole('status').filter({ hasText: 'withdrawn' }).textContent()).toBe('The invite for lee@example.org was withdrawn.');
    await page.reload();
    await poll(() => page.getByTestId('accepted-invite').textContent()).toContain('Hana HR');
    expect(await page.getByTestId('accepted-invite').textContent()).toContain('hana@example.org');
    expect(await page.getByTestId('pending-invite').count()).toBe(1);

    const leeContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(leeContext);
    leeContext.setDefaultTimeout(15_000);
    const lee = await leeContext.newPage();
    await lee.goto(linkIn(leeMail, '/signup?invite='));
    await poll(() => lee.getByRole('alert').first().textContent()).toBe('This invite was withdrawn. If you think that is a mistake, ask Ada Admin for a new one.');
    expect(await lee.getByRole('button', { name: 'Create my account' }).isDisabled()).toBe(true);
  });

  test('without mail set up, the admin is told so and copies the link, which works for that address', async () => {
    const server = await startTestServer({ clientDir: builtClientDir(), logger: createLogger({ quiet: true, write: () => {} }) });
    stops.push(() => server.close());
    const admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
    const adminContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(adminContext);
    adminContext.setDefaultTimeout(15_000);
    const separator = admin.cookie.indexOf('=');
    await adminContext.addCookies([{ name: admin.cookie.slice(0, separator), value: admin.cookie.slice(separator + 1), url: server.url }]);
    const page = await adminContext.newPage();
    await openApp(page, server.url, '/admin');
    await poll(() => page.getByTestId('mail-status').textContent()).toBe('Mail is not set up, so nothing is sent: copy each link and send it yourself.');
    const form = page.locator('form.inline-form');
    await field(form, 'E-mail addresses').fill('kim@example.org');
    // The department is never guessed: an invite lets its holder sign for it. Until one is chosen,
    // creating says so and puts the focus on the list, which names the departments nobody can sign for.
    const department = field(form, 'Department');
    expect(await department.inputValue()).toBe('');
    await poll(() => form.getByTestId('invite-nobody-signs').textContent()).toMatch(/^Nobody can sign for .*Legal.* yet\.$/);
    expect(await form.getByTestId('invite-nobody-signs').textContent()).not.toContain('Communications');
    await form.getByRole('button', { name: 'Create invite', exact: true }).click();
    await poll(() => page.getByRole('alert').textContent()).toBe('Choose the department they will speak for: the invite lets them sign for it.');
    expect(await department.evaluate((select) => select === document.activeElement)).toBe(true);
    expect(await page.getByTestId('pending-invite').count()).toBe(0);
    await department.selectOption({ label: 'Legal' });
    // Without mail the button says what it does, and there is no second button doing the same.
    expect(await form.getByRole('button', { name: 'Send invite' }).count()).toBe(0);
    expect(await form.getByRole('button', { name: 'Create link only' }).count()).toBe(0);
    await form.getByRole('button', { name: 'Create invite', exact: true }).click();
    await poll(() => page.getByRole('status').filter({ hasText: 'created' }).textContent()).toBe('1 invite created. Mail is not set up: copy each link below and send it yourself.');
    const item = page.locator('[data-testid="pending-invite"][data-email="kim@example.org"]');
    await poll(() => item.textContent()).toContain('mail not set up: copy the link');
    const link = await field(item, 'Link for kim@example.org').inputValue();
    expect(link).toMatch(/\/signup\?invite=/);

    const kimContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(kimContext);
    kimContext.setDefaultTimeout(15_000);
    const kim = await kimContext.newPage();
    await kim.goto(link);
    await poll(() => field(kim, 'Work email').inputValue()).toBe('kim@example.org');
    await poll(() => kim.getByTestId('invite-summary').textContent()).toContain('as editor for Legal');

    // A link for no address, with the field empty: its copy box is named plainly.
    await form.getByRole('button', { name: 'Create invite link' }).click();
    const anyone = page.locator('[data-testid="pending-invite"][data-email=""]');
    await poll(() => anyone.count()).toBe(1);
    expect(await field(anyone, 'Link to copy').inputValue()).toMatch(/\/signup\?invite=/);
    expect(await anyone.textContent()).not.toContain('Link for Link');
  });
});
