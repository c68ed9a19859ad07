import { cleanText, contentBlocks, type Block } from './contentBlocks';
import { placeNotes, type OutlineNote } from './exportNotes';
import { isoDay, shortHash, type ExportDepartment, type ExportInput, type ExportPart, type ExportSection } from './exportModel';
import { PLACEHOLDER_IN_TEXT, placeholderDefinition } from '../../shared/placeholders';
import { formatDay } from '../../shared/reviewDate';

export type SectionStatus = ExportSection['status'];

export interface StatusCounts {
  signed: number;
  stale: number;
  pending: number;
  total: number;
}

/** One cell of a table: text, or a sign-off status that the formats may colour. */
export type TableCell = { kind: 'text'; text: string } | { kind: 'status'; status: SectionStatus; text: string };

/** A table every format draws with the same columns and rows in its own way. */
export interface OutlineTable {
  /** What the table shows, for screen readers (the HTML caption). */
  caption: string;
  columns: string[];
  rows: TableCell[][];
  /** Relative column widths for the paged formats (PDF, DOCX). */
  weights: number[];
}

/** A hash with its label, shown in a monospace font so people can compare it character by character. */
export interface HashPart {
  kind: 'hash';
  label: string;
  value: string;
}

/** A label and its value, shown under the title. */
export type DetailPart = { kind: 'text'; label: string; value: string } | HashPart;

/** What the endorsement record shows after its summary, in order. */
export type RecordPart =
  | { kind: 'table'; table: OutlineTable }
  /** Said instead of a table that would have no rows. */
  | { kind: 'empty'; text: string }
  /** An explanation, set smaller or muted. */
  | { kind: 'note'; text: string }
  | HashPart;

export interface OutlineSection {
  id: string;
  /** Unique, URL-safe id for in-document links (HTML ids, PDF destinations). */
  anchor: string;
  title: string;
  ownerName: string;
  approverNames: string[];
  status: SectionStatus;
  statusLabel: string;
  /** "Owner: Legal · Approvers: HR, Compliance · Status: Signed"; empty in a copy for staff. */
  byline: string;
  blocks: Block[];
  /** Open comment threads of the section, numbered; empty unless the `comments` part was asked for. */
  notes: OutlineNote[];
}

export interface OutlineFinding {
  message: string;
  /** "Accounts: Platform account (Department); …", when the finding names accounts. */
  accounts?: string;
}

/** What the inventory appendix shows, in order. */
export type InventoryPart =
  | { kind: 'empty'; text: string }
  | { kind: 'group'; department: string; table: OutlineTable }
  | { kind: 'findings'; title: string; findings: OutlineFinding[] };

/** The parts after the sections, in order; each is a heading with an anchor (tables of contents link to it). */
export type BackMatter =
  | { kind: 'endorsement'; anchor: string; title: string; summary: string; parts: RecordPart[] }
  | { kind: 'readingLevel'; anchor: string; title: string; summary: string; table: OutlineTable }
  | { kind: 'inventory'; anchor: string; title: string; parts: InventoryPart[] };

/** The line that opens a draft: "DRAFT — not endorsed." in bold, then how far sign-off got. */
export interface DraftNotice {
  lead: string;
  text: string;
}

/** Everything an export shows, already cleaned, labelled and counted, so the formats only differ in layout. */
export interface ExportOutline {
  title: string;
  organization: string;
  endorsed: boolean;
  /** The document's subject in its properties: "Endorsed policy" or "Draft policy, not endorsed". */
  subject: string;
  /** "3 of 4 sections signed; 1 pending." */
  summary: string;
  /** Present only for a draft. */
  draftNotice?: DraftNotice;
  /** Shown under the title. */
  details: DetailPart[];
  sections: OutlineSection[];
  /** Open threads whose section is not in the export (deleted since), listed after the sections. */
  removedNotes: OutlineNote[];
  backMatter: BackMatter[];
}

/** Short mark for page headers and watermarks on every page of a draft. */
export const DRAFT_MARK = 'DRAFT — NOT ENDORSED';
export const DRAFT_HEADER = 'DRAFT — not endorsed';

export const ENDORSEMENT_TITLE = 'Endorsement record';
export const READING_LEVEL_TITLE = 'Reading level';
export const INVENTORY_TITLE = 'Appendix: social media inventory';
export const FINDINGS_TITLE = 'Findings';
export const CONTENTS_TITLE = 'Contents';
/** The application named as the maker in each file's properties. */
export const CREATOR = 'Accord';

