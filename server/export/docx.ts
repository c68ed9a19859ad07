import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  Document,
  ExternalHyperlink,
  Footer,
  Header,
  HeadingLevel,
  InternalHyperlink,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
  type ILevelsOptions,
  type ParagraphChild,
} from 'docx';
import type { Block, Inline, TableBlock } from './contentBlocks';
import type { ExportInput } from './exportModel';
import { REMOVED_NOTES_TITLE, TEXT_REMOVED, noteEndingAt, noteStartingAt, type OutlineNote } from './exportNotes';
import { CONTENTS_TITLE, CREATOR, DRAFT_HEADER, exportOutline, pageLabel, renderPart } from './exportOutline';
import type { BackMatter, DetailPart, InventoryPart, OutlineTable, PartRenderers, RecordPart } from './exportOutline';

type FileChild = Paragraph | Table | TableOfContents;
type HeadingValue = (typeof HeadingLevel)[keyof typeof HeadingLevel];

const BULLET_REFERENCE = 'policy-bullets';
const MONOSPACE_FONT = 'Consolas';
const MUTED_COLOR = '555555';
const DRAFT_COLOR = 'A4001D';
/** Twentieths of a point per list level, as Word's own list styles indent. */
const LIST_INDENT = 720;
const HANGING_INDENT = 360;
/** A4 in twips, with 2 cm margins. */
const PAGE = { width: 11906, height: 16838, margin: 1134 };

/**
 * Renders the policy as a Word document built from real Word structures — Title and Heading styles for the
 * navigation pane, a TOC field, numbered and bulleted lists, hyperlinks and tables — so people can keep
 * working with it in Word. A draft carries "DRAFT — not endorsed" in the header of every page.
 */
export async function renderDocx(input: ExportInput): Promise<Buffer> {
  const outline = exportOutline(input);
  const lists = new ListNumbering();
  const children: FileChild[] = [];

  if (outline.draftNotice) {
    children.push(
      new Paragraph({
        border: boxBorder(DRAFT_COLOR),
        shading: { type: ShadingType.CLEAR, fill: 'FDECEF', color: 'auto' },
        spacing: { after: 240 },
        children: [new TextRun({ text: `${outline.draftNotice.lead} `, bold: true, color: DRAFT_COLOR }), new TextRun({ text: outline.draftNotice.text })],
      }),
    );
  }
  children.push(new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(outline.title)] }));
  for (const detail of outline.details) {
    children.push(new Paragraph({ spacing: { after: 40 }, children: [new TextRun({ text: `${detail.label}: `, bold: true }), renderPart(detail, DETAIL_VALUES)] }));
  }

  children.push(new Paragraph({ spacing: { before: 360, after: 120 }, children: [new TextRun({ text: CONTENTS_TITLE, bold: true, size: 32 })] }));
  children.push(new TableOfContents(CONTENTS_TITLE, { hyperlink: true, headingStyleRange: '1-2' }));
  // Word only fills a TOC field when it is updated, so a plain linked list of the sections follows it.
  children.push(new Paragraph({ spacing: { before: 240 }, children: [new TextRun({ text: 'Sections in this policy', bold: true })] }));
  const sectionListInstance = lists.nextInstance();
  outline.sections.forEach((section, index) => {
    children.push(
      new Paragraph({
        numbering: { reference: BULLET_REFERENCE, level: 0, instance: sectionListInstance },
        children: [new InternalHyperlink({ anchor: sectionBookmark(index), children: [new TextRun({ text: section.title, style: 'Hyperlink' })] })],
      }),
    );
  });

  outline.sections.forEach((section, index) => {
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        pageBreakBefore: index === 0,
        children: [new Bookmark({ id: sectionBookmark(index), children: [new TextRun(section.title)] })],
      }),
    );
    if (section.byline) children.push(new Paragraph({ spacing: { after: 160 }, children: [new TextRun({ text: section.byline, italics: true, color: MUTED_COLOR })] }));
    children.push(...renderBlocks(section.blocks, { lists, listDepth: 0, quoteDepth: 0 }));
    children.push(...section.notes.filter((note) => note.removed).map(removedNoteParagraph));
  });
  if (outline.removedNotes.length > 0) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(REMOVED_NOTES_TITLE)] }));
    children.push(...outline.removedNotes.map(removedNoteParagraph));
  }

  for (const part of outline.backMatter) children.push(...renderBackMatter(part, lists));

  const document = new Document({
    creator: CREATOR,
    title: outline.title,
    subject: outline.subject,
    description: `${outline.organization} — ${outline.summary}`,
    styles: {
      default: {
        document: { run: { font: 'Calibri', size: 22 } },
      },
    },
    numbering: { config: lists.definitions() },
    comments: { children: wordComments([...outline.sections.flatMap((section) => section.notes), ...outline.removedNotes]) },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
          },
        },
        headers: { default: pageHeader(outline.title, outline.endorsed) },
        footers: { default: pageFooter() },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}

