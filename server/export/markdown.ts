import { cellLines, type Block, type Inline, type TableBlock, type TableBlockCell } from './contentBlocks';
import type { ExportInput } from './exportModel';
import { NOTES_TITLE, REMOVED_NOTES_TITLE, TEXT_REMOVED, noteByline, noteEndingAt, type OutlineNote } from './exportNotes';
import { CONTENTS_TITLE, exportOutline, renderPart } from './exportOutline';
import type { BackMatter, DetailPart, InventoryPart, OutlineTable, PartRenderers, RecordPart } from './exportOutline';

/**
 * Renders the policy as CommonMark (with GFM tables and strikethrough). User text is escaped so
 * nothing typed in the editor can turn into markup, links or raw HTML when the file is rendered.
 */
export function renderMarkdown(input: ExportInput): string {
  const outline = exportOutline(input);
  const slugger = createSlugger();
  const parts: string[] = [];

  if (outline.draftNotice) {
    parts.push(`> **${escapeMarkdown(outline.draftNotice.lead)}** ${escapeMarkdown(outline.draftNotice.text)}`);
  }
  slugger.slug(outline.title);
  parts.push(`# ${escapeMarkdown(outline.title)}`);
  parts.push(outline.details.map((detail) => `- **${detail.label}:** ${renderPart(detail, DETAIL_VALUES)}`).join('\n'));

  // Slugs are handed out in document order, the way GitHub-style renderers number repeated headings.
  slugger.slug(CONTENTS_TITLE);
  const sectionSlugs = outline.sections.map((section) => {
    const slug = slugger.slug(section.title);
    for (const heading of headingTexts(section.blocks)) slugger.slug(heading);
    return slug;
  });
  const backMatterSlugs = new Map<string, string>();
  for (const part of outline.backMatter) {
    backMatterSlugs.set(part.anchor, slugger.slug(part.title));
    for (const heading of renderPart(part, SUBHEADINGS)) slugger.slug(heading);
  }
  parts.push(`## ${escapeMarkdown(CONTENTS_TITLE)}`);
  parts.push(
    [
      ...outline.sections.map((section, index) => `- [${escapeMarkdown(section.title)}](#${sectionSlugs[index]})`),
      ...outline.backMatter.map((part) => `- [${escapeMarkdown(part.title)}](#${backMatterSlugs.get(part.anchor)})`),
    ].join('\n'),
  );

  for (const section of outline.sections) {
    parts.push(`## ${escapeMarkdown(section.title)}`);
    if (section.byline) parts.push(escapeLineStarts(escapeMarkdown(section.byline)));
    const body = renderBlocks(section.blocks);
    if (body) parts.push(body);
    if (section.notes.length > 0) parts.push(`### ${escapeMarkdown(NOTES_TITLE)}`, ...section.notes.map(renderNote));
  }
  if (outline.removedNotes.length > 0) parts.push(`## ${escapeMarkdown(REMOVED_NOTES_TITLE)}`, ...outline.removedNotes.map(renderNote));

  for (const part of outline.backMatter) {
    parts.push(`## ${escapeMarkdown(part.title)}`, ...renderPart(part, BACK_MATTER));
  }

  return `${parts.join('\n\n')}\n`;
}

/** Footnote `[^cN]` for reference text; a note whose text was removed is referenced from nowhere, so it is a plain paragraph. */
function noteLabel(number: number): string {
  return `[^c${number}]`;
}

/** A GFM footnote definition: the quote, then each comment on its own indented line. */
function renderNote(note: OutlineNote): string {
  const lines = [`“${escapeMarkdown(note.quote)}”${note.removed ? ` (${escapeMarkdown(TEXT_REMOVED)})` : ''}`];
  for (const comment of note.comments) {
    const [first = '', ...rest] = comment.body.split('\n').map((line) => escapeLineStarts(escapeMarkdown(line)));
    lines.push(`**${escapeMarkdown(noteByline(comment))}:** ${first}`, ...rest);
  }
  const text = lines.map((line, index) => (index === 0 ? line : `    ${line}`)).join('\\\n');
  return note.removed ? `${note.number}\\. ${text.replace(/\n {4}/g, '\n')}` : `${noteLabel(note.number)}: ${text}`;
}

