import type { Page, Route } from 'playwright-core';
import { expect, test } from 'vitest';
import { call, createPolicy, signUpAdmin, signUpInvited } from '../support/session';
import { describeViolations, runAxe, serious } from './support/a11y';
import { describeInBrowser } from './support/browser';
import { blockText, openApp, openPolicy, paragraphOf, placeCaretAtEnd, sectionTitled, typeAtEnd } from './support/editor';
import { field } from './support/forms';
import { poll } from './support/poll';
import { policyState, serverSections } from './support/serverState';
import { useWorld } from './support/world';

/**
 * Access changes you can see (issue #18, items 5, 6 and 8). Before: an editor demoted to viewer
 * kept an editable page showing "Connected" while the server dropped every keystroke, and a
 * session that ended left the editor editable. Now the page locks at once on the server's word,
 * says why and what to do, and keeps the refused edits to apply once access is back.
 */
describeInBrowser('access changes you can see', () => {
  const world = useWorld();

  /** An admin in Marketing, an editor in Legal with the healthcare policy open in her browser (CSP bypassed for axe only). */
  async function legalEditorOnPolicy() {
    const admin = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const legalSession = await signUpInvited(world.url, admin, 'legal', 'editor', 'Leo Legal');
    const policyId = await createPolicy(world.url, admin, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
    const { page } = await world.person('legal', legalSession, { bypassCSP: true });
    await openPolicy(page, world.url, policyId);
    return { admin, legalSession, policyId, page };
  }

  const editable = (page: Page) => page.locator('.ProseMirror').first().getAttribute('contenteditable');
  const serverText = async (url: string, session: Parameters<typeof serverSections>[1], policyId: string) =>
    (await serverSections(url, session, policyId)).map((section) => section.text).join('\n');

  test('an editor demoted while typing is locked within a second; promoted back, her kept edits are offered and land', async () => {
    const { admin, legalSession, policyId, page } = await legalEditorOnPolicy();
    // "Who am I" and the policy's own answer (with her role on it) come slowly here, so the lock has to
    // come from the server's own word on the socket. (When they come first, the page locks the same way.)
    const slowly = async (route: Route) => {
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await route.continue().catch(() => undefined);
    };
    await page.route('**/api/me', slowly);
    await page.route(`**/api/policies/${policyId}`, slowly);
    const paragraph = paragraphOf(sectionTitled(page, 'Records retention'));
    await placeCaretAtEnd(page, paragraph);
    const before = await blockText(paragraph);
    const typing = page.keyboard.type(' Kept while demoted and applied once promoted again.', { delay: 60 });
    await new Promise((resolve) => setTimeout(resolve, 700));

    expect((await call(world.url, `/api/users/${legalSession.user.id}`, { method: 'PATCH', json: { role: 'viewer' }, cookie: admin.cookie })).status).toBe(200);
    const demotedAt = Date.now();
    const lock = page.getByTestId('access-lock');
    await lock.waitFor({ timeout: 5_000 });
    const lockedAfter = Date.now() - demotedAt;
    console.log(`demoted while typing: editor locked ${lockedAfter} ms after the role change`);
    expect(lockedAfter).toBeLessThan(1_000);
    await poll(() => editable(page), { timeout: 1_000 }).toBe('false');
    expect(await lock.textContent()).toMatch(/not edit it any more/);
    expect(await lock.textContent()).toContain('Ask Mia Marketing');
    expect(await page.locator('.policy-tools [data-connection="locked"]').textContent()).toContain('Read only');
    await typing;
    const lockedViolations = serious(await runAxe(page));
    expect(lockedViolations, describeViolations(lockedViolations)).toEqual([]);

    // What she typed before the lock stays on her page; the server has only the part before the demotion.
    const onPage = await blockText(paragraph);
    expect(onPage.length).toBeGreaterThan(before.length);
    // (Compared whole: the one refused keystroke may be a space.)
    const serverParagraph = (await serverText(world.url, admin, policyId)).split('\n').find((line) => line.startsWith(before.slice(0, 40)));
    expect(serverParagraph).toBeDefined();
    expect(onPage.startsWith(serverParagraph!)).toBe(true);
    expect(serverParagraph!.length).toBeLessThan(onPage.length);

    await page.unroute('**/api/me');
    await page.unroute(`**/api/policies/${policyId}`);
    expect((await call(world.url, `/api/users/${legalSession.user.id}`, { method: 'PATCH', json: { role: 'editor' }, cookie: admin.cookie })).status).toBe(200);
    const offer = page.getByTestId('unsent-offer');
    await offer.waitFor({ timeout: 8_000 });
    expect(await offer.textContent()).toMatch(/You have \d+ unsent changes? from/);
    const offerViolations = serious(await runAxe(page));
    expect(offerViolations, describeViolations(offerViolations)).toEqual([]);
    // Still locked until she decides: typing on top of refused edits would build on text the server lacks.
    expect(await editable(page)).toBe('false');
    await offer.getByRole('button', { name: 'Apply my changes' }).click();
    await poll(() => serverText(world.url, admin, policyId), { timeout: 15_000 }).toContain(onPage.trim());
    await poll(() => editable(page), { timeout: 5_000 }).toBe('true');
    await poll(() => page.getByTestId('access-lock').count()).toBe(0);
  });

  test('demoted while reading, the page learns the new role before any edit is refused: locked with the same message, and unlocked when promoted back', async () => {
    const { admin, legalSession, page } = await legalEditorOnPolicy();
    await poll(() => editable(page)).toBe('true');
    expect((await call(world.url, `/api/users/${legalSession.user.id}`, { method: 'PATCH', json: { role: 'viewer' }, cookie: admin.cookie })).status).toBe(200);
    const lock = page.getByTestId('access-lock');
    await lock.waitFor({ timeout: 5_000 });
    expect(await lock.textContent()).toMatch(/not edit it any more/);
    expect(await editable(page)).toBe('false');
    expect((await call(world.url, `/api/users/${legalSession.user.id}`, { method: 'PATCH', json: { role: 'editor' }, cookie: admin.cookie })).status).toBe(200);
    await poll(() => editable(page), { timeout: 5_000 }).toBe('true');
    expect(await lock.count()).toBe(0);
  });

  test('a session that ended locks the editor with "Sign in again"; signed in, the edits it held are offered and applied', async () => {
    const { admin, legalSession, policyId, page } = await legalEditorOnPolicy();
    // Cut off, she writes; meanwhile her session ends (signed out elsewhere).
    await page.context().setOffline(true);
    await page.locator('.policy-tools [data-connection="offline"]').waitFor({ timeout: 10_000 });
    const unsent = ' Written while the session ran out.';
    await typeAtEnd(page, paragraphOf(sectionTitled(page, 'Records retention')), unsent);
    expect((await call(world.url, '/api/auth/logout', { method: 'POST', cookie: legalSession.cookie })).status).toBe(200);
    await page.context().setOffline(false);

    const lock = page.getByTestId('access-lock');
    await lock.waitFor({ timeout: 15_000 });
    expect(await lock.textContent()).toContain('Your session has ended');
    expect(await lock.textContent()).toMatch(/kept on this device/);
    await poll(() => editable(page), { timeout: 1_000 }).toBe('false');
    expect(await serverText(world.url, admin, policyId)).not.toContain(unsent.trim());

    await lock.getByRole('button', { name: 'Sign in again' }).click();
    await field(page, 'Work email').fill(legalSession.user.email);
    await field(page, 'Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    const offer = page.getByTestId('unsent-offer');
    await offer.waitFor({ timeout: 15_000 });
    expect(await offer.textContent()).toMatch(/You have \d+ unsent changes? from/);
    await offer.getByRole('button', { name: 'Apply my changes' }).click();
    await poll(() => serverText(world.url, admin, policyId), { timeout: 15_000 }).toContain(unsent.trim());
    await poll(() => editable(page), { timeout: 5_000 }).toBe('true');
  });

  test('signed out elsewhere while the page is open: the editor locks at once with "Sign in again", not "Connected"', async () => {
    const { legalSession, page } = await legalEditorOnPolicy();
    expect((await call(world.url, '/api/auth/logout', { method: 'POST', cookie: legalSession.cookie })).status).toBe(200);
    const lock = page.getByTestId('access-lock');
    await lock.waitFor({ timeout: 2_000 });
    await poll(() => editable(page), { timeout: 1_000 }).toBe('false');
    expect(await lock.getByRole('button', { name: 'Sign in again' }).count()).toBe(1);
    expect(await page.locator('.policy-tools [data-connection="locked"]').textContent()).toContain('Signed out');
    expect(await page.locator('.policy-tools [data-connection="connected"]').count()).toBe(0);
  });

  test('removed from a members-only policy: locked, told who can give access again', async () => {
    const admin = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const legalSession = await signUpInvited(world.url, admin, 'legal', 'editor', 'Leo Legal');
    const policyId = await createPolicy(world.url, admin, { title: 'Members only' });
    expect((await call(world.url, `/api/policies/${policyId}`, { method: 'PATCH', json: { sharing: 'members' }, cookie: admin.cookie })).status).toBe(200);
    expect((await call(world.url, `/api/policies/${policyId}/members`, { json: { userId: legalSession.user.id, role: 'editor' }, cookie: admin.cookie })).status).toBe(201);
    const { page } = await world.person('legal', legalSession);
    await openPolicy(page, world.url, policyId);
    expect((await call(world.url, `/api/policies/${policyId}/members/${legalSession.user.id}`, { method: 'DELETE', cookie: admin.cookie })).status).toBe(200);
    const lock = page.getByTestId('access-lock');
    await lock.waitFor({ timeout: 2_000 });
    await poll(() => editable(page), { timeout: 1_000 }).toBe('false');
    expect(await lock.textContent()).toContain('You no longer have access to this policy');
    expect(await lock.textContent()).toContain('Ask Mia Marketing');
    expect(await page.locator('.policy-tools [data-connection="locked"]').textContent()).toContain('No access');
  });

  test('the dashboard names who can sign, flags a department with nobody, shows comments, and its links land on the section', async () => {
    const { admin, legalSession, policyId } = await legalEditorOnPolicy();
    const state = await policyState(world.url, admin, policyId);
    const records = state.sections.find((section) => section.title === 'Records retention')!;
    const signed = await call(world.url, `/api/policies/${policyId}/sections/${records.id}/signoffs`, { json: { hash: records.hash, comment: 'subject to NLRA wording' }, cookie: legalSession.cookie });
    expect(signed.status).toBe(201);

    const { page } = await world.person('admin', admin, { bypassCSP: true });
    await openApp(page, world.url, `/p/${policyId}/dashboard`);
    const flag = page.getByTestId('nobody-can-sign');
    await flag.waitFor();
    expect(await flag.textContent()).toContain('Compliance has nobody who can sign');
    expect(await page.getByTestId('signers-legal').textContent()).toBe('Can sign: Leo Legal');
    const row = page.locator('table.matrix tbody tr').filter({ hasText: 'Records retention' });
    expect(await row.textContent()).toContain('“subject to NLRA wording”');
    expect(await page.getByTestId('history').textContent()).toContain('subject to NLRA wording');
    const dashboardViolations = serious(await runAxe(page));
    expect(dashboardViolations, describeViolations(dashboardViolations)).toEqual([]);

    // A section far down the page: its top ends up just below the sticky bars, the formatting toolbar
    // included (not the section before, and its chips not under a bar), with the caret in it.
    await row.getByRole('link', { name: 'Records retention' }).click();
    const target = sectionTitled(page, 'Records retention');
    await target.waitFor();
    await poll(
      async () => {
        const box = await target.boundingBox();
        const bars = await page.evaluate(() => Math.max(...[...document.querySelectorAll('.policy-toolbar, .formatting-toolbar')].map((bar) => bar.getBoundingClientRect().bottom)));
        return box ? Math.round(box.y - bars) : null;
      },
      { timeout: 5_000 },
    ).toSatisfy((gap: number | null) => gap !== null && gap >= 0 && gap <= 24);
    expect(await page.evaluate(() => document.getSelection()?.anchorNode?.parentElement?.closest('[data-section-id]')?.querySelector('h2')?.textContent)).toContain('Records retention');

    // The chip shows the comment too.
    const { page: legalPage } = await world.person('legal-2', legalSession, { bypassCSP: true });
    await openPolicy(legalPage, world.url, policyId);
    const legalChip = sectionTitled(legalPage, 'Records retention').locator('.chip[data-department="legal"]');
    await legalChip.getByRole('button', { name: 'Leo Legal’s comment' }).click();
    expect(await legalChip.getByTestId('signoff-comment').textContent()).toContain('subject to NLRA wording');
    const chipViolations = serious(await runAxe(legalPage));
    expect(chipViolations, describeViolations(chipViolations)).toEqual([]);
  });

  test('when the last section is signed, everyone with the page open sees the endorsement and what to do next, and can export it', async () => {
    const admin = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const legalSession = await signUpInvited(world.url, admin, 'legal', 'editor', 'Leo Legal');
    const policyId = await createPolicy(world.url, admin, { title: 'Short policy' });
    const section = (await policyState(world.url, admin, policyId)).sections[0]!;
    expect((await call(world.url, `/api/policies/${policyId}/sections/${section.id}/requirements`, { method: 'PUT', json: { owner: 'marketing', approvers: ['legal'] }, cookie: admin.cookie })).status).toBe(200);
    const { page: adminPage } = await world.person('admin', admin);
    const { page: legalPage } = await world.person('legal', legalSession, { bypassCSP: true });
    await openPolicy(adminPage, world.url, policyId);
    await openPolicy(legalPage, world.url, policyId);
    expect(await legalPage.getByTestId('endorsement-moment').count()).toBe(0);
    // The text still has a place to fill in when it is signed.
    const before = (await policyState(world.url, admin, policyId)).sections[0]!.hash;
    await typeAtEnd(adminPage, paragraphOf(adminPage.locator('.policy-section').first()), ' Ask {{legal_contact}} first.');
    await poll(async () => (await policyState(world.url, admin, policyId)).sections[0]!.hash).not.toBe(before);

    const hash = (await policyState(world.url, admin, policyId)).sections[0]!.hash;
    for (const signer of [admin, legalSession]) {
      expect((await call(world.url, `/api/policies/${policyId}/sections/${section.id}/signoffs`, { json: { hash }, cookie: signer.cookie })).status).toBe(201);
    }
    for (const page of [adminPage, legalPage]) {
      const moment = page.getByTestId('endorsement-moment');
      await moment.waitFor({ timeout: 5_000 });
      expect(await moment.textContent()).toContain('is endorsed');
      expect(await moment.textContent()).toMatch(/Export the endorsed version/);
      expect(await moment.textContent()).toMatch(/Share it with staff/);
      // Endorsed with a blank in it: said plainly, with what to do.
      await poll(() => moment.getByTestId('endorsed-with-blanks').textContent()).toContain('The text still has 1 place to fill in.');
    }
    const momentViolations = serious(await runAxe(legalPage));
    expect(momentViolations, describeViolations(momentViolations)).toEqual([]);
    // "Last endorsed version" is enabled without a reload.
    await legalPage.getByRole('button', { name: 'Export', exact: true }).click();
    const panel = legalPage.getByRole('group', { name: 'Export the policy' });
    await panel.waitFor();
    expect(await panel.getByRole('radio', { name: /Last endorsed version/ }).isDisabled()).toBe(false);
  });
});