function renderBackMatter(part: BackMatter, lists: ListNumbering): FileChild[] {
  const heading = (pageBreakBefore: boolean) => new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore, children: [new TextRun(part.title)] });
  return renderPart<BackMatter, FileChild[]>(part, {
    endorsement: (record) => [heading(true), plainParagraph(record.summary), ...record.parts.map((recordPart) => renderPart(recordPart, RECORD_PARTS))],
    readingLevel: (level) => [heading(false), plainParagraph(level.summary), renderTable(level.table)],
    inventory: (inventory) => [heading(true), ...inventory.parts.flatMap((inventoryPart) => renderInventoryPart(inventoryPart, lists))],
  });
}

function plainParagraph(text: string): Paragraph {
  return new Paragraph({ children: [new TextRun(text)] });
}

const DETAIL_VALUES: PartRenderers<DetailPart, TextRun> = {
  text: (detail) => new TextRun({ text: detail.value }),
  hash: (detail) => new TextRun({ text: detail.value, font: MONOSPACE_FONT, size: 18 }),
};

const RECORD_PARTS: PartRenderers<RecordPart, FileChild> = {
  table: (part) => renderTable(part.table),
  empty: (part) => plainParagraph(part.text),
  note: (part) => noteParagraph(part.text),
  hash: (part) => new Paragraph({ spacing: { before: 200 }, children: [new TextRun({ text: `${part.label}: `, bold: true }), DETAIL_VALUES.hash(part)] }),
};

function renderInventoryPart(part: InventoryPart, lists: ListNumbering): FileChild[] {
  return renderPart<InventoryPart, FileChild[]>(part, {
    empty: (empty) => [plainParagraph(empty.text)],
    group: (group) => [new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(group.department)] }), renderTable(group.table, 16)],
    findings: (findings) => {
      // Every list is its own numbering instance, so the bullets do not continue another list.
      const instance = lists.nextInstance();
      return [
        new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(findings.title)] }),
        ...findings.findings.map((finding) => {
          const runs = [new TextRun(finding.message)];
          if (finding.accounts) runs.push(new TextRun({ text: ` ${finding.accounts}`, color: MUTED_COLOR }));
          return new Paragraph({ numbering: { reference: BULLET_REFERENCE, level: 0, instance }, children: runs });
        }),
      ];
    },
  });
}

function sectionBookmark(index: number): string {
  return `section_${index + 1}`;
}

function pageHeader(title: string, endorsed: boolean): Header {
  const runs: TextRun[] = [];
  if (!endorsed) runs.push(new TextRun({ text: DRAFT_HEADER, bold: true, color: DRAFT_COLOR }), new TextRun({ text: '  ·  ', color: MUTED_COLOR }));
  runs.push(new TextRun({ text: title, color: MUTED_COLOR }));
  return new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: runs })] });
}

function pageFooter(): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: pageLabel(PageNumber.CURRENT, PageNumber.TOTAL_PAGES), color: MUTED_COLOR, size: 18 })],
      }),
    ],
  });
}

function boxBorder(color: string) {
  const side = { style: BorderStyle.SINGLE, size: 12, color, space: 4 };
  return { top: side, bottom: side, left: side, right: side };
}

function noteParagraph(text: string): Paragraph {
  return new Paragraph({ spacing: { before: 80 }, children: [new TextRun({ text, italics: true, color: MUTED_COLOR, size: 20 })] });
}

