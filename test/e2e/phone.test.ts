import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { call, createInvite, createPolicy, signUpAdmin, signUpInvited, type Session } from '../support/session';
import { describeInBrowser } from './support/browser';
import { describeViolations, runAxe, serious } from './support/a11y';
import { chip, openApp, openPolicy, paragraphOf, placeCaretAtEnd, sectionTitled, waitForEditor } from './support/editor';
import { poll } from './support/poll';
import { rowCount } from './support/rows';
import { policyState, signSection } from './support/serverState';
import { useWorld } from './support/world';

/** An iPhone-sized phone: 390×844 CSS pixels, three device pixels each, touch. */
export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

/** A table wider than a phone, as someone would paste it from a spreadsheet. */
const WIDE_TABLE =
  '<table><tr><th>Tool</th><th>Status</th><th>Approved by</th><th>Department</th><th>Contact</th><th>Review date</th><th>Notes</th></tr>' +
  '<tr><td>ChatGPT</td><td>Not approved</td><td>Compliance committee</td><td>Communications</td><td>comms-lead@example.org</td><td>March next year</td><td>Never paste patient data into it</td></tr></table>';

interface Fit {
  scrollWidth: number;
  innerWidth: number;
  /** Visible elements reaching past the left or right edge, outside any box that scrolls or clips sideways. */
  offenders: string[];
}

/**
 * Whether the page is as wide as the screen, and what sticks out past `width` if not (a phone
 * browser widens the page to fit what sticks out, so the screen's width is given). Sections off
 * screen are laid out for the check.
 */
function measureFit(page: Page, screenWidth: number): Promise<Fit> {
  return page.evaluate((width) => {
    const lazy = document.createElement('style');
    lazy.textContent = '.policy-section { content-visibility: visible !important; }';
    document.head.append(lazy);
    try {
      // Inside a box that scrolls or clips sideways, an element is that box's business, unless it is
      // positioned against something outside the box (a visually hidden label in a table cell can widen the page).
      const insideSidewaysBox = (element: Element) => {
        let position = getComputedStyle(element).position;
        if (position === 'fixed') return false;
        for (let ancestor = element.parentElement; ancestor && ancestor !== document.body; ancestor = ancestor.parentElement) {
          const style = getComputedStyle(ancestor);
          const containsIt = position !== 'absolute' || style.position !== 'static' || style.transform !== 'none';
          if (!containsIt) continue;
          if (style.overflowX !== 'visible') return true;
          position = style.position;
          if (position === 'fixed') return false;
        }
        return false;
      };
      const describe = (element: Element) =>
        `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.classList.length ? `.${[...element.classList].join('.')}` : ''} "${(element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40)}"`;
      const offenders: string[] = [];
      for (const element of document.body.querySelectorAll('*')) {
        if (element.closest('dialog:not([open]), [hidden], script, style')) continue;
        if (element.matches('.skip-link:not(:focus)')) continue;
        const style = getComputedStyle(element);
        if (style.visibility === 'hidden' || style.display === 'none') continue;
        const rect = element.getBoundingClientRect();
        if (rect.width === 0 && rect.height === 0) continue;
        if (rect.left >= -0.5 && rect.right <= width + 0.5) continue;
        if (insideSidewaysBox(element)) continue;
        offenders.push(`${describe(element)} spans ${Math.round(rect.left)}…${Math.round(rect.right)}`);
      }
      return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, offenders };
    } finally {
      lazy.remove();
    }
  }, screenWidth);
}

/** The element's box lies wholly inside the screen (it may be taller than the screen when `allowTaller`). */
async function insideViewport(locator: Locator, options: { allowTaller?: boolean } = {}): Promise<string | true> {
  return locator.evaluate((element, allowTaller) => {
    const rect = element.getBoundingClientRect();
    const fits = rect.left >= -0.5 && rect.right <= window.innerWidth + 0.5 && rect.top >= -0.5 && (allowTaller || rect.bottom <= window.innerHeight + 0.5);
    return fits && rect.width > 0 && rect.height > 0 ? true : `box ${Math.round(rect.left)},${Math.round(rect.top)} to ${Math.round(rect.right)},${Math.round(rect.bottom)} on a ${window.innerWidth}×${window.innerHeight} screen`;
  }, options.allowTaller ?? false);
}

async function height(locator: Locator): Promise<number> {
  return (await locator.boundingBox())?.height ?? 0;
}

