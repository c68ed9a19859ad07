import type { BrowserContextOptions, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { createPolicy, signUpAdmin } from '../support/session';
import { describeInBrowser } from './support/browser';
import { openPolicy, paragraphOf, placeCaretAtEnd, sectionTitled } from './support/editor';
import { poll } from './support/poll';
import { useWorld } from './support/world';

/** An iPhone-sized phone: 390×844 CSS pixels, touch. */
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

/** Where the caret is on screen, and where the bars that stay on screen end (top) and start (bottom). */
function caretAndBars(page: Page) {
  return page.evaluate(() => {
    const stuck = (element: Element) => ['sticky', 'fixed'].includes(getComputedStyle(element).position);
    const caret = window.getSelection()!.getRangeAt(0).getBoundingClientRect();
    let barsEnd = 0;
    for (const bar of document.querySelectorAll('.app-header, .policy-toolbar, .formatting-toolbar, .outline-bar')) {
      if (stuck(bar)) barsEnd = Math.max(barsEnd, bar.getBoundingClientRect().bottom);
    }
    const toolbar = document.querySelector('.formatting-toolbar')!;
    return { caretTop: caret.top, caretBottom: caret.bottom, barsEnd, toolbarStuck: stuck(toolbar), toolbarTop: toolbar.getBoundingClientRect().top };
  });
}

describeInBrowser('the caret stays in view while writing', () => {
  const world = useWorld();

  test('arrowing up under the sticky header and toolbars scrolls the line being written out from under them', async () => {
    const admin = await signUpAdmin(world.url, 'communications', 'Cora Comms');
    const policyId = await createPolicy(world.url, admin, { title: 'Social Media Policy', templateId: 'corporate-enterprise', organization: 'Northwind' });
    const { page } = await world.person('cora', admin, { viewport: { width: 1280, height: 800 } });
    await openPolicy(page, world.url, policyId);
    await poll(() => page.locator('.policy-editor').getAttribute('contenteditable')).toBe('true');

    await placeCaretAtEnd(page, paragraphOf(sectionTitled(page, 'Official accounts')));
    // The line with the caret ends up a little below the top edge of the window, under the bars.
    await page.evaluate(() => {
      const caret = window.getSelection()!.getRangeAt(0).getBoundingClientRect();
      window.scrollBy({ top: caret.top - 60, behavior: 'instant' });
    });
    const before = await caretAndBars(page);
    expect(before.barsEnd).toBeGreaterThan(150);
    expect(before.caretTop).toBeLessThan(before.barsEnd);

    for (let press = 0; press < 3; press += 1) await page.keyboard.press('ArrowUp');
    await page.keyboard.type('x');
    await poll(async () => {
      const now = await caretAndBars(page);
      return now.caretTop >= now.barsEnd && now.caretBottom <= 800;
    }, { message: 'the caret is below the sticky bars' }).toBe(true);
  });

  test('on a phone the formatting toolbar stays under the Sections bar while the person writes, and scrolls away with the page otherwise', async () => {
    const admin = await signUpAdmin(world.url, 'communications', 'Cora Comms');
    const policyId = await createPolicy(world.url, admin, { title: 'Social Media Policy', templateId: 'corporate-enterprise', organization: 'Northwind' });
    const { page } = await world.person('cora on her phone', admin, PHONE);
    await openPolicy(page, world.url, policyId);
    await poll(() => page.locator('.policy-editor').getAttribute('contenteditable')).toBe('true');

    // Reading, far down: the toolbar went up with the page.
    await sectionTitled(page, 'Official accounts').scrollIntoViewIfNeeded();
    const toolbar = page.locator('.formatting-toolbar');
    expect(await toolbar.evaluate((element) => getComputedStyle(element).position)).toBe('static');
    expect(await toolbar.evaluate((element) => element.getBoundingClientRect().bottom)).toBeLessThan(0);

    // Writing there: it comes down under the Sections bar, and the caret is below it.
    await placeCaretAtEnd(page, paragraphOf(sectionTitled(page, 'Official accounts')));
    const sectionsBarEnd = await page.locator('.outline-bar').evaluate((element) => element.getBoundingClientRect().bottom);
    await poll(async () => {
      const now = await caretAndBars(page);
      return { stuck: now.toolbarStuck, top: Math.round(now.toolbarTop), caretBelow: now.caretTop >= now.barsEnd };
    }).toEqual({ stuck: true, top: Math.round(sectionsBarEnd), caretBelow: true });
    // Bold is one tap away, and the caret stays in the text.
    await toolbar.getByRole('button', { name: /^Bold/ }).click();
    expect(await page.evaluate(() => document.activeElement?.classList.contains('policy-editor'))).toBe(true);

    // Done writing (focus moves on): the toolbar goes back into the page.
    await page.locator('.outline-button').click();
    await poll(() => toolbar.evaluate((element) => getComputedStyle(element).position)).toBe('static');
  });
});