export const STATUS_LABELS: Record<SectionStatus, string> = {
  signed: 'Signed',
  stale: 'Stale',
  pending: 'Pending',
};

/** Printed under the endorsement record so "Stale" isn't read as "signed". */
export const STALE_EXPLANATION =
  'Stale: the section changed after this department signed it, so the signature covers an earlier version.';

export const FINGERPRINT_EXPLANATION =
  'The fingerprint is a hash over every section hash. Two copies with the same fingerprint have the same text.';

const FINGERPRINT_LABEL = 'Fingerprint';
const NO_SIGNOFFS = 'No sign-offs have been recorded.';
const NO_ACCOUNTS = 'No accounts have been registered.';

const ENDORSEMENT_COLUMNS = ['Section', 'Department', 'Status', 'Signed by', 'Date', 'Hash (short)'];
const ENDORSEMENT_WEIGHTS = [24, 17, 9, 17, 17, 16];
const COMMENT_COLUMN = 'Comment';
const ENDORSEMENT_WEIGHTS_WITH_COMMENTS = [18, 13, 9, 13, 14, 13, 20];
const INVENTORY_COLUMNS = ['Platform', 'Account', 'Purpose', 'Audience', 'Tools', 'Responsible', 'Admins', 'Official'];
const INVENTORY_WEIGHTS = [10, 16, 13, 12, 17, 13, 9, 10];
const NONE = '—';

/**
 * Builds the format-independent outline of an export. Done once here so that the Markdown, HTML,
 * DOCX and PDF files can never disagree about counts, labels or which parts are included.
 */
export function exportOutline(input: ExportInput): ExportOutline {
  const departmentName = departmentNamer(input.departments ?? []);
  const counts = statusCounts(input.sections);
  const summary = endorsementSummary(counts);
  const endorsed = input.endorsed === true;
  const fingerprint = singleLine(input.fingerprint);
  const forStaff = input.audience === 'staff';
  // Staff read days in words ("December 4, 2026"); the authors' copies keep the ISO day.
  const day = (iso: string) => (forStaff ? formatDay(isoDay(singleLine(iso))) : isoDay(singleLine(iso)));
  const review = input.reviewBy ? [{ kind: 'text' as const, label: 'Next review due', value: `${day(input.reviewBy)}${input.reviewOverdue ? ' (overdue)' : ''}` }] : [];
  // A copy for staff has no status line or fingerprint: those are for the people who write and check it.
  const details: DetailPart[] = [
    // No organization named (it is optional at set-up): no row, rather than a label with nothing after it.
    ...(singleLine(input.organization) ? [{ kind: 'text' as const, label: 'Organization', value: singleLine(input.organization) }] : []),
    { kind: 'text', label: forStaff ? 'Endorsed' : 'Date', value: day(input.date) },
    { kind: 'text', label: 'Version', value: singleLine(input.version) },
    ...review,
    ...(forStaff
      ? []
      : [
          { kind: 'text' as const, label: 'Status', value: endorsed ? `Endorsed — ${summary}` : `Draft, not endorsed — ${summary}` },
          { kind: 'hash' as const, label: FINGERPRINT_LABEL, value: fingerprint },
        ]),
  ];
  // Staff read a blank as its label in the text (blanksAsLabels), not in an authoring note.
  const blanks = forStaff ? null : unfilledPlaceholders(input.sections);
  // Just before the fingerprint, which stays last.
  if (blanks) details.splice(details.length - 1, 0, { kind: 'text', label: 'Still to fill in', value: blanks.words });
  const wanted = (part: ExportPart) => (input.parts === undefined || input.parts.includes(part)) && (!forStaff || part === 'text');
  const readingLevel = wanted('readability') ? readingLevelSummary(input) : undefined;
  const inventory = input.inventory && wanted('inventory') ? inventoryAppendix(input.inventory, input.departments ?? [], departmentName) : undefined;
  const sections = wanted('text') ? outlineSections(input.sections, departmentName, forStaff) : [];
  // Comments are notes on the text: without the text there is nothing to note them on.
  const removedNotes = input.threads && wanted('text') && input.parts?.includes('comments') ? placeNotes(sections, input.threads, departmentName) : [];
  return {
    title: (forStaff ? blankAsLabel(singleLine(input.title)) : singleLine(input.title)) || 'Social media policy',
    organization: singleLine(input.organization),
    endorsed,
    subject: endorsed ? 'Endorsed policy' : 'Draft policy, not endorsed',
    summary,
    ...(endorsed ? {} : { draftNotice: { lead: `${DRAFT_HEADER}.`, text: summary } }),
    details,
    sections,
    removedNotes,
    backMatter: [
      ...(wanted('endorsement')
        ? [
            {
              kind: 'endorsement' as const,
              anchor: 'endorsement-record',
              title: ENDORSEMENT_TITLE,
              summary,
              parts: [...(blanks ? [{ kind: 'note' as const, text: blanks.note }] : []), ...endorsementParts(input, counts, summary, fingerprint, departmentName)],
            },
          ]
        : []),
      ...(readingLevel ? [{ kind: 'readingLevel' as const, anchor: 'reading-level', title: READING_LEVEL_TITLE, ...readingLevel }] : []),
      ...(inventory ? [{ kind: 'inventory' as const, anchor: 'inventory-appendix', title: INVENTORY_TITLE, parts: inventory }] : []),
    ],
  };
}

