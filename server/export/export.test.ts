import { strFromU8, unzipSync } from 'fflate';
import MarkdownIt from 'markdown-it';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { contentBlocks } from './contentBlocks';
import { renderDocx } from './docx';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { draftInput, endorsedInput, HOSTILE_TEXT, largeInput, tableInput } from '../../test/fixtures/exportFixture';
import { fileName, shortHash, type ExportInput } from './exportModel';
import { exportOutline, renderPart, type PartRenderers, type RecordPart } from './exportOutline';
import { renderHtml } from './html';
import { EXPORT_FORMATS, exportPolicy } from './index';
import { renderMarkdown } from './markdown';
import { findAll, findFirst, parseXml, textOf, type XmlElement } from '../../test/support/parseXml';
import { renderPdf } from './pdf';

const SECTION_TITLES = draftInput().sections.map((section) => section.title);
const DEPARTMENT_NAMES = ['Communications & PR', 'Marketing', 'IT & Security', 'HR', 'Legal', 'Compliance'];
const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
const FINGERPRINT = draftInput().fingerprint;
/** A policy nobody has signed anything of yet, with nothing in its inventory. */
const unsignedInput = (): ExportInput => ({
  ...draftInput(),
  sections: draftInput().sections.map((section) => ({ ...section, status: 'pending' as const })),
  endorsement: [],
  inventory: { entries: [], findings: [] },
});

describe('file names and hashes', () => {
  it('names the file after the title, endorsement state and day', () => {
    expect(fileName(draftInput(), 'pdf')).toBe('social-media-policy-draft-2025-03-14.pdf');
    expect(fileName(endorsedInput(), 'docx')).toBe('social-media-policy-endorsed-2025-03-14.docx');
    expect(fileName({ ...draftInput(), title: 'Política de Redes Sociales / 2025!' }, 'md')).toBe('politica-de-redes-sociales-2025-draft-2025-03-14.md');
    expect(fileName({ ...draftInput(), title: '???' }, 'html')).toBe('policy-draft-2025-03-14.html');
  });

  it('shortens a hash to its first 12 characters', () => {
    expect(shortHash('0123456789abcdef0123')).toBe('0123456789ab');
  });
});

describe('exportPolicy', () => {
  it.each([
    ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'PK'],
    ['pdf', 'application/pdf', '%PDF'],
    ['html', 'text/html; charset=utf-8', '<!DOCTYPE html>'],
    ['md', 'text/markdown; charset=utf-8', '> **DRAFT'],
  ] as const)('exports %s with its content type and file name', async (format, contentType, magic) => {
    const file = await exportPolicy(draftInput(), format);
    expect(file.contentType).toBe(contentType);
    expect(file.filename).toBe(`social-media-policy-draft-2025-03-14.${format}`);
    expect(Buffer.isBuffer(file.body)).toBe(true);
    expect(file.body.subarray(0, magic.length).toString('utf8')).toBe(magic);
  });

  it('lists every format', () => {
    expect([...EXPORT_FORMATS]).toEqual(['docx', 'pdf', 'html', 'md']);
  });
});

describe('export outline', () => {
  it('types the fingerprint as a hash, in the details and in the endorsement record', () => {
    const outline = exportOutline(draftInput());
    expect(outline.details.filter((detail) => detail.kind === 'hash')).toEqual([{ kind: 'hash', label: 'Fingerprint', value: FINGERPRINT }]);
    const record = outline.backMatter.find((part) => part.kind === 'endorsement')!;
    expect(record.kind === 'endorsement' && record.parts.map((part) => part.kind)).toEqual(['table', 'note', 'hash', 'note']);
  });

  it('types each sign-off status as a status cell', () => {
    const record = exportOutline(draftInput()).backMatter[0]!;
    if (record.kind !== 'endorsement' || record.parts[0]?.kind !== 'table') throw new Error('the record starts with its table');
    const statusCells = record.parts[0].table.rows.map((row) => row[2]);
    expect(new Set(statusCells.map((cell) => cell?.kind))).toEqual(new Set(['status']));
    expect(statusCells).toContainEqual({ kind: 'status', status: 'stale', text: 'Stale' });
    expect(statusCells).toContainEqual({ kind: 'status', status: 'pending', text: 'Pending' });
  });

  it('says so in an empty note where there is nothing to list, instead of an empty table', () => {
    const outline = exportOutline(unsignedInput());
    const [record, , inventory] = outline.backMatter;
    expect(record?.kind === 'endorsement' && record.parts).toEqual([
      { kind: 'empty', text: 'No sign-offs have been recorded.' },
      { kind: 'hash', label: 'Fingerprint', value: FINGERPRINT },
      { kind: 'note', text: expect.stringContaining('The fingerprint is a hash') },
    ]);
    expect(inventory?.kind === 'inventory' && inventory.parts).toEqual([{ kind: 'empty', text: 'No accounts have been registered.' }]);
  });

  it('renders a part with the renderer for its kind, and refuses at compile time a renderer set that leaves a kind out', () => {
    const names: PartRenderers<RecordPart, string> = { table: () => 'table', empty: () => 'empty', note: (note) => note.text, hash: (hash) => hash.value };
    expect(renderPart({ kind: 'hash', label: 'Fingerprint', value: 'abc' }, names)).toBe('abc');
    expect(renderPart({ kind: 'note', text: 'why' }, names)).toBe('why');
    // @ts-expect-error: a format that forgets the hash part does not compile.
    const incomplete: PartRenderers<RecordPart, string> = { table: () => '', empty: () => '', note: () => '' };
    expect(Object.keys(incomplete)).toHaveLength(3);
  });
});

