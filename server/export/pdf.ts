import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { cellLines, type Block, type Inline, type InlineMarks, type TableBlock } from './contentBlocks';
import type { ExportInput } from './exportModel';
import { NOTES_TITLE, REMOVED_NOTES_TITLE, TEXT_REMOVED, noteByline, noteEndingAt, type OutlineNote } from './exportNotes';
import { CONTENTS_TITLE, CREATOR, DRAFT_HEADER, DRAFT_MARK, exportOutline, pageLabel, renderPart } from './exportOutline';
import type { BackMatter, DetailPart, DraftNotice, ExportOutline, InventoryPart, OutlineTable, PartRenderers, RecordPart, TableCell } from './exportOutline';

const FONT_FILES = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italic: 'DejaVuSans-Oblique.ttf',
  boldItalic: 'DejaVuSans-BoldOblique.ttf',
  mono: 'DejaVuSansMono.ttf',
} as const;

type FontName = keyof typeof FONT_FILES;

const COLORS = {
  text: '#1b1b1b',
  muted: '#555555',
  link: '#0b57a4',
  rule: '#b5b5b5',
  shade: '#f2f2f2',
  headerFill: '#e7e7e7',
  draft: '#a4001d',
  draftFill: '#fdecef',
  signed: '#0a5c2d',
  stale: '#8a4b00',
  pending: '#a4001d',
} as const;

const BODY_SIZE = 10.5;
const NOTE_SIZE = 9.5;
/** Nested lists and quotes stop indenting before the text gets narrower than this. */
const MIN_TEXT_WIDTH = 240;
const MARGINS = { top: 72, bottom: 68, left: 62, right: 62 };
const HEADER_Y = 34;
const FOOTER_OFFSET = 44;
/** The document's language, for screen readers' pronunciation (the catalog's /Lang). */
const LANGUAGE = 'en';

let fontFolder: string | undefined;

/** The DejaVu TTF folder, found through the package so it works wherever node_modules is. */
function fontPath(font: FontName): string {
  fontFolder ??= join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return join(fontFolder, FONT_FILES[font]);
}

/**
 * Renders the policy as an A4 PDF with embedded DejaVu fonts (so accented, Greek and Cyrillic letters print
 * the same on every machine), a linked table of contents with page numbers, PDF bookmarks, the endorsement table,
 * "Page X of Y" on every page and, for a draft, a "DRAFT — NOT ENDORSED" header and watermark on every page.
 *
 * The PDF is tagged (PDF/UA style): a structure tree in reading order with headings (H1 title, H2 sections,
 * H3 below), paragraphs, lists (L, LI, Lbl, LBody) and tables (Table, TR, TH with its scope, TD), the language
 * and the title shown as the window title; borders, shading, page headers, footers and the watermark are
 * artifacts, which screen readers skip.
 */
export async function renderPdf(input: ExportInput): Promise<Buffer> {
  const outline = exportOutline(input);
  const document = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    autoFirstPage: false,
    // No default font: pdfkit would otherwise load Helvetica (not embedded), and naming DejaVu Sans here as
    // well as registering it makes pdfkit parse the font file again on every switch back to it.
    font: '',
    lang: LANGUAGE,
    displayTitle: true,
    tagged: true,
    pdfVersion: '1.7',
    info: {
      Title: outline.endorsed ? outline.title : `${outline.title} (${DRAFT_HEADER})`,
      Author: outline.organization,
      Subject: outline.subject,
      Creator: CREATOR,
    },
  });
  for (const font of Object.keys(FONT_FILES) as FontName[]) document.registerFont(font, fontPath(font));
  document.font('regular');

  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });

  new PolicyPdfWriter(document, outline).write();
  document.end();
  return finished;
}

interface TextPiece {
  text: string;
  font: FontName;
  color: string;
  link: string | null;
  underline: boolean;
  strike: boolean;
}

interface BlockContext {
  x: number;
  width: number;
  listDepth: number;
  /** Inside a list item: less space between paragraphs. */
  compact: boolean;
}

interface TocSlot {
  title: string;
  anchor: string;
  pageIndex: number;
  y: number;
  height: number;
}

/** A table cell as the PDF draws it: wrapped text, spanning one or more columns. */
interface GridCell {
  text: string;
  color: string;
  bold: boolean;
  span: number;
  /** A header cell: its scope tells screen readers which cells it labels. */
  scope?: 'Column' | 'Row';
}

/** A table ready to draw: an optional header row (repeated on every page the table runs onto) and its rows. */
interface Grid {
  header?: GridCell[];
  rows: GridCell[][];
  /** Relative widths, one a column. */
  weights: number[];
  size: number;
}

