import type { JSONContent } from '@tiptap/core';
import type { Locator, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { yDocToJSON } from '../../shared/sections';
import { connectClient, synced } from '../support/collabClient';
import { createPolicy, signUpAdmin, signUpInvited, type Session } from '../support/session';
import { describeViolations, runAxe, serious } from './support/a11y';
import { describeInBrowser } from './support/browser';
import { blockText, openPolicy, paragraphOf, placeCaretAtEnd, sectionTitled } from './support/editor';
import { poll } from './support/poll';
import { useWorld } from './support/world';

const SECTION = 'Purpose and scope';

/** The policy as the server's live copy holds it, as ProseMirror JSON. */
async function serverDocument(url: string, session: Session, policyId: string): Promise<JSONContent> {
  const client = connectClient(url, policyId, { headers: { cookie: session.cookie } });
  try {
    await synced(client);
    return yDocToJSON(client.doc);
  } finally {
    client.destroy();
  }
}

/** The body (everything after the heading) of the server's copy of a section. */
async function serverSectionBody(url: string, session: Session, policyId: string, title: string): Promise<JSONContent[]> {
  const doc = await serverDocument(url, session, policyId);
  const section = (doc.content ?? []).find((node) => node.type === 'policySection' && node.content?.[0]?.content?.map((text) => text.text).join('') === title);
  if (!section) throw new Error(`no section "${title}" on the server`);
  return (section.content ?? []).slice(1);
}

/** Every text node under a node, with its marks. */
function textRuns(nodes: JSONContent[]): { text: string; marks: string[]; href?: string }[] {
  const runs: { text: string; marks: string[]; href?: string }[] = [];
  const walk = (node: JSONContent) => {
    if (node.type === 'text') {
      const link = node.marks?.find((mark) => mark.type === 'link');
      runs.push({ text: node.text ?? '', marks: (node.marks ?? []).map((mark) => mark.type).sort(), ...(link ? { href: String(link.attrs?.href) } : {}) });
    }
    node.content?.forEach(walk);
  };
  nodes.forEach(walk);
  return runs;
}

/** The shape of a table: rows of cell types. */
function tableShape(nodes: JSONContent[]): string[][] | null {
  const table = nodes.find((node) => node.type === 'table');
  return table ? (table.content ?? []).map((row) => (row.content ?? []).map((cell) => (cell.type === 'tableHeader' ? 'th' : 'td'))) : null;
}

function toolbar(page: Page): Locator {
  return page.getByRole('toolbar', { name: 'Formatting' });
}

function tool(page: Page, name: string): Locator {
  return toolbar(page).getByRole('button', { name, exact: true });
}

/** Types words at the end of the section's first paragraph and selects the last of them. */
async function typeAndSelect(page: Page, words: string, selectLast: string): Promise<void> {
  await placeCaretAtEnd(page, paragraphOf(sectionTitled(page, SECTION)));
  await page.keyboard.type(words);
  for (let index = 0; index < selectLast.length; index += 1) await page.keyboard.press('Shift+ArrowLeft');
}

async function activeDescription(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    return active ? `${active.tagName.toLowerCase()}:${active.getAttribute('aria-label') ?? active.className}` : 'none';
  });
}