describe('content walking', () => {
  it('renders unknown and malformed nodes as text instead of throwing', async () => {
    let deep: Record<string, unknown> = { type: 'text', text: 'bottom of a deep tree' };
    for (let depth = 0; depth < 2000; depth += 1) deep = { type: 'mystery', content: [deep] };
    const content = [
      { type: 'callout', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'inside a callout' }] }] },
      { type: 'paragraph', content: [{ type: 'mention', attrs: { id: 'x' }, content: [{ type: 'text', text: '@someone' }] }, null, { type: 'text' }, { type: 'text', text: 42 }] },
      { type: 'bulletList', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'item without listItem' }] }, 'junk'] },
      { type: 'orderedList', attrs: { start: 'seven' }, content: [{ type: 'listItem' }] },
      { type: 'heading', attrs: { level: 99 }, content: [{ type: 'text', text: 'odd heading', marks: [{ type: 'link', attrs: { href: 'data:text/html,<b>' } }, { type: 'sparkle' }] }] },
      { type: 'text', text: 'stray text at block level' },
      { type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'cell one' }] }] }, { type: 'tableCell', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'cell two' }] }] }] }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'control\u0000chars\u0007 and a lone \uD800 surrogate' }] },
      deep,
    ] as unknown as ExportInput['sections'][number]['content'];

    const blocks = contentBlocks(content);
    const markdown = renderMarkdown({ ...draftInput(), sections: [{ ...draftInput().sections[0]!, content }] });
    for (const text of ['inside a callout', '@someone', 'item without listItem', 'odd heading', 'stray text at block level', '| cell one | cell two |', 'controlchars and a lone  surrogate', 'bottom of a deep tree']) {
      expect(markdown).toContain(text);
    }
    expect(blocks.find((block) => block.kind === 'heading')).toMatchObject({ level: 6, inlines: [{ text: 'odd heading' }] });
    expect(JSON.stringify(blocks)).not.toContain('data:text');

    let nestedList: Record<string, unknown> = { type: 'paragraph', content: [{ type: 'text', text: 'innermost item' }] };
    let nestedQuote: Record<string, unknown> = { type: 'paragraph', content: [{ type: 'text', text: 'innermost quote' }] };
    for (let depth = 0; depth < 30; depth += 1) {
      nestedList = { type: depth % 2 ? 'orderedList' : 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: `level ${depth}` }] }, nestedList] }] };
      nestedQuote = { type: 'blockquote', content: [nestedQuote] };
    }
    content.push(nestedList as never, nestedQuote as never);
    const input = { ...draftInput(), sections: [{ ...draftInput().sections[0]!, content }] };
    await expect(renderDocx(input)).resolves.toBeInstanceOf(Buffer);
    await expect(renderPdf(input)).resolves.toBeInstanceOf(Buffer);
    expect(renderHtml(input)).toContain('bottom of a deep tree');
    expect(renderMarkdown(input)).toContain('innermost item');
    expect(renderHtml(input)).toContain('innermost quote');
    const pdfText = (await readPdf(await renderPdf(input))).pages.map((page) => page.text).join(' ');
    expect(pdfText).toContain('innermost item');
    expect(pdfText).toContain('innermost quote');
  });
});

describe('Markdown', () => {
  const markdownIt = new MarkdownIt({ html: true, linkify: false });
  const draft = renderMarkdown(draftInput());
  const endorsed = renderMarkdown(endorsedInput());

  it('leaves the organization out when none is named, instead of a label with nothing after it', () => {
    expect(draft).toContain('Organization');
    const unnamed = renderMarkdown({ ...draftInput(), organization: '  ' });
    expect(unnamed).not.toContain('Organization');
    expect(unnamed).toContain('Version');
  });

  it('starts a draft with a draft line, and only a draft', () => {
    expect(draft.split('\n')[0]).toBe('> **DRAFT — not endorsed.** 2 of 4 sections signed; 1 stale (changed after signing), 1 pending.');
    expect(endorsed).not.toContain('DRAFT');
    expect(endorsed.split('\n')[0]).toBe('# Social Media Policy');
  });

  it('has the endorsement record as a pipe table with escaped pipes', () => {
    const lines = draft.split('\n');
    const headerIndex = lines.indexOf('| Section | Department | Status | Signed by | Date | Hash (short) |');
    expect(headerIndex).toBeGreaterThan(0);
    expect(lines[headerIndex + 1]).toBe('| --- | --- | --- | --- | --- | --- |');
    expect(draft).toContain('| Security and access | Compliance | Signed | Jonas \\| Weber | 2025-03-11 09:16 UTC |');
    expect(draft).toContain('| Personal use \\| "opinions" \\& \\<you\\> | HR | Pending | — | — | — |');
  });

  it('escapes user text so it stays text', () => {
    expect(draft).toContain('\\<script\\>alert(1)\\</script\\>');
    expect(draft).toContain('\\*\\*x\\*\\* \\| \\[a\\](javascript:alert(1))');
    expect(draft).toContain('\n\\# not a heading\n');
    expect(draft).toContain('\n\\- not a list either\n');
  });

  it('parses back into the intended structure with a CommonMark parser', () => {
    const tokens = markdownIt.parse(draft, {});
    const html = markdownIt.render(draft);
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain(`<p>${'**x** | [a](javascript:alert(1))'}</p>`);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]!);
    expect(hrefs.length).toBeGreaterThan(5);
    for (const href of hrefs) expect(href).toMatch(/^(#|https:\/\/|mailto:)/);

    const headingTexts = (level: string) =>
      tokens.flatMap((token, index) => (token.type === 'heading_open' && token.tag === level ? [tokens[index + 1]!.children!.map((child) => child.content).join('')] : []));
    expect(headingTexts('h1')).toEqual(['Social Media Policy']);
    expect(headingTexts('h2')).toEqual(['Contents', ...SECTION_TITLES, 'Endorsement record', 'Reading level', 'Appendix: social media inventory']);
    expect(headingTexts('h3')).toEqual(expect.arrayContaining(['Opening an account', 'Closing an account', 'Marketing', 'Findings']));

    // Every table row keeps its six cells: the escaped pipe in "Jonas | Weber" did not split a cell.
    const firstTable = tokens.findIndex((token) => token.type === 'table_open');
    const tableEnd = tokens.findIndex((token, index) => index > firstTable && token.type === 'table_close');
    const rows = tokens.slice(firstTable, tableEnd).reduce<number[]>((cells, token) => {
      if (token.type === 'tr_open') cells.push(0);
      if (token.type === 'td_open' || token.type === 'th_open') cells[cells.length - 1]! += 1;
      return cells;
    }, []);
    expect(rows).toHaveLength(1 + draftInput().endorsement.length);
    expect(new Set(rows)).toEqual(new Set([6]));

    expect(tokens.filter((token) => token.type === 'ordered_list_open').map((token) => Number(token.attrGet('start') ?? 1))).toEqual([1, 3]);
    expect(html).toContain('<strong>all employees</strong>');
    expect(html).toContain('<a href="https://northwind.example/values">our values</a>');
    expect(html).toContain('<s>allowed</s>');
  });

  it('links the table of contents to the headings', () => {
    expect(draft).toContain('- [Purpose and scope](#purpose-and-scope)');
    expect(draft).toContain('- [Personal use \\| "opinions" \\& \\<you\\>](#personal-use--opinions--you)');
    expect(draft).toContain('- [Endorsement record](#endorsement-record)');
  });

  it('includes owners, the fingerprint, reading levels and the inventory', () => {
    expect(draft).toContain('Owner: Communications \\& PR · Approvers: HR, Legal · Status: Signed');
    expect(draft).toContain(`**Fingerprint:** \`${draftInput().fingerprint}\``);
    expect(draft).toContain('| Official accounts | 9.1 | 55.2 | Above target |');
    expect(draft).toContain('### Customer Service');
    expect(draft).toContain('- Only one administrator: the account is lost if that person leaves. Accounts: X @northwind\\_help (Customer Service)');
  });

  it('writes the fingerprint as code, and an empty note where nothing was signed', () => {
    expect(draft).toContain(`- **Fingerprint:** \`${FINGERPRINT}\``);
    expect(draft).toContain(`\n\n**Fingerprint:** \`${FINGERPRINT}\`\n\n`);
    const unsigned = renderMarkdown(unsignedInput());
    expect(unsigned).toContain('## Endorsement record\n\nNo sign-offs have been recorded.\n\n**Fingerprint:**');
    expect(unsigned).not.toContain('| Section | Department |');
    expect(unsigned).toContain('## Appendix: social media inventory\n\nNo accounts have been registered.\n');
  });

  it("names departments from the organization's list, and an unknown one by its id", () => {
    const input = draftInput();
    const renamed = renderMarkdown({
      ...input,
      departments: (input.departments ?? []).filter((department) => department.id !== 'legal').map((department) =>
        department.id === 'hr' ? { ...department, name: 'People & Culture' } : department,
      ),
    });
    expect(renamed).toContain('Owner: Communications \\& PR · Approvers: People \\& Culture, legal · Status: Signed');
    expect(renamed).not.toContain('Approvers: HR');
    const withoutList = renderMarkdown({ ...input, departments: undefined });
    expect(withoutList).toContain('Owner: communications · Approvers: hr, legal · Status: Signed');
  });
});