type StructureElement = PDFKit.PDFStructureElement;

/** pdfkit has no option for structure attributes, so they are set on the element's dictionary. */
function setAttributes(element: StructureElement, attributes: Record<string, string | number>): void {
  (element as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data.A = attributes;
}

/** Lays the outline out page by page. Page decorations are added last, once the page count is known. */
class PolicyPdfWriter {
  private readonly pageOfAnchor = new Map<string, number>();
  private readonly root: StructureElement;
  private toc: StructureElement | undefined;
  /** The structure element that new content goes into. */
  private parent: StructureElement;

  constructor(
    private readonly document: PDFKit.PDFDocument,
    private readonly outline: ExportOutline,
  ) {
    this.root = document.struct('Document');
    document.addStructure(this.root);
    this.parent = this.root;
  }

  /**
   * Adds a structure element of `type` under the current parent, with `draw` as its content (drawn
   * now). Call `ensureSpace` before, not inside: a page started by hand inside marked content would
   * leave it open. Text that wraps onto a new page is carried over by pdfkit.
   */
  private tag(type: string, draw: () => void, attributes?: Record<string, string | number>): void {
    const element = this.document.struct(type);
    if (attributes) setAttributes(element, attributes);
    this.parent.add(element);
    element.add(draw);
    element.end();
  }

  /** Adds a grouping element (L, LI, Table, TR, …) and puts what `fill` draws inside it. */
  private group(type: string, fill: () => void, parent: StructureElement = this.parent): void {
    const element = this.document.struct(type);
    parent.add(element);
    const previous = this.parent;
    this.parent = element;
    try {
      fill();
    } finally {
      this.parent = previous;
    }
    element.end();
  }

  /** Draws what is not content (borders, shading, rules, page headers and footers) as an artifact. */
  private artifact(type: 'Layout' | 'Pagination', draw: () => void): void {
    this.document.markContent('Artifact', { type });
    draw();
    this.document.endMarkedContent();
  }

  private get left(): number {
    return MARGINS.left;
  }

  private get contentWidth(): number {
    return this.document.page.width - MARGINS.left - MARGINS.right;
  }

  private get bottomLimit(): number {
    return this.document.page.height - MARGINS.bottom;
  }

  private get pageIndex(): number {
    const range = this.document.bufferedPageRange();
    return range.start + range.count - 1;
  }

  write(): void {
    const { document, outline } = this;
    document.addPage();
    if (outline.draftNotice) this.draftBanner(outline.draftNotice);
    this.title();
    const tocSlots = this.reserveTableOfContents();

    document.addPage();
    for (const section of outline.sections) {
      this.sectionHeading(section.title, section.anchor, 16);
      if (section.byline) {
        this.tag('P', () => this.pieces([{ ...plainPiece(section.byline), font: 'italic', color: COLORS.muted }], this.left, this.contentWidth, 9.5));
        this.space(8);
      }
      this.blocks(section.blocks, { x: this.left, width: this.contentWidth, listDepth: 0, compact: false });
      if (section.notes.length > 0) {
        this.subHeading(NOTES_TITLE, 11);
        this.notes(section.notes);
      }
      this.space(14);
    }
    if (outline.removedNotes.length > 0) {
      this.sectionHeading(REMOVED_NOTES_TITLE, 'removed-notes', 14);
      this.notes(outline.removedNotes);
      this.space(14);
    }

    for (const part of outline.backMatter) this.backMatter(part);

    this.fillTableOfContents(tocSlots);
    this.decoratePages();
    this.root.end();
  }

  /** Footnote-style notes: "[1] “quote”", then each comment with who, department and when, indented. */
  private notes(notes: readonly OutlineNote[]): void {
    const indent = 14;
    this.group('L', () => {
      for (const note of notes) {
        this.ensureSpace(this.lineHeight(NOTE_SIZE) * 2);
        this.group('LI', () => {
          this.tag('P', () =>
            this.pieces(
              [
                { ...plainPiece(`${noteMarker(note.number)} `), font: 'bold' },
                { ...plainPiece(`“${note.quote}”`), font: 'italic' },
                ...(note.removed ? [{ ...plainPiece(` (${TEXT_REMOVED})`), color: COLORS.muted }] : []),
              ],
              this.left,
              this.contentWidth,
              NOTE_SIZE,
            ),
          );
          for (const comment of note.comments) {
            this.ensureSpace(this.lineHeight(NOTE_SIZE));
            this.tag('P', () =>
              this.pieces([{ ...plainPiece(`${noteByline(comment)}: `), font: 'bold' }, plainPiece(comment.body)], this.left + indent, this.contentWidth - indent, NOTE_SIZE),
            );
          }
          this.space(4);
        });
      }
    });
  }

  private space(points: number): void {
    this.document.y += points;
  }

  /** Starts a new page when less than `height` points are left, so headings don't end up alone at a page foot. */
  private ensureSpace(height: number): void {
    if (this.document.y + height > this.bottomLimit) this.document.addPage();
  }

  private lineHeight(size: number, font: FontName = 'regular'): number {
    return this.document.font(font).fontSize(size).currentLineHeight(true) + size * 0.3;
  }

  private draftBanner(notice: DraftNotice): void {
    const { document } = this;
    const text = `${notice.lead} ${notice.text}`;
    const padding = 8;
    const width = this.contentWidth - padding * 2;
    const height = document.font('bold').fontSize(BODY_SIZE).heightOfString(text, { width, lineGap: 2 }) + padding * 2;
    const top = document.y;
    this.artifact('Layout', () =>
      document.save().rect(this.left, top, this.contentWidth, height).lineWidth(1.5).fillAndStroke(COLORS.draftFill, COLORS.draft).restore(),
    );
    this.tag('P', () =>
      this.pieces(
        [
          { ...plainPiece(`${notice.lead} `), font: 'bold', color: COLORS.draft },
          { ...plainPiece(notice.text), color: COLORS.draft },
        ],
        this.left + padding,
        width,
        BODY_SIZE,
        top + padding,
      ),
    );
    document.y = top + height + 14;
  }

  private title(): void {
    const { document, outline } = this;
    this.tag('H1', () => this.pieces([{ ...plainPiece(outline.title), font: 'bold' }], this.left, this.contentWidth, 24));
    this.space(8);
    for (const detail of outline.details) {
      const { piece, size } = renderPart(detail, DETAIL_VALUES);
      this.tag('P', () => this.pieces([{ ...plainPiece(`${detail.label}: `), font: 'bold' }, piece], this.left, this.contentWidth, size));
      this.space(2);
    }
    document.outline.addItem(outline.title);
    this.space(16);
  }

  /**
   * Lays out the contents list without drawing it, reserving its pages. The entries are drawn at the end,
   * when the page of every section is known.
   */
  private reserveTableOfContents(): TocSlot[] {
    const { document, outline } = this;
    this.tag('H2', () => this.pieces([{ ...plainPiece(CONTENTS_TITLE), font: 'bold' }], this.left, this.contentWidth, 15));
    this.space(6);
    // Its entries are drawn last, but the element takes its place in reading order now.
    this.toc = document.struct('TOC');
    this.root.add(this.toc);
    const entries = [
      ...outline.sections.map((section) => ({ title: section.title, anchor: section.anchor })),
      ...outline.backMatter,
    ];
    const slots: TocSlot[] = [];
    for (const entry of entries) {
      const height = document.font('regular').fontSize(BODY_SIZE).heightOfString(entry.title, { width: this.tocTitleWidth(), lineGap: 2 });
      this.ensureSpace(height);
      slots.push({ ...entry, pageIndex: this.pageIndex, y: document.y, height });
      document.y += height + 3;
    }
    return slots;
  }

  private tocTitleWidth(): number {
    return this.contentWidth - 48;
  }

  private fillTableOfContents(slots: readonly TocSlot[]): void {
    const { document } = this;
    const toc = this.toc;
    if (!toc) return;
    const right = this.left + this.contentWidth;
    for (const slot of slots) {
      document.switchToPage(slot.pageIndex);
      this.group(
        'TOCI',
        () =>
          this.tag('Reference', () => {
            document.font('regular').fontSize(BODY_SIZE).fillColor(COLORS.link);
            // A fixed height keeps pdfkit from starting a new page while writing onto an earlier one.
            document.text(slot.title, this.left, slot.y, { width: this.tocTitleWidth(), height: slot.height + 1, lineGap: 2, goTo: slot.anchor });
            const page = this.pageOfAnchor.get(slot.anchor);
            if (page !== undefined) {
              const label = String(page);
              const labelWidth = document.widthOfString(label);
              document.fillColor(COLORS.text).text(label, right - labelWidth, slot.y, { lineBreak: false });
              document.goTo(right - labelWidth, slot.y, labelWidth, document.currentLineHeight(), slot.anchor);
            }
          }),
        toc,
      );
    }
    toc.end();
  }

  /** A heading that is also a link target, a PDF bookmark and a table-of-contents entry. */
  private sectionHeading(title: string, anchor: string, size: number): void {
    const { document } = this;
    const height = document.font('bold').fontSize(size).heightOfString(title, { width: this.contentWidth, lineGap: 2 });
    this.ensureSpace(height + this.lineHeight(BODY_SIZE) * 3);
    this.pageOfAnchor.set(anchor, this.pageIndex + 1);
    document.addNamedDestination(anchor, 'XYZ', null, document.y, null);
    document.outline.addItem(title);
    this.tag('H2', () => this.pieces([{ ...plainPiece(title), font: 'bold' }], this.left, this.contentWidth, size));
    this.space(4);
  }

  private subHeading(text: string, size: number): void {
    const height = this.document.font('bold').fontSize(size).heightOfString(text, { width: this.contentWidth, lineGap: 2 });
    this.ensureSpace(height + this.lineHeight(BODY_SIZE) * 2);
    this.tag('H3', () => this.pieces([{ ...plainPiece(text), font: 'bold' }], this.left, this.contentWidth, size));
    this.space(4);
  }

  /**
   * Writes runs with different fonts as one wrapped paragraph (pdfkit's `continued`). Every option is
   * given on every run because pdfkit otherwise carries the previous run's link or underline over.
   */
  private pieces(pieces: readonly TextPiece[], x: number, width: number, size: number, y?: number): void {
    const { document } = this;
    const visible = pieces.filter((piece) => piece.text.length > 0);
    if (visible.length === 0) return;
    const lineGap = size * 0.3;
    visible.forEach((piece, index) => {
      document.font(piece.font).fontSize(size).fillColor(piece.color);
      const options: PDFKit.Mixins.TextOptions = {
        width,
        lineGap,
        continued: index < visible.length - 1,
        link: piece.link,
        underline: piece.underline,
        strike: piece.strike,
      };
      if (index === 0) document.text(piece.text, x, y ?? document.y, options);
      else document.text(piece.text, options);
    });
    document.x = this.left;
  }

  private blocks(blocks: readonly Block[], context: BlockContext): void {
    for (const block of blocks) this.block(block, context);
  }

  private block(block: Block, context: BlockContext): void {
    const { document } = this;
    switch (block.kind) {
      case 'paragraph': {
        const pieces = inlinePieces(block.inlines);
        if (pieces.length === 0) return;
        this.ensureSpace(this.lineHeight(BODY_SIZE));
        this.tag('P', () => this.pieces(pieces, context.x, context.width, BODY_SIZE));
        this.space(context.compact ? 2 : 6);
        return;
      }
      case 'heading': {
        const size = block.level <= 3 ? 12.5 : block.level === 4 ? 11.5 : BODY_SIZE;
        const pieces = inlinePieces(block.inlines).map((piece) => ({ ...piece, font: boldFont(piece.font) }));
        if (pieces.length === 0) return;
        this.space(4);
        this.ensureSpace(this.lineHeight(size, 'bold') + this.lineHeight(BODY_SIZE) * 2);
        // Sections are H2, so headings inside them start at H3.
        this.tag(`H${Math.min(6, Math.max(3, block.level))}`, () => this.pieces(pieces, context.x, context.width, size));
        this.space(3);
        return;
      }
      case 'list':
        this.list(block, context);
        if (!context.compact) this.space(4);
        return;
      case 'quote':
        this.quote(block.blocks, context);
        return;
      case 'code':
        this.codeBlock(block.text, context);
        return;
      case 'rule': {
        this.ensureSpace(14);
        const y = document.y + 6;
        this.artifact('Layout', () =>
          document.save().moveTo(context.x, y).lineTo(context.x + context.width, y).lineWidth(0.75).strokeColor(COLORS.rule).stroke().restore(),
        );
        this.space(14);
        return;
      }
      case 'table':
        this.grid(contentGrid(block), context.x, context.width);
        this.space(context.compact ? 2 : 8);
        return;
    }
  }

  private list(list: Extract<Block, { kind: 'list' }>, context: BlockContext): void {
    const { document } = this;
    const bullets = ['•', '◦', '▪'];
    const lastMarker = `${list.start + list.items.length - 1}.`;
    const markerWidth = list.ordered ? Math.max(16, document.font('regular').fontSize(BODY_SIZE).widthOfString(lastMarker) + 6) : 14;
    // Deeply nested lists stop indenting (the marker moves into the parent's indent) so text keeps a usable width.
    const indent = context.width - markerWidth >= MIN_TEXT_WIDTH;
    const textX = indent ? context.x + markerWidth : context.x;
    const itemContext: BlockContext = { x: textX, width: indent ? context.width - markerWidth : context.width, listDepth: context.listDepth + 1, compact: true };
    this.group('L', () =>
      list.items.forEach((item, index) => {
        const marker = list.ordered ? `${list.start + index}.` : bullets[context.listDepth % bullets.length]!;
        this.ensureSpace(this.lineHeight(BODY_SIZE));
        const y = document.y;
        this.group('LI', () => {
          this.tag('Lbl', () => {
            document.font('regular').fontSize(BODY_SIZE).fillColor(COLORS.text);
            // Numbers are right-aligned against the text, bullets sit at the indent.
            const markerX = list.ordered ? textX - 5 - document.widthOfString(marker) : textX - markerWidth + 2;
            document.text(marker, markerX, y, { lineBreak: false });
          });
          document.y = y;
          this.group('LBody', () => {
            if (item.length === 0) this.space(this.lineHeight(BODY_SIZE));
            this.blocks(item, itemContext);
          });
        });
      }),
    );
    document.x = this.left;
  }

  private quote(blocks: readonly Block[], context: BlockContext): void {
    const { document } = this;
    if (context.width - 14 < MIN_TEXT_WIDTH) {
      this.blocks(blocks, context);
      return;
    }
    const startPage = this.pageIndex;
    const startY = document.y;
    this.group('BlockQuote', () => this.blocks(blocks, { ...context, x: context.x + 14, width: context.width - 14 }));
    const endPage = this.pageIndex;
    const endY = document.y - 4;
    // The bar beside a quote may run over several pages; with buffered pages each part can be drawn afterwards.
    for (let page = startPage; page <= endPage; page += 1) {
      document.switchToPage(page);
      const top = page === startPage ? startY : MARGINS.top;
      const bottom = page === endPage ? endY : this.bottomLimit;
      if (bottom > top) {
        this.artifact('Layout', () =>
          document.save().moveTo(context.x + 4, top).lineTo(context.x + 4, bottom).lineWidth(2.5).strokeColor(COLORS.rule).stroke().restore(),
        );
      }
    }
    document.switchToPage(endPage);
    this.space(2);
  }

  private codeBlock(text: string, context: BlockContext): void {
    const { document } = this;
    const size = 9;
    const padding = 6;
    const innerWidth = context.width - padding * 2;
    const textHeight = document.font('mono').fontSize(size).heightOfString(text || ' ', { width: innerWidth, lineGap: 1 });
    const height = textHeight + padding * 2;
    const pageHeight = this.bottomLimit - MARGINS.top;
    if (height <= pageHeight) this.ensureSpace(height);
    const top = document.y;
    // A block longer than a page has no background rather than one drawn off the page.
    if (height <= pageHeight) this.artifact('Layout', () => document.save().rect(context.x, top, context.width, height).fill(COLORS.shade).restore());
    this.tag('Code', () =>
      document.font('mono').fontSize(size).fillColor(COLORS.text).text(text || ' ', context.x + padding, top + padding, { width: innerWidth, lineGap: 1 }),
    );
    document.x = this.left;
    document.y = height <= pageHeight ? top + height + 6 : document.y + padding;
  }

  private backMatter(part: BackMatter): void {
    renderPart<BackMatter, void>(part, {
      endorsement: (record) => {
        this.document.addPage();
        this.sectionHeading(record.title, record.anchor, 16);
        this.summary(record.summary);
        record.parts.forEach((recordPart, index) => {
          if (index > 0) this.space(renderPart(record.parts[index - 1]!, SPACE_AFTER));
          this.recordPart(recordPart);
        });
      },
      readingLevel: (level) => {
        this.space(18);
        this.sectionHeading(level.title, level.anchor, 16);
        this.summary(level.summary);
        this.table(level.table, 9);
      },
      inventory: (inventory) => {
        this.document.addPage();
        this.sectionHeading(inventory.title, inventory.anchor, 16);
        for (const inventoryPart of inventory.parts) this.inventoryPart(inventoryPart);
      },
    });
  }

  private summary(text: string): void {
    this.tag('P', () => this.pieces([plainPiece(text)], this.left, this.contentWidth, BODY_SIZE));
    this.space(6);
  }

  private recordPart(part: RecordPart): void {
    renderPart<RecordPart, void>(part, {
      table: (table) => this.table(table.table, 8.5),
      empty: (empty) => this.tag('P', () => this.pieces([plainPiece(empty.text)], this.left, this.contentWidth, BODY_SIZE)),
      note: (note) => {
        this.ensureSpace(this.lineHeight(9));
        this.tag('P', () => this.pieces([{ ...plainPiece(note.text), font: 'italic', color: COLORS.muted }], this.left, this.contentWidth, 9));
      },
      hash: (hash) => {
        this.ensureSpace(this.lineHeight(BODY_SIZE) * 3);
        const { piece, size } = DETAIL_VALUES.hash(hash);
        this.tag('P', () => this.pieces([{ ...plainPiece(`${hash.label}: `), font: 'bold' }, piece], this.left, this.contentWidth, size));
      },
    });
  }

  private inventoryPart(part: InventoryPart): void {
    renderPart<InventoryPart, void>(part, {
      empty: (empty) => this.tag('P', () => this.pieces([plainPiece(empty.text)], this.left, this.contentWidth, BODY_SIZE)),
      group: (group) => {
        this.space(6);
        this.subHeading(group.department, 12.5);
        this.table(group.table, 7.5);
      },
      findings: (findings) => {
        this.space(10);
        this.subHeading(findings.title, 12.5);
        this.list(
          {
            kind: 'list',
            ordered: false,
            start: 1,
            items: findings.findings.map((finding) => [
              {
                kind: 'paragraph',
                inlines: [
                  { kind: 'text', text: finding.message, marks: NO_MARKS },
                  ...(finding.accounts ? [{ kind: 'text' as const, text: ` ${finding.accounts}`, marks: { ...NO_MARKS, italic: true } }] : []),
                ],
              },
            ]),
          },
          { x: this.left, width: this.contentWidth, listDepth: 0, compact: false },
        );
      },
    });
  }

  /** A table of the record, reading levels or inventory, over the full text width. */
  private table(table: OutlineTable, size: number): void {
    this.grid(outlineGrid(table, size), this.left, this.contentWidth);
  }

  /**
   * Column widths for `grid` across `width`: shared by the grid's weights, but never narrower than
   * the longest word in the column, so "Department" or a short hash is not split in the middle
   * (columns with room to spare give it up, in proportion). When even the longest words cannot all
   * fit, the weights alone decide, and long words wrap.
   */
  private columnWidths(grid: Grid, width: number, padding: number): number[] {
    const { document } = this;
    const total = grid.weights.reduce((sum, weight) => sum + weight, 0);
    const shares = grid.weights.map((weight) => (weight / total) * width);
    const least = grid.weights.map(() => 0);
    for (const cells of [...(grid.header ? [grid.header] : []), ...grid.rows]) {
      let column = 0;
      for (const cell of cells) {
        if (column >= least.length) break;
        if (cell.span === 1) {
          document.font(cell.bold ? 'bold' : 'regular').fontSize(grid.size);
          for (const word of cell.text.split(/\s+/)) {
            if (word) least[column] = Math.max(least[column]!, document.widthOfString(word) + padding * 2 + 1);
          }
        }
        column += cell.span;
      }
    }
    const needed = least.reduce((sum, value) => sum + value, 0);
    if (needed > width) return shares;
    const widths = shares.map((share, index) => Math.max(share, least[index]!));
    const excess = widths.reduce((sum, value) => sum + value, 0) - width;
    if (excess <= 0) return widths;
    const spare = widths.map((value, index) => value - least[index]!);
    const spareTotal = spare.reduce((sum, value) => sum + value, 0);
    return widths.map((value, index) => value - (excess * spare[index]!) / spareTotal);
  }

  /**
   * Draws a table with wrapped cells, tagged Table > TR > TH/TD. Rows never split: a row that doesn't fit
   * goes to the next page, under a copy of the header row (an artifact, so it is read once), and a row
   * taller than a whole page is cut off with an ellipsis rather than overflowing.
   */
  private grid(grid: Grid, left: number, width: number): void {
    const { document } = this;
    const padding = 3.5;
    const columnCount = grid.weights.length;
    const widths = this.columnWidths(grid, width, padding);
    const starts = widths.map((_, index) => left + widths.slice(0, index).reduce((sum, value) => sum + value, 0));
    /** Where each cell of a row sits: its x, width and the columns it covers (cells past the last column are dropped). */
    const layout = (cells: readonly GridCell[]) => {
      const placed: { cell: GridCell; x: number; width: number }[] = [];
      let column = 0;
      for (const cell of cells) {
        if (column >= columnCount) break;
        const span = Math.min(cell.span, columnCount - column);
        placed.push({ cell, x: starts[column]!, width: widths.slice(column, column + span).reduce((sum, value) => sum + value, 0) });
        column += span;
      }
      // Short rows get empty cells, so the grid is whole.
      for (; column < columnCount; column += 1) placed.push({ cell: { text: '', color: COLORS.text, bold: false, span: 1 }, x: starts[column]!, width: widths[column]! });
      return placed;
    };
    const textOptions = (cellWidth: number) => ({ width: Math.max(1, cellWidth - padding * 2), lineGap: 1 });
    const rowHeight = (cells: readonly GridCell[]) =>
      Math.max(
        ...layout(cells).map(({ cell, width: cellWidth }) =>
          document.font(cell.bold ? 'bold' : 'regular').fontSize(grid.size).heightOfString(cell.text || ' ', textOptions(cellWidth)),
        ),
      ) + padding * 2;

    const drawRow = (cells: readonly GridCell[], height: number, repeated: boolean) => {
      const top = document.y;
      const placed = layout(cells);
      this.artifact('Layout', () => {
        for (const { cell, x, width: cellWidth } of placed) {
          document.save().rect(x, top, cellWidth, height).lineWidth(0.5);
          if (cell.scope === 'Column') document.fillAndStroke(COLORS.headerFill, COLORS.rule);
          else document.stroke(COLORS.rule);
          document.restore();
        }
      });
      const drawText = (cell: GridCell, x: number, cellWidth: number) => () =>
        document
          .font(cell.bold ? 'bold' : 'regular')
          .fontSize(grid.size)
          .fillColor(cell.color)
          .text(cell.text, x + padding, top + padding, { ...textOptions(cellWidth), height: height - padding * 2 + 0.5, ellipsis: true });
      if (repeated) {
        this.artifact('Pagination', () => placed.forEach(({ cell, x, width: cellWidth }) => drawText(cell, x, cellWidth)()));
      } else {
        this.group('TR', () => {
          for (const { cell, x, width: cellWidth } of placed) {
            const span: Record<string, number> = cell.span > 1 ? { ColSpan: cell.span } : {};
            if (cell.scope) this.tag('TH', drawText(cell, x, cellWidth), { O: 'Table', Scope: cell.scope, ...span });
            else this.tag('TD', drawText(cell, x, cellWidth), cell.span > 1 ? { O: 'Table', ...span } : undefined);
          }
        });
      }
      document.x = this.left;
      document.y = top + height;
    };

    const headerHeight = grid.header ? rowHeight(grid.header) : 0;
    const maxRowHeight = this.bottomLimit - MARGINS.top - headerHeight;
    const firstHeight = grid.rows[0] ? Math.min(maxRowHeight, rowHeight(grid.rows[0])) : 0;
    this.ensureSpace(headerHeight + firstHeight);
    this.group('Table', () => {
      if (grid.header) drawRow(grid.header, headerHeight, false);
      for (const row of grid.rows) {
        const height = Math.min(maxRowHeight, rowHeight(row));
        if (document.y + height > this.bottomLimit) {
          document.addPage();
          if (grid.header) drawRow(grid.header, headerHeight, true);
        }
        drawRow(row, height, false);
      }
    });
    document.x = this.left;
  }

  /** Header, draft watermark and "Page X of Y" on every page, drawn last because only then is Y known; all artifacts. */
  private decoratePages(): void {
    const { document, outline } = this;
    const range = document.bufferedPageRange();
    for (let index = range.start; index < range.start + range.count; index += 1) {
      document.switchToPage(index);
      const { width, height } = document.page;
      const right = width - MARGINS.right;

      if (!outline.endorsed) this.artifact('Layout', () => this.watermark());
      this.artifact('Pagination', () => {
        let titleSpace = this.contentWidth;
        if (!outline.endorsed) {
          document.font('bold').fontSize(9).fillColor(COLORS.draft);
          const markWidth = document.widthOfString(DRAFT_MARK);
          document.text(DRAFT_MARK, right - markWidth, HEADER_Y, { lineBreak: false });
          titleSpace -= markWidth + 16;
        }
        document.font('regular').fontSize(8.5).fillColor(COLORS.muted);
        document.text(fitText(document, outline.title, titleSpace), this.left, HEADER_Y + 0.5, { lineBreak: false });
        document.save().moveTo(this.left, HEADER_Y + 15).lineTo(right, HEADER_Y + 15).lineWidth(0.5).strokeColor(COLORS.rule).stroke().restore();

        const label = pageLabel(index - range.start + 1, range.count).join('');
        document.font('regular').fontSize(8.5).fillColor(COLORS.muted);
        document.text(label, (width - document.widthOfString(label)) / 2, height - FOOTER_OFFSET, { lineBreak: false });
      });
    }
  }

  private watermark(): void {
    const { document } = this;
    const { width, height } = document.page;
    const angle = -(Math.atan2(height, width) * 180) / Math.PI;
    const size = 54;
    document.save();
    document.rotate(angle, { origin: [width / 2, height / 2] });
    document.font('bold').fontSize(size).fillColor(COLORS.draft).fillOpacity(0.09);
    const textWidth = document.widthOfString(DRAFT_MARK);
    document.text(DRAFT_MARK, (width - textWidth) / 2, height / 2 - size / 2, { lineBreak: false });
    document.restore();
    document.fillOpacity(1);
  }
}

/** An outline table as a grid: the column names as column headers, status cells in their colour. */
function outlineGrid(table: OutlineTable, size: number): Grid {
  const header = table.columns.map((column): GridCell => ({ text: column, color: COLORS.text, bold: true, span: 1, scope: 'Column' }));
  const rows = table.rows.map((row) => table.columns.map((_, index): GridCell => ({ text: cellText(row[index]), color: cellColor(row[index]), bold: false, span: 1 })));
  return { header, rows, weights: table.columns.map((_, index) => table.weights[index] ?? 1), size };
}

/** A table from the policy text as a grid: a header first row as column headers, other header cells as row headers. */
function contentGrid(table: TableBlock): Grid {
  const toCell = (header: 'Column' | 'Row' | undefined) => (cell: TableBlock['rows'][number][number]): GridCell => ({
    text: cellLines(cell.blocks).join('\n'),
    color: COLORS.text,
    bold: cell.header,
    span: cell.colspan,
    ...(header && cell.header ? { scope: header } : {}),
  });
  const [first, ...rest] = table.rows;
  const header = table.headerRow && first ? first.map(toCell('Column')) : undefined;
  const rows = (header ? rest : table.rows).map((row) => row.map(toCell('Row')));
  return { ...(header ? { header } : {}), rows, weights: Array.from({ length: table.columnCount }, () => 1), size: 9.5 };
}

const NO_MARKS: InlineMarks = { bold: false, italic: false, underline: false, strike: false, code: false };

function plainPiece(text: string): TextPiece {
  return { text, font: 'regular', color: COLORS.text, link: null, underline: false, strike: false };
}

function fontFor(marks: InlineMarks): FontName {
  if (marks.code) return 'mono';
  if (marks.bold && marks.italic) return 'boldItalic';
  if (marks.bold) return 'bold';
  if (marks.italic) return 'italic';
  return 'regular';
}

function boldFont(font: FontName): FontName {
  if (font === 'italic' || font === 'boldItalic') return 'boldItalic';
  return font === 'mono' ? 'mono' : 'bold';
}

/** The number at commented text and before its note: "[1]" (pdfkit has no superscript for running text). */
function noteMarker(number: number): string {
  return `[${number}]`;
}

/** Inline runs as pdfkit pieces; a hard break becomes a newline at the end of the run before it. */
function inlinePieces(inlines: readonly Inline[]): TextPiece[] {
  const pieces: TextPiece[] = [];
  for (const [index, inline] of inlines.entries()) {
    if (inline.kind === 'break') {
      const previous = pieces[pieces.length - 1];
      if (previous) previous.text += '\n';
      continue;
    }
    pieces.push({
      text: inline.text,
      font: fontFor(inline.marks),
      color: inline.href ? COLORS.link : COLORS.text,
      link: inline.href ?? null,
      underline: inline.marks.underline || Boolean(inline.href),
      strike: inline.marks.strike,
    });
    const note = noteEndingAt(inlines, index);
    if (note !== undefined) pieces.push({ ...plainPiece(noteMarker(note)), font: 'bold', color: COLORS.link });
  }
  const last = pieces[pieces.length - 1];
  if (last) last.text = last.text.replace(/\n+$/, '');
  return pieces;
}

/** A header cell is a column name; a body cell is typed. */
function cellText(cell: string | TableCell | undefined): string {
  return typeof cell === 'string' ? cell : (cell?.text ?? '');
}

/** Status cells take the status's colour, so a stale sign-off stands out in the table. */
const CELL_COLORS: PartRenderers<TableCell, string> = {
  text: () => COLORS.text,
  status: (cell) => COLORS[cell.status],
};

function cellColor(cell: string | TableCell | undefined): string {
  return cell === undefined || typeof cell === 'string' ? COLORS.text : renderPart(cell, CELL_COLORS);
}

/** A detail's value as a piece, and the size it is set in: a hash in the monospace font, a little smaller. */
const DETAIL_VALUES: PartRenderers<DetailPart, { piece: TextPiece; size: number }> = {
  text: (detail) => ({ piece: plainPiece(detail.value), size: BODY_SIZE }),
  hash: (detail) => ({ piece: { ...plainPiece(detail.value), font: 'mono' }, size: 9 }),
};

/** The space between the endorsement record's parts, after each kind. */
const SPACE_AFTER: PartRenderers<RecordPart, number> = {
  table: () => 6,
  empty: () => 6,
  note: () => 4,
  hash: () => 2,
};

/** Shortens text with an ellipsis to fit a width in the current font. */
function fitText(document: PDFKit.PDFDocument, text: string, width: number): string {
  if (document.widthOfString(text) <= width) return text;
  let shortened = text;
  while (shortened.length > 1 && document.widthOfString(`${shortened}…`) > width) shortened = shortened.slice(0, -1);
  return `${shortened.trimEnd()}…`;
}
