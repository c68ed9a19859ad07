import type { JSONContent } from '@tiptap/core';

/** Character formatting of a run of text. */
export interface InlineMarks {
  bold: boolean;
  italic: boolean;
  underline: boolean;
  strike: boolean;
  code: boolean;
}

export type Inline =
  | {
      kind: 'text';
      text: string;
      marks: InlineMarks;
      href?: string;
      /** The id in the text's `comment` mark, when it has one (the mark's id is not trusted: it may name no thread). */
      threadId?: string;
      /** The note number the outline gave the thread, when the export shows that thread. */
      note?: number;
    }
  | { kind: 'break' };

export type Block =
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'heading'; level: number; inlines: Inline[] }
  | { kind: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { kind: 'quote'; blocks: Block[] }
  | { kind: 'code'; text: string; language?: string }
  | { kind: 'rule' }
  | TableBlock;

/** A cell of a table in the policy text: a header cell (`tableHeader`) or a data cell, holding paragraphs and lists. */
export interface TableBlockCell {
  header: boolean;
  /** How many columns the cell covers (at least 1). */
  colspan: number;
  blocks: Block[];
}

/**
 * A table in the policy text. `headerRow` is true when every cell of the first row is a header
 * cell: the formats repeat it on every page and mark its cells as column headers.
 */
export interface TableBlock {
  kind: 'table';
  rows: TableBlockCell[][];
  /** The widest row, counting spanned columns. */
  columnCount: number;
  headerRow: boolean;
}

/** Columns a cell may span; wider spans in hostile JSON are clamped so a grid can't blow up. */
const MAX_COLSPAN = 50;

/** Deeper nesting than this is flattened to text: no editor produces it, and recursion must not overflow. */
const MAX_DEPTH = 40;

/** Thread ids are short server-made strings; a longer one in hostile JSON is ignored. */
const MAX_THREAD_ID_LENGTH = 100;

const NO_MARKS: InlineMarks = { bold: false, italic: false, underline: false, strike: false, code: false };

/**
 * Turns a section's ProseMirror JSON into a small, validated block tree that every format renders from.
 * The JSON comes from collaborative editing and is not trusted: unknown node types become their text,
 * malformed nodes are skipped, unsafe link targets are dropped, and nothing here throws.
 */
export function contentBlocks(content: readonly JSONContent[] | undefined): Block[] {
  return toBlocks(content, 0);
}

/**
 * The link target when it is safe to follow (http, https or mailto), otherwise undefined.
 * Everything else — javascript:, data:, relative paths — is dropped rather than rewritten.
 */
export function safeHref(href: unknown): string | undefined {
  if (typeof href !== 'string') return undefined;
  const trimmed = cleanText(href).trim();
  if (!/^(https?:\/\/|mailto:)/i.test(trimmed)) return undefined;
  if (/[\s<>"]/.test(trimmed)) return undefined;
  try {
    const url = new URL(trimmed);
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? trimmed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes characters that are invalid in XML (DOCX) or meaningless in print — control characters
 * other than tab and newline, and lone surrogates — so one stray byte can't corrupt a whole export.
 */
export function cleanText(text: unknown): string {
  if (typeof text !== 'string') return text == null ? '' : String(text);
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

/** The plain text of inline content, with line breaks as spaces: for headings, bookmarks and outlines. */
export function inlinePlainText(inlines: readonly Inline[]): string {
  return inlines.map((inline) => (inline.kind === 'text' ? inline.text : ' ')).join('');
}

function isNode(value: unknown): value is JSONContent {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function childNodes(node: JSONContent | undefined): JSONContent[] {
  return Array.isArray(node?.content) ? node.content.filter(isNode) : [];
}

function asNodes(nodes: readonly JSONContent[] | undefined): JSONContent[] {
  return Array.isArray(nodes) ? nodes.filter(isNode) : [];
}

const INLINE_TYPES = new Set(['text', 'hardBreak']);

function toBlocks(nodes: readonly JSONContent[] | undefined, depth: number): Block[] {
  const blocks: Block[] = [];
  // Inline nodes found directly at block level (malformed input) are gathered into one paragraph.
  let strayInlines: JSONContent[] = [];
  const flushStrayInlines = () => {
    if (strayInlines.length > 0) blocks.push({ kind: 'paragraph', inlines: toInlines(strayInlines, NO_MARKS, undefined, depth) });
    strayInlines = [];
  };

  for (const node of asNodes(nodes)) {
    if (typeof node.type === 'string' && INLINE_TYPES.has(node.type)) {
      strayInlines.push(node);
      continue;
    }
    flushStrayInlines();
    if (depth >= MAX_DEPTH) {
      pushTextParagraph(blocks, textContent(node));
      continue;
    }
    const block = toBlock(node, depth);
    if (Array.isArray(block)) blocks.push(...block);
    else if (block) blocks.push(block);
  }
  flushStrayInlines();
  return blocks;
}

function toBlock(node: JSONContent, depth: number): Block | Block[] | undefined {
  const attrs = isNode(node.attrs) ? node.attrs : {};
  switch (node.type) {
    case 'paragraph':
      return { kind: 'paragraph', inlines: toInlines(childNodes(node), NO_MARKS, undefined, depth) };
    case 'heading': {
      const level = Number.isInteger(attrs.level) ? Math.min(6, Math.max(1, attrs.level as number)) : 3;
      return { kind: 'heading', level, inlines: toInlines(childNodes(node), NO_MARKS, undefined, depth) };
    }
    case 'bulletList':
    case 'orderedList': {
      const ordered = node.type === 'orderedList';
      const start = Number.isInteger(attrs.start) && (attrs.start as number) >= 0 ? (attrs.start as number) : 1;
      const items = childNodes(node).map((item) =>
        item.type === 'listItem' ? toBlocks(childNodes(item), depth + 1) : toBlocks([item], depth + 1),
      );
      return { kind: 'list', ordered, start, items };
    }
    case 'listItem':
    case 'doc':
      return toBlocks(childNodes(node), depth + 1);
    case 'blockquote':
      return { kind: 'quote', blocks: toBlocks(childNodes(node), depth + 1) };
    case 'codeBlock': {
      const language = typeof attrs.language === 'string' && /^[\w+#.-]{1,32}$/.test(attrs.language) ? attrs.language : undefined;
      return { kind: 'code', text: textContent(node).replace(/\r\n?/g, '\n'), ...(language ? { language } : {}) };
    }
    case 'horizontalRule':
      return { kind: 'rule' };
    case 'table':
      return tableBlock(node, depth);
    default: {
      const blocks: Block[] = [];
      pushTextParagraph(blocks, textContent(node));
      return blocks;
    }
  }
}

function tableBlock(node: JSONContent, depth: number): TableBlock | Block[] {
  const rows = childNodes(node)
    .filter((row) => row.type === 'tableRow')
    .map((row) =>
      childNodes(row).map((cell): TableBlockCell => {
        const attrs = isNode(cell.attrs) ? cell.attrs : {};
        const colspan = Number.isInteger(attrs.colspan) ? Math.min(MAX_COLSPAN, Math.max(1, attrs.colspan as number)) : 1;
        const blocks = cell.type === 'tableCell' || cell.type === 'tableHeader' ? toBlocks(childNodes(cell), depth + 1) : toBlocks([cell], depth + 1);
        return { header: cell.type === 'tableHeader', colspan, blocks };
      }),
    )
    .filter((row) => row.length > 0);
  if (rows.length === 0) {
    // A table without rows (malformed): keep whatever text it has.
    const blocks: Block[] = [];
    pushTextParagraph(blocks, textContent(node));
    return blocks;
  }
  const columnCount = Math.max(...rows.map((row) => row.reduce((sum, cell) => sum + cell.colspan, 0)));
  const headerRow = rows.length > 0 && rows[0]!.every((cell) => cell.header);
  return { kind: 'table', rows, columnCount, headerRow };
}

/**
 * A cell's content as lines of plain text, for formats whose table cells hold only text (PDF,
 * Markdown): one line a paragraph, list items with their bullet or number.
 */
export function cellLines(blocks: readonly Block[]): string[] {
  const lines: string[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case 'paragraph':
      case 'heading': {
        const text = inlinePlainText(block.inlines).replace(/\s+/g, ' ').trim();
        if (text) lines.push(text);
        break;
      }
      case 'list':
        block.items.forEach((item, index) => {
          const marker = block.ordered ? `${block.start + index}.` : '•';
          const [first = '', ...rest] = cellLines(item);
          lines.push(`${marker} ${first}`.trimEnd(), ...rest.map((line) => `  ${line}`));
        });
        break;
      case 'quote':
        lines.push(...cellLines(block.blocks));
        break;
      case 'code':
        lines.push(...block.text.split('\n'));
        break;
      case 'table':
        for (const row of block.rows) lines.push(`${row.map((cell) => cellLines(cell.blocks).join(' ')).join(' | ')}`);
        break;
      case 'rule':
        break;
    }
  }
  return lines;
}

function pushTextParagraph(blocks: Block[], text: string): void {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  if (collapsed) blocks.push({ kind: 'paragraph', inlines: [{ kind: 'text', text: collapsed, marks: NO_MARKS }] });
}

function toInlines(nodes: readonly JSONContent[], inherited: InlineMarks, inheritedHref: string | undefined, depth: number): Inline[] {
  const inlines: Inline[] = [];
  for (const node of nodes) {
    if (node.type === 'hardBreak') {
      inlines.push({ kind: 'break' });
      continue;
    }
    const { marks, href, threadId } = readMarks(node.marks, inherited, inheritedHref);
    if (node.type === 'text' || depth >= MAX_DEPTH || childNodes(node).length === 0) {
      const text = cleanText(typeof node.text === 'string' ? node.text : textContent(node)).replace(/\r\n?|\n|\t/g, ' ');
      if (text) appendText(inlines, text, marks, href, threadId);
    } else {
      // An unknown inline wrapper (a mention, a custom mark node): keep its children's text and formatting.
      for (const inline of toInlines(childNodes(node), marks, href, depth + 1)) {
        if (inline.kind === 'text') appendText(inlines, inline.text, inline.marks, inline.href, inline.threadId ?? threadId);
        else inlines.push(inline);
      }
    }
  }
  return inlines;
}

/** Merges with the previous run when the formatting is identical, which keeps Markdown delimiters tidy. */
function appendText(inlines: Inline[], text: string, marks: InlineMarks, href: string | undefined, threadId: string | undefined): void {
  const previous = inlines[inlines.length - 1];
  if (previous?.kind === 'text' && previous.href === href && previous.threadId === threadId && sameMarks(previous.marks, marks)) {
    previous.text += text;
    return;
  }
  inlines.push({ kind: 'text', text, marks, ...(href ? { href } : {}), ...(threadId ? { threadId } : {}) });
}

function sameMarks(a: InlineMarks, b: InlineMarks): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.underline === b.underline && a.strike === b.strike && a.code === b.code;
}

function readMarks(rawMarks: unknown, inherited: InlineMarks, inheritedHref: string | undefined): { marks: InlineMarks; href: string | undefined; threadId: string | undefined } {
  const marks = { ...inherited };
  let href = inheritedHref;
  let threadId: string | undefined;
  if (!Array.isArray(rawMarks)) return { marks, href, threadId };
  for (const mark of rawMarks) {
    if (!isNode(mark)) continue;
    switch (mark.type) {
      case 'bold':
      case 'strong':
        marks.bold = true;
        break;
      case 'italic':
      case 'em':
        marks.italic = true;
        break;
      case 'underline':
        marks.underline = true;
        break;
      case 'strike':
        marks.strike = true;
        break;
      case 'code':
        marks.code = true;
        break;
      case 'link':
        href = safeHref(isNode(mark.attrs) ? mark.attrs.href : undefined);
        break;
      case 'comment': {
        const id = isNode(mark.attrs) ? mark.attrs.threadId : undefined;
        if (typeof id === 'string' && id.length > 0 && id.length <= MAX_THREAD_ID_LENGTH) threadId = id;
        break;
      }
      default:
        break;
    }
  }
  return { marks, href, threadId };
}

/**
 * All text under a node, with a space between block-level children so words don't run together.
 * Iterative, so even absurdly deep JSON can't overflow the stack.
 */
function textContent(root: JSONContent): string {
  let text = '';
  const pending: (JSONContent | ' ')[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node === ' ') {
      text += ' ';
    } else if (typeof node.text === 'string') {
      text += cleanText(node.text);
    } else if (node.type === 'hardBreak') {
      text += '\n';
    } else {
      const children = childNodes(node);
      for (let index = children.length - 1; index >= 0; index -= 1) {
        const child = children[index]!;
        pending.push(child);
        const previous = children[index - 1];
        const bothInline = previous !== undefined && INLINE_TYPES.has(String(previous.type)) && INLINE_TYPES.has(String(child.type));
        if (index > 0 && !bothInline) pending.push(' ');
      }
    }
  }
  return text;
}