describe('HTML', () => {
  const draft = renderHtml(draftInput());
  const endorsed = renderHtml(endorsedInput());

  it('keeps hostile text escaped', () => {
    expect(draft).not.toMatch(/<script/i);
    expect(draft).not.toMatch(/<img/i);
    expect(draft).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(draft).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(draft.replaceAll('&lt;img src=x onerror=alert(1)&gt;', '')).not.toMatch(/onerror/i);
    expect(draft).toContain('<h2 id="section-personal-use-title">Personal use | &quot;opinions&quot; &amp; &lt;you&gt;</h2>');
  });

  it('keeps only http(s) and mailto links, and every in-page link has a target', () => {
    const hrefs = [...draft.matchAll(/\shref="([^"]*)"/g)].map((match) => match[1]!);
    for (const href of hrefs) expect(href).toMatch(/^(#|https?:\/\/|mailto:)/);
    expect(hrefs).toContain('https://northwind.example/values');
    expect(hrefs).toContain('mailto:social@northwind.example');
    expect(draft).toContain('<p>A link that must be dropped and one that stays:');
    const ids = new Set([...draft.matchAll(/\sid="([^"]*)"/g)].map((match) => match[1]));
    for (const href of hrefs.filter((href) => href.startsWith('#'))) expect(ids).toContain(href.slice(1));
  });

  it('is one self-contained, accessible document', () => {
    expect(draft.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(draft.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(draft).toMatch(/<nav aria-labelledby="contents-title">/);
    expect(draft.match(/<main>/g)).toHaveLength(1);
    expect(draft).toContain('<th scope="col">Hash (short)</th>');
    expect(draft).toContain('<th scope="row">Security and access</th>');
    expect(draft).toContain('@media print');
    expect(draft.replaceAll(HOSTILE_TEXT.image.replace('<', '&lt;').replace('>', '&gt;'), '')).not.toMatch(/\ssrc=|<link|@import|url\(/i);
    const levels = [...draft.matchAll(/<h([1-6])[\s>]/g)].map((match) => Number(match[1]));
    levels.forEach((level, index) => {
      if (index > 0) expect(level).toBeLessThanOrEqual(levels[index - 1]! + 1);
    });
    for (const name of DEPARTMENT_NAMES) expect(draft).toContain(name.replace('&', '&amp;'));
  });

  it('shows the fingerprint as code and marks each status cell with its status', () => {
    expect(draft).toContain(`<div><dt>Fingerprint</dt><dd><code class="hash">${FINGERPRINT}</code></dd></div>`);
    expect(draft).toContain(`<p><strong>Fingerprint:</strong> <code class="hash">${FINGERPRINT}</code></p>`);
    expect(draft).toContain('<td class="status status-stale">Stale</td>');
    expect(draft).toContain('<td class="status status-pending">Pending</td>');
    expect(draft).toContain('<td class="status status-signed">Signed</td>');
    expect(draft.match(/class="status /g)).toHaveLength(draftInput().endorsement.length);
  });

  it('says so where nothing was signed or registered, without an empty table', () => {
    const unsigned = renderHtml(unsignedInput());
    const record = unsigned.slice(unsigned.indexOf('<section id="endorsement-record"'), unsigned.indexOf('</section>', unsigned.indexOf('<section id="endorsement-record"')));
    expect(record).toContain('<p>No sign-offs have been recorded.</p>');
    expect(record).not.toContain('<table>');
    expect(unsigned).toContain('<h2 id="inventory-appendix-title">Appendix: social media inventory</h2>\n<p>No accounts have been registered.</p>');
  });

  it('marks a draft at the top and in print, and an endorsed copy not at all', () => {
    expect(draft).toContain('<p class="draft-banner" role="note"><strong>DRAFT — not endorsed.</strong> 2 of 4 sections signed;');
    expect(draft).toContain('<body class="draft">');
    expect(draft).toContain('@top-center { content: "DRAFT — NOT ENDORSED"');
    expect(endorsed).not.toMatch(/DRAFT/);
    expect(endorsed).toContain('<body>');
  });
});

interface DocxParts {
  document: XmlElement;
  numbering: XmlElement;
  relationships: XmlElement;
  headers: string[];
  footers: string[];
}

function readDocx(buffer: Buffer): DocxParts {
  const files = unzipSync(new Uint8Array(buffer));
  const part = (name: string) => {
    const file = files[name];
    if (!file) throw new Error(`Missing ${name}`);
    return parseXml(strFromU8(file));
  };
  const texts = (pattern: RegExp) =>
    Object.keys(files)
      .filter((name) => pattern.test(name))
      .map((name) => textOf(part(name)));
  return {
    document: part('word/document.xml'),
    numbering: part('word/numbering.xml'),
    relationships: part('word/_rels/document.xml.rels'),
    headers: texts(/^word\/header\d*\.xml$/),
    footers: Object.keys(files)
      .filter((name) => /^word\/footer\d*\.xml$/.test(name))
      .map((name) => textOf(part(name), 'w:instrText')),
  };
}

const paragraphStyle = (paragraph: XmlElement) => findFirst(paragraph, 'w:pStyle')?.attributes['w:val'];

describe('DOCX', () => {
  let draft: DocxParts;
  let endorsed: DocxParts;
  let paragraphs: XmlElement[];

  beforeAll(async () => {
    draft = readDocx(await renderDocx(draftInput()));
    endorsed = readDocx(await renderDocx(endorsedInput()));
    const body = findFirst(draft.document, 'w:body')!;
    // Body paragraphs outside the table of contents and tables.
    paragraphs = body.children.filter((child): child is XmlElement => typeof child !== 'string' && child.name === 'w:p');
  });

  it('uses Word heading styles for the title, sections and sub-headings', () => {
    const byStyle = (style: string) => paragraphs.filter((paragraph) => paragraphStyle(paragraph) === style).map((paragraph) => textOf(paragraph));
    expect(byStyle('Title')).toEqual(['Social Media Policy']);
    expect(byStyle('Heading1')).toEqual([...SECTION_TITLES, 'Endorsement record', 'Reading level', 'Appendix: social media inventory']);
    expect(byStyle('Heading2')).toEqual(expect.arrayContaining(['Opening an account', 'Closing an account', 'Customer Service', 'Findings']));
  });

  it('has a table of contents field and a plain list of the sections', () => {
    const toc = findAll(draft.document, 'w:sdt').find((sdt) => findFirst(sdt, 'w:docPartGallery')?.attributes['w:val'] === 'Table of Contents');
    expect(toc).toBeDefined();
    expect(textOf(toc!, 'w:instrText')).toContain('TOC \\h \\o "1-2"');
    const linked = findAll(draft.document, 'w:hyperlink').filter((link) => link.attributes['w:anchor']?.startsWith('section_'));
    expect(linked.map((link) => textOf(link))).toEqual(SECTION_TITLES);
    const bookmarks = findAll(draft.document, 'w:bookmarkStart').map((bookmark) => bookmark.attributes['w:name']);
    expect(bookmarks).toEqual(expect.arrayContaining(['section_1', 'section_2', 'section_3', 'section_4']));
  });

  it('contains the section text, hostile text as plain text, and department names', () => {
    const allText = paragraphs.map((paragraph) => textOf(paragraph)).join('\n');
    expect(allText).toContain('Social media is part of how Northwind Health sells, hires and serves patients.');
    expect(allText).toContain(`Staff once pasted this into a post: ${HOSTILE_TEXT.script} and this: ${HOSTILE_TEXT.image}`);
    expect(allText).toContain(HOSTILE_TEXT.markdown);
    expect(allText).toContain('Phishing messages often look like platform support.');
    expect(allText).toContain('Owner: Communications & PR · Approvers: HR, Legal · Status: Signed');
    expect(allText).toContain('Incident line: +44 20 7946 0000Available 24/7');
  });

  it('formats runs and links with real Word properties', () => {
    const runs = findAll(draft.document, 'w:r');
    const run = (text: string) => runs.find((candidate) => textOf(candidate) === text)!;
    expect(findFirst(run('all employees'), 'w:b')).toBeDefined();
    expect(findFirst(run('temporary staff'), 'w:i')).toBeDefined();
    expect(findFirst(run('two-factor authentication'), 'w:u')).toBeDefined();
    expect(findFirst(run('allowed'), 'w:strike')).toBeDefined();

    const targets = new Map(findAll(draft.relationships, 'Relationship').map((relationship) => [relationship.attributes.Id, relationship.attributes]));
    const external = findAll(draft.document, 'w:hyperlink')
      .filter((link) => link.attributes['r:id'])
      .map((link) => ({ text: textOf(link), target: targets.get(link.attributes['r:id'])!.Target, mode: targets.get(link.attributes['r:id'])!.TargetMode }));
    expect(external).toEqual(
      expect.arrayContaining([
        { text: 'national guidance', target: 'https://www.example.org/guidance?topic=social&lang=en', mode: 'External' },
        { text: 'our values', target: 'https://northwind.example/values', mode: 'External' },
        { text: 'social@northwind.example', target: 'mailto:social@northwind.example', mode: 'External' },
      ]),
    );
    expect([...targets.values()].some((relationship) => /javascript/i.test(relationship.Target ?? ''))).toBe(false);
  });

  it('uses numbering definitions for bulleted and numbered lists', () => {
    const abstractFormats = new Map(
      findAll(draft.numbering, 'w:abstractNum').map((abstract) => {
        const level0 = findAll(abstract, 'w:lvl').find((level) => level.attributes['w:ilvl'] === '0')!;
        return [abstract.attributes['w:abstractNumId'], { format: findFirst(level0, 'w:numFmt')?.attributes['w:val'], start: findFirst(level0, 'w:start')?.attributes['w:val'] }];
      }),
    );
    const numToAbstract = new Map(findAll(draft.numbering, 'w:num').map((num) => [num.attributes['w:numId'], findFirst(num, 'w:abstractNumId')?.attributes['w:val']]));
    const listOf = (text: string) => {
      const paragraph = paragraphs.find((candidate) => textOf(candidate) === text);
      const numId = findFirst(paragraph!, 'w:numId')?.attributes['w:val'] ?? 'none';
      const level = findFirst(paragraph!, 'w:ilvl')?.attributes['w:val'];
      return { level, numId, ...abstractFormats.get(numToAbstract.get(numId) ?? 'none') };
    };
    expect(listOf('Contractors and agencies who post for us.')).toMatchObject({ level: '0', format: 'bullet' });
    expect(listOf('Send a request to the marketing team.')).toMatchObject({ level: '0', format: 'decimal', start: '1' });
    expect(listOf('Name a backup administrator.')).toMatchObject({ level: '1', format: 'bullet' });
    expect(listOf('Revoke access when someone leaves.')).toMatchObject({ level: '0', format: 'decimal', start: '3' });
    // Two separate numbered lists must not continue each other's count.
    expect(listOf('Revoke access when someone leaves.').numId).not.toBe(listOf('Send a request to the marketing team.').numId);
  });

  it('sets the fingerprint in a monospace font, in the details and in the endorsement record', () => {
    const fingerprintRuns = findAll(draft.document, 'w:r').filter((run) => textOf(run) === FINGERPRINT);
    expect(fingerprintRuns).toHaveLength(2);
    for (const run of fingerprintRuns) expect(findFirst(run, 'w:rFonts')?.attributes['w:ascii']).toBe('Consolas');
    const labels = fingerprintRuns.map((run) => paragraphs.find((paragraph) => paragraph.children.includes(run)));
    expect(labels.map((paragraph) => textOf(paragraph!))).toEqual([`Fingerprint: ${FINGERPRINT}`, `Fingerprint: ${FINGERPRINT}`]);
  });

  it('says so where nothing was signed or registered, without an empty table', async () => {
    const unsigned = readDocx(await renderDocx(unsignedInput()));
    const texts = findAll(unsigned.document, 'w:p').map((paragraph) => textOf(paragraph));
    expect(texts).toContain('No sign-offs have been recorded.');
    expect(texts).toContain('No accounts have been registered.');
    expect(findAll(unsigned.document, 'w:tbl').map((table) => textOf(table))).not.toContainEqual(expect.stringContaining('Hash (short)'));
  });

  it('has the endorsement record as a table with a repeating header row', () => {
    const table = findAll(draft.document, 'w:tbl')[0]!;
    const rows = findAll(table, 'w:tr');
    const cells = (row: XmlElement) => findAll(row, 'w:tc').map((cell) => textOf(cell));
    expect(findFirst(rows[0]!, 'w:tblHeader')).toBeDefined();
    expect(findAll(rows[0]!, 'w:r').every((run) => findFirst(run, 'w:b'))).toBe(true);
    expect(cells(rows[0]!)).toEqual(['Section', 'Department', 'Status', 'Signed by', 'Date', 'Hash (short)']);
    expect(rows).toHaveLength(1 + draftInput().endorsement.length);
    expect(rows.map(cells)).toContainEqual(['Security and access', 'IT & Security', 'Stale', 'Mei Chen', '2025-03-10 09:15 UTC', shortHash(draftInput().endorsement[6]!.hash!)]);
    expect(rows.map(cells)).toContainEqual(['Personal use | "opinions" & <you>', 'HR', 'Pending', '—', '—', '—']);
    const tableText = rows.map(cells).flat().join(' ');
    for (const name of DEPARTMENT_NAMES) expect(tableText).toContain(name);
  });

  it('puts page numbers in the footer and the draft mark in the header only for drafts', () => {
    expect(draft.footers.join(' ')).toMatch(/PAGE.*NUMPAGES/);
    expect(draft.headers.length).toBeGreaterThan(0);
    expect(draft.headers.every((header) => header.includes('DRAFT — not endorsed'))).toBe(true);
    expect(endorsed.headers.join(' ')).not.toContain('DRAFT');
    expect(paragraphs.map((paragraph) => textOf(paragraph))[0]).toContain('DRAFT — not endorsed.');
    const endorsedBody = findAll(endorsed.document, 'w:t').map((text) => text.children.join('')).join(' ');
    expect(endorsedBody).not.toContain('DRAFT');
  });
});

interface PdfPage {
  text: string;
  /** Each piece of text with the name of the font it is set in. */
  runs: { text: string; font: string }[];
  fontNames: string[];
  fontsEmbedded: boolean[];
  links: string[];
}

async function readPdf(buffer: Buffer): Promise<{ title: unknown; pages: PdfPage[] }> {
  const pdf = await getDocument({ data: new Uint8Array(buffer), disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  const metadata = await pdf.getMetadata();
  const pages: PdfPage[] = [];
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const page = await pdf.getPage(number);
    const content = await page.getTextContent();
    await page.getOperatorList();
    const fontIds = new Set<string>();
    const text = content.items
      .map((item) => {
        if (!('str' in item)) return '';
        fontIds.add(item.fontName);
        return item.str + (item.hasEOL ? '\n' : '');
      })
      .join('');
    const fontName = (id: string) => (page.commonObjs.get(id) as { name: string }).name;
    const fonts = [...fontIds].map((id) => page.commonObjs.get(id) as { name: string; missingFile: boolean });
    const annotations = (await page.getAnnotations()) as { subtype: string; url?: string }[];
    pages.push({
      text: collapse(text),
      runs: content.items.flatMap((item) => ('str' in item && item.str.trim() ? [{ text: item.str, font: fontName(item.fontName) }] : [])),
      fontNames: fonts.map((font) => font.name),
      fontsEmbedded: fonts.map((font) => !font.missingFile),
      links: annotations.filter((annotation) => annotation.subtype === 'Link' && annotation.url).map((annotation) => annotation.url!),
    });
  }
  await pdf.destroy();
  return { title: (metadata.info as Record<string, unknown>).Title, pages };
}

describe('PDF', () => {
  let draft: Awaited<ReturnType<typeof readPdf>>;
  let endorsed: Awaited<ReturnType<typeof readPdf>>;

  beforeAll(async () => {
    draft = await readPdf(await renderPdf(draftInput()));
    endorsed = await readPdf(await renderPdf(endorsedInput()));
  });

  it('sets the document title', () => {
    expect(draft.title).toBe('Social Media Policy (DRAFT — not endorsed)');
    expect(endorsed.title).toBe('Social Media Policy');
  });

  it('numbers every page as "Page X of Y"', () => {
    expect(draft.pages.length).toBeGreaterThan(2);
    draft.pages.forEach((page, index) => expect(page.text).toContain(`Page ${index + 1} of ${draft.pages.length}`));
    endorsed.pages.forEach((page, index) => expect(page.text).toContain(`Page ${index + 1} of ${endorsed.pages.length}`));
  });

  it('marks every page of a draft, and no page of an endorsed copy', () => {
    for (const page of draft.pages) expect(page.text).toContain('DRAFT — NOT ENDORSED');
    for (const page of endorsed.pages) expect(page.text).not.toMatch(/DRAFT/i);
  });

  it('contains the title, sections, departments and hostile text as plain text', () => {
    expect(draft.pages[0]!.text).toContain('Social Media Policy');
    expect(draft.pages[0]!.text).toContain('Organization: Northwind Health Trust');
    const allText = draft.pages.map((page) => page.text).join(' ');
    for (const title of SECTION_TITLES) expect(allText).toContain(title);
    for (const name of DEPARTMENT_NAMES) expect(allText).toContain(name);
    expect(allText).toContain('This policy applies to all employees, interns and temporary staff.');
    expect(allText).toContain('1. Send a request to the marketing team.');
    expect(allText).toContain('3. Revoke access when someone leaves.');
    expect(allText).toContain('• Employees, interns and temporary staff.');
    expect(allText).toContain(collapse(`Staff once pasted this into a post: ${HOSTILE_TEXT.script} and this: ${HOSTILE_TEXT.image}`));
    expect(allText).toContain(HOSTILE_TEXT.markdown);
    expect(allText).toContain('Phishing messages often look like platform support.');
  });

  it('has the endorsement table with a row per department sign-off', () => {
    const record = draft.pages.map((page) => page.text).find((text) => text.includes('Section Department Status Signed by Date Hash (short)'))!;
    expect(record).toMatch(/^Endorsement record 2 of 4 sections signed/);
    expect(record).toMatch(/Security and access IT & Security Stale Mei Chen 2025-03-10 09:15 UTC be8fb2c8bfde/);
    expect(record).toContain('Jonas | Weber');
    expect(record).toContain(draftInput().fingerprint);
  });

  it('sets the fingerprint in the monospace font, in the details and in the endorsement record', () => {
    const runs = draft.pages.flatMap((page) => page.runs).filter((run) => run.text.includes(FINGERPRINT.slice(0, 16)));
    expect(runs.length).toBeGreaterThanOrEqual(2);
    for (const run of runs) expect(run.font).toMatch(/DejaVuSansMono$/);
    const labels = draft.pages.flatMap((page) => page.runs).filter((run) => run.text.startsWith('Fingerprint:'));
    expect(labels).toHaveLength(2);
    for (const label of labels) expect(label.font).toMatch(/DejaVuSans-Bold$/);
  });

  it('says so where nothing was signed or registered', async () => {
    const unsigned = (await readPdf(await renderPdf(unsignedInput()))).pages.map((page) => page.text).join(' ');
    expect(unsigned).toContain('Endorsement record 0 of 4 sections signed; 4 pending. No sign-offs have been recorded. Fingerprint:');
    expect(unsigned).not.toContain('Hash (short)');
    expect(unsigned).toContain('Appendix: social media inventory No accounts have been registered.');
  });

  it('links to http(s) and mailto targets only', () => {
    const links = draft.pages.flatMap((page) => page.links);
    expect(links).toEqual(expect.arrayContaining(['https://northwind.example/values', 'mailto:social@northwind.example']));
    expect(links.some((link) => /javascript/i.test(link))).toBe(false);
  });

  it('embeds the DejaVu fonts', () => {
    const names = new Set(draft.pages.flatMap((page) => page.fontNames));
    expect([...names].every((name) => /DejaVu/.test(name))).toBe(true);
    expect([...names].some((name) => /DejaVuSans-Bold$/.test(name))).toBe(true);
    expect(draft.pages.flatMap((page) => page.fontsEmbedded).every(Boolean)).toBe(true);
  });
});

const run = promisify(execFile);

/** Runs a poppler tool (pdfinfo, pdftotext) on a PDF written to a temporary file, and returns what it printed. */
async function poppler(tool: 'pdfinfo' | 'pdftotext', args: readonly string[], pdf: Buffer): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), 'accord-pdf-'));
  try {
    const file = join(folder, 'export.pdf');
    writeFileSync(file, pdf);
    const { stdout } = await run(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { maxBuffer: 32 * 1024 * 1024 });
    return stdout;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('tables in the policy text', () => {
  it('Markdown: a pipe table with its header row, escaped pipes, and list cells joined with <br>', () => {
    const markdown = renderMarkdown(tableInput());
    expect(markdown).toContain(['| Tool | Status | Conditions |', '| --- | --- | --- |', '| ChatGPT | **Not approved** | • No patient data<br>• No drafts of press releases |', '| Canva | Approved | Brand kit \\| templates only |'].join('\n'));
    const tokens = new MarkdownIt().parse(markdown, {});
    const headerCells = tokens.filter((token, index) => token.type === 'inline' && tokens[index - 1]?.type === 'th_open').map((token) => token.content);
    expect(headerCells).toEqual(expect.arrayContaining(['Tool', 'Status', 'Conditions']));
  });

  it('HTML: a table with column headers in <thead>, a row header, and lists kept in their cell', () => {
    const html = renderHtml(tableInput());
    const table = /<table class="content-table">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    expect(table).toContain('<thead>\n<tr><th scope="col">Tool</th><th scope="col">Status</th><th scope="col">Conditions</th></tr>\n</thead>');
    expect(table).toContain('<td><strong>Not approved</strong></td>');
    expect(table).toMatch(/<td><ul>\s*<li>No patient data<\/li>\s*<li>No drafts of press releases<\/li>\s*<\/ul><\/td>/);
    expect(table).toContain('<th scope="row">Canva</th><td>Approved</td><td>Brand kit | templates only</td>');
  });

  it('DOCX: a real Word table with borders, a repeating header row and the cell text', async () => {
    const docx = readDocx(await renderDocx(tableInput()));
    const tables = findAll(docx.document, 'w:tbl');
    const tools = tables.find((table) => textOf(table).includes('ChatGPT'));
    expect(tools).toBeDefined();
    const rows = findAll(tools!, 'w:tr');
    expect(rows.map((row) => findAll(row, 'w:tc').map((cell) => textOf(cell)))).toEqual([
      ['Tool', 'Status', 'Conditions'],
      ['ChatGPT', 'Not approved', 'No patient dataNo drafts of press releases'],
      ['Canva', 'Approved', 'Brand kit | templates only'],
    ]);
    expect(findFirst(rows[0]!, 'w:tblHeader')).toBeDefined();
    expect(findAll(rows[0]!, 'w:r').every((run) => findFirst(run, 'w:b'))).toBe(true);
    expect(rows.slice(1).map((row) => findFirst(row, 'w:tblHeader'))).toEqual([undefined, undefined]);
    const borders = findFirst(tools!, 'w:tblBorders')!;
    expect(findFirst(borders, 'w:insideH')?.attributes['w:val']).toBe('single');
    // The list in a cell is a Word list, not typed bullets.
    const listCell = findAll(rows[1]!, 'w:tc')[2]!;
    expect(findAll(listCell, 'w:numPr')).toHaveLength(2);
  });

  it('PDF: the cell text is there, in its columns, and the table is tagged with header cells', async () => {
    const pdf = await renderPdf(tableInput());
    const text = collapse(await poppler('pdftotext', ['-raw'], pdf));
    expect(text).toContain('Tool Status Conditions ChatGPT Not approved');
    expect(text).toContain('• No patient data');
    expect(text).toContain('Brand kit | templates only');
    const structure = await poppler('pdfinfo', ['-struct-text'], pdf);
    expect(structure).toMatch(/Table \(block\)\n\s+TR\n\s+TH:\n\s+\/Scope \/Column\n\s+"Tool"/);
    expect(structure).toMatch(/TD\n\s+"ChatGPT"/);
    expect(structure).toMatch(/\/Scope \/Row\n\s+"Canva"/);
  });

  it('breaks a long table between rows and repeats its header row on the next page, outside the structure', async () => {
    const input = tableInput();
    const longTable = structuredClone(input.sections[4]!.content[1]!);
    const bodyRow = longTable.content![1]!;
    longTable.content = [longTable.content![0]!, ...Array.from({ length: 80 }, () => structuredClone(bodyRow))];
    input.sections[4]!.content = [longTable];
    const pdf = await renderPdf(input);
    const pages = (await poppler('pdftotext', ['-raw'], pdf)).split('\f');
    const withRows = pages.filter((page) => page.includes('ChatGPT'));
    expect(withRows.length).toBeGreaterThan(1);
    for (const page of withRows) expect(collapse(page)).toContain('Tool Status Conditions');
    // Read once: the structure has one header row and all 80 rows.
    const structure = await poppler('pdfinfo', ['-struct-text'], pdf);
    const toolsTable = structure.slice(structure.indexOf('"Tool"') - 200);
    expect(toolsTable.match(/"Tool"/g)).toHaveLength(1);
    expect(structure.match(/"ChatGPT"/g)).toHaveLength(80);
  });
});

describe('places still to fill in', () => {
  it('are counted and named under the title and in the endorsement record, in every format', async () => {
    const input = endorsedInput();
    input.sections[0]!.content = [
      { type: 'paragraph', content: [{ type: 'text', text: 'Ask {{legal_contact}} first, then {{ legal_contact }} again.' }] },
      { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Reviewed {{review_cycle}}.' }] }] }] },
    ];
    const outline = exportOutline(input);
    expect(outline.details).toContainEqual({ kind: 'text', label: 'Still to fill in', value: '3 places (shown as {{…}} in the text): Legal contact, Review cycle' });
    const record = outline.backMatter.find((part) => part.kind === 'endorsement')!;
    expect(record.kind === 'endorsement' && record.parts[0]).toEqual({ kind: 'note', text: 'The text still has 3 places to fill in, shown as {{…}}. The sign-offs below cover the text as it is, blanks included.' });
    expect(renderMarkdown(input)).toContain('Still to fill in');
    expect(renderHtml(input)).toContain('The text still has 3 places to fill in');
    expect(collapse(await poppler('pdftotext', ['-raw'], await renderPdf(input)))).toContain('The text still has 3 places to fill in');
    expect(textOf(readDocx(await renderDocx(input)).document)).toContain('Still to fill in');

    // A text with every place filled in says nothing about it.
    const filled = exportOutline(endorsedInput());
    expect(filled.details.map((detail) => detail.label)).not.toContain('Still to fill in');
  });
});

describe('the PDF endorsement record', () => {
  it('keeps every word and short hash whole in its column, with and without the comment column', async () => {
    for (const comment of [undefined, 'Subject to the NLRA wording in section 4.']) {
      const input = endorsedInput();
      input.endorsement = input.endorsement.map((row) => ({ ...row, ...(comment ? { comment } : {}) }));
      const pages = (await poppler('pdftotext', ['-raw'], await renderPdf(input))).split('\f');
      const record = collapse(pages.find((page) => page.includes('Endorsement record') && page.includes('Signed by')) ?? '');
      expect(record, 'the record page').not.toBe('');
      expect(record).toContain('Section Department Status Signed by Date Hash (short)');
      for (const name of new Set(input.endorsement.map((row) => row.department))) {
        const shown = input.departments?.find((department) => department.id === name)?.name ?? name;
        for (const word of shown.split(' ')) expect(record, `“${word}” of ${shown}`).toMatch(new RegExp(`(^|\\s)${word.replace(/[&]/g, '\\$&')}(\\s|$)`));
      }
      for (const row of input.endorsement) if (row.hash) expect(record).toContain(shortHash(row.hash));
    }
  });
});

describe('tagged PDF', () => {
  let info: string;
  let structure: string;

  beforeAll(async () => {
    const pdf = await renderPdf(tableInput());
    info = await poppler('pdfinfo', [], pdf);
    structure = await poppler('pdfinfo', ['-struct'], pdf);
  });

  it('is reported as tagged, with its title shown and PDF 1.7', () => {
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^Title:\s+Social Media Policy \(DRAFT — not endorsed\)$/m);
    expect(info).toMatch(/^PDF version:\s+1\.7$/m);
  });

  it('has a structure tree in reading order: title, contents, section headings, lists and tables', () => {
    const lines = structure.split('\n').map((line) => line.trim().replace(/ \(.*\)$/, ''));
    expect(lines[0]).toBe('Document');
    for (const type of ['H1', 'H2', 'H3', 'P', 'TOC', 'TOCI', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TH:', 'TD', 'BlockQuote', 'Code']) expect(lines).toContain(type);
    const first = (type: string) => lines.indexOf(type);
    expect(first('H1')).toBeLessThan(first('TOC'));
    expect(first('TOC')).toBeLessThan(first('L'));
    expect(lines.filter((line) => line === 'H1')).toHaveLength(1);
  });

  it('keeps page headers, footers and the watermark out of the structure', async () => {
    const text = await poppler('pdfinfo', ['-struct-text'], await renderPdf(tableInput()));
    expect(text).not.toMatch(/"Page \d+ of \d+"/);
    expect(text).not.toContain('DRAFT — NOT ENDORSED');
    expect(text).toContain('Approved tools');
  });
});

describe('export parts', () => {
  const withParts = (parts: ExportInput['parts']) => ({ ...tableInput(), parts });

  it('leaves out what was not chosen, in every format', async () => {
    const textOnly = withParts(['text']);
    const markdown = renderMarkdown(textOnly);
    expect(markdown).toContain('## Approved tools');
    expect(markdown).not.toMatch(/Endorsement record|Reading level|inventory|Only one administrator/);
    const html = renderHtml(textOnly);
    expect(html).not.toMatch(/endorsement-record|reading-level|inventory-appendix/);
    const docx = readDocx(await renderDocx(textOnly));
    expect(textOf(docx.document)).not.toMatch(/Endorsement record|Only one administrator/);
    const pdfText = await poppler('pdftotext', ['-raw'], await renderPdf(textOnly));
    expect(pdfText).toContain('ChatGPT');
    expect(pdfText).not.toMatch(/Endorsement record|Only one administrator/);
  });

  it('shows only the record when only the record is chosen, and the inventory with its findings when asked', () => {
    const record = renderMarkdown(withParts(['endorsement']));
    expect(record).toContain('## Endorsement record');
    expect(record).not.toContain('## Approved tools');
    const everything = renderMarkdown(withParts(['text', 'endorsement', 'readability', 'inventory']));
    for (const heading of ['## Approved tools', '## Endorsement record', '## Reading level', '## Appendix: social media inventory', 'Only one administrator']) expect(everything).toContain(heading);
  });

  it('prints sign-off comments in the record, in a column only when someone wrote one', async () => {
    const outline = exportOutline(tableInput());
    const record = outline.backMatter.find((part) => part.kind === 'endorsement');
    const table = record?.kind === 'endorsement' && record.parts[0]?.kind === 'table' ? record.parts[0].table : undefined;
    expect(table?.columns.at(-1)).toBe('Comment');
    expect(table?.rows.at(-1)?.at(-1)).toEqual({ kind: 'text', text: 'Subject to NLRA wording' });
    expect(table?.rows[0]?.at(-1)).toEqual({ kind: 'text', text: '—' });
    expect(renderMarkdown(tableInput())).toContain('Subject to NLRA wording');
    expect(collapse(await poppler('pdftotext', ['-raw'], await renderPdf(tableInput())))).toContain('Subject to NLRA wording');
    const noComments = exportOutline(draftInput()).backMatter[0];
    expect(noComments?.kind === 'endorsement' && noComments.parts[0]?.kind === 'table' && noComments.parts[0].table.columns).not.toContain('Comment');
  });
});

describe('a 200-section policy', () => {
  it('renders off the main thread: the event loop stays free while a long PDF and DOCX are made', { timeout: 120_000 }, async () => {
    const input = { ...largeInput(200), parts: ['text', 'endorsement', 'readability', 'inventory'] as const };
    for (const format of ['pdf', 'docx'] as const) {
      let last = performance.now();
      let longest = 0;
      const timer = setInterval(() => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
      }, 5);
      const before = performance.eventLoopUtilization();
      const started = performance.now();
      const file = await exportPolicy(input, format);
      const took = performance.now() - started;
      const busy = performance.eventLoopUtilization(before).utilization;
      clearInterval(timer);
      expect(file.body.length).toBeGreaterThan(10_000);
      // Rendered here, the loop would be busy the whole time and its longest turn the whole render.
      // How busy it was is the steady measure; single gaps also include a loaded machine's scheduling.
      expect(busy, `${format}: busy ${(busy * 100).toFixed(0)}% of ${took.toFixed(0)} ms`).toBeLessThan(0.3);
      expect(longest, `${format}: longest turn of ${took.toFixed(0)} ms`).toBeLessThan(Math.max(250, took / 3));
    }
  });

  it('exports in every format', { timeout: 120_000 }, async () => {
    const input = largeInput(200);
    const titles = input.sections.map((section) => section.title);
    const markdown = renderMarkdown(input);
    const html = renderHtml(input);
    for (const title of titles) {
      expect(markdown).toContain(`## ${title.replaceAll('|', '\\|').replaceAll('&', '\\&').replaceAll('<', '\\<').replaceAll('>', '\\>')}`);
      expect(html).toContain(title.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'));
    }
    for (const format of EXPORT_FORMATS) {
      const file = await exportPolicy(input, format);
      expect(file.body.length).toBeGreaterThan(10_000);
    }
  });
});

describe('open comments as notes', () => {
  const bold = { type: 'bold' };
  const comment = (threadId: string) => ({ type: 'comment', attrs: { threadId } });
  const withThreads = (): ExportInput => {
    const input = draftInput();
    const [first, ...rest] = input.sections;
    const section = {
      ...first!,
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Staff ' },
            { type: 'text', text: 'may post', marks: [comment('t_open')] },
            { type: 'text', text: ' freely', marks: [comment('t_open'), bold] },
            { type: 'text', text: ' after ' },
            { type: 'text', text: 'forged range', marks: [comment('t_forged')] },
            { type: 'text', text: '.' },
          ],
        },
      ],
    };
    const at = '2025-03-14T09:30:00.000Z';
    return {
      ...input,
      sections: [section, ...rest],
      parts: ['text', 'comments'],
      threads: [
        { id: 't_open', sectionId: section.id, quote: 'may post freely', comments: [{ author: 'Lee Legal', department: 'legal', at, body: 'Too broad?\nSee <b>NLRA</b>.', edited: true }, { author: 'Hana HR', department: null, at, body: 'Agreed.', edited: false }] },
        { id: 't_removed', sectionId: section.id, quote: 'old sentence', comments: [{ author: 'Lee Legal', department: 'legal', at, body: 'Gone now.', edited: false }] },
        { id: 't_deleted_section', sectionId: 's_gone', quote: 'a deleted section', comments: [{ author: 'Lee Legal', department: 'legal', at, body: 'Whole section went.', edited: false }] },
      ],
    };
  };

  it('numbers threads in reading order, ignores marks naming no open thread, and places removed ones', () => {
    const outline = exportOutline(withThreads());
    const [first] = outline.sections;
    expect(first!.notes.map((note) => [note.number, note.threadId, note.removed])).toEqual([
      [1, 't_open', false],
      [2, 't_removed', true],
    ]);
    expect(outline.removedNotes.map((note) => [note.number, note.threadId])).toEqual([[3, 't_deleted_section']]);
    expect(first!.notes[0]!.comments[0]).toMatchObject({ author: 'Lee Legal', department: 'Legal', date: '2025-03-14 09:30 UTC', edited: true });
  });

  it('shows nothing without the comments part', () => {
    const outline = exportOutline({ ...withThreads(), parts: ['text'] });
    expect(outline.sections.flatMap((section) => section.notes)).toEqual([]);
    expect(renderMarkdown({ ...withThreads(), parts: ['text'] })).not.toContain('Too broad');
  });

  it('writes Markdown footnotes a CommonMark parser keeps as text, one reference after a range split by formatting', () => {
    const markdown = renderMarkdown(withThreads());
    expect(markdown.match(/\[\^c1\]/g)).toHaveLength(2); // the reference and the definition
    expect(markdown).toContain('may post **freely**[^c1] after forged range.');
    expect(markdown).toContain('See \\<b\\>NLRA\\</b\\>.');
    expect(markdown).toContain('2\\. “old sentence” (text removed)');
    expect(markdown).toContain('## Open comments on removed text');
    expect(new MarkdownIt().render(markdown)).not.toContain('<b>');
  });

  it('puts one HTML note number after the whole range and escapes the comment', () => {
    const html = renderHtml(withThreads());
    expect(html).toContain('<mark class="commented">may post</mark><mark class="commented"><strong> freely</strong></mark><sup class="note-ref"><a href="#note-1" aria-label="Comment 1">1</a></sup>');
    expect(html).toContain('Too broad?<br>See &lt;b&gt;NLRA&lt;/b&gt;.');
    expect(html.match(/class="note-ref"/g)).toHaveLength(1);
  });

  it('makes one Word comment a thread, with replies threaded and the range around the text', async () => {
    const files = unzipSync(new Uint8Array(await renderDocx(withThreads())));
    const comments = strFromU8(files['word/comments.xml']!);
    const document = strFromU8(files['word/document.xml']!);
    expect(findAll(parseXml(comments), 'w:comment').map((element) => element.attributes['w:id'])).toEqual(['1', '4', '2', '3']);
    expect(document).toMatch(/<w:commentRangeStart w:id="1"\/>.*may post.*freely.*<w:commentRangeEnd w:id="1"\/>/s);
    expect(document.match(/w:commentRangeStart/g)).toHaveLength(3);
    expect(files['word/commentsExtended.xml']).toBeDefined();
  });
});

describe('the copy for staff (the staff link)', () => {
  it('keeps the text and when it was endorsed, and leaves out who signed, owners, hashes and authoring notes, in HTML and PDF', async () => {
    const input: ExportInput = { ...endorsedInput(), parts: ['text', 'endorsement'], audience: 'staff' };
    const full = renderHtml({ ...input, audience: undefined });
    const staff = renderHtml(input);
    const signer = input.endorsement.find((row) => row.signer)?.signer;
    expect(signer).toBeTruthy();
    // The same export without the audience has all of it, so each absence below means something.
    for (const text of ['Owner:', input.fingerprint, signer!]) expect(full).toContain(text);
    for (const text of ['Owner:', input.fingerprint, signer!, 'Endorsement record']) expect(staff).not.toContain(text);
    expect(staff).toContain('<dt>Endorsed</dt>');
    expect(staff).toContain('Download as PDF');
    expect(staff.match(/class="policy-section"/g)).toHaveLength(input.sections.length);

    const pdfText = (await readPdf(await renderPdf(input))).pages.map((page) => page.text).join(' ');
    expect(pdfText).toContain(input.sections[0]!.title);
    expect(pdfText).not.toContain('Owner:');
    expect(pdfText).not.toContain(signer!);
  });
});
