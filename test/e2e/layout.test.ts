import type { Locator, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { call, createPolicy, signUpAdmin, signUpInvited } from '../support/session';
import { describeInBrowser } from './support/browser';
import { commentsPanel } from './support/comments';
import { chip, openApp, openPolicy, paragraphOf, sectionTitled, typeAtEnd } from './support/editor';
import { poll } from './support/poll';
import { rowCount } from './support/rows';
import { policyState, signSection } from './support/serverState';
import { useWorld } from './support/world';

const SECTION = 'Who speaks for the company';

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
  label: string;
}

/** The boxes of the section header's chips and of its actions (reading level, sign-off, menu). */
function headerBoxes(section: Locator): Promise<{ chips: Box[]; actions: Box[]; links: { label: string; lines: number }[] }> {
  return section.locator('.section-meta').evaluate((meta) => {
    const box = (element: Element): Box => {
      const rect = element.getBoundingClientRect();
      return { left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom, label: (element.textContent ?? '').trim() };
    };
    const visible = (element: Element) => element.getBoundingClientRect().width > 0;
    return {
      chips: [...meta.querySelectorAll('.signoff-chips .chip')].filter(visible).map(box),
      actions: [...meta.querySelectorAll('.section-actions > *')].filter(visible).map(box),
      links: [...meta.querySelectorAll('.signoff-chips .chip .link-button')].map((link) => ({ label: link.textContent ?? '', lines: link.getClientRects().length })),
    };
  });
}

function overlapping(a: Box, b: Box): boolean {
  return a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
}

async function expectHeaderClear(section: Locator, where: string): Promise<void> {
  const { chips, actions, links } = await headerBoxes(section);
  expect(chips.length, where).toBeGreaterThan(0);
  for (const one of chips) for (const other of [...chips, ...actions]) if (one !== other) expect(overlapping(one, other), `${where}: “${one.label}” runs into “${other.label}”`).toBe(false);
  for (const link of links) expect(link.lines, `${where}: “${link.label}” breaks over lines`).toBe(1);
}

/** The bottom edge of the policy's tool bar, under which everything sticky must stay visible. */
function toolbarBottom(page: Page): Promise<number> {
  return page.locator('.policy-toolbar').evaluate((bar) => bar.getBoundingClientRect().bottom);
}