/** Pastes HTML at the caret, the way the browser hands a paste to the editor. */
async function pasteHtml(page: Page, html: string): Promise<void> {
  await page.evaluate((markup) => {
    const data = new DataTransfer();
    data.setData('text/html', markup);
    data.setData('text/plain', 'table');
    document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, html);
}

/** A policy from a template with signed sections and an inventory entry, so every page shows real data. */
async function policyInUse(url: string, admin: Session): Promise<string> {
  const legal = await signUpInvited(url, admin, 'legal', 'editor', 'Leo Alvarez');
  const compliance = await signUpInvited(url, admin, 'compliance', 'editor', 'Priya Shah');
  const policyId = await createPolicy(url, admin, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
  const state = await policyState(url, admin, policyId);
  for (const section of state.sections.filter((candidate) => candidate.title === 'Patient privacy' || candidate.title === 'Records retention')) {
    await signSection(url, legal, policyId, section.id, section.hash);
    await signSection(url, compliance, policyId, section.id, section.hash);
  }
  const entry = await call(url, `/api/policies/${policyId}/inventory`, {
    cookie: admin.cookie,
    json: {
      platform: 'instagram',
      account: '@northwindhealth-community-and-patient-stories',
      purpose: 'brand-awareness',
      audience: 'Patients and families in the region',
      tools: [{ name: 'Brandwatch', category: 'monitoring' }],
      responsible: 'Maya Chen',
      adminCount: 1,
      official: true,
    },
  });
  if (entry.status !== 201) throw new Error(`inventory entry refused: ${entry.status} ${JSON.stringify(entry.body)}`);
  return policyId;
}

describeInBrowser('phone layout (390×844)', () => {
  const world = useWorld();

  test('every page fits the screen with no sideways scrolling, and axe finds no serious problem at phone size', async () => {
    const admin = await signUpAdmin(world.url, 'marketing', 'Maya Chen');
    const policyId = await policyInUse(world.url, admin);
    const invite = await createInvite(world.url, admin, 'hr');
    const problems: string[] = [];
    const check = async (page: Page, name: string) => {
      const fit = await measureFit(page, 390);
      // A phone browser widens its layout viewport to fit content that is too wide, so the width itself is checked too.
      if (fit.innerWidth !== 390) problems.push(`${name}: the browser laid the page out ${fit.innerWidth} px wide to fit its content`);
      if (fit.scrollWidth > fit.innerWidth) problems.push(`${name}: the page is ${fit.scrollWidth} px wide on a ${fit.innerWidth} px screen`);
      if (fit.offenders.length) problems.push(`${name}: ${fit.offenders.length} elements stick out sideways:\n    ${fit.offenders.slice(0, 12).join('\n    ')}`);
      const found = serious(await runAxe(page));
      if (found.length) problems.push(`${name}: axe at phone size:\n${describeViolations(found)}`);
    };

    const visitor = await world.person('visitor', null, { ...PHONE, bypassCSP: true });
    await visitor.page.goto(world.url);
    await visitor.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await check(visitor.page, 'sign-in');
    await visitor.page.goto(`${world.url}/signup?invite=${invite}`);
    await visitor.page.getByTestId('invite-summary').waitFor();
    await check(visitor.page, 'sign-up');

    const phone = await world.person('maya on her phone', admin, { ...PHONE, bypassCSP: true });
    const page = phone.page;
    await openApp(page, world.url, '/');
    await page.locator('[data-testid="policy-progress"]').first().waitFor();
    await check(page, 'policy list');

    await openApp(page, world.url, '/templates');
    await page.locator('button[data-template="healthcare-provider"]').tap();
    await page.getByRole('button', { name: 'Create policy from this template' }).waitFor();
    await check(page, 'template gallery');

    // The editor, with a table wider than the phone pasted into a section nobody has signed.
    await openPolicy(page, world.url, policyId);
    await placeCaretAtEnd(page, paragraphOf(sectionTitled(page, 'Medical advice online')));
    // A paste goes where ProseMirror's selection is, which follows the tap's DOM selection a moment later.
    await page.waitForTimeout(200);
    await pasteHtml(page, WIDE_TABLE);
    const table = sectionTitled(page, 'Medical advice online').locator('table');
    await table.waitFor();
    // The table is wider than the screen and scrolls inside its own box (its wrapper).
    expect(await table.evaluate((element) => element.parentElement!.scrollWidth > element.parentElement!.clientWidth && getComputedStyle(element.parentElement!).overflowX)).toBe('auto');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.evaluate(() => window.scrollTo(0, 0));
    await check(page, 'policy editor');

    await openApp(page, world.url, `/p/${policyId}/dashboard`);
    await page.getByTestId('dashboard-progress').waitFor();
    await check(page, 'dashboard');

    await openApp(page, world.url, `/p/${policyId}/inventory`);
    await page.locator('tr[data-entry]').first().waitFor();
    await check(page, 'inventory');

    await openApp(page, world.url, '/admin');
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
    await page.locator('table.departments').waitFor();
    await check(page, 'people and departments');
    // Each person and each department is a card there: the role and the Archive button are on the
    // screen, not behind a sideways scroll inside the table.
    for (const control of [page.getByLabel(/^Role of /).first(), page.getByRole('button', { name: /^Archive / }).last()]) {
      expect(await control.evaluate((element) => element.getBoundingClientRect().right)).toBeLessThanOrEqual(390);
    }

    await page.goto(`${world.url}/api/docs`);
    await page.getByRole('heading', { name: 'Accord API reference' }).waitFor();
    await check(page, 'API reference');

    expect(problems.length, `${problems.join('\n\n')}\n\nnumber of problems at 390 px`).toBe(0);
  });

  test('on a phone, Sign out, the sections list, a section menu, export and the sign-off dialog are within reach', async () => {
    const admin = await signUpAdmin(world.url, 'marketing', 'Maya Chen');
    const policyId = await policyInUse(world.url, admin);
    const phone = await world.person('maya on her phone', admin, PHONE);
    const page = phone.page;
    await openPolicy(page, world.url, policyId);

    // The bars above the text leave most of the screen to it: the first section's heading starts in
    // the top 60 %, the policy's tools are one row that scrolls sideways, the formatting tools too.
    await page.locator('.section-body h2').first().waitFor();
    const heading = await page.locator('.section-body h2').first().evaluate((element) => element.getBoundingClientRect().top);
    expect(heading, 'the first section heading is pushed below 60 % of the screen').toBeLessThan(844 * 0.6);
    expect(await rowCount(page.locator('.policy-tools'), ':scope > *')).toBe(1);
    expect(await rowCount(page.locator('.formatting-toolbar'), ':scope > *')).toBe(1);
    // Each row fades at the edge where more of it is hidden, so it reads as a row that goes on.
    const tools = page.locator('.policy-tools');
    const fade = (row: typeof tools, side: '::before' | '::after') => row.evaluate((element, which) => getComputedStyle(element, which).opacity, side);
    await poll(() => tools.getAttribute('data-more')).toBe('end');
    await poll(() => fade(tools, '::after')).toBe('1');
    expect(await fade(tools, '::before')).toBe('0');
    await poll(() => page.locator('.formatting-toolbar').getAttribute('data-more')).toBe('end');
    // A tool past the screen's edge is reached by swiping the row; a tap then works as usual.
    const dashboard = tools.getByRole('link', { name: 'Sign-off dashboard' });
    await dashboard.scrollIntoViewIfNeeded();
    expect(await insideViewport(dashboard)).toBe(true);
    await poll(() => tools.getAttribute('data-more')).toMatch(/^start/);
    await poll(() => fade(tools, '::before')).toBe('1');

    // The header folds into a Menu button; Sign out is one tap away and on screen.
    const menuButton = page.getByRole('button', { name: 'Menu' });
    expect(await insideViewport(menuButton)).toBe(true);
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(false);
    await menuButton.tap();
    const signOut = page.getByRole('button', { name: 'Sign out' });
    await signOut.waitFor();
    expect(await insideViewport(signOut)).toBe(true);
    expect(await height(signOut)).toBeGreaterThanOrEqual(44);
    // A tap elsewhere closes it.
    await page.touchscreen.tap(195, 800);
    await signOut.waitFor({ state: 'hidden' });

    // The outline is behind "Sections", stays on screen while reading, and opens as a drawer.
    const sectionsButton = page.getByRole('button', { name: 'Sections', exact: true });
    expect(await page.getByRole('navigation', { name: 'Sections' }).isVisible()).toBe(false);
    await sectionTitled(page, 'Records retention').scrollIntoViewIfNeeded();
    expect(await insideViewport(sectionsButton)).toBe(true);
    await sectionsButton.tap();
    const outline = page.getByRole('navigation', { name: 'Sections' });
    await outline.waitFor();
    await poll(() => insideViewport(outline)).toBe(true);
    const entry = outline.getByRole('button', { name: /Official accounts/ });
    expect(await insideViewport(entry)).toBe(true);
    expect(await height(entry)).toBeGreaterThanOrEqual(44);
    // A tap beside the drawer closes it, and does not land in the document (no caret, no keyboard).
    await page.touchscreen.tap(380, 600);
    await outline.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.closest('.policy-editor') ?? null)).toBe(null);
    // Choosing a section closes the drawer and brings the section into view.
    await sectionsButton.tap();
    await outline.waitFor();
    await entry.tap();
    await outline.waitFor({ state: 'hidden' });
    const section = sectionTitled(page, 'Official accounts');
    await poll(() => section.locator('h2').evaluate((heading) => heading.getBoundingClientRect().top >= 0 && heading.getBoundingClientRect().top < window.innerHeight)).toBe(true);
    // Its owner and sign-off chips, above the heading, are below the sticky Sections bar, not under it.
    const barBottom = await page.locator('.outline-bar').evaluate((bar) => bar.getBoundingClientRect().bottom);
    await poll(() => section.locator('.signoff-chips').evaluate((chips) => chips.getBoundingClientRect().top)).toBeGreaterThanOrEqual(barBottom - 1);

    // The section menu opens as a sheet on screen.
    const options = section.getByRole('button', { name: 'Section options for Official accounts' });
    expect(await insideViewport(options)).toBe(true);
    expect(await height(options)).toBeGreaterThanOrEqual(44);
    await options.tap();
    const panel = page.getByRole('group', { name: 'Options for Official accounts' });
    await panel.waitFor();
    await poll(() => insideViewport(panel)).toBe(true);
    await panel.getByRole('button', { name: 'Close' }).tap();
    await panel.waitFor({ state: 'hidden' });

    // The export panel too.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole('button', { name: 'Export' }).tap();
    const exportPanel = page.getByRole('group', { name: 'Export the policy' });
    await exportPanel.waitFor();
    await poll(() => insideViewport(exportPanel)).toBe(true);
    // A tap outside the sheet (on the sign-off count, which does nothing) closes it.
    const name = (await page.getByTestId('signed-progress').boundingBox())!;
    await page.touchscreen.tap(name.x + 8, name.y + name.height / 2);
    await exportPanel.waitFor({ state: 'hidden' });

    // Reading the section, its sign-off button stays at the bottom of the screen, big enough for a thumb.
    await section.locator('h2').evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
    await page.mouse.wheel(0, 200);
    const signOff = section.getByRole('button', { name: 'Sign off for Marketing' });
    await poll(() => insideViewport(signOff)).toBe(true);
    const box = await signOff.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    expect(box!.y + box!.height, 'the sign-off button sits in the lower part of the screen').toBeGreaterThan(844 / 2);
    await signOff.tap();
    const dialog = page.getByRole('dialog', { name: 'Sign off “Official accounts”' });
    await dialog.waitFor();
    await poll(() => insideViewport(dialog)).toBe(true);
    const confirm = dialog.getByRole('button', { name: 'Sign off for Marketing' });
    expect(await insideViewport(confirm)).toBe(true);
    expect(await height(confirm)).toBeGreaterThanOrEqual(44);
    // A bottom sheet: it reaches the bottom edge and spans the width.
    expect(await dialog.evaluate((element) => [Math.round(element.getBoundingClientRect().bottom), Math.round(element.getBoundingClientRect().width)])).toEqual([844, 390]);
    // It slides up, unless the person asked for less motion.
    expect(await dialog.evaluate((element) => getComputedStyle(element).animationName)).toBe('sheet-up');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await dialog.evaluate((element) => getComputedStyle(element).animationName)).toBe('none');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--motion').trim())).toBe('0s');
    await confirm.tap();
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => chip(section, 'marketing').getAttribute('data-state')).toBe('signed');
  });
});