/**
 * The `{{name}}` places the text still has, in words for the details ("3 places: Legal contact,
 * Review cycle") and for the endorsement record, which must not let a signed copy pass for a
 * finished one. Null when every place is filled in.
 */
export function unfilledPlaceholders(sections: readonly ExportSection[]): { count: number; words: string; note: string } | null {
  const names: string[] = [];
  let count = 0;
  for (const section of sections) {
    for (const text of [section.title, ...section.content.map(anyText)]) {
      for (const match of text.matchAll(PLACEHOLDER_IN_TEXT)) {
        count += 1;
        if (!names.includes(match[1]!)) names.push(match[1]!);
      }
    }
  }
  if (count === 0) return null;
  const labels = names.map((name) => placeholderDefinition(name)?.label ?? name);
  const places = count === 1 ? '1 place' : `${count} places`;
  return {
    count,
    words: `${places} (shown as {{…}} in the text): ${labels.join(', ')}`,
    note: `The text still has ${places} to fill in, shown as {{…}}. The sign-offs below cover the text as it is, blanks included.`,
  };
}

/** Every text in a node, for searching; odd or malformed nodes (the export renders them as best it can) give what text they hold. */
function anyText(node: unknown): string {
  if (typeof node !== 'object' || node === null) return '';
  const { text, content } = node as { text?: unknown; content?: unknown };
  return [typeof text === 'string' ? text : '', ...(Array.isArray(content) ? content.map(anyText) : [])].join(' ');
}

/** "Page 3 of 7", with the numbers as each format writes them (DOCX page fields, PDF numbers). */
export function pageLabel<Value>(current: Value, total: Value): (string | Value)[] {
  return ['Page ', current, ' of ', total];
}

/**
 * What a format does with each kind of part, one function a kind. A format must handle every
 * kind: TypeScript refuses a renderer that leaves one out, so a new kind of part cannot be
 * silently dropped by a format.
 */
export type PartRenderers<Part extends { kind: string }, Result> = {
  [Kind in Part['kind']]: (part: Extract<Part, { kind: Kind }>) => Result;
};

/** Renders a part with the renderer for its kind. */
export function renderPart<Part extends { kind: string }, Result>(part: Part, renderers: PartRenderers<Part, Result>): Result {
  const render = renderers[part.kind as Part['kind']] as (part: Part) => Result;
  return render(part);
}

function endorsementParts(
  input: ExportInput,
  counts: StatusCounts,
  summary: string,
  fingerprint: string,
  departmentName: (id: string) => string,
): RecordPart[] {
  // The comment column is there only when someone wrote one, so most records keep their width.
  const withComments = input.endorsement.some((row) => singleLine(row.comment ?? '') !== '');
  const rows = input.endorsement.map((row): TableCell[] => [
    textCell(singleLine(row.sectionTitle)),
    textCell(singleLine(departmentName(row.department))),
    statusCell(row.status),
    textCell(row.signer ? singleLine(row.signer) : NONE),
    textCell(row.at ? formatTimestamp(singleLine(row.at)) : NONE),
    textCell(row.hash ? shortHash(singleLine(row.hash)) : NONE),
    ...(withComments ? [textCell(singleLine(row.comment ?? '') || NONE)] : []),
  ]);
  const columns = withComments ? [...ENDORSEMENT_COLUMNS, COMMENT_COLUMN] : ENDORSEMENT_COLUMNS;
  const weights = withComments ? ENDORSEMENT_WEIGHTS_WITH_COMMENTS : ENDORSEMENT_WEIGHTS;
  const parts: RecordPart[] = [
    rows.length > 0
      ? { kind: 'table', table: { caption: `Sign-off by section and department. ${summary}`, columns, weights, rows } }
      : { kind: 'empty', text: NO_SIGNOFFS },
  ];
  if (counts.stale > 0) parts.push({ kind: 'note', text: STALE_EXPLANATION });
  parts.push({ kind: 'hash', label: FINGERPRINT_LABEL, value: fingerprint }, { kind: 'note', text: FINGERPRINT_EXPLANATION });
  return parts;
}