function renderTable(table: OutlineTable, fontSize = 18): Table {
  const cellMargins = { top: 40, bottom: 40, left: 80, right: 80 };
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: table.columns.map(
      (column) =>
        new TableCell({
          shading: { type: ShadingType.CLEAR, fill: 'E7E7E7', color: 'auto' },
          margins: cellMargins,
          children: [new Paragraph({ children: [new TextRun({ text: column, bold: true, size: fontSize })] })],
        }),
    ),
  });
  const rows = table.rows.map(
    (row) =>
      new TableRow({
        cantSplit: true,
        children: table.columns.map(
          (_, index) =>
            new TableCell({
              margins: cellMargins,
              children: [new Paragraph({ children: [new TextRun({ text: row[index]?.text ?? '', size: fontSize })] })],
            }),
        ),
      }),
  );
  const weights = table.columns.map((_, index) => table.weights[index] ?? 1);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const textWidth = PAGE.width - PAGE.margin * 2;
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: weights.map((weight) => Math.floor((weight / total) * textWidth)),
    rows: [header, ...rows],
  });
}

/** Header cells' paragraphs in bold, as Word's own table styles set them. */
function emboldened(blocks: readonly Block[]): Block[] {
  return blocks.map((block) =>
    block.kind === 'paragraph' ? { ...block, inlines: block.inlines.map((inline) => (inline.kind === 'text' ? { ...inline, marks: { ...inline.marks, bold: true } } : inline)) } : block,
  );
}

interface BlockContext {
  lists: ListNumbering;
  /** How many lists this block is nested in; its paragraphs indent to that list's text. */
  listDepth: number;
  quoteDepth: number;
}

function renderBlocks(blocks: readonly Block[], context: BlockContext): FileChild[] {
  return blocks.flatMap((block) => renderBlock(block, context));
}

/** Deep nesting stops indenting at half the text width, so the text never gets squeezed off the page. */
const MAX_INDENT = 4 * LIST_INDENT;

function blockIndent(context: BlockContext): { left: number } | undefined {
  const left = Math.min(MAX_INDENT, context.listDepth * LIST_INDENT + context.quoteDepth * LIST_INDENT);
  return left > 0 ? { left } : undefined;
}

function quoteBorder(context: BlockContext) {
  return context.quoteDepth > 0 ? { left: { style: BorderStyle.SINGLE, size: 18, color: 'BBBBBB', space: 8 } } : undefined;
}

function renderBlock(block: Block, context: BlockContext): FileChild[] {
  const indent = blockIndent(context);
  const border = quoteBorder(context);
  const common = { ...(indent ? { indent } : {}), ...(border ? { border } : {}) };
  switch (block.kind) {
    case 'paragraph':
      return [new Paragraph({ ...common, children: renderInlines(block.inlines) })];
    case 'heading':
      return [new Paragraph({ ...common, heading: subHeading(block.level), children: renderInlines(block.inlines) })];
    case 'list':
      return renderList(block, context);
    case 'quote':
      return renderBlocks(block.blocks, { ...context, quoteDepth: context.quoteDepth + 1 });
    case 'code': {
      const runs = block.text.split('\n').map((line, index) => new TextRun({ text: line, font: MONOSPACE_FONT, size: 19, ...(index > 0 ? { break: 1 } : {}) }));
      return [new Paragraph({ ...common, shading: { type: ShadingType.CLEAR, fill: 'F2F2F2', color: 'auto' }, children: runs })];
    }
    case 'rule':
      return [new Paragraph({ ...common, border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: 'AAAAAA', space: 1 } }, children: [] })];
    case 'table':
      // Word wants a paragraph between a table and whatever follows, or two tables merge into one.
      return [renderContentTable(block, context), new Paragraph({ spacing: { after: 80 }, children: [] })];
  }
}

const TABLE_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '8C8C8C' };

/**
 * A table from the policy text as a real Word table: single borders, a header first row marked
 * to repeat on every page, header cells shaded, rows kept whole across pages, and cells holding
 * paragraphs and lists with Word's own numbering.
 */
