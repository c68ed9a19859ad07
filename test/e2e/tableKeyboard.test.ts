import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { call, createPolicy, signUpAdmin, signUpInvited } from '../support/session';
import { describeInBrowser } from './support/browser';
import { describeViolations, runAxe, serious } from './support/a11y';
import { openPolicy, sectionTitled } from './support/editor';
import { poll } from './support/poll';
import { useWorld } from './support/world';

/** An iPhone-sized phone: 390×844 CSS pixels. */
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true, bypassCSP: true };

const ROLES_LABEL = 'Table: Kind of post, Who drafts, Who approves, How fast';

/** Presses Tab until `target` has focus; false when focus went round the page without reaching it. */
async function tabTo(page: Page, target: Locator, maxPresses = 200): Promise<boolean> {
  await target.evaluate((element) => element.setAttribute('data-e2e-target', ''));
  for (let press = 0; press < maxPresses; press += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.hasAttribute('data-e2e-target') ?? false)) return true;
  }
  return false;
}

function rolesTable(page: Page): Locator {
  return sectionTitled(page, 'Roles and approvals').locator('.tableWrapper').first();
}

describeInBrowser('wide tables from the keyboard', () => {
  const world = useWorld();

  test('at 390 px a read-only table that scrolls is a named region in the Tab order that arrow keys scroll; at 1280 px it is not', async () => {
    const admin = await signUpAdmin(world.url, 'communications', 'Cora Comms');
    const viewer = await signUpInvited(world.url, admin, 'legal', 'viewer', 'Vera Viewer');
    const policyId = await createPolicy(world.url, admin, { title: 'Social Media Policy', templateId: 'corporate-enterprise', organization: 'Northwind' });
    const { page } = await world.person('vera on her phone', viewer, PHONE);
    await openPolicy(page, world.url, policyId);
    await poll(() => page.locator('.policy-editor').getAttribute('contenteditable')).toBe('false');

    const wrapper = rolesTable(page);
    await poll(() => wrapper.getAttribute('tabindex'), { message: 'the roles table becomes focusable at 390 px' }).toBe('0');
    expect(await wrapper.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    expect(await wrapper.getAttribute('role')).toBe('region');
    expect(await wrapper.getAttribute('aria-label')).toBe(ROLES_LABEL);
    // The table keeps its own semantics inside the region.
    expect(await wrapper.locator('> table').evaluate((table) => getComputedStyle(table).display)).toBe('table');

    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await tabTo(page, wrapper), 'Tab reaches the roles table').toBe(true);
    const focused = await page.evaluate(() => {
      const active = document.activeElement as HTMLElement;
      return { role: active.getAttribute('role'), label: active.getAttribute('aria-label'), ring: getComputedStyle(active).outlineStyle, visible: active.matches(':focus-visible') };
    });
    expect(focused).toEqual({ role: 'region', label: ROLES_LABEL, ring: 'solid', visible: true });

    const before = await wrapper.evaluate((element) => element.scrollLeft);
    expect(before).toBe(0);
    await page.keyboard.press('ArrowRight');
    await poll(() => wrapper.evaluate((element) => element.scrollLeft), { message: 'ArrowRight scrolls the table' }).toBeGreaterThan(before);

    const violations = await runAxe(page);
    expect(violations.map((violation) => violation.id)).not.toContain('scrollable-region-focusable');
    const found = serious(violations);
    expect(found, describeViolations(found)).toEqual([]);

    // Where the table fits, the box is no stop on the way (the page re-measures on resize).
    await page.setViewportSize({ width: 1280, height: 800 });
    await poll(() => wrapper.getAttribute('tabindex'), { message: 'no tabindex at 1280 px' }).toBe(null);
    expect(await wrapper.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    expect(await wrapper.getAttribute('role')).toBe(null);
    expect(await wrapper.getAttribute('aria-label')).toBe(null);
    await page.setViewportSize({ width: 390, height: 844 });
    await poll(() => wrapper.getAttribute('tabindex')).toBe('0');
  });

  test('in text the person edits, the table is no Tab stop: clicking a cell puts the caret there and Tab moves between cells', async () => {
    const admin = await signUpAdmin(world.url, 'communications', 'Cora Comms');
    const policyId = await createPolicy(world.url, admin, { title: 'Social Media Policy', templateId: 'corporate-enterprise', organization: 'Northwind' });
    const { page } = await world.person('cora on her phone', admin, PHONE);
    await openPolicy(page, world.url, policyId);
    await poll(() => page.locator('.policy-editor').getAttribute('contenteditable')).toBe('true');

    const wrapper = rolesTable(page);
    await wrapper.scrollIntoViewIfNeeded();
    await wrapper.evaluate(() => new Promise(requestAnimationFrame));
    expect(await wrapper.getAttribute('tabindex')).toBe(null);
    expect(await wrapper.getAttribute('role')).toBe(null);

    const cell = (text: string) => wrapper.locator('th, td').filter({ hasText: text }).first();
    await cell('Kind of post').click();
    // Where the caret is as the page shows it and as the editor holds it, and what has the keyboard
    // (named when it is not the editor, so a failure says where focus went).
    const caretIn = () =>
      page.evaluate(() => {
        const anchor = window.getSelection()?.anchorNode ?? null;
        const element = anchor instanceof Element ? anchor : anchor?.parentElement;
        type Held = { depth: number; node(depth: number): { type: { name: string }; textContent: string } };
        const editor = (document.querySelector('.policy-editor') as (HTMLElement & { editor?: { state: { selection: { $from: Held } } } }) | null)?.editor;
        const $from = editor?.state.selection.$from;
        let editorCell: string | null = null;
        for (let depth = $from?.depth ?? 0; $from && depth > 0 && editorCell === null; depth -= 1) {
          const node = $from.node(depth);
          if (node.type.name === 'tableCell' || node.type.name === 'tableHeader') editorCell = node.textContent;
        }
        const active = document.activeElement;
        const focus = active?.classList.contains('policy-editor') ? 'editor' : `${active?.tagName.toLowerCase()}.${active?.className} "${active?.textContent?.slice(0, 40)}"`;
        return { cell: element?.closest('th, td')?.textContent ?? null, editorCell, focus };
      });
    // The editor reads a click's caret a moment after the page moves it: Tab is pressed once it has.
    await poll(caretIn).toEqual({ cell: 'Kind of post', editorCell: 'Kind of post', focus: 'editor' });
    await page.keyboard.press('Tab');
    await poll(caretIn).toEqual({ cell: 'Who drafts', editorCell: 'Who drafts', focus: 'editor' });
    await page.keyboard.press('Shift+Tab');
    await poll(caretIn).toEqual({ cell: 'Kind of post', editorCell: 'Kind of post', focus: 'editor' });

    // Typing in a cell still reaches the text.
    await page.keyboard.press('End');
    await page.keyboard.type(' (any)');
    await poll(() => cell('Kind of post (any)').count()).toBe(1);
  });

  test('when the editor locks while a wide table is open (access taken away), every table becomes a Tab stop; when it unlocks, none is', async () => {
    const admin = await signUpAdmin(world.url, 'communications', 'Cora Comms');
    const editor = await signUpInvited(world.url, admin, 'legal', 'editor', 'Lee Legal');
    const policyId = await createPolicy(world.url, admin, { title: 'Social Media Policy', templateId: 'corporate-enterprise', organization: 'Northwind' });
    const { page } = await world.person('lee on his phone', editor, PHONE);
    await openPolicy(page, world.url, policyId);
    await poll(() => page.locator('.policy-editor').getAttribute('contenteditable')).toBe('true');
    const wrappers = page.locator('.policy-editor .tableWrapper');
    const overflowing = async () => wrappers.evaluateAll((boxes) => boxes.filter((box) => box.scrollWidth > box.clientWidth).length);
    await poll(overflowing, { message: 'the template has a wide table' }).toBeGreaterThan(0);
    const stops = () => wrappers.evaluateAll((boxes) => boxes.filter((box) => box.getAttribute('tabindex') === '0').length);
    expect(await stops()).toBe(0);

    const role = (next: 'viewer' | 'editor') => call(world.url, `/api/users/${editor.user.id}`, { method: 'PATCH', json: { role: next }, cookie: admin.cookie });
    expect((await role('viewer')).status).toBe(200);
    await poll(() => page.locator('.policy-editor').getAttribute('contenteditable')).toBe('false');
    const wide = await overflowing();
    await poll(stops, { message: 'every wide table is a Tab stop once the text is read-only' }).toBe(wide);
    expect((await role('editor')).status).toBe(200);
    await poll(() => page.locator('.policy-editor').getAttribute('contenteditable')).toBe('true');
    await poll(stops, { message: 'no table is a Tab stop in text the person edits' }).toBe(0);
  });
});