function textCell(text: string): TableCell {
  return { kind: 'text', text };
}

/** A known status is a status cell; anything else (odd data) is shown as the text it is. */
function statusCell(status: SectionStatus): TableCell {
  const label = STATUS_LABELS[status];
  return label ? { kind: 'status', status, text: label } : textCell(singleLine(status));
}

/** Cleaned text on one line: titles, names and table cells must not break a heading or a table row. */
function singleLine(text: unknown): string {
  return cleanText(text).replace(/\s+/g, ' ').trim();
}

/** How many sections are in each sign-off state. */
export function statusCounts(sections: readonly ExportSection[]): StatusCounts {
  const counts: StatusCounts = { signed: 0, stale: 0, pending: 0, total: sections.length };
  for (const section of sections) {
    if (section.status === 'signed' || section.status === 'stale' || section.status === 'pending') counts[section.status] += 1;
  }
  return counts;
}

/** "N of M sections signed", plus what the rest are waiting for, so a reader sees at once how far sign-off got. */
export function endorsementSummary(counts: StatusCounts): string {
  const rest: string[] = [];
  if (counts.stale > 0) rest.push(`${counts.stale} stale (changed after signing)`);
  if (counts.pending > 0) rest.push(`${counts.pending} pending`);
  const noun = counts.total === 1 ? 'section' : 'sections';
  return `${counts.signed} of ${counts.total} ${noun} signed${rest.length > 0 ? `; ${rest.join(', ')}` : ''}.`;
}

/** Looks department names up in the organization's list; an unknown id is shown as itself, so old data still reads. */
function departmentNamer(departments: readonly ExportDepartment[]): (id: string) => string {
  const names = new Map(departments.map((department) => [department.id, department.name]));
  return (id) => names.get(id) ?? id;
}

