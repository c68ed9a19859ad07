import fs from 'node:fs';
import path from 'node:path';
import type { JSONContent } from '@tiptap/core';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { nodeText, type SectionInfo } from '../../shared/sections';
import { createPolicy, signUpAdmin } from '../support/session';
import { describeInBrowser } from './support/browser';
import { ROOT } from './support/clientBuild';
import { openPolicy, paragraphOf, placeCaretAtEnd } from './support/editor';
import { poll } from './support/poll';
import { serverSections } from './support/serverState';
import { useWorld } from './support/world';

const fixture = (name: string) => fs.readFileSync(path.join(ROOT, 'test/fixtures/paste', name), 'utf8');

/** Pastes HTML where the caret is, as the browser does for Ctrl+V: a paste event carrying a DataTransfer. */
async function pasteHtml(page: Page, html: string, plain: string): Promise<void> {
  await page.evaluate(
    ({ html, plain }) => {
      const data = new DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', plain);
      const target = document.activeElement ?? document.querySelector('.policy-editor');
      target!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    { html, plain },
  );
}

/** Every node of a tree, depth first. */
function nodes(content: readonly JSONContent[]): JSONContent[] {
  return content.flatMap((node) => [node, ...nodes(node.content ?? [])]);
}

/** The texts carrying a mark (by type), each text node once. */
function marked(content: readonly JSONContent[], mark: string): string[] {
  return nodes(content).filter((node) => node.type === 'text' && node.marks?.some((each) => each.type === mark)).map((node) => node.text ?? '');
}

/** A list as nested arrays of item texts: `['a', ['a1'], 'b']`. */
function listShape(list: JSONContent): unknown[] {
  return (list.content ?? []).flatMap((item) =>
    (item.content ?? []).map((child) => (child.type === 'bulletList' || child.type === 'orderedList' ? [child.type, listShape(child)] : nodeText(child))),
  );
}

function tableShape(table: JSONContent): string[][] {
  return (table.content ?? []).map((row) => (row.content ?? []).map((cell) => nodeText(cell)));
}

async function pasteIntoFirstSection(page: Page, url: string, session: Parameters<typeof serverSections>[1], policyId: string, html: string, plain: string, expectedBlock: string): Promise<SectionInfo> {
  await openPolicy(page, url, policyId);
  const section = page.locator('.policy-editor .policy-section').first();
  // The caret must be in the section's paragraph (not the title) before pasting.
  await poll(async () => {
    await placeCaretAtEnd(page, paragraphOf(section));
    return page.evaluate(() => Boolean(window.getSelection()?.anchorNode && (window.getSelection()!.anchorNode as Node).parentElement?.closest('.section-body')));
  }).toBe(true);
  await pasteHtml(page, html, plain);
  let first: SectionInfo | undefined;
  await poll(async () => {
    first = (await serverSections(url, session, policyId))[0];
    return first?.content.some((node) => node.type === expectedBlock) ?? false;
  }).toBe(true);
  return first!;
}

describeInBrowser('paste from Word and Google Docs', () => {
  const world = useWorld();

  test('Word (desktop) lists, nesting, numbering, a table, a heading and formatting arrive clean', async () => {
    const admin = await signUpAdmin(world.url, 'communications', 'Ada Admin');
    const policyId = await createPolicy(world.url, admin, { title: 'Paste policy' });
    const sectionsBefore = (await serverSections(world.url, admin, policyId)).length;
    const person = await world.person('hr', admin);
    const section = await pasteIntoFirstSection(person.page, world.url, admin, policyId, fixture('word-desktop.html'), 'Using AI tools', 'table');

    const blocks = section.content;
    // Word's Heading 1 becomes a sub-heading inside the section, never a new section.
    expect((await serverSections(world.url, admin, policyId)).length).toBe(sectionsBefore);
    const heading = blocks.find((node) => node.type === 'heading');
    expect(heading?.attrs?.level).toBe(3);
    expect(nodeText(heading!)).toBe('Using AI tools');

    const bullets = blocks.find((node) => node.type === 'bulletList')!;
    expect(listShape(bullets)).toEqual(['Ask your manager', ['bulletList', ['In writing']], 'Keep a record']);
    // The numbered list right after the bullets (another Word list, l1) is a list of its own.
    expect(blocks.filter((node) => node.type === 'bulletList' || node.type === 'orderedList').map((node) => node.type)).toEqual(['bulletList', 'orderedList']);
    const numbered = blocks.find((node) => node.type === 'orderedList')!;
    expect(listShape(numbered)).toEqual(['Stop', 'Report it']);

    const table = blocks.find((node) => node.type === 'table')!;
    expect(tableShape(table)).toEqual([
      ['Tool', 'Status'],
      ['ChatGPT', 'Not approved'],
    ]);

    expect(marked(blocks, 'bold')).toEqual(['never', 'Tool', 'Status']);
    expect(marked(blocks, 'italic')).toEqual(['client data']);
    expect(nodes(blocks).find((node) => node.marks?.some((mark) => mark.type === 'link'))?.marks?.find((mark) => mark.type === 'link')?.attrs?.href).toBe('https://example.org/ai-guide');
    expect(section.text).toContain('Questions go to HR.');
    // No typed bullets, no Word markup, no images, no empty spacing paragraphs.
    expect(section.text).not.toMatch(/[·§]/);
    expect(section.text).not.toMatch(/^o\s/m);
    expect(JSON.stringify(blocks)).not.toMatch(/mso|Mso|file:|o:p|color/);
    expect(blocks.filter((node) => node.type === 'paragraph' && !nodeText(node).trim()).length).toBeLessThanOrEqual(1);
    // The editor shows the same: a real list and a real table.
    const shown = person.page.locator('.policy-editor .policy-section').first();
    expect(await shown.locator('ul > li ul > li').allTextContents()).toEqual(['In writing']);
    expect(await shown.locator('table td, table th').allTextContents()).toEqual(['Tool', 'Status', 'ChatGPT', 'Not approved']);
  });

  test('Google Docs bold spans, a nested list, a link and a table arrive clean', async () => {
    const admin = await signUpAdmin(world.url, 'communications', 'Ada Admin');
    const policyId = await createPolicy(world.url, admin, { title: 'Docs policy' });
    const sectionsBefore = (await serverSections(world.url, admin, policyId)).length;
    const person = await world.person('comms', admin);
    const section = await pasteIntoFirstSection(person.page, world.url, admin, policyId, fixture('google-docs.html'), 'Posting for the company', 'table');
    const blocks = section.content;

    expect((await serverSections(world.url, admin, policyId)).length).toBe(sectionsBefore);
    expect(blocks.filter((node) => node.type === 'heading').map((node) => [node.attrs?.level, nodeText(node)])).toEqual([[3, 'Posting for the company']]);
    // The docs-internal-guid wrapper is a <b> that is not bold: only the 700-weight spans are.
    expect(marked(blocks, 'bold')).toEqual(['named spokespeople', 'Channel', 'Owner']);
    expect(marked(blocks, 'italic')).toEqual([' speak']);
    // A link is underlined by its look; only the really underlined word keeps underline.
    expect(marked(blocks, 'underline')).toEqual(['today']);
    const link = nodes(blocks).find((node) => node.marks?.some((mark) => mark.type === 'link'));
    expect([link?.text, link?.marks?.find((mark) => mark.type === 'link')?.attrs?.href]).toEqual(['the list', 'https://example.org/spokespeople']);

    const bullets = blocks.find((node) => node.type === 'bulletList')!;
    expect(listShape(bullets)).toEqual(['Press questions', ['bulletList', ['Forward to Communications']], 'Complaints']);
    expect(tableShape(blocks.find((node) => node.type === 'table')!)).toEqual([
      ['Channel', 'Owner'],
      ['LinkedIn', 'HR'],
    ]);
    expect(JSON.stringify(blocks)).not.toMatch(/docs-internal|font-|Arial|color/);
  });

  test('Word titles become sub-headings; links that are not web or mail links and headings inside table cells are not kept', async () => {
    const admin = await signUpAdmin(world.url, 'communications', 'Ada Admin');
    const policyId = await createPolicy(world.url, admin, { title: 'Edge policy' });
    const person = await world.person('comms', admin);
    const html = [
      '<html><body><!--StartFragment-->',
      '<p class=MsoTitle>Our rules<o:p></o:p></p>',
      '<p class=MsoNormal>Open <a href="javascript:alert(1)">this</a> or <a href="file:///C:/secret.docx">that</a>, or <a href="mailto:hr@example.org">mail HR</a>.<img src="file:///C:/Temp/clip_image001.png"></p>',
      '<table><tr><td><h1>Heading in a cell</h1></td><td><p><span style="mso-spacerun:yes"> </span></p></td></tr></table>',
      '<!--EndFragment--></body></html>',
    ].join('');
    const section = await pasteIntoFirstSection(person.page, world.url, admin, policyId, html, 'Open this or that', 'table');
    const links = nodes(section.content).flatMap((node) => (node.marks ?? []).filter((mark) => mark.type === 'link').map((mark) => [node.text, mark.attrs?.href]));
    expect(links).toEqual([['mail HR', 'mailto:hr@example.org']]);
    expect(section.text).toContain('Open this or that, or mail HR.');
    expect(section.content.filter((node) => node.type === 'heading').map((node) => [node.attrs?.level, nodeText(node)])).toEqual([[3, 'Our rules']]);
    const table = section.content.find((node) => node.type === 'table')!;
    expect(nodes([table]).some((node) => node.type === 'heading')).toBe(false);
    expect(tableShape(table).map((row) => row.map((text) => text.trim()))).toEqual([['Heading in a cell', '']]);
  });
});