describeInBrowser('dialogs and menus (desktop)', () => {
  const world = useWorld();

  test('a dialog takes focus, keeps it while open, and gives it back to the button that opened it', async () => {
    const admin = await signUpAdmin(world.url, 'marketing', 'Maya Chen');
    const policyId = await policyInUse(world.url, admin);
    const person = await world.person('maya', admin);
    const page = person.page;
    await openPolicy(page, world.url, policyId);
    const section = sectionTitled(page, 'Official accounts');
    const signOff = section.getByRole('button', { name: 'Sign off for Marketing' });
    const dialog = page.getByRole('dialog', { name: 'Sign off “Official accounts”' });
    const isFocused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);

    // Escape closes it; focus returns to the sign-off button.
    await signOff.click();
    await dialog.waitFor();
    expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    // Tab goes round inside the dialog, never out of it.
    for (let presses = 0; presses < 8; presses += 1) {
      await page.keyboard.press(presses % 3 === 2 ? 'Shift+Tab' : 'Tab');
      expect(await dialog.evaluate((element) => element.contains(document.activeElement)), `focus after ${presses + 1} presses`).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => isFocused(signOff)).toBe(true);

    // Cancel, and the close button, do the same.
    await signOff.click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => isFocused(signOff)).toBe(true);
    const badge = section.locator('.reading-badge');
    await badge.click();
    const readability = page.getByRole('dialog');
    await readability.waitFor();
    await readability.getByRole('button', { name: 'Close', exact: true }).first().click();
    await readability.waitFor({ state: 'hidden' });
    await poll(() => isFocused(badge)).toBe(true);
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(false);
  });

  test('the section menu, the export menu and the header menu close on a click outside and on Escape; the section menu also when focus leaves it', async () => {
    const admin = await signUpAdmin(world.url, 'marketing', 'Maya Chen');
    const policyId = await policyInUse(world.url, admin);
    const person = await world.person('maya', admin);
    const page = person.page;
    await openPolicy(page, world.url, policyId);
    const options = page.getByRole('button', { name: 'Section options for Official accounts' });
    const panel = page.getByRole('group', { name: 'Options for Official accounts' });

    // A click outside.
    await options.click();
    await panel.waitFor();
    expect(await options.getAttribute('aria-expanded')).toBe('true');
    await page.getByTestId('signed-progress').click();
    await panel.waitFor({ state: 'hidden' });
    expect(await options.getAttribute('aria-expanded')).toBe('false');

    // A click inside keeps it open.
    await options.click();
    await panel.getByText('Must also approve').click();
    expect(await panel.isVisible()).toBe(true);

    // Escape: closed, focus back on its button.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect(await options.evaluate((element) => element === document.activeElement)).toBe(true);

    // Focus moving out of it (Tab past its last control).
    await options.click();
    await panel.waitFor();
    await panel.getByRole('button', { name: 'Delete section…' }).focus();
    await page.keyboard.press('Tab');
    await panel.waitFor({ state: 'hidden' });

    // The export menu: a click outside, and Escape.
    const exportButton = page.getByRole('button', { name: 'Export' });
    const exportPanel = page.getByRole('group', { name: 'Export the policy' });
    await exportButton.click();
    await exportPanel.waitFor();
    // Outside the panel: the empty margin right of the document.
    const panelBox = (await exportPanel.boundingBox())!;
    expect(panelBox.x + panelBox.width).toBeLessThan(1230);
    await page.mouse.click(1240, 700);
    await exportPanel.waitFor({ state: 'hidden' });
    await exportButton.click();
    await exportPanel.waitFor();
    await page.keyboard.press('Escape');
    await exportPanel.waitFor({ state: 'hidden' });
    expect(await exportButton.evaluate((element) => element === document.activeElement)).toBe(true);

    // The header menu of a narrow window: a click outside, and Escape.
    await page.setViewportSize({ width: 700, height: 800 });
    await waitForEditor(page);
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.click();
    const signOut = page.getByRole('button', { name: 'Sign out' });
    await signOut.waitFor();
    await page.mouse.click(350, 700);
    await signOut.waitFor({ state: 'hidden' });
    await menu.click();
    await signOut.waitFor();
    await page.keyboard.press('Escape');
    await signOut.waitFor({ state: 'hidden' });
    expect(await menu.evaluate((element) => element === document.activeElement)).toBe(true);
    // At full width the links and Sign out are in the bar again, with no Menu button.
    await page.setViewportSize({ width: 1280, height: 800 });
    await signOut.waitFor();
    expect(await menu.isVisible()).toBe(false);
  });
});