const BACK_MATTER: PartRenderers<BackMatter, string[]> = {
  // A draft says the summary in its first line already.
  endorsement: (record) => record.parts.map((part) => renderPart(part, RECORD_PARTS)),
  readingLevel: (level) => [escapeLineStarts(escapeMarkdown(level.summary)), renderTable(level.table)],
  inventory: (inventory) => inventory.parts.flatMap((part) => renderPart(part, INVENTORY_PARTS)),
};

/** The headings a back-matter part holds under its own, in order: they take slugs too. */
const SUBHEADINGS: PartRenderers<BackMatter, string[]> = {
  endorsement: () => [],
  readingLevel: () => [],
  inventory: (inventory) =>
    inventory.parts.flatMap((part) => renderPart<InventoryPart, string[]>(part, { empty: () => [], group: (group) => [group.department], findings: (findings) => [findings.title] })),
};

const DETAIL_VALUES: PartRenderers<DetailPart, string> = {
  text: (detail) => escapeMarkdown(detail.value),
  hash: (detail) => codeSpan(detail.value),
};

const RECORD_PARTS: PartRenderers<RecordPart, string> = {
  table: (part) => renderTable(part.table),
  empty: (part) => escapeMarkdown(part.text),
  note: (part) => escapeMarkdown(part.text),
  hash: (part) => `**${part.label}:** ${DETAIL_VALUES.hash(part)}`,
};

const INVENTORY_PARTS: PartRenderers<InventoryPart, string[]> = {
  empty: (part) => [escapeMarkdown(part.text)],
  group: (part) => [`### ${escapeMarkdown(part.department)}`, renderTable(part.table)],
  findings: (part) => [
    `### ${escapeMarkdown(part.title)}`,
    part.findings.map((finding) => `- ${escapeLineStarts(escapeMarkdown(finding.accounts ? `${finding.message} ${finding.accounts}` : finding.message))}`).join('\n'),
  ],
};

/**
 * Backslash-escapes the characters that start inline markup, tables or raw HTML in CommonMark/GFM.
 * Escaping `&` too keeps entity references such as `&lt;` literal.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~&]/g, '\\$&');
}

/** Escapes what only means something at the start of a line: list markers, setext underlines, indentation. */
function escapeLineStarts(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/^[ \t]+/, '')
        .replace(/^([-+=])/, '\\$1')
        .replace(/^(\d{1,9})([.)])/, '$1\\$2'),
    )
    .join('\n');
}

function codeSpan(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const padded = /^[` ]|[` ]$/.test(text) ? ` ${text} ` : text;
  return `${fence}${padded}${fence}`;
}

function renderTable(table: OutlineTable): string {
  const cell = (text: string) => escapeMarkdown(text.replace(/\s+/g, ' ').trim()) || ' ';
  const lines = [
    `| ${table.columns.map(cell).join(' | ')} |`,
    `| ${table.columns.map(() => '---').join(' | ')} |`,
    ...table.rows.map((row) => `| ${table.columns.map((_, index) => cell(row[index]?.text ?? '')).join(' | ')} |`),
  ];
  return lines.join('\n');
}

function renderBlocks(blocks: readonly Block[], separator = '\n\n'): string {
  const rendered: string[] = [];
  let previous: Block | undefined;
  let alternateMarker = false;
  for (const block of blocks) {
    // Two lists in a row would merge into one in Markdown unless the second uses a different marker.
    if (block.kind === 'list' && previous?.kind === 'list' && previous.ordered === block.ordered) alternateMarker = !alternateMarker;
    else alternateMarker = false;
    const text = renderBlock(block, alternateMarker);
    if (text) rendered.push(text);
    previous = block;
  }
  return rendered.join(separator);
}