function renderContentTable(table: TableBlock, context: BlockContext): Table {
  const cellMargins = { top: 60, bottom: 60, left: 100, right: 100 };
  const cellContext: BlockContext = { lists: context.lists, listDepth: 0, quoteDepth: 0 };
  const textWidth = PAGE.width - PAGE.margin * 2 - Math.min(MAX_INDENT, (context.listDepth + context.quoteDepth) * LIST_INDENT);
  const columnWidth = Math.floor(textWidth / table.columnCount);
  const rows = table.rows.map((cells, rowIndex) => {
    const spanned = cells.reduce((sum, cell) => sum + cell.colspan, 0);
    const children = cells.map((cell) => {
      const content = renderBlocks(cell.header ? emboldened(cell.blocks) : cell.blocks, cellContext).filter(
        (child): child is Paragraph | Table => !(child instanceof TableOfContents),
      );
      return new TableCell({
        margins: cellMargins,
        ...(cell.colspan > 1 ? { columnSpan: cell.colspan } : {}),
        width: { size: columnWidth * cell.colspan, type: WidthType.DXA },
        ...(cell.header ? { shading: { type: ShadingType.CLEAR, fill: 'E7E7E7', color: 'auto' } } : {}),
        // A Word cell must end with a paragraph.
        children: content.length > 0 && content[content.length - 1] instanceof Paragraph ? content : [...content, new Paragraph({ children: [] })],
      });
    });
    // Short rows are filled, so every row has the table's column count and Word draws a whole grid.
    for (let filler = spanned; filler < table.columnCount; filler += 1) {
      children.push(new TableCell({ margins: cellMargins, width: { size: columnWidth, type: WidthType.DXA }, children: [new Paragraph({ children: [] })] }));
    }
    return new TableRow({ cantSplit: true, ...(rowIndex === 0 && table.headerRow ? { tableHeader: true } : {}), children });
  });
  return new Table({
    width: { size: columnWidth * table.columnCount, type: WidthType.DXA },
    columnWidths: Array.from({ length: table.columnCount }, () => columnWidth),
    borders: { top: TABLE_BORDER, bottom: TABLE_BORDER, left: TABLE_BORDER, right: TABLE_BORDER, insideHorizontal: TABLE_BORDER, insideVertical: TABLE_BORDER },
    ...(context.listDepth + context.quoteDepth > 0 ? { indent: { size: Math.min(MAX_INDENT, (context.listDepth + context.quoteDepth) * LIST_INDENT), type: WidthType.DXA } } : {}),
    rows,
  });
}

/** Section headings are Heading 1, so headings inside a section (level 3 in the editor) become Heading 2 and down. */
function subHeading(level: number): HeadingValue {
  const levels = [HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5];
  return levels[Math.min(levels.length - 1, Math.max(0, level - 3))]!;
}

function renderList(list: Extract<Block, { kind: 'list' }>, context: BlockContext): FileChild[] {
  const reference = list.ordered ? context.lists.orderedReference(list.start) : BULLET_REFERENCE;
  const instance = context.lists.nextInstance();
  const level = Math.min(8, context.listDepth);
  const itemContext = { ...context, listDepth: context.listDepth + 1 };
  const border = quoteBorder(context);
  const quoteIndent = Math.min(MAX_INDENT, context.quoteDepth * LIST_INDENT);
  const children: FileChild[] = [];
  for (const item of list.items) {
    const [first, ...rest] = item;
    // The first paragraph carries the bullet or number; everything else in the item is indented under it.
    if (first?.kind === 'paragraph') {
      children.push(
        new Paragraph({
          numbering: { reference, level, instance },
          ...(quoteIndent > 0 ? { indent: { left: (level + 1) * LIST_INDENT + quoteIndent, hanging: HANGING_INDENT } } : {}),
          ...(border ? { border } : {}),
          children: renderInlines(first.inlines),
        }),
      );
      children.push(...renderBlocks(rest, itemContext));
    } else {
      children.push(new Paragraph({ numbering: { reference, level, instance }, ...(border ? { border } : {}), children: [] }));
      children.push(...renderBlocks(item, itemContext));
    }
  }
  return children;
}

/**
 * Each note as a real Word comment: the thread's first comment has the note's number as its id
 * (so the text can name it without a lookup), and each reply is a reply comment after it.
 */
