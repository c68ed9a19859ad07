import type { Block, Inline, TableBlock, TableBlockCell } from './contentBlocks';
import type { ExportInput } from './exportModel';
import { NOTES_TITLE, REMOVED_NOTES_TITLE, TEXT_REMOVED, noteByline, noteEndingAt, type OutlineNote } from './exportNotes';
import { CONTENTS_TITLE, CREATOR, DRAFT_HEADER, DRAFT_MARK, exportOutline, renderPart } from './exportOutline';
import type { BackMatter, DetailPart, InventoryPart, OutlineTable, PartRenderers, RecordPart, TableCell } from './exportOutline';

/**
 * Renders the policy as one self-contained HTML5 file that reads well on screen and prints cleanly.
 * Every value from the input is escaped, only http(s)/mailto links survive, and a Content-Security-Policy
 * forbids scripts and remote loads, so a hostile section can't run code in whoever opens the file.
 */
export function renderHtml(input: ExportInput): string {
  const outline = exportOutline(input);
  const draft = !outline.endorsed;
  const documentTitle = [draft ? DRAFT_HEADER : '', outline.title, outline.organization].filter(Boolean).join(' — ');
  const body: string[] = [];

  if (draft) body.push(`<div class="watermark" aria-hidden="true">${escapeHtml(DRAFT_MARK)}</div>`);
  body.push('<header>');
  if (outline.draftNotice) {
    body.push(`<p class="draft-banner" role="note"><strong>${escapeHtml(outline.draftNotice.lead)}</strong> ${escapeHtml(outline.draftNotice.text)}</p>`);
  }
  body.push(`<h1>${escapeHtml(outline.title)}</h1>`);
  body.push('<dl class="details">');
  for (const detail of outline.details) body.push(`<div><dt>${escapeHtml(detail.label)}</dt><dd>${renderPart(detail, DETAIL_VALUES)}</dd></div>`);
  body.push('</dl>');
  // The staff link's page: the same version to keep or print, from the same address.
  if (input.audience === 'staff') body.push('<p class="download"><a href="?format=pdf">Download as PDF</a></p>');
  body.push('</header>');

  body.push('<nav aria-labelledby="contents-title">', `<h2 id="contents-title">${escapeHtml(CONTENTS_TITLE)}</h2>`, '<ul>');
  for (const section of outline.sections) body.push(`<li><a href="#${escapeHtml(section.anchor)}">${escapeHtml(section.title)}</a></li>`);
  for (const part of outline.backMatter) body.push(`<li><a href="#${escapeHtml(part.anchor)}">${escapeHtml(part.title)}</a></li>`);
  body.push('</ul>', '</nav>');

  body.push('<main>');
  for (const section of outline.sections) {
    const titleId = `${section.anchor}-title`;
    body.push(`<section id="${escapeHtml(section.anchor)}" class="policy-section" aria-labelledby="${escapeHtml(titleId)}">`);
    body.push(`<h2 id="${escapeHtml(titleId)}">${escapeHtml(section.title)}</h2>`);
    if (section.byline) body.push(`<p class="byline">${escapeHtml(section.byline)}</p>`);
    body.push(renderBlocks(section.blocks));
    body.push(...renderNotes(section.notes, `${section.anchor}-notes`, NOTES_TITLE));
    body.push('</section>');
  }
  if (outline.removedNotes.length > 0) {
    body.push('<section class="removed-notes" aria-labelledby="removed-notes-title">', `<h2 id="removed-notes-title">${escapeHtml(REMOVED_NOTES_TITLE)}</h2>`);
    body.push(...renderNotes(outline.removedNotes, 'removed-notes', undefined), '</section>');
  }

  for (const part of outline.backMatter) body.push(...renderBackMatter(part));
  body.push('</main>');

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Defence in depth: even if something slipped past escaping, nothing could run or load.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="${escapeHtml(CREATOR)}">`,
    `<title>${escapeHtml(documentTitle)}</title>`,
    `<style>${stylesheet(draft)}</style>`,
    '</head>',
    `<body${draft ? ' class="draft"' : ''}>`,
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderBackMatter(part: BackMatter): string[] {
  const titleId = `${part.anchor}-title`;
  const open = (className?: string) =>
    `<section id="${escapeHtml(part.anchor)}"${className ? ` class="${className}"` : ''} aria-labelledby="${escapeHtml(titleId)}">`;
  const heading = `<h2 id="${escapeHtml(titleId)}">${escapeHtml(part.title)}</h2>`;
  return renderPart<BackMatter, string[]>(part, {
    // The summary is the table's caption, so it is not said twice.
    endorsement: (record) => [open(), heading, ...record.parts.map((recordPart) => renderPart(recordPart, RECORD_PARTS)), '</section>'],
    readingLevel: (level) => [open(), heading, `<p>${escapeHtml(level.summary)}</p>`, renderTable(level.table), '</section>'],
    inventory: (inventory) => [open('appendix'), heading, ...inventory.parts.flatMap((inventoryPart) => renderPart(inventoryPart, INVENTORY_PARTS)), '</section>'],
  });
}

const DETAIL_VALUES: PartRenderers<DetailPart, string> = {
  text: (detail) => escapeHtml(detail.value),
  hash: (detail) => `<code class="hash">${escapeHtml(detail.value)}</code>`,
};

const RECORD_PARTS: PartRenderers<RecordPart, string> = {
  table: (part) => renderTable(part.table),
  empty: (part) => `<p>${escapeHtml(part.text)}</p>`,
  note: (part) => `<p class="note">${escapeHtml(part.text)}</p>`,
  hash: (part) => `<p><strong>${escapeHtml(part.label)}:</strong> ${DETAIL_VALUES.hash(part)}</p>`,
};

const INVENTORY_PARTS: PartRenderers<InventoryPart, string[]> = {
  empty: (part) => [`<p>${escapeHtml(part.text)}</p>`],
  group: (part) => [`<h3>${escapeHtml(part.department)}</h3>`, renderTable(part.table)],
  findings: (part) => [
    `<h3>${escapeHtml(part.title)}</h3>`,
    '<ul class="findings">',
    ...part.findings.map((finding) => {
      const accounts = finding.accounts ? ` <span class="accounts">${escapeHtml(finding.accounts)}</span>` : '';
      return `<li>${escapeHtml(finding.message)}${accounts}</li>`;
    }),
    '</ul>',
  ],
};

/** Status cells carry their status as a class, which the stylesheet colours. */
const CELL_CLASSES: PartRenderers<TableCell, string | undefined> = {
  text: () => undefined,
  status: (cell) => `status status-${cell.status}`,
};

/** Escapes text for both element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ENTITIES[character]!);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function renderTable(table: OutlineTable): string {
  const { caption } = table;
  // Focusable and labelled, so keyboard users can scroll a wide table on a narrow screen.
  const lines = [`<div class="table-wrap" role="region" aria-label="${escapeHtml(caption)}" tabindex="0">`, '<table>', `<caption>${escapeHtml(caption)}</caption>`, '<thead>', '<tr>'];
  for (const column of table.columns) lines.push(`<th scope="col">${escapeHtml(column)}</th>`);
  lines.push('</tr>', '</thead>', '<tbody>');
  for (const row of table.rows) {
    const cells = table.columns.map((_, index) => {
      const cell = row[index];
      const value = cell?.text ?? '';
      const className = cell ? renderPart(cell, CELL_CLASSES) : undefined;
      const classAttribute = className ? ` class="${escapeHtml(className)}"` : '';
      // The first column names the row (section, platform), so screen readers announce it with each cell.
      return index === 0 ? `<th scope="row"${classAttribute}>${escapeHtml(value)}</th>` : `<td${classAttribute}>${escapeHtml(value)}</td>`;
    });
    lines.push(`<tr>${cells.join('')}</tr>`);
  }
  lines.push('</tbody>', '</table>');
  return lines.join('\n');
}

function renderBlocks(blocks: readonly Block[]): string {
  return blocks.map(renderBlock).filter(Boolean).join('\n');
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'paragraph': {
      const inner = renderInlines(block.inlines);
      return inner ? `<p>${inner}</p>` : '';
    }
    case 'heading': {
      // Sections are <h2>, so headings inside them start at <h3>.
      const level = Math.min(6, Math.max(3, block.level));
      const inner = renderInlines(block.inlines);
      return inner ? `<h${level}>${inner}</h${level}>` : '';
    }
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      const start = block.ordered && block.start !== 1 ? ` start="${block.start}"` : '';
      const items = block.items.map((item) => {
        // A single paragraph goes straight into the <li>, as browsers render tight lists.
        const only = item.length === 1 ? item[0] : undefined;
        return `<li>${only?.kind === 'paragraph' ? renderInlines(only.inlines) : renderBlocks(item)}</li>`;
      });
      return `<${tag}${start}>\n${items.join('\n')}\n</${tag}>`;
    }
    case 'quote':
      return `<blockquote>\n${renderBlocks(block.blocks)}\n</blockquote>`;
    case 'code': {
      const language = block.language ? ` class="language-${escapeHtml(block.language)}"` : '';
      return `<pre><code${language}>${escapeHtml(block.text)}</code></pre>`;
    }
    case 'rule':
      return '<hr>';
    case 'table':
      return renderContentTable(block);
  }
}

/**
 * A table from the policy text. A header first row becomes `<thead>` with column headers; a header
 * cell further down is a row header, so screen readers announce each cell with the right labels.
 */
function renderContentTable(table: TableBlock): string {
  const cell = (item: TableBlockCell, scope: 'col' | 'row' | undefined) => {
    const span = item.colspan > 1 ? ` colspan="${item.colspan}"` : '';
    const only = item.blocks.length === 1 ? item.blocks[0] : undefined;
    const inner = only?.kind === 'paragraph' ? renderInlines(only.inlines) : renderBlocks(item.blocks);
    return scope ? `<th scope="${scope}"${span}>${inner}</th>` : `<td${span}>${inner}</td>`;
  };
  const row = (cells: readonly TableBlockCell[], inHead: boolean) => `<tr>${cells.map((item) => cell(item, inHead ? 'col' : item.header ? 'row' : undefined)).join('')}</tr>`;
  const [first, ...rest] = table.rows;
  // Fixed layout with wrapping words: a policy table never needs a scrolling wrapper.
  const lines = ['<table class="content-table">'];
  if (table.headerRow && first) lines.push('<thead>', row(first, true), '</thead>');
  lines.push('<tbody>', ...(table.headerRow ? rest : table.rows).map((cells) => row(cells, false)), '</tbody>', '</table>');
  return lines.join('\n');
}

/** Footnote-style notes: the number, the quote, then each comment with who, department and when. */
function renderNotes(notes: readonly OutlineNote[], id: string, title: string | undefined): string[] {
  if (notes.length === 0) return [];
  const lines = [`<aside class="comment-notes" id="${escapeHtml(id)}"${title ? ` aria-label="${escapeHtml(title)}"` : ''}>`];
  if (title) lines.push(`<h3>${escapeHtml(title)}</h3>`);
  lines.push('<ol class="notes">');
  for (const note of notes) {
    lines.push(`<li id="note-${note.number}" value="${note.number}">`);
    lines.push(`<p class="note-quote">“${escapeHtml(note.quote)}”${note.removed ? ` <em>(${escapeHtml(TEXT_REMOVED)})</em>` : ''}</p>`);
    for (const comment of note.comments) {
      lines.push(`<p class="note-comment"><span class="note-by">${escapeHtml(noteByline(comment))}:</span> ${escapeHtml(comment.body).replace(/\n/g, '<br>')}</p>`);
    }
    lines.push('</li>');
  }
  lines.push('</ol>', '</aside>');
  return lines;
}

function renderInlines(inlines: readonly Inline[]): string {
  return inlines
    .map((inline, index) => {
      const note = noteEndingAt(inlines, index);
      const html = renderInline(inline);
      return note === undefined ? html : `${html}<sup class="note-ref"><a href="#note-${note}" aria-label="Comment ${note}">${note}</a></sup>`;
    })
    .join('');
}

function renderInline(inline: Inline): string {
  if (inline.kind === 'break') return '<br>';
  let html = escapeHtml(inline.text);
  if (inline.marks.code) html = `<code>${html}</code>`;
  if (inline.marks.strike) html = `<s>${html}</s>`;
  if (inline.marks.underline) html = `<u>${html}</u>`;
  if (inline.marks.italic) html = `<em>${html}</em>`;
  if (inline.marks.bold) html = `<strong>${html}</strong>`;
  if (inline.href) html = `<a href="${escapeHtml(inline.href)}">${html}</a>`;
  if (inline.note !== undefined) html = `<mark class="commented">${html}</mark>`;
  return html;
}

function stylesheet(draft: boolean): string {
  const css = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 52rem; padding: 2rem 1.25rem 4rem; font: 1rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1b1b1b; background: #fff; }
h1 { font-size: 2rem; line-height: 1.2; margin: 1rem 0 0.5rem; }
h2 { font-size: 1.45rem; line-height: 1.3; margin: 2.5rem 0 0.5rem; padding-bottom: 0.2rem; border-bottom: 1px solid #c8c8c8; }
h3 { font-size: 1.15rem; margin: 1.5rem 0 0.4rem; }
h4, h5, h6 { font-size: 1rem; margin: 1.2rem 0 0.3rem; }
a { color: #0b57a4; }
a:focus-visible { outline: 3px solid #0b57a4; outline-offset: 2px; }
.draft-banner { margin: 0 0 1rem; padding: 0.75rem 1rem; border: 2px solid #a4001d; border-radius: 4px; background: #fdecef; color: #6d0013; }
.details { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0.5rem 0 1.5rem; }
.details div { display: contents; }
.details dt { font-weight: 600; }
.details dd { margin: 0; }
.hash { font-family: ui-monospace, "DejaVu Sans Mono", Consolas, monospace; word-break: break-all; }
.byline { margin-top: 0; color: #4a4a4a; font-size: 0.92rem; }
.note { color: #4a4a4a; font-size: 0.92rem; }
mark.commented { background: #fff3c4; color: inherit; border-bottom: 1px dashed #8a6d00; }
.note-ref { font-size: 0.75em; line-height: 0; }
.comment-notes { margin: 1rem 0 0; padding: 0.5rem 1rem; border-top: 1px solid #c8c8c8; font-size: 0.92rem; }
.comment-notes h3 { margin: 0.25rem 0; font-size: 1rem; }
.comment-notes .notes { padding-left: 1.5rem; }
.note-quote { margin: 0.5rem 0 0.2rem; font-style: italic; }
.note-comment { margin: 0.2rem 0; white-space: normal; }
.note-by { font-weight: 600; }
li > p { margin: 0.2rem 0; }
blockquote { margin: 1rem 0; padding: 0.2rem 1rem; border-left: 4px solid #c8c8c8; color: #333; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Consolas, monospace; font-size: 0.92em; background: #f2f2f2; padding: 0 0.2em; border-radius: 3px; }
pre { background: #f2f2f2; padding: 0.75rem 1rem; border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
pre code { background: none; padding: 0; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
th, td { border: 1px solid #b5b5b5; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #ececec; }
.content-table { table-layout: fixed; overflow-wrap: anywhere; }
.content-table td > p:first-child, .content-table th > p:first-child { margin-top: 0; }
.content-table td > :last-child, .content-table th > :last-child { margin-bottom: 0; }
tbody th { font-weight: 600; }
.status-signed { color: #0a5c2d; }
.status-stale { color: #8a4b00; font-weight: 600; }
.status-pending { color: #6d0013; }
.watermark { display: none; }
@media print {
  @page { size: A4; margin: 2cm 1.8cm;${draft ? ` @top-center { content: "${DRAFT_MARK}"; color: #a4001d; font: 700 9pt sans-serif; }` : ''} }
  body { max-width: none; padding: 0; font-size: 10.5pt; line-height: 1.45; }
  a { color: inherit; }
  a[href^="http"]::after, a[href^="mailto:"]::after { content: " <" attr(href) ">"; font-size: 0.85em; overflow-wrap: anywhere; }
  h1, h2, h3, h4, h5, h6 { break-after: avoid-page; }
  nav { break-after: page; }
  thead { display: table-header-group; }
  tr, li, blockquote, pre { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  .draft-banner, thead th, code, pre { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  /* A fixed element is repeated on every printed page, which marks each page of a draft. */
  body.draft .watermark { display: block; position: fixed; top: 50%; left: 50%; font: 700 40pt/1 sans-serif; white-space: nowrap; color: rgba(164, 0, 29, 0.13); transform: translate(-50%, -50%) rotate(-35deg); z-index: 10; pointer-events: none; }
}
`;
  return css.trim();
}