describeInBrowser('the policy page’s layout', () => {
  const world = useWorld();

  test('after a signed section changes, its chips, reading level and buttons never overlap; the sticky bars stay under the tool bar; the comments panel fits', async () => {
    const adminSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const legalSession = await signUpInvited(world.url, adminSession, 'legal', 'editor', 'Leo Legal');
    const policyId = await createPolicy(world.url, adminSession, { title: 'Social Media Policy', templateId: 'corporate-enterprise', organization: 'Northwind' });
    const section = (await policyState(world.url, adminSession, policyId)).sections.find((candidate) => candidate.title === SECTION)!;
    expect((await call(world.url, `/api/policies/${policyId}/sections/${section.id}/requirements`, { method: 'PUT', json: { owner: 'marketing', approvers: ['legal'] }, cookie: adminSession.cookie })).status).toBe(200);
    const required = (await policyState(world.url, adminSession, policyId)).sections.find((candidate) => candidate.id === section.id)!;
    await signSection(world.url, adminSession, policyId, section.id, required.hash);
    await signSection(world.url, legalSession, policyId, section.id, required.hash);

    const { page } = await world.person('marketing', adminSession, { viewport: { width: 1280, height: 900 } });
    await openPolicy(page, world.url, policyId);
    const view = sectionTitled(page, SECTION);
    await poll(() => chip(view, 'legal').getAttribute('data-state')).toBe('signed');
    await typeAtEnd(page, paragraphOf(view), ' Our brand team keeps the list.');
    await poll(() => chip(view, 'legal').getAttribute('data-state')).toBe('stale');
    await poll(() => chip(view, 'marketing').getAttribute('data-state')).toBe('stale');

    await expectHeaderClear(view, 'at 1280 px');
    await page.locator('.policy-tools').getByRole('button', { name: 'Comments' }).click();
    const panel = commentsPanel(page);
    await panel.getByRole('heading', { name: 'Comments' }).waitFor();
    await expectHeaderClear(view, 'at 1280 px with the comments panel open');

    // The panel's filters fit inside it.
    const fit = await panel.evaluate((element) => {
      const inner = element.getBoundingClientRect().right - parseFloat(getComputedStyle(element).paddingRight);
      return [...element.querySelectorAll('select, input')].map((control) => ({ name: control.getAttribute('aria-label') ?? control.closest('label')?.textContent ?? '', over: control.getBoundingClientRect().right - inner }));
    });
    for (const control of fit) expect(control.over, `“${control.name}” sticks out of the panel`).toBeLessThanOrEqual(0.5);

    // The formatting toolbar keeps to one row beside the panel.
    const rows = await rowCount(page.locator('.formatting-toolbar'), 'button, select');
    expect(rows, 'the formatting toolbar wraps onto more than one row').toBe(1);

    // Scrolled down, the toolbar, the outline and the panel sit under the policy's tool bar, not behind it.
    for (const width of [1280, 1440, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      await page.evaluate(() => window.scrollTo(0, 1600));
      await page.waitForTimeout(200);
      const bottom = await toolbarBottom(page);
      for (const [name, locator] of [
        ['the formatting toolbar', page.locator('.formatting-toolbar')],
        ['the outline', page.locator('.outline')],
        ['the comments panel', panel],
      ] as const) {
        const top = await locator.evaluate((element) => element.getBoundingClientRect().top);
        expect(top, `${name} at ${width} px starts ${(bottom - top).toFixed(0)} px behind the tool bar`).toBeGreaterThanOrEqual(bottom - 1);
      }
    }
  });

  test('a section some of its departments have signed shows as partly signed in the outline and the header count', async () => {
    const adminSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const legalSession = await signUpInvited(world.url, adminSession, 'legal', 'editor', 'Leo Legal');
    const policyId = await createPolicy(world.url, adminSession, { title: 'Social Media Policy', templateId: 'corporate-enterprise', organization: 'Northwind' });
    const sections = (await policyState(world.url, adminSession, policyId)).sections;
    const section = sections.find((candidate) => candidate.title === SECTION)!;
    expect((await call(world.url, `/api/policies/${policyId}/sections/${section.id}/requirements`, { method: 'PUT', json: { owner: 'marketing', approvers: ['legal'] }, cookie: adminSession.cookie })).status).toBe(200);
    const required = (await policyState(world.url, adminSession, policyId)).sections.find((candidate) => candidate.id === section.id)!;

    const { page } = await world.person('marketing', adminSession);
    await openPolicy(page, world.url, policyId);
    const entry = page.locator(`[data-outline-section="${section.id}"]`).getByTestId('outline-status');
    const count = page.getByTestId('signed-progress');
    await poll(() => entry.getAttribute('title')).toBe('Waiting for sign-off');
    await poll(() => count.textContent()).toBe(`0 of ${sections.length} sections signed`);

    await signSection(world.url, legalSession, policyId, section.id, required.hash);
    await poll(() => entry.getAttribute('title')).toBe('1 of 2 departments signed');
    expect(await entry.locator('[aria-hidden="true"]').textContent()).toBe('◐');
    expect(await entry.locator('.visually-hidden').textContent()).toBe('1 of 2 departments signed');
    await poll(() => count.textContent()).toBe(`0 of ${sections.length} sections signed · 1 partly signed`);

    await signSection(world.url, adminSession, policyId, section.id, required.hash);
    await poll(() => entry.getAttribute('title')).toBe('Signed by every department');
    expect(await entry.locator('[aria-hidden="true"]').textContent()).toBe('✓');
    await poll(() => count.textContent()).toBe(`1 of ${sections.length} sections signed`);

    await typeAtEnd(page, paragraphOf(sectionTitled(page, SECTION)), ' Our brand team keeps the list.');
    await poll(() => entry.getAttribute('title')).toBe('Changed since signing');
    await poll(() => count.textContent()).toBe(`0 of ${sections.length} sections signed`);

    // On the list, the policy's status pill is as wide as its words, not the card.
    await openApp(page, world.url, '/');
    const pill = page.locator('.policy-card .status-pill');
    await poll(() => pill.textContent()).toContain('Changed since signing');
    const widths = await pill.evaluate((element) => ({ pill: element.getBoundingClientRect().width, card: element.closest('.policy-card')!.getBoundingClientRect().width }));
    expect(widths.pill).toBeLessThan(widths.card / 3);
  });
  test('the dashboard gives each department one row: its bar, its count and who can sign, the names on one line', async () => {
    const adminSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    await signUpInvited(world.url, adminSession, 'marketing', 'editor', 'Marcus Long-Surname Example');
    const policyId = await createPolicy(world.url, adminSession, { title: 'Social Media Policy', templateId: 'corporate-enterprise', organization: 'Northwind' });
    const { page } = await world.person('marketing', adminSession);
    await openApp(page, world.url, `/p/${policyId}/dashboard`);
    const row = page.locator('.department-progress li').filter({ has: page.getByTestId('signers-marketing') });
    await poll(() => row.getByTestId('signers-marketing').textContent()).toBe('Can sign: Marcus Long-Surname Example, Mia Marketing');
    const layout = await row.evaluate((item) => {
      const boxes = [...item.children].map((child) => child.getBoundingClientRect());
      return { tops: boxes.map((box) => Math.round(box.top + box.height / 2)), signerLines: item.lastElementChild!.getClientRects().length, signerHeight: boxes.at(-1)!.height, nameHeight: boxes[1]!.height };
    });
    // Every part of the row sits on the same line, and the names do not wrap word by word.
    for (const top of layout.tops) expect(Math.abs(top - layout.tops[0]!)).toBeLessThanOrEqual(2);
    expect(layout.signerHeight).toBeLessThanOrEqual(layout.nameHeight * 1.5);
  });
  test('the dashboard’s table keeps the departments’ names on top and the sections’ names on the left, however far it is scrolled', async () => {
    const adminSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const policyId = await createPolicy(world.url, adminSession, { title: 'Social Media Policy', templateId: 'corporate-enterprise', organization: 'Northwind' });
    // Too low for the template's sections and too narrow for its departments: the table scrolls both ways.
    const { page } = await world.person('marketing', adminSession, { viewport: { width: 390, height: 600 } });
    await openApp(page, world.url, `/p/${policyId}/dashboard`);
    const box = page.locator('.matrix-scroll');
    await box.locator('tbody tr').first().waitFor();
    await box.scrollIntoViewIfNeeded();
    const sizes = await box.evaluate((element) => ({ client: element.clientHeight, scroll: element.scrollHeight, clientWidth: element.clientWidth, scrollWidth: element.scrollWidth }));
    expect(sizes.scroll, 'the table is taller than its box').toBeGreaterThan(sizes.client);
    expect(sizes.scrollWidth, 'the table is wider than its box').toBeGreaterThan(sizes.clientWidth);
    // The box fits the window, so its own scroll bar is in reach.
    expect(sizes.client).toBeLessThanOrEqual(600);
    const placed = await box.evaluate((element) => {
      element.scrollTop = element.scrollHeight;
      element.scrollLeft = element.scrollWidth;
      const frame = element.getBoundingClientRect();
      const header = element.querySelector('thead th:last-child')!.getBoundingClientRect();
      const corner = element.querySelector('thead th:first-child')!.getBoundingClientRect();
      const lastRow = element.querySelector('tbody tr:last-child th')!.getBoundingClientRect();
      // What is drawn at the middle of the last department's heading: the heading, not a cell scrolled under it.
      const hit = document.elementFromPoint(header.left + header.width / 2, header.top + header.height / 2);
      return { frameTop: frame.top, frameLeft: frame.left, frameBottom: frame.bottom, headerTop: header.top, cornerLeft: corner.left, lastRowLeft: lastRow.left, lastRowBottom: lastRow.bottom, headingOnTop: hit?.closest('thead') !== null };
    });
    expect(Math.abs(placed.headerTop - placed.frameTop)).toBeLessThanOrEqual(1);
    expect(placed.headingOnTop).toBe(true);
    expect(Math.abs(placed.cornerLeft - placed.frameLeft)).toBeLessThanOrEqual(1);
    expect(Math.abs(placed.lastRowLeft - placed.frameLeft)).toBeLessThanOrEqual(1);
    expect(placed.lastRowBottom).toBeLessThanOrEqual(placed.frameBottom + 1);
    // The box can be scrolled from the keyboard: it takes focus and says what it holds.
    await box.focus();
    expect(await box.evaluate((element) => document.activeElement === element && element.getAttribute('aria-labelledby'))).toBe('matrix-title');
  });
  test('a section menu opens where its button is, without jumping the page, and passes under the header when scrolled', async () => {
    const adminSession = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const policyId = await createPolicy(world.url, adminSession, { title: 'Social Media Policy', templateId: 'corporate-enterprise', organization: 'Northwind' });
    const { page } = await world.person('marketing', adminSession);
    await openPolicy(page, world.url, policyId);
    const section = sectionTitled(page, SECTION);
    await section.locator('h2').evaluate((heading) => heading.scrollIntoView({ block: 'center' }));
    const button = section.getByRole('button', { name: `Section options for ${SECTION}` });
    const before = await page.evaluate(() => window.scrollY);
    await button.click();
    const panel = page.getByRole('group', { name: `Options for ${SECTION}` });
    await panel.waitFor();
    const placed = await panel.evaluate((element) => ({ bottom: element.getBoundingClientRect().bottom, height: window.innerHeight, scrollY: window.scrollY, focused: element.contains(document.activeElement) }));
    expect(placed.focused).toBe(true);
    expect(placed.bottom).toBeLessThanOrEqual(placed.height);
    // At most the little it takes to show the panel whole, never a jump of a screen.
    expect(Math.abs(placed.scrollY - before)).toBeLessThan(placed.height / 2);
    const box = (await button.boundingBox())!;
    expect(box.y).toBeGreaterThan(await toolbarBottom(page));

    // Scrolled up under the sticky bars, the open menu goes behind them.
    const headerHeight = await page.locator('.app-header').evaluate((header) => header.getBoundingClientRect().height);
    await page.evaluate(([panelTop, header]) => window.scrollBy(0, panelTop - header / 2), [(await panel.boundingBox())!.y + 20, headerHeight] as const);
    const panelBox = (await panel.boundingBox())!;
    const onTop = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('.app-header, .policy-toolbar, .menu-panel')?.className ?? null, [panelBox.x + panelBox.width / 2, headerHeight / 2] as const);
    expect(onTop).toContain('app-header');
  });
});