function renderBlock(block: Block, alternateMarker: boolean): string {
  switch (block.kind) {
    case 'paragraph':
      return renderInlines(block.inlines);
    case 'heading': {
      const text = renderInlines(block.inlines.map((inline) => (inline.kind === 'break' ? SPACE : inline)));
      return text ? `${'#'.repeat(Math.min(6, Math.max(3, block.level)))} ${text.replace(/\n/g, ' ')}` : '';
    }
    case 'list':
      return renderList(block, alternateMarker);
    case 'quote': {
      const inner = renderBlocks(block.blocks);
      return inner ? inner.split('\n').map((line) => (line ? `> ${line}` : '>')).join('\n') : '';
    }
    case 'code': {
      const longestRun = Math.max(0, ...(block.text.match(/`{3,}/g) ?? []).map((run) => run.length));
      const fence = '`'.repeat(Math.max(3, longestRun + 1));
      return `${fence}${block.language ?? ''}\n${block.text}${block.text.endsWith('\n') || !block.text ? '' : '\n'}${fence}`;
    }
    case 'rule':
      // Not "---": under a paragraph line in a tight list item that would make a setext heading.
      return '***';
    case 'table':
      return renderContentTable(block);
  }
}

/**
 * A GFM pipe table. GFM tables need a header row, so a table without one uses its first row.
 * A cell is one line: a single paragraph keeps its formatting; paragraphs and list items are
 * joined with `<br>` as plain text (Markdown has no lists inside table cells).
 */
function renderContentTable(table: TableBlock): string {
  const cellText = (cell: TableBlockCell) => {
    const only = cell.blocks.length === 1 ? cell.blocks[0] : undefined;
    const text =
      only?.kind === 'paragraph'
        ? renderInlines(only.inlines.map((inline) => (inline.kind === 'break' ? SPACE : inline))).replace(/\\?\n/g, ' ')
        : cellLines(cell.blocks).map(escapeMarkdown).join('<br>');
    return text.replace(/\s+/g, ' ').trim() || ' ';
  };
  const row = (cells: readonly TableBlockCell[]) => {
    const texts = cells.flatMap((cell) => [cellText(cell), ...Array.from({ length: cell.colspan - 1 }, () => ' ')]);
    while (texts.length < table.columnCount) texts.push(' ');
    return `| ${texts.join(' | ')} |`;
  };
  const [first, ...rest] = table.rows;
  return [row(first ?? []), `| ${Array.from({ length: table.columnCount }, () => '---').join(' | ')} |`, ...rest.map(row)].join('\n');
}

const SPACE: Inline = { kind: 'text', text: ' ', marks: { bold: false, italic: false, underline: false, strike: false, code: false } };

function renderList(list: Extract<Block, { kind: 'list' }>, alternateMarker: boolean): string {
  // Tight (no blank lines) when each item is one paragraph, optionally followed by nested lists.
  const tight = list.items.every((item) => {
    const others = item.filter((block) => block.kind !== 'list');
    return others.length === 0 || (others.length === 1 && others[0]!.kind === 'paragraph');
  });
  const items = list.items.map((item, index) => {
    const marker = list.ordered ? `${list.start + index}${alternateMarker ? ')' : '.'}` : alternateMarker ? '*' : '-';
    const body = renderBlocks(item, tight ? '\n' : '\n\n');
    if (!body) return marker;
    const indent = ' '.repeat(marker.length + 1);
    return body
      .split('\n')
      .map((line, lineIndex) => (lineIndex === 0 ? `${marker} ${line}` : line ? `${indent}${line}` : ''))
      .join('\n');
  });
  return items.join(tight ? '\n' : '\n\n');
}

type MarkKey = 'link' | 'bold' | 'italic' | 'strike';

interface OpenMark {
  key: MarkKey;
  href?: string;
}

const DELIMITERS: Record<Exclude<MarkKey, 'link'>, string> = { bold: '**', italic: '*', strike: '~~' };

/**
 * Renders inline runs with properly nested delimiters. Whitespace at the edges of a run is moved
 * outside the delimiters, because CommonMark ignores `** bold **`. Underline has no Markdown form.
 */
function renderInlines(inlines: readonly Inline[]): string {
  const trimmed = [...inlines];
  while (trimmed[trimmed.length - 1]?.kind === 'break') trimmed.pop();
  while (trimmed[0]?.kind === 'break') trimmed.shift();

  let output = '';
  let pendingSpace = '';
  let open: OpenMark[] = [];

  const transitionTo = (wanted: OpenMark[]) => {
    let common = 0;
    while (common < open.length && common < wanted.length && open[common]!.key === wanted[common]!.key && open[common]!.href === wanted[common]!.href) {
      common += 1;
    }
    let closing = '';
    for (let index = open.length - 1; index >= common; index -= 1) closing += closeMark(open[index]!);
    let opening = '';
    for (let index = common; index < wanted.length; index += 1) opening += wanted[index]!.key === 'link' ? '[' : DELIMITERS[wanted[index]!.key as Exclude<MarkKey, 'link'>];
    open = wanted;
    return { closing, opening };
  };

  for (const [index, inline] of trimmed.entries()) {
    const note = noteEndingAt(trimmed, index);
    const reference = () => {
      if (note === undefined) return;
      // Outside every delimiter, so a link or emphasis never swallows the footnote.
      output += `${transitionTo([]).closing}${noteLabel(note)}`;
    };
    if (inline.kind === 'break') {
      output += `${pendingSpace}\\\n`;
      pendingSpace = '';
      continue;
    }
    const wanted: OpenMark[] = [];
    if (inline.href) wanted.push({ key: 'link', href: inline.href });
    if (inline.marks.bold) wanted.push({ key: 'bold' });
    if (inline.marks.italic) wanted.push({ key: 'italic' });
    if (inline.marks.strike) wanted.push({ key: 'strike' });

    let leading = '';
    let core: string;
    let trailing = '';
    if (inline.marks.code) {
      core = codeSpan(inline.text);
    } else {
      const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(inline.text)!;
      leading = match[1]!;
      core = escapeMarkdown(match[2]!);
      trailing = match[3]!;
    }
    if (!core) {
      pendingSpace += inline.text;
      reference();
      continue;
    }
    const { closing, opening } = transitionTo(wanted);
    output += `${closing}${pendingSpace}${leading}${opening}${core}`;
    pendingSpace = trailing;
    reference();
  }
  output += transitionTo([]).closing;
  return escapeLineStarts(output.replace(/[ \t]+$/, ''));
}

function closeMark(mark: OpenMark): string {
  if (mark.key === 'link') return `](${markdownHref(mark.href ?? '')})`;
  return DELIMITERS[mark.key];
}

/** Percent-encodes the characters that would end or break a Markdown link destination. */
function markdownHref(href: string): string {
  return href.replace(/[\s()<>\\`]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function headingTexts(blocks: readonly Block[]): string[] {
  const texts: string[] = [];
  for (const block of blocks) {
    if (block.kind === 'heading') texts.push(block.inlines.map((inline) => (inline.kind === 'text' ? inline.text : ' ')).join(''));
    else if (block.kind === 'quote') texts.push(...headingTexts(block.blocks));
    else if (block.kind === 'list') for (const item of block.items) texts.push(...headingTexts(item));
  }
  return texts;
}

/** GitHub-style heading anchors: lower case, punctuation removed, spaces to hyphens, "-1", "-2" for repeats. */
function createSlugger() {
  const seen = new Map<string, number>();
  return {
    slug(text: string): string {
      const base = text
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
        .replace(/ /g, '-');
      let slug = base;
      let count = seen.get(base) ?? 0;
      while (seen.has(slug)) {
        count += 1;
        slug = `${base}-${count}`;
      }
      seen.set(base, count);
      seen.set(slug, 0);
      return slug;
    },
  };
}
