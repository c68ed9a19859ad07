import { cleanText, contentBlocks, type Block } from './contentBlocks';
import { isoDay, shortHash, type ExportDepartment, type ExportInput, type ExportSection } from './exportModel';

export type SectionStatus = ExportSection['status'];

export interface StatusCounts {
  signed: number;
  stale: number;
  pending: number;
  total: number;
}

/** A table as plain strings: every format draws the same columns and rows in its own way. */
export interface TextTable {
  columns: string[];
  rows: string[][];
  /** Relative column widths for the paged formats (PDF, DOCX). */
  weights: number[];
}

export interface OutlineSection {
  id: string;
  /** Unique, URL-safe id for in-document links (HTML ids, PDF destinations). */
  anchor: string;
  title: string;
  ownerName: string;
  approverNames: string[];
  status: SectionStatus;
  statusLabel: string;
  /** "Owner: Legal · Approvers: HR, Compliance · Status: Signed" */
  byline: string;
  blocks: Block[];
}

export interface OutlineFinding {
  message: string;
  /** The accounts the finding is about, as "Platform account (Department)". */
  accounts: string[];
}

export interface OutlineInventory {
  groups: { department: string; table: TextTable }[];
  findings: OutlineFinding[];
}

export interface OutlineReadingLevel {
  summary: string;
  table: TextTable;
}

/** The parts after the sections, in order, for tables of contents. */
export interface BackMatterPart {
  anchor: string;
  title: string;
}

/** Everything an export shows, already cleaned, labelled and counted, so the formats only differ in layout. */
export interface ExportOutline {
  title: string;
  organization: string;
  endorsed: boolean;
  fingerprint: string;
  counts: StatusCounts;
  /** "3 of 4 sections signed; 1 pending." */
  summary: string;
  /** Present only for a draft: "DRAFT — not endorsed. 3 of 4 sections signed; 1 pending." */
  draftNotice?: string;
  /** Label/value pairs shown under the title. */
  details: [label: string, value: string][];
  sections: OutlineSection[];
  endorsement: TextTable;
  readingLevel?: OutlineReadingLevel;
  inventory?: OutlineInventory;
  backMatter: BackMatterPart[];
}

/** Short mark for page headers and watermarks on every page of a draft. */
export const DRAFT_MARK = 'DRAFT — NOT ENDORSED';
export const DRAFT_HEADER = 'DRAFT — not endorsed';

export const ENDORSEMENT_TITLE = 'Endorsement record';
export const READING_LEVEL_TITLE = 'Reading level';
export const INVENTORY_TITLE = 'Appendix: social media inventory';
export const FINDINGS_TITLE = 'Findings';

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

const ENDORSEMENT_COLUMNS = ['Section', 'Department', 'Status', 'Signed by', 'Date', 'Hash (short)'];
const ENDORSEMENT_WEIGHTS = [24, 17, 9, 17, 17, 16];
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
  const details: [string, string][] = [
    ['Organization', singleLine(input.organization)],
    ['Date', isoDay(singleLine(input.date))],
    ['Version', singleLine(input.version)],
    ['Status', endorsed ? `Endorsed — ${summary}` : `Draft, not endorsed — ${summary}`],
    ['Fingerprint', fingerprint],
  ];
  const readingLevel = readingLevelSummary(input);
  const inventory = input.inventory ? inventoryAppendix(input.inventory, input.departments ?? [], departmentName) : undefined;
  return {
    title: singleLine(input.title) || 'Social media policy',
    organization: singleLine(input.organization),
    endorsed,
    fingerprint,
    counts,
    summary,
    ...(endorsed ? {} : { draftNotice: `${DRAFT_HEADER}. ${summary}` }),
    details,
    sections: outlineSections(input.sections, departmentName),
    endorsement: {
      columns: ENDORSEMENT_COLUMNS,
      weights: ENDORSEMENT_WEIGHTS,
      rows: input.endorsement.map((row) => [
        singleLine(row.sectionTitle),
        singleLine(departmentName(row.department)),
        STATUS_LABELS[row.status] ?? singleLine(row.status),
        row.signer ? singleLine(row.signer) : NONE,
        row.at ? formatTimestamp(singleLine(row.at)) : NONE,
        row.hash ? shortHash(singleLine(row.hash)) : NONE,
      ]),
    },
    ...(readingLevel ? { readingLevel } : {}),
    ...(inventory ? { inventory } : {}),
    backMatter: [
      { anchor: 'endorsement-record', title: ENDORSEMENT_TITLE },
      ...(readingLevel ? [{ anchor: 'reading-level', title: READING_LEVEL_TITLE }] : []),
      ...(inventory ? [{ anchor: 'inventory-appendix', title: INVENTORY_TITLE }] : []),
    ],
  };
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

/** "2025-03-14 09:30 UTC"; the text as given when it isn't a date, so odd data still shows. */
/** Looks department names up in the organization's list; an unknown id is shown as itself, so old data still reads. */
function departmentNamer(departments: readonly ExportDepartment[]): (id: string) => string {
  const names = new Map(departments.map((department) => [department.id, department.name]));
  return (id) => names.get(id) ?? id;
}

export function formatTimestamp(iso: string): string {
  const parsed = new Date(iso);
  if (Number.isNaN(parsed.getTime())) return iso;
  return `${parsed.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function outlineSections(sections: readonly ExportSection[], departmentName: (id: string) => string): OutlineSection[] {
  const usedAnchors = new Set<string>();
  return sections.map((section, index) => {
    const ownerName = singleLine(departmentName(section.owner));
    const approverNames = (section.approvers ?? []).map((approver) => singleLine(departmentName(approver)));
    const statusLabel = STATUS_LABELS[section.status] ?? singleLine(section.status);
    const byline = [
      `Owner: ${ownerName || NONE}`,
      `Approvers: ${approverNames.length > 0 ? approverNames.join(', ') : NONE}`,
      `Status: ${statusLabel}`,
    ].join(' · ');
    return {
      id: singleLine(section.id),
      anchor: uniqueAnchor(`section-${anchorSlug(section.id) || index + 1}`, usedAnchors),
      title: singleLine(section.title) || `Section ${index + 1}`,
      ownerName,
      approverNames,
      status: section.status,
      statusLabel,
      byline,
      blocks: contentBlocks(section.content),
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

function readingLevelSummary(input: ExportInput): OutlineReadingLevel | undefined {
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
    return row;
  });
  const parts = [`Average grade level ${formatNumber(gradeTotal / measured.length)} over ${measured.length} ${measured.length === 1 ? 'section' : 'sections'}.`];
  if (target !== undefined) parts.push(`${withinTarget} of ${measured.length} within the target of grade ${formatTarget(target)} or below.`);
  return { summary: parts.join(' '), table: { columns, rows, weights: target !== undefined ? [46, 16, 16, 22] : [52, 24, 24] } };
}

function inventoryAppendix(
  inventory: NonNullable<ExportInput['inventory']>,
  organization: readonly ExportDepartment[],
  departmentName: (id: string) => string,
): OutlineInventory {
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
  const groups = departments.map((department) => ({
    department: singleLine(departmentName(department)),
    table: {
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
      ]),
    },
  }));
  const entriesById = new Map(entries.map((entry) => [entry.id, entry]));
  const findings = (inventory.findings ?? []).map((finding) => ({
    message: singleLine(finding.message),
    accounts: (finding.entries ?? []).map((id) => {
      const entry = entriesById.get(id);
      return entry ? singleLine(`${entry.platform} ${entry.account} (${departmentName(entry.department)})`) : singleLine(id);
    }),
  }));
  return { groups, findings };
}
