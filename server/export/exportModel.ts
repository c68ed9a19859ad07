import type { JSONContent } from '@tiptap/core';
import type { ExportPart } from '../../shared/api/policies';
import type { SectionStatus } from '../../shared/signoffRules';

export type { ExportPart } from '../../shared/api/policies';

export interface ExportSection {
  id: string;
  title: string;
  owner: string;
  approvers: string[];
  /** ProseMirror JSON of the section's blocks after its heading. */
  content: JSONContent[];
  hash: string;
  status: SectionStatus;
  readability?: { grade: number; readingEase: number };
}

export interface ExportEndorsementRow {
  sectionId: string;
  sectionTitle: string;
  department: string;
  status: SectionStatus;
  signer?: string;
  at?: string /* ISO */;
  hash?: string /* full hex hash that was signed */;
  /** What the signer wrote with the sign-off ("subject to NLRA wording"), when anything. */
  comment?: string;
}

export interface ExportInventoryEntry {
  id: string;
  department: string;
  platform: string;
  account: string;
  purpose: string;
  audience: string;
  tools: { name: string; category: string }[];
  responsible: string;
  adminCount: number;
  official: boolean;
}

export interface ExportFinding {
  kind: string;
  message: string;
  entries: string[];
}

/** One comment of an open thread, as an export shows it. */
export interface ExportComment {
  author: string;
  /** Department id of the author, when they had one (shown by name). */
  department: string | null;
  at: string /* ISO */;
  body: string;
  edited: boolean;
}

/**
 * An open comment thread, for review copies (the `comments` part). Where it shows is decided by
 * the text: a thread whose mark is found in an exported section is noted there; one whose text
 * was removed is listed at the end of its section (or of the document) with its quote.
 */
export interface ExportThread {
  id: string;
  sectionId: string;
  quote: string;
  comments: ExportComment[];
}

export interface ExportInput {
  title: string;
  organization: string;
  date: string /* ISO */;
  version: string;
  endorsed: boolean; // false → the export is a DRAFT
  fingerprint: string; // hex hash over all section hashes
  gradeTarget?: number; // reading-level target; include a reading-level summary when sections have readability
  /** The day of the policy's next review (`YYYY-MM-DD`); shown in the details when set. */
  reviewBy?: string | null;
  /** The review day had passed when the export was made: the details say "(overdue)". */
  reviewOverdue?: boolean;
  sections: ExportSection[];
  endorsement: ExportEndorsementRow[];
  inventory?: { entries: ExportInventoryEntry[]; findings: ExportFinding[] };
  /**
   * The organization's departments (archived ones included), in their order: sections,
   * sign-offs and inventory name departments by id, and the export shows these names.
   * A `Department[]` from DepartmentService.list({ includeArchived: true }) fits. An id not
   * in the list (or no list) is shown as the id itself.
   */
  departments?: readonly ExportDepartment[];
  /** The policy's open comment threads, oldest first; shown only with the `comments` part. */
  threads?: readonly ExportThread[];
  /**
   * The parts the person chose: the policy text, the endorsement record, the reading-level
   * summary, the inventory appendix. Absent: every part the input has data for.
   */
  parts?: readonly ExportPart[];
  /**
   * `staff`: the copy everyone reads through the staff link. The text, its version and when it was
   * endorsed and is next reviewed; none of the record of who signed, hashes, owners or authoring
   * notes, which are for the people who write and check the policy. The HTML offers the PDF.
   */
  audience?: 'staff';
}

export interface ExportDepartment {
  id: string;
  name: string;
}

export type ExportFormat = 'docx' | 'pdf' | 'html' | 'md';

export interface ExportFile {
  body: Buffer;
  contentType: string;
  filename: string;
}

const MAX_SLUG_LENGTH = 80;

/**
 * The download name for an export. It says "endorsed" or "draft" so a draft saved to disk
 * can't later be mistaken for the signed-off policy.
 */
export function fileName(input: ExportInput, format: ExportFormat): string {
  const state = input.endorsed ? 'endorsed' : 'draft';
  return `${slugify(input.title)}-${state}-${isoDay(input.date)}.${format}`;
}

/** The first 12 hex characters of a hash: enough for people to compare by eye, short enough for a table cell. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}

/** ASCII-only so the name is safe in a Content-Disposition header and on every file system. */
function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, '');
  return slug || 'policy';
}

/** The calendar day of an ISO timestamp as written, so the name doesn't shift with the server's time zone. */
export function isoDay(iso: string): string {
  const written = /^(\d{4}-\d{2}-\d{2})/.exec(iso);
  if (written) return written[1]!;
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) ? 'undated' : parsed.toISOString().slice(0, 10);
}