function wordComments(notes: readonly OutlineNote[]) {
  let nextReplyId = Math.max(0, ...notes.map((note) => note.number)) + 1;
  return notes.flatMap((note) =>
    note.comments.map((comment, index) => {
      const at = new Date(comment.at);
      return {
        id: index === 0 ? note.number : nextReplyId++,
        ...(index === 0 ? {} : { parentId: note.number }),
        author: comment.department ? `${comment.author} (${comment.department})` : comment.author,
        initials: initialsOf(comment.author),
        ...(Number.isNaN(at.getTime()) ? {} : { date: at }),
        children: [
          ...(index === 0 && note.removed ? [new Paragraph({ children: [new TextRun({ text: `“${note.quote}” (${TEXT_REMOVED})`, italics: true })] })] : []),
          ...`${comment.body}${comment.edited ? ' (edited)' : ''}`.split('\n').map((line) => new Paragraph({ children: [new TextRun(line)] })),
        ],
      };
    }),
  );
}

function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 3)
    .map((word) => word[0]!.toUpperCase())
    .join('');
}

/** A thread whose text was removed has no place in the text: a line with its quote carries the Word comment. */
function removedNoteParagraph(note: OutlineNote): Paragraph {
  return new Paragraph({
    spacing: { before: 120 },
    children: [
      new CommentRangeStart(note.number),
      new TextRun({ text: `Comment on removed text: “${note.quote}” (${TEXT_REMOVED})`, italics: true, color: MUTED_COLOR }),
      new CommentRangeEnd(note.number),
      new TextRun({ children: [new CommentReference(note.number)] }),
    ],
  });
}

function renderInlines(inlines: readonly Inline[]): ParagraphChild[] {
  return inlines.flatMap((inline, index): ParagraphChild[] => {
    const start = noteStartingAt(inlines, index);
    const end = noteEndingAt(inlines, index);
    const run = renderInline(inline);
    return [
      ...(start === undefined ? [] : [new CommentRangeStart(start)]),
      run,
      ...(end === undefined ? [] : [new CommentRangeEnd(end), new TextRun({ children: [new CommentReference(end)] })]),
    ];
  });
}

function renderInline(inline: Inline): ParagraphChild {
  if (inline.kind === 'break') return new TextRun({ break: 1 });
  const run = new TextRun({
    text: inline.text,
    // Only marks that are on are written: an explicit "off" would override bold heading styles.
    ...(inline.marks.bold ? { bold: true } : {}),
    ...(inline.marks.italic ? { italics: true } : {}),
    ...(inline.marks.strike ? { strike: true } : {}),
    ...(inline.marks.underline ? { underline: {} } : {}),
    ...(inline.marks.code ? { font: MONOSPACE_FONT, shading: { type: ShadingType.CLEAR, fill: 'F2F2F2', color: 'auto' } } : {}),
    ...(inline.href ? { style: 'Hyperlink' } : {}),
  });
  return inline.href ? new ExternalHyperlink({ link: inline.href, children: [run] }) : run;
}

/**
 * Word numbers every paragraph that shares a list definition as one list, so each editor list gets its own
 * instance (restarting the count), and each distinct start number its own definition.
 */
class ListNumbering {
  private instanceCount = 0;
  private readonly orderedStarts = new Set<number>();

  nextInstance(): number {
    this.instanceCount += 1;
    return this.instanceCount;
  }

  orderedReference(start: number): string {
    this.orderedStarts.add(start);
    return `policy-numbers-${start}`;
  }

  definitions() {
    const bulletSymbols = ['•', '◦', '▪'];
    const bulletLevels: ILevelsOptions[] = Array.from({ length: 9 }, (_, level) => ({
      level,
      format: LevelFormat.BULLET,
      text: bulletSymbols[level % bulletSymbols.length]!,
      alignment: AlignmentType.LEFT,
      style: { paragraph: { indent: { left: (level + 1) * LIST_INDENT, hanging: HANGING_INDENT } } },
    }));
    const numberFormats = [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN];
    return [
      { reference: BULLET_REFERENCE, levels: bulletLevels },
      ...[...this.orderedStarts].map((start) => ({
        reference: `policy-numbers-${start}`,
        levels: Array.from({ length: 9 }, (_, level): ILevelsOptions => ({
          level,
          format: numberFormats[level % numberFormats.length]!,
          text: `%${level + 1}.`,
          start,
          alignment: AlignmentType.LEFT,
          style: { paragraph: { indent: { left: (level + 1) * LIST_INDENT, hanging: HANGING_INDENT } } },
        })),
      })),
    ];
  }
}
