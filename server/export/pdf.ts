import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { Block, Inline, InlineMarks } from './contentBlocks';
import type { ExportInput } from './exportModel';
import {
  DRAFT_HEADER,
  DRAFT_MARK,
  ENDORSEMENT_TITLE,
  exportOutline,
  FINDINGS_TITLE,
  FINGERPRINT_EXPLANATION,
  INVENTORY_TITLE,
  READING_LEVEL_TITLE,
  STALE_EXPLANATION,
  STATUS_LABELS,
  type ExportOutline,
  type TextTable,
} from './exportOutline';

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
/** Nested lists and quotes stop indenting before the text gets narrower than this. */
const MIN_TEXT_WIDTH = 240;
const MARGINS = { top: 72, bottom: 68, left: 62, right: 62 };
const HEADER_Y = 34;
const FOOTER_OFFSET = 44;

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
    lang: 'en',
    displayTitle: true,
    info: {
      Title: outline.endorsed ? outline.title : `${outline.title} (${DRAFT_HEADER})`,
      Author: outline.organization,
      Subject: outline.endorsed ? 'Endorsed policy' : 'Draft policy, not endorsed',
      Creator: 'Accord',
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

/** Lays the outline out page by page. Page decorations are added last, once the page count is known. */
class PolicyPdfWriter {
  private readonly pageOfAnchor = new Map<string, number>();

  constructor(
    private readonly document: PDFKit.PDFDocument,
    private readonly outline: ExportOutline,
  ) {}

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
    if (outline.draftNotice) this.draftBanner();
    this.title();
    const tocSlots = this.reserveTableOfContents();

    document.addPage();
    for (const section of outline.sections) {
      this.sectionHeading(section.title, section.anchor, 16);
      this.pieces([{ ...plainPiece(section.byline), font: 'italic', color: COLORS.muted }], this.left, this.contentWidth, 9.5);
      this.space(8);
      this.blocks(section.blocks, { x: this.left, width: this.contentWidth, listDepth: 0, compact: false });
      this.space(14);
    }

    document.addPage();
    this.endorsementRecord();
    if (outline.readingLevel) {
      this.space(18);
      this.sectionHeading(READING_LEVEL_TITLE, 'reading-level', 16);
      this.pieces([plainPiece(outline.readingLevel.summary)], this.left, this.contentWidth, BODY_SIZE);
      this.space(6);
      this.table(outline.readingLevel.table, 9);
    }
    if (outline.inventory) {
      document.addPage();
      this.inventoryAppendix(outline.inventory);
    }

    this.fillTableOfContents(tocSlots);
    this.decoratePages();
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

  private draftBanner(): void {
    const { document } = this;
    const text = `${DRAFT_HEADER}. ${this.outline.summary}`;
    const padding = 8;
    const width = this.contentWidth - padding * 2;
    const height = document.font('bold').fontSize(BODY_SIZE).heightOfString(text, { width, lineGap: 2 }) + padding * 2;
    const top = document.y;
    document.save().rect(this.left, top, this.contentWidth, height).lineWidth(1.5).fillAndStroke(COLORS.draftFill, COLORS.draft).restore();
    this.pieces(
      [
        { ...plainPiece(`${DRAFT_HEADER}. `), font: 'bold', color: COLORS.draft },
        { ...plainPiece(this.outline.summary), color: COLORS.draft },
      ],
      this.left + padding,
      width,
      BODY_SIZE,
      top + padding,
    );
    document.y = top + height + 14;
  }

  private title(): void {
    const { document, outline } = this;
    this.pieces([{ ...plainPiece(outline.title), font: 'bold' }], this.left, this.contentWidth, 24);
    this.space(8);
    for (const [label, value] of outline.details) {
      const valuePiece = label === 'Fingerprint' ? { ...plainPiece(value), font: 'mono' as const } : plainPiece(value);
      this.pieces([{ ...plainPiece(`${label}: `), font: 'bold' }, valuePiece], this.left, this.contentWidth, label === 'Fingerprint' ? 9 : BODY_SIZE);
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
    this.pieces([{ ...plainPiece('Contents'), font: 'bold' }], this.left, this.contentWidth, 15);
    this.space(6);
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
    const right = this.left + this.contentWidth;
    for (const slot of slots) {
      document.switchToPage(slot.pageIndex);
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
    }
  }

  /** A heading that is also a link target, a PDF bookmark and a table-of-contents entry. */
  private sectionHeading(title: string, anchor: string, size: number): void {
    const { document } = this;
    const height = document.font('bold').fontSize(size).heightOfString(title, { width: this.contentWidth, lineGap: 2 });
    this.ensureSpace(height + this.lineHeight(BODY_SIZE) * 3);
    this.pageOfAnchor.set(anchor, this.pageIndex + 1);
    document.addNamedDestination(anchor, 'XYZ', null, document.y, null);
    document.outline.addItem(title);
    this.pieces([{ ...plainPiece(title), font: 'bold' }], this.left, this.contentWidth, size);
    this.space(4);
  }

  private subHeading(text: string, size: number): void {
    const height = this.document.font('bold').fontSize(size).heightOfString(text, { width: this.contentWidth, lineGap: 2 });
    this.ensureSpace(height + this.lineHeight(BODY_SIZE) * 2);
    this.pieces([{ ...plainPiece(text), font: 'bold' }], this.left, this.contentWidth, size);
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
        this.pieces(pieces, context.x, context.width, BODY_SIZE);
        this.space(context.compact ? 2 : 6);
        return;
      }
      case 'heading': {
        const size = block.level <= 3 ? 12.5 : block.level === 4 ? 11.5 : BODY_SIZE;
        const pieces = inlinePieces(block.inlines).map((piece) => ({ ...piece, font: boldFont(piece.font) }));
        if (pieces.length === 0) return;
        this.space(4);
        this.ensureSpace(this.lineHeight(size, 'bold') + this.lineHeight(BODY_SIZE) * 2);
        this.pieces(pieces, context.x, context.width, size);
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
        document.save().moveTo(context.x, y).lineTo(context.x + context.width, y).lineWidth(0.75).strokeColor(COLORS.rule).stroke().restore();
        this.space(14);
        return;
      }
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
    list.items.forEach((item, index) => {
      const marker = list.ordered ? `${list.start + index}.` : bullets[context.listDepth % bullets.length]!;
      this.ensureSpace(this.lineHeight(BODY_SIZE));
      const y = document.y;
      document.font('regular').fontSize(BODY_SIZE).fillColor(COLORS.text);
      // Numbers are right-aligned against the text, bullets sit at the indent.
      const markerX = list.ordered ? textX - 5 - document.widthOfString(marker) : textX - markerWidth + 2;
      document.text(marker, markerX, y, { lineBreak: false });
      document.y = y;
      if (item.length === 0) this.space(this.lineHeight(BODY_SIZE));
      this.blocks(item, itemContext);
    });
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
    this.blocks(blocks, { ...context, x: context.x + 14, width: context.width - 14 });
    const endPage = this.pageIndex;
    const endY = document.y - 4;
    // The bar beside a quote may run over several pages; with buffered pages each part can be drawn afterwards.
    for (let page = startPage; page <= endPage; page += 1) {
      document.switchToPage(page);
      const top = page === startPage ? startY : MARGINS.top;
      const bottom = page === endPage ? endY : this.bottomLimit;
      if (bottom > top) document.save().moveTo(context.x + 4, top).lineTo(context.x + 4, bottom).lineWidth(2.5).strokeColor(COLORS.rule).stroke().restore();
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
    if (height <= pageHeight) document.save().rect(context.x, top, context.width, height).fill(COLORS.shade).restore();
    document.font('mono').fontSize(size).fillColor(COLORS.text).text(text || ' ', context.x + padding, top + padding, { width: innerWidth, lineGap: 1 });
    document.x = this.left;
    document.y = height <= pageHeight ? top + height + 6 : document.y + padding;
  }

  private endorsementRecord(): void {
    const { outline } = this;
    this.sectionHeading(ENDORSEMENT_TITLE, 'endorsement-record', 16);
    this.pieces([plainPiece(outline.summary)], this.left, this.contentWidth, BODY_SIZE);
    this.space(6);
    if (outline.endorsement.rows.length > 0) {
      this.table(outline.endorsement, 8.5, (column, value) =>
        column === 2 ? statusColor(value) : undefined,
      );
    } else {
      this.pieces([plainPiece('No sign-offs have been recorded.')], this.left, this.contentWidth, BODY_SIZE);
    }
    this.space(6);
    if (outline.counts.stale > 0) {
      this.pieces([{ ...plainPiece(STALE_EXPLANATION), font: 'italic', color: COLORS.muted }], this.left, this.contentWidth, 9);
      this.space(4);
    }
    this.ensureSpace(this.lineHeight(BODY_SIZE) * 3);
    this.pieces([{ ...plainPiece('Fingerprint: '), font: 'bold' }, { ...plainPiece(outline.fingerprint), font: 'mono' }], this.left, this.contentWidth, 9);
    this.space(2);
    this.pieces([{ ...plainPiece(FINGERPRINT_EXPLANATION), font: 'italic', color: COLORS.muted }], this.left, this.contentWidth, 9);
  }

  private inventoryAppendix(inventory: NonNullable<ExportOutline['inventory']>): void {
    this.sectionHeading(INVENTORY_TITLE, 'inventory-appendix', 16);
    if (inventory.groups.length === 0) this.pieces([plainPiece('No accounts have been registered.')], this.left, this.contentWidth, BODY_SIZE);
    for (const group of inventory.groups) {
      this.space(6);
      this.subHeading(group.department, 12.5);
      this.table(group.table, 7.5);
    }
    if (inventory.findings.length > 0) {
      this.space(10);
      this.subHeading(FINDINGS_TITLE, 12.5);
      this.list(
        {
          kind: 'list',
          ordered: false,
          start: 1,
          items: inventory.findings.map((finding) => [
            {
              kind: 'paragraph',
              inlines: [
                { kind: 'text', text: finding.message, marks: NO_MARKS },
                ...(finding.accounts.length > 0 ? [{ kind: 'text' as const, text: ` Accounts: ${finding.accounts.join('; ')}`, marks: { ...NO_MARKS, italic: true } }] : []),
              ],
            },
          ]),
        },
        { x: this.left, width: this.contentWidth, listDepth: 0, compact: false },
      );
    }
  }

  /**
   * Draws a table with wrapped cells. Rows never split; a row that doesn't fit goes to the next page under a
   * repeated header row, and a row taller than a whole page is cut off with an ellipsis rather than overflowing.
   */
  private table(table: TextTable, size: number, cellColor?: (column: number, value: string) => string | undefined): void {
    const { document } = this;
    const padding = 3.5;
    const weights = table.columns.map((_, index) => table.weights[index] ?? 1);
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    const widths = weights.map((weight) => (weight / total) * this.contentWidth);
    const cellOptions = (index: number) => ({ width: widths[index]! - padding * 2, lineGap: 1 });
    const rowHeight = (cells: readonly string[], font: FontName) =>
      Math.max(...table.columns.map((_, index) => document.font(font).fontSize(size).heightOfString(cells[index] || ' ', cellOptions(index)))) + padding * 2;

    const drawRow = (cells: readonly string[], height: number, header: boolean) => {
      const top = document.y;
      let x = this.left;
      table.columns.forEach((_, index) => {
        const value = cells[index] ?? '';
        document.save().rect(x, top, widths[index]!, height).lineWidth(0.5);
        if (header) document.fillAndStroke(COLORS.headerFill, COLORS.rule);
        else document.stroke(COLORS.rule);
        document.restore();
        document
          .font(header ? 'bold' : 'regular')
          .fontSize(size)
          .fillColor(header ? COLORS.text : (cellColor?.(index, value) ?? COLORS.text))
          .text(value, x + padding, top + padding, { ...cellOptions(index), height: height - padding * 2 + 0.5, ellipsis: true });
        x += widths[index]!;
      });
      document.x = this.left;
      document.y = top + height;
    };

    const headerHeight = rowHeight(table.columns, 'bold');
    const maxRowHeight = this.bottomLimit - MARGINS.top - headerHeight;
    const firstHeight = table.rows[0] ? Math.min(maxRowHeight, rowHeight(table.rows[0], 'regular')) : 0;
    this.ensureSpace(headerHeight + firstHeight);
    drawRow(table.columns, headerHeight, true);
    for (const row of table.rows) {
      const height = Math.min(maxRowHeight, rowHeight(row, 'regular'));
      if (document.y + height > this.bottomLimit) {
        document.addPage();
        drawRow(table.columns, headerHeight, true);
      }
      drawRow(row, height, false);
    }
    document.x = this.left;
  }

  /** Header, draft watermark and "Page X of Y" on every page, drawn last because only then is Y known. */
  private decoratePages(): void {
    const { document, outline } = this;
    const range = document.bufferedPageRange();
    for (let index = range.start; index < range.start + range.count; index += 1) {
      document.switchToPage(index);
      const { width, height } = document.page;
      const right = width - MARGINS.right;

      let titleSpace = this.contentWidth;
      if (!outline.endorsed) {
        this.watermark();
        document.font('bold').fontSize(9).fillColor(COLORS.draft);
        const markWidth = document.widthOfString(DRAFT_MARK);
        document.text(DRAFT_MARK, right - markWidth, HEADER_Y, { lineBreak: false });
        titleSpace -= markWidth + 16;
      }
      document.font('regular').fontSize(8.5).fillColor(COLORS.muted);
      document.text(fitText(document, outline.title, titleSpace), this.left, HEADER_Y + 0.5, { lineBreak: false });
      document.save().moveTo(this.left, HEADER_Y + 15).lineTo(right, HEADER_Y + 15).lineWidth(0.5).strokeColor(COLORS.rule).stroke().restore();

      const pageLabel = `Page ${index - range.start + 1} of ${range.count}`;
      document.font('regular').fontSize(8.5).fillColor(COLORS.muted);
      document.text(pageLabel, (width - document.widthOfString(pageLabel)) / 2, height - FOOTER_OFFSET, { lineBreak: false });
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

/** Inline runs as pdfkit pieces; a hard break becomes a newline at the end of the run before it. */
function inlinePieces(inlines: readonly Inline[]): TextPiece[] {
  const pieces: TextPiece[] = [];
  for (const inline of inlines) {
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
  }
  const last = pieces[pieces.length - 1];
  if (last) last.text = last.text.replace(/\n+$/, '');
  return pieces;
}

function statusColor(label: string): string | undefined {
  if (label === STATUS_LABELS.signed) return COLORS.signed;
  if (label === STATUS_LABELS.stale) return COLORS.stale;
  if (label === STATUS_LABELS.pending) return COLORS.pending;
  return undefined;
}

/** Shortens text with an ellipsis to fit a width in the current font. */
function fitText(document: PDFKit.PDFDocument, text: string, width: number): string {
  if (document.widthOfString(text) <= width) return text;
  let shortened = text;
  while (shortened.length > 1 && document.widthOfString(`${shortened}…`) > width) shortened = shortened.slice(0, -1);
  return `${shortened.trimEnd()}…`;
}
