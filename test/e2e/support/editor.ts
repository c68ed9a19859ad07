import type { Locator, Page } from 'playwright-core';

/** Opens a page of the app and waits until the signed-in frame (header) is there. */
export async function openApp(page: Page, url: string, pathname = '/'): Promise<void> {
  await page.goto(url + pathname);
  await page.locator('.app-header').waitFor();
}

/** Opens a policy and waits until its editor shows the document and is connected. */
export async function openPolicy(page: Page, url: string, policyId: string): Promise<void> {
  await page.goto(`${url}/p/${policyId}`);
  await waitForEditor(page);
}

/** Waits until the editor shows the policy's sections and the live connection is up. */
export async function waitForEditor(page: Page, timeout = 20_000): Promise<void> {
  await page.locator('.policy-editor .policy-section').first().waitFor({ timeout });
  await page.locator('.policy-tools [data-connection="connected"]').waitFor({ timeout });
}

/** The section whose heading contains this text. */
export function sectionTitled(page: Page, title: string): Locator {
  return page.locator('.policy-editor .policy-section').filter({ has: page.locator('.section-body h2', { hasText: title }) });
}

/** The n-th top-level paragraph of a section's text (not one inside a list item). */
export function paragraphOf(section: Locator, index = 0): Locator {
  return section.locator('.section-body p:not(li p)').nth(index);
}

/**
 * Puts the caret at the end of a block the way a person does (a click to the right of its
 * last line, then End) and types.
 */
export async function typeAtEnd(page: Page, block: Locator, text: string, options: { delay?: number } = {}): Promise<void> {
  await placeCaretAtEnd(page, block);
  await page.keyboard.type(text, options);
}

export async function placeCaretAtEnd(page: Page, block: Locator): Promise<void> {
  await block.scrollIntoViewIfNeeded();
  const box = await block.boundingBox();
  if (!box) throw new Error('the block to type into is not visible');
  await block.click({ position: { x: Math.max(1, box.width - 2), y: Math.max(1, box.height - 4) } });
  await page.keyboard.press('End');
  // Typed text follows the DOM selection, but Enter, paste and commands act on ProseMirror's own
  // selection, which catches up with the click a moment later (selectionchange is asynchronous, and
  // a busy page handles it late). A person never acts within milliseconds of a click.
  await page.waitForTimeout(150);
}

/**
 * The document's text as every reader sees it: the title and each section's body, without
 * the per-person parts (sign-off chips, buttons, other people's caret labels).
 */
export function documentText(page: Page): Promise<string> {
  return page.locator('.policy-editor').evaluate((editor) => {
    const clone = editor.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('.collaboration-carets__caret, .section-meta').forEach((node) => node.remove());
    return [...clone.querySelectorAll('.policy-title, .section-body')].map((element) => element.textContent ?? '').join('\n');
  });
}

/** Text of one block, without other people's caret labels inside it. */
export function blockText(block: Locator): Promise<string> {
  return block.evaluate((element) => {
    const clone = element.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('.collaboration-carets__caret').forEach((node) => node.remove());
    return clone.textContent ?? '';
  });
}

/** The sign-off chip of a department in a section. */
export function chip(section: Locator, department: string): Locator {
  return section.locator(`.signoff-chips .chip[data-department="${department}"]`);
}

/** Selects `text` inside a block, as a drag would, and waits for ProseMirror to read the selection. */
export async function selectText(page: Page, block: Locator, text: string): Promise<void> {
  await block.scrollIntoViewIfNeeded();
  await block.click();
  const found = await block.evaluate((element, wanted) => {
    const walker = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    let whole = '';
    const nodes: { node: Text; start: number }[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      nodes.push({ node: node as Text, start: whole.length });
      whole += node.textContent ?? '';
    }
    const at = whole.indexOf(wanted);
    if (at < 0) return false;
    const locate = (offset: number) => {
      const hit = [...nodes].reverse().find((entry) => entry.start <= offset)!;
      return { node: hit.node, offset: offset - hit.start };
    };
    const from = locate(at);
    const to = locate(at + wanted.length);
    element.ownerDocument.getSelection()?.setBaseAndExtent(from.node, from.offset, to.node, to.offset);
    return true;
  }, text);
  if (!found) throw new Error(`“${text}” is not in the block`);
  // ProseMirror reads the new selection on selectionchange, a moment later.
  await page.waitForTimeout(200);
}