describeInBrowser('formatting toolbar', () => {
  const world = useWorld();

  async function editorOnPolicy(options: { bypassCSP?: boolean } = {}) {
    const admin = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const policyId = await createPolicy(world.url, admin, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
    const person = await world.person('marketing', admin, options);
    await openPolicy(person.page, world.url, policyId);
    await toolbar(person.page).waitFor();
    return { admin, policyId, page: person.page };
  }

  test('marks, lists, text style and undo/redo reach the shared document', async () => {
    const { admin, policyId, page } = await editorOnPolicy();
    const body = () => serverSectionBody(world.url, admin, policyId, SECTION);

    // Nothing done yet: nothing to undo or redo.
    await paragraphOf(sectionTitled(page, SECTION)).click();
    await poll(() => tool(page, 'Undo').getAttribute('aria-disabled')).toBe('true');
    expect(await tool(page, 'Redo').getAttribute('aria-disabled')).toBe('true');

    await typeAndSelect(page, ' Alpha', 'Alpha');
    for (const name of ['Bold', 'Italic', 'Underline']) {
      expect(await tool(page, name).getAttribute('aria-pressed')).toBe('false');
      await tool(page, name).click();
      await poll(() => tool(page, name).getAttribute('aria-pressed')).toBe('true');
    }
    await poll(async () => textRuns(await body()).find((run) => run.text === 'Alpha')?.marks).toEqual(['bold', 'italic', 'underline']);
    // Off again: the button is a toggle.
    await tool(page, 'Underline').click();
    await poll(() => tool(page, 'Underline').getAttribute('aria-pressed')).toBe('false');
    await poll(async () => textRuns(await body()).find((run) => run.text === 'Alpha')?.marks).toEqual(['bold', 'italic']);

    // Lists: the paragraph becomes a bulleted list, then a numbered one, then a paragraph again.
    await tool(page, 'Bulleted list').click();
    await poll(() => tool(page, 'Bulleted list').getAttribute('aria-pressed')).toBe('true');
    await poll(async () => (await body())[0]?.type).toBe('bulletList');
    await tool(page, 'Numbered list').click();
    await poll(() => tool(page, 'Numbered list').getAttribute('aria-pressed')).toBe('true');
    expect(await tool(page, 'Bulleted list').getAttribute('aria-pressed')).toBe('false');
    await poll(async () => (await body())[0]?.type).toBe('orderedList');
    await tool(page, 'Numbered list').click();
    await poll(async () => (await body())[0]?.type).toBe('paragraph');

    // Text style: a subheading (h3) and back.
    const style = toolbar(page).getByRole('combobox', { name: 'Text style' });
    expect(await style.inputValue()).toBe('paragraph');
    await style.selectOption('subheading');
    await poll(async () => (await body())[0]).toMatchObject({ type: 'heading', attrs: { level: 3 } });
    expect(await sectionTitled(page, SECTION).locator('.section-body h3').count()).toBe(1);
    await poll(() => style.inputValue()).toBe('subheading');
    await style.selectOption('paragraph');
    await poll(async () => (await body())[0]?.type).toBe('paragraph');

    // Undo takes back the last change, redo does it again. (Yjs' undo manager makes changes less
    // than 500 ms apart one step, so the words come a moment after the formatting.)
    await page.waitForTimeout(700);
    await page.keyboard.press('End');
    await page.keyboard.type(' Delta');
    await poll(async () => textRuns(await body()).some((run) => run.text.includes('Delta'))).toBe(true);
    await poll(() => tool(page, 'Undo').getAttribute('aria-disabled')).toBe('false');
    await tool(page, 'Undo').click();
    await poll(async () => textRuns(await body()).some((run) => run.text.includes('Delta'))).toBe(false);
    expect(textRuns(await body()).some((run) => run.text === 'Alpha')).toBe(true);
    await poll(() => tool(page, 'Redo').getAttribute('aria-disabled')).toBe('false');
    await tool(page, 'Redo').click();
    await poll(async () => textRuns(await body()).some((run) => run.text.includes('Delta'))).toBe(true);
    // Ctrl+Z until nothing is left to undo: the button says so.
    for (let presses = 0; presses < 30; presses += 1) await page.keyboard.press('Control+z');
    await poll(() => tool(page, 'Undo').getAttribute('aria-disabled')).toBe('true');
    await poll(async () => textRuns(await body()).some((run) => run.text.includes('Alpha'))).toBe(false);

    // In a section title the style is "Section title" and cannot change; lists and tables do not apply.
    await sectionTitled(page, SECTION).locator('.section-body h2').click();
    await poll(() => style.inputValue()).toBe('sectionTitle');
    expect(await style.isDisabled()).toBe(true);
    expect(await style.locator('option:checked').textContent()).toBe('Section title');
    for (const name of ['Bulleted list', 'Numbered list', 'Insert table']) expect(await tool(page, name).getAttribute('aria-disabled'), name).toBe('true');
    // Their shortcuts do nothing there either.
    const lists = await sectionTitled(page, SECTION).locator('.section-body ul, .section-body ol').count();
    await page.keyboard.press('Control+Shift+8');
    await page.keyboard.press('Control+Alt+3');
    await page.keyboard.press('Control+Alt+0');
    expect(await sectionTitled(page, SECTION).locator('.section-body h2').textContent()).toBe(SECTION);
    expect(await sectionTitled(page, SECTION).locator('.section-body ul, .section-body ol').count()).toBe(lists);
    expect(await style.inputValue()).toBe('sectionTitle');
  });

  test('tables: insert, rows, columns, header row and delete, in the shared document', async () => {
    const { admin, policyId, page } = await editorOnPolicy();
    const body = () => serverSectionBody(world.url, admin, policyId, SECTION);
    await placeCaretAtEnd(page, paragraphOf(sectionTitled(page, SECTION)));
    expect(await toolbar(page).getByRole('button', { name: 'Table options' }).count()).toBe(0);

    await tool(page, 'Insert table').click();
    await poll(async () => tableShape(await body())).toEqual([['th', 'th', 'th'], ['td', 'td', 'td'], ['td', 'td', 'td']]);
    // The cursor is in the new table: the table menu is there, inserting another table is not.
    const menuButton = toolbar(page).getByRole('button', { name: 'Table options' });
    await menuButton.waitFor();
    expect(await tool(page, 'Insert table').getAttribute('aria-disabled')).toBe('true');
    await page.keyboard.type('Tool');

    const menu = page.getByRole('menu', { name: 'Table options' });
    const choose = async (item: string, role: 'menuitem' | 'menuitemcheckbox' = 'menuitem') => {
      await menuButton.click();
      await menu.waitFor();
      expect(await menuButton.getAttribute('aria-expanded')).toBe('true');
      await menu.getByRole(role, { name: item }).click();
      await menu.waitFor({ state: 'detached' });
    };
    await choose('Insert row below');
    await poll(async () => tableShape(await body())?.length).toBe(4);
    await choose('Insert column right');
    await poll(async () => tableShape(await body())?.[0]?.length).toBe(4);
    // From a cell of the last row: rows above and columns to the left.
    await page.locator('.policy-editor tr').last().locator('td').last().click();
    await choose('Insert row above');
    await poll(async () => tableShape(await body())?.length).toBe(5);
    await choose('Insert column left');
    await poll(async () => tableShape(await body())?.[0]?.length).toBe(5);
    await choose('Delete row');
    await poll(async () => tableShape(await body())?.length).toBe(4);
    await choose('Delete column');
    await poll(async () => tableShape(await body())?.[0]?.length).toBe(4);
    await poll(async () => tableShape(await body())?.[0]).toEqual(['th', 'th', 'th', 'th']);
    // The header row is a toggle that shows its state: off, its cells become ordinary cells.
    await menuButton.click();
    expect(await menu.getByRole('menuitemcheckbox', { name: 'Header row' }).getAttribute('aria-checked')).toBe('true');
    await menuButton.click();
    await menu.waitFor({ state: 'detached' });
    await choose('Header row', 'menuitemcheckbox');
    await poll(async () => tableShape(await body())?.[0]).toEqual(['td', 'td', 'td', 'td']);
    await menuButton.click();
    await poll(() => menu.getByRole('menuitemcheckbox', { name: 'Header row' }).getAttribute('aria-checked')).toBe('false');
    await menuButton.click();
    expect(textRuns(await body()).map((run) => run.text)).toContain('Tool');
    await choose('Delete table');
    await poll(async () => tableShape(await body())).toBeNull();
    await menuButton.waitFor({ state: 'detached' });
  });

  test('the table menu works from the keyboard', async () => {
    const { admin, policyId, page } = await editorOnPolicy();
    const body = () => serverSectionBody(world.url, admin, policyId, SECTION);
    await placeCaretAtEnd(page, paragraphOf(sectionTitled(page, SECTION)));
    await tool(page, 'Insert table').click();
    const menuButton = toolbar(page).getByRole('button', { name: 'Table options' });
    await menuButton.waitFor();
    await menuButton.focus();
    await page.keyboard.press('ArrowDown');
    await poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Insert row above');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Insert row below');
    await page.keyboard.press('Enter');
    await poll(async () => tableShape(await body())?.length).toBe(4);
    // Escape closes the menu and puts focus back on its button.
    await menuButton.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menu', { name: 'Table options' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('menu', { name: 'Table options' }).waitFor({ state: 'detached' });
    expect(await activeDescription(page)).toBe('button:Table options');
  });

  test('Ctrl+K adds, changes and removes a link; bad addresses are refused', async () => {
    const { admin, policyId, page } = await editorOnPolicy();
    const body = () => serverSectionBody(world.url, admin, policyId, SECTION);
    await typeAndSelect(page, ' Read the rules', 'rules');

    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Add a link' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Text to show').inputValue()).toBe('rules');
    expect(await activeDescription(page)).toMatch(/^input:/);
    const address = dialog.getByLabel('Link to');
    for (const bad of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,hi', 'not an address']) {
      await address.fill(bad);
      await dialog.getByRole('button', { name: 'Add link' }).click();
      await dialog.getByRole('alert').waitFor();
      expect(await address.getAttribute('aria-invalid')).toBe('true');
      expect(await dialog.isVisible()).toBe(true);
    }
    await address.fill('example.org/rules');
    await address.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await poll(async () => textRuns(await body()).find((run) => run.href)).toEqual({ text: 'rules', marks: ['link'], href: 'https://example.org/rules' });
    // Focus is back in the text, and typing after the link is plain text again.
    await poll(() => page.evaluate(() => document.activeElement?.classList.contains('policy-editor'))).toBe(true);
    await page.keyboard.type(' now');
    await poll(async () => textRuns(await body()).filter((run) => run.href).map((run) => run.text)).toEqual(['rules']);
    await expect(tool(page, 'Link').getAttribute('aria-pressed')).resolves.toBe('false');

    // With the cursor inside the link, Ctrl+K edits it: new words and a new address.
    const link = sectionTitled(page, SECTION).locator('a[href="https://example.org/rules"]');
    await link.click();
    await poll(() => tool(page, 'Link').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Control+k');
    const edit = page.getByRole('dialog', { name: 'Edit link' });
    await edit.waitFor();
    expect(await edit.getByLabel('Text to show').inputValue()).toBe('rules');
    expect(await edit.getByLabel('Link to').inputValue()).toBe('https://example.org/rules');
    await edit.getByLabel('Text to show').fill('the rules');
    await edit.getByLabel('Link to').fill('http://intranet.example.org/social');
    await edit.getByRole('button', { name: 'Save link' }).click();
    await edit.waitFor({ state: 'detached' });
    await poll(async () => textRuns(await body()).filter((run) => run.href)).toEqual([{ text: 'the rules', marks: ['link'], href: 'http://intranet.example.org/social' }]);
    await poll(() => blockText(paragraphOf(sectionTitled(page, SECTION)))).toMatch(/Read the the rules now$/);

    // Email addresses become mailto: links; the toolbar's Link button opens the same dialog.
    await sectionTitled(page, SECTION).locator('a[href="http://intranet.example.org/social"]').click();
    await tool(page, 'Link').click();
    await page.getByRole('dialog', { name: 'Edit link' }).getByLabel('Link to').fill('comms@example.org');
    await page.getByRole('dialog', { name: 'Edit link' }).getByRole('button', { name: 'Save link' }).click();
    await poll(async () => textRuns(await body()).find((run) => run.href)?.href).toBe('mailto:comms@example.org');

    // Remove link: the words stay, the link goes.
    await sectionTitled(page, SECTION).locator('a[href="mailto:comms@example.org"]').click();
    await page.keyboard.press('Control+k');
    await page.getByRole('dialog', { name: 'Edit link' }).getByRole('button', { name: 'Remove link' }).click();
    await poll(async () => textRuns(await body()).some((run) => run.href)).toBe(false);
    expect(await blockText(paragraphOf(sectionTitled(page, SECTION)))).toMatch(/Read the the rules now$/);

    // Escape closes the dialog without a change and gives focus back to the text.
    await page.keyboard.press('Control+k');
    await page.getByRole('dialog', { name: 'Add a link' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await poll(() => page.evaluate(() => document.activeElement?.classList.contains('policy-editor'))).toBe(true);
  });

  test('the menu on selected text: bold, italic and link next to the selection', async () => {
    const { admin, policyId, page } = await editorOnPolicy();
    const body = () => serverSectionBody(world.url, admin, policyId, SECTION);
    const menu = page.getByRole('toolbar', { name: 'Selected text' });
    await placeCaretAtEnd(page, paragraphOf(sectionTitled(page, SECTION)));
    expect(await menu.count()).toBe(0);
    await typeAndSelect(page, ' Beta', 'Beta');
    await menu.waitFor();
    // It sits just above (or below) the selected words.
    const selection = await page.evaluate(() => {
      const rect = window.getSelection()!.getRangeAt(0).getBoundingClientRect();
      return { top: rect.top, bottom: rect.bottom, left: rect.left, right: rect.right };
    });
    const box = (await menu.boundingBox())!;
    expect(box.y + box.height <= selection.top || box.y >= selection.bottom).toBe(true);
    expect(Math.min(Math.abs(box.y + box.height - selection.top), Math.abs(box.y - selection.bottom))).toBeLessThan(20);
    expect(box.x).toBeLessThan(selection.right);
    expect(box.x + box.width).toBeGreaterThan(selection.left);

    await menu.getByRole('button', { name: 'Bold' }).click();
    await menu.getByRole('button', { name: 'Italic' }).click();
    await poll(async () => textRuns(await body()).find((run) => run.text === 'Beta')?.marks).toEqual(['bold', 'italic']);
    await poll(() => menu.getByRole('button', { name: 'Bold' }).getAttribute('aria-pressed')).toBe('true');
    await menu.getByRole('button', { name: 'Link' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a link' });
    await dialog.getByLabel('Link to').fill('https://example.org/beta');
    await dialog.getByRole('button', { name: 'Add link' }).click();
    await poll(async () => textRuns(await body()).find((run) => run.text === 'Beta')).toEqual({ text: 'Beta', marks: ['bold', 'italic', 'link'], href: 'https://example.org/beta' });
    // Nothing selected, no menu.
    await page.keyboard.press('End');
    await menu.waitFor({ state: 'detached' });
  });

  test('keyboard: Alt+F10 reaches the toolbar, arrow keys move along it, one Tab stop, Escape goes back', async () => {
    const { admin, policyId, page } = await editorOnPolicy();
    const body = () => serverSectionBody(world.url, admin, policyId, SECTION);
    await typeAndSelect(page, ' Gamma', 'Gamma');
    await page.keyboard.press('Alt+F10');
    expect(await activeDescription(page)).toBe('select:Text style');
    // Left and Right move on, also from the select (whose value stays).
    await page.keyboard.press('ArrowRight');
    expect(await activeDescription(page)).toBe('button:Bold');
    expect(await toolbar(page).getByRole('combobox', { name: 'Text style' }).inputValue()).toBe('paragraph');
    const tabStops = () => toolbar(page).locator('[tabindex="0"]').count();
    expect(await tabStops()).toBe(1);
    await page.keyboard.press('ArrowRight');
    expect(await activeDescription(page)).toBe('button:Italic');
    await page.keyboard.press('Enter');
    await poll(async () => textRuns(await body()).find((run) => run.text === 'Gamma')?.marks).toEqual(['italic']);
    // Used from the keyboard, a button keeps focus and shows its new state.
    expect(await activeDescription(page)).toBe('button:Italic');
    await poll(() => tool(page, 'Italic').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('End');
    expect(await activeDescription(page)).toBe('button:Keyboard shortcuts');
    await page.keyboard.press('ArrowRight');
    expect(await activeDescription(page)).toBe('select:Text style');
    await page.keyboard.press('ArrowLeft');
    expect(await activeDescription(page)).toBe('button:Keyboard shortcuts');
    await page.keyboard.press('Home');
    expect(await activeDescription(page)).toBe('select:Text style');
    // A button that does not apply now (nothing to redo) stays reachable and says so.
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    expect(await activeDescription(page)).toBe('button:Comment');
    await page.keyboard.press('ArrowLeft');
    expect(await activeDescription(page)).toBe('button:Redo');
    expect(await tool(page, 'Redo').getAttribute('aria-disabled')).toBe('true');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await tabStops()).toBe(1);
    // A dialog opened from the toolbar gives focus back to its button.
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await poll(() => activeDescription(page)).toBe('button:Keyboard shortcuts');
    // Tab leaves the toolbar for the text; Shift+Tab comes back to the item last used.
    await page.keyboard.press('Tab');
    expect(await activeDescription(page)).not.toMatch(/Keyboard shortcuts|Text style|Bold/);
    await page.keyboard.press('Shift+Tab');
    expect(await activeDescription(page)).toBe('button:Keyboard shortcuts');
    await page.keyboard.press('Escape');
    await poll(() => page.evaluate(() => document.activeElement?.classList.contains('policy-editor'))).toBe(true);
    // The selection survived the trip: Ctrl+B bolds the same word.
    await page.keyboard.press('Control+b');
    await poll(async () => textRuns(await body()).find((run) => run.text === 'Gamma')?.marks).toEqual(['bold', 'italic']);
  });

  test('every button has a name and a tooltip with its shortcut; Ctrl+/ and "?" list every shortcut', async () => {
    const { page } = await editorOnPolicy();
    await placeCaretAtEnd(page, paragraphOf(sectionTitled(page, SECTION)));
    const expected: Record<string, string> = {
      Bold: 'Bold (Ctrl+B)',
      Italic: 'Italic (Ctrl+I)',
      Underline: 'Underline (Ctrl+U)',
      'Bulleted list': 'Bulleted list (Ctrl+Shift+8)',
      'Numbered list': 'Numbered list (Ctrl+Shift+7)',
      Link: 'Link (Ctrl+K)',
      'Insert table': 'Insert table',
      Undo: 'Undo (Ctrl+Z)',
      Redo: 'Redo (Ctrl+Y)',
      Comment: 'Comment on the selected text (Ctrl+Alt+M)',
      'Keyboard shortcuts': 'Keyboard shortcuts (Ctrl+/)',
    };
    const names = await toolbar(page).locator('button').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label')));
    expect(names).toEqual(Object.keys(expected));
    for (const [name, tooltip] of Object.entries(expected)) {
      expect(await tool(page, name).getAttribute('data-tooltip'), name).toBe(tooltip);
    }
    expect(await tool(page, 'Bold').getAttribute('aria-keyshortcuts')).toBe('Control+B');
    // The tooltip shows on hover.
    await tool(page, 'Bold').hover();
    await poll(() => tool(page, 'Bold').evaluate((button) => getComputedStyle(button, '::after').opacity)).toBe('1');
    expect(await tool(page, 'Bold').evaluate((button) => getComputedStyle(button, '::after').content)).toBe('"Bold (Ctrl+B)"');

    await page.locator('.policy-editor').focus();
    await page.keyboard.press('Control+/');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    const rows = await dialog.locator('tr').evaluateAll((rows) => rows.map((row) => `${row.querySelector('th')?.textContent}: ${row.querySelector('.visually-hidden')?.textContent}`));
    for (const line of ['Bold: Ctrl+B', 'Italic: Ctrl+I', 'Underline: Ctrl+U', 'Link: Ctrl+K', 'Bulleted list: Ctrl+Shift+8', 'Numbered list: Ctrl+Shift+7', 'Subheading: Ctrl+Alt+3', 'Paragraph: Ctrl+Alt+0', 'Undo: Ctrl+Z', 'Redo: Ctrl+Y', 'Keyboard shortcuts: Ctrl+/', 'Go to the formatting toolbar: Alt+F10', 'New section below this one: Ctrl+Alt+Enter']) {
      expect(rows).toContain(line);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await tool(page, 'Keyboard shortcuts').click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  test('a Mac shows ⌘ in tooltips and the list', async () => {
    const admin = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const policyId = await createPolicy(world.url, admin, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
    const person = await world.person('mac', admin, { userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36' });
    await person.page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'platform', { get: () => 'MacIntel' }));
    await openPolicy(person.page, world.url, policyId);
    expect(await tool(person.page, 'Bold').getAttribute('data-tooltip')).toBe('Bold (⌘B)');
    expect(await tool(person.page, 'Redo').getAttribute('data-tooltip')).toBe('Redo (⇧⌘Z)');
    expect(await tool(person.page, 'Bulleted list').getAttribute('aria-keyshortcuts')).toBe('Meta+Shift+8');
  });

  test('a viewer gets no formatting tools, and formatting keys change nothing', async () => {
    const admin = await signUpAdmin(world.url, 'marketing', 'Mia Marketing');
    const viewer = await signUpInvited(world.url, admin, 'legal', 'viewer', 'Vera Viewer');
    const policyId = await createPolicy(world.url, admin, { title: 'Social Media Policy', templateId: 'healthcare-provider', organization: 'Northwind Health' });
    const person = await world.person('viewer', viewer);
    const page = person.page;
    await openPolicy(page, world.url, policyId);
    const before = await serverSectionBody(world.url, admin, policyId, SECTION);
    expect(await page.locator('.formatting-toolbar').count()).toBe(0);
    const paragraph = paragraphOf(sectionTitled(page, SECTION));
    await paragraph.dblclick();
    await page.keyboard.press('Control+b');
    await page.keyboard.press('Control+k');
    expect(await page.getByRole('toolbar').count()).toBe(0);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await paragraph.locator('strong').count()).toBe(0);
    expect(await serverSectionBody(world.url, admin, policyId, SECTION)).toEqual(before);
  });

  test('axe finds no serious violations with the toolbar, the table menu, the selection menu and the dialogs open', async () => {
    const { page } = await editorOnPolicy({ bypassCSP: true });
    const report: string[] = [];
    const check = async (name: string) => {
      const found = serious(await runAxe(page));
      if (found.length) report.push(`${name}:\n${describeViolations(found)}`);
    };
    await placeCaretAtEnd(page, paragraphOf(sectionTitled(page, SECTION)));
    await tool(page, 'Insert table').click();
    await toolbar(page).getByRole('button', { name: 'Table options' }).click();
    await page.getByRole('menu', { name: 'Table options' }).waitFor();
    await check('toolbar with the table menu open');
    // Escape closes the menu (focus on its button), Escape again goes back to the text.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.keyboard.type('Cell words');
    for (let index = 0; index < 'words'.length; index += 1) await page.keyboard.press('Shift+ArrowLeft');
    await page.getByRole('toolbar', { name: 'Selected text' }).waitFor();
    await check('selection menu');
    await page.keyboard.press('Control+k');
    await page.getByRole('dialog', { name: 'Add a link' }).getByRole('button', { name: 'Add link' }).click();
    await page.getByRole('dialog', { name: 'Add a link' }).getByRole('alert').waitFor();
    await check('link dialog with an error');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await tool(page, 'Keyboard shortcuts').click();
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await check('shortcut list');
    expect(report.join('\n\n')).toBe('');
  });

  test('"## " makes a subheading in the text, never a second section title; text typed after a link is not part of it', async () => {
    const { admin, policyId, page } = await editorOnPolicy();
    const body = () => serverSectionBody(world.url, admin, policyId, SECTION);

    // A new paragraph that starts with "## " becomes a subheading (h3), as "### " does.
    await placeCaretAtEnd(page, paragraphOf(sectionTitled(page, SECTION)));
    // Enter acts on ProseMirror's selection, which follows the click's DOM selection a moment later
    // (selectionchange is asynchronous); a person never presses Enter within milliseconds of a click.
    await page.waitForTimeout(200);
    await page.keyboard.press('Enter');
    await page.keyboard.type('## Who this covers');
    await poll(async () => (await body()).find((node) => node.type === 'heading')).toMatchObject({ attrs: { level: 3 }, content: [{ text: 'Who this covers' }] });
    expect((await body()).some((node) => node.type === 'heading' && node.attrs?.level === 2)).toBe(false);

    // At the start of the section's title, "## " is just text: the title stays the title.
    await sectionTitled(page, SECTION).locator('h2').click();
    await page.keyboard.press('Home');
    await page.keyboard.type('## ');
    await poll(async () => {
      const doc = await serverDocument(world.url, admin, policyId);
      return (doc.content ?? []).some((node) => node.type === 'policySection' && node.content?.[0]?.attrs?.level === 2 && blockTextOf(node.content[0]) === `## ${SECTION}`);
    }).toBe(true);

    // An address typed into the text becomes a link; the words typed after it do not.
    await placeCaretAtEnd(page, paragraphOf(sectionTitled(page, `## ${SECTION}`)));
    await page.keyboard.type(' See https://example.org and more');
    await poll(async () => textRuns(await serverSectionBody(world.url, admin, policyId, `## ${SECTION}`)).find((run) => run.href)?.text).toBe('https://example.org');
  });
});

function blockTextOf(node: JSONContent): string {
  return (node.content ?? []).map((child) => child.text ?? '').join('');
}