/** "2025-03-14 09:30 UTC"; the text as given when it isn't a date, so odd data still shows. */
export function formatTimestamp(iso: string): string {
  const parsed = new Date(iso);
  if (Number.isNaN(parsed.getTime())) return iso;
  return `${parsed.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "[Legal contact]" for a `{{legal_contact}}` still in the text: what staff can read, where authors see the blank. */
function blankAsLabel(text: string): string {
  return text.replace(PLACEHOLDER_IN_TEXT, (_whole, name: string) => `[${placeholderDefinition(name)?.label ?? name}]`);
}

/** The content with every text's blanks read as labels (a copy; the input is left as it is). */
function blanksAsLabels(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(blanksAsLabels);
  if (typeof node !== 'object' || node === null) return node;
  const copy: Record<string, unknown> = { ...(node as Record<string, unknown>) };
  if (typeof copy.text === 'string') copy.text = blankAsLabel(copy.text);
  if (copy.content !== undefined) copy.content = blanksAsLabels(copy.content);
  return copy;
}

/**
 * `forStaff`: no byline (owners, approvers and sign-off status are for the people who write and
 * sign), and a blank the text still has reads as its label in brackets.
 */
function outlineSections(sections: readonly ExportSection[], departmentName: (id: string) => string, forStaff: boolean): OutlineSection[] {
  const usedAnchors = new Set<string>();
  return sections.map((section, index) => {
    const ownerName = singleLine(departmentName(section.owner));
    const approverNames = (section.approvers ?? []).map((approver) => singleLine(departmentName(approver)));
    const statusLabel = STATUS_LABELS[section.status] ?? singleLine(section.status);
    const byline = forStaff
      ? ''
      : [`Owner: ${ownerName || NONE}`, `Approvers: ${approverNames.length > 0 ? approverNames.join(', ') : NONE}`, `Status: ${statusLabel}`].join(' · ');
    return {
      id: singleLine(section.id),
      anchor: uniqueAnchor(`section-${anchorSlug(section.id) || index + 1}`, usedAnchors),
      title: (forStaff ? blankAsLabel(singleLine(section.title)) : singleLine(section.title)) || `Section ${index + 1}`,
      ownerName,
      approverNames,
      status: section.status,
      statusLabel,
      byline,
      blocks: contentBlocks(forStaff ? (blanksAsLabels(section.content) as ExportSection['content']) : section.content),
      notes: [],
    };
  });
}

function anchorSlug(text: string): string {
  return singleLine(text)
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

function uniqueAnchor(base: string, used: Set<string>): string {
  let anchor = base;
  for (let suffix = 2; used.has(anchor); suffix += 1) anchor = `${base}-${suffix}`;
  used.add(anchor);
  return anchor;
}

function formatNumber(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1) : NONE;
}

function formatTarget(target: number): string {
  return Number.isInteger(target) ? String(target) : target.toFixed(1);
}

function readingLevelSummary(input: ExportInput): { summary: string; table: OutlineTable } | undefined {
  const measured = input.sections.filter((section) => section.readability);
  if (measured.length === 0) return undefined;
  const target = typeof input.gradeTarget === 'number' && Number.isFinite(input.gradeTarget) ? input.gradeTarget : undefined;
  const columns = ['Section', 'Grade level', 'Reading ease'];
  if (target !== undefined) columns.push(`Target (grade ${formatTarget(target)})`);
  let withinTarget = 0;
  let gradeTotal = 0;
  const rows = measured.map((section) => {
    const { grade, readingEase } = section.readability!;
    gradeTotal += Number.isFinite(grade) ? grade : 0;
    const row = [singleLine(section.title), formatNumber(grade), formatNumber(readingEase)];
    if (target !== undefined) {
      const within = Number.isFinite(grade) && grade <= target;
      if (within) withinTarget += 1;
      row.push(within ? 'Within target' : 'Above target');
    }
    return row.map(textCell);
  });
  const parts = [`Average grade level ${formatNumber(gradeTotal / measured.length)} over ${measured.length} ${measured.length === 1 ? 'section' : 'sections'}.`];
  if (target !== undefined) parts.push(`${withinTarget} of ${measured.length} within the target of grade ${formatTarget(target)} or below.`);
  return {
    summary: parts.join(' '),
    table: { caption: 'Reading level by section', columns, rows, weights: target !== undefined ? [46, 16, 16, 22] : [52, 24, 24] },
  };
}

function inventoryAppendix(
  inventory: NonNullable<ExportInput['inventory']>,
  organization: readonly ExportDepartment[],
  departmentName: (id: string) => string,
): InventoryPart[] {
  const entries = inventory.entries ?? [];
  const byDepartment = new Map<string, typeof entries>();
  for (const entry of entries) {
    const group = byDepartment.get(entry.department) ?? [];
    group.push(entry);
    byDepartment.set(entry.department, group);
  }
  // The organization's own department order first, then any unknown departments alphabetically.
  const knownOrder = (department: string) => {
    const position = organization.findIndex((known) => known.id === department);
    return position === -1 ? organization.length : position;
  };
  const departments = [...byDepartment.keys()].sort(
    (a, b) => knownOrder(a) - knownOrder(b) || departmentName(a).localeCompare(departmentName(b)),
  );
  const groups = departments.map((department): InventoryPart => ({
    kind: 'group',
    department: singleLine(departmentName(department)),
    table: {
      caption: `Social media accounts of ${singleLine(departmentName(department))}`,
      columns: INVENTORY_COLUMNS,
      weights: INVENTORY_WEIGHTS,
      rows: byDepartment.get(department)!.map((entry) => [
        singleLine(entry.platform),
        singleLine(entry.account),
        singleLine(entry.purpose),
        singleLine(entry.audience),
        (entry.tools ?? []).map((tool) => singleLine(tool.category ? `${tool.name} (${tool.category})` : tool.name)).join(', ') || NONE,
        singleLine(entry.responsible) || NONE,
        Number.isFinite(entry.adminCount) ? String(entry.adminCount) : NONE,
        entry.official ? 'Yes' : 'No',
      ].map(textCell)),
    },
  }));
  const entriesById = new Map(entries.map((entry) => [entry.id, entry]));
  const findings = (inventory.findings ?? []).map((finding): OutlineFinding => {
    const accounts = (finding.entries ?? []).map((id) => {
      const entry = entriesById.get(id);
      return entry ? singleLine(`${entry.platform} ${entry.account} (${departmentName(entry.department)})`) : singleLine(id);
    });
    return { message: singleLine(finding.message), ...(accounts.length > 0 ? { accounts: `Accounts: ${accounts.join('; ')}` } : {}) };
  });
  return [
    ...(groups.length > 0 ? groups : [{ kind: 'empty' as const, text: NO_ACCOUNTS }]),
    ...(findings.length > 0 ? [{ kind: 'findings' as const, title: FINDINGS_TITLE, findings }] : []),
  ];
}
