import { departmentName, type Department } from '../departments';
import { formatCsvRecord, parseCsvRecords } from './csvRecords';
import { listInWords } from './listInWords';
import {
  PLATFORM_NAMES,
  PLATFORMS,
  PURPOSE_NAMES,
  PURPOSES,
  INVENTORY_LIMITS,
  INVENTORY_MESSAGES,
  TOOL_CATEGORIES,
  TOOL_CATEGORY_NAMES,
  validateInventoryEntry,
  type InventoryEntry,
  type InventoryEntryInput,
} from './inventoryEntry';

/** The header row of an inventory spreadsheet, in the order {@link toInventoryCsv} writes it. */
export const INVENTORY_CSV_COLUMNS = [
  'department',
  'platform',
  'account',
  'purpose',
  'audience',
  'tools',
  'responsible',
  'adminCount',
  'official',
] as const;

export type InventoryCsvColumn = (typeof INVENTORY_CSV_COLUMNS)[number];

export interface InventoryCsvError {
  /** 1-based line in the file where the row starts (the header is line 1). */
  line: number;
  field: string;
  message: string;
}

const HEADER_TEXT = INVENTORY_CSV_COLUMNS.join(',');

/** What each column holds, for the help beside the import: whether it is required and what it accepts. */
export const INVENTORY_CSV_HELP: readonly { column: InventoryCsvColumn; required: boolean; accepts: string }[] = [
  { column: 'department', required: true, accepts: 'your department’s name or id, such as Marketing or marketing' },
  { column: 'platform', required: true, accepts: listInWords(PLATFORMS.map((platform) => PLATFORM_NAMES[platform]), 'or') },
  { column: 'account', required: true, accepts: `the account’s name, @handle or address, up to ${INVENTORY_LIMITS.account} characters` },
  { column: 'purpose', required: true, accepts: listInWords(PURPOSES.map((purpose) => PURPOSE_NAMES[purpose]), 'or') },
  { column: 'audience', required: false, accepts: `who the account speaks to, up to ${INVENTORY_LIMITS.audience} characters` },
  {
    column: 'tools',
    required: false,
    accepts: `tools as name:category, separated by semicolons (such as Hootsuite:publishing; Brandwatch:monitoring); categories: ${listInWords(TOOL_CATEGORIES.map((category) => (TOOL_CATEGORY_NAMES[category] === category ? category : `${category} (${TOOL_CATEGORY_NAMES[category]})`)), 'or')}`,
  },
  { column: 'responsible', required: true, accepts: `the person or role who looks after the account, up to ${INVENTORY_LIMITS.responsible} characters` },
  { column: 'adminCount', required: true, accepts: `how many people have admin access, a whole number from 0 to ${INVENTORY_LIMITS.adminCount}` },
  { column: 'official', required: true, accepts: 'yes or no' },
];

/** A file to start from: the header row and two example rows that import as they are. */
export const INVENTORY_CSV_SAMPLE = [
  HEADER_TEXT,
  'marketing,linkedin,Northwind Health on LinkedIn,brand-awareness,Patients and local employers,Hootsuite:publishing; Brandwatch:monitoring,Mia Marketing,2,yes',
  'hr,instagram,@northwindcareers,recruiting,People who might work with us,,Harriet HR,1,no',
].join('\r\n') + '\r\n';


/** Other spellings people use for a platform, so a hand-made spreadsheet still imports. */
const PLATFORM_ALIASES: Readonly<Record<string, string>> = { twitter: 'x', 'x/twitter': 'x' };

/**
 * Maps what someone typed in a spreadsheet to an id: the id itself or its display name,
 * in any case. Anything else is passed on unchanged so validation explains the choices.
 */
function matchChoice<Id extends string>(
  value: string,
  ids: readonly Id[],
  nameOf: (id: Id) => string,
  aliases: Readonly<Record<string, string>> = {},
): string {
  const wanted = value.trim().toLowerCase();
  const alias = aliases[wanted];
  if (alias !== undefined) return alias;
  return ids.find((id) => id === wanted || nameOf(id).toLowerCase() === wanted) ?? value.trim();
}

function parseAdminCount(cell: string): number | string | undefined {
  const trimmed = cell.trim();
  if (trimmed === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function parseOfficial(cell: string): boolean | undefined {
  const answer = cell.trim().toLowerCase();
  if (answer === 'yes' || answer === 'true') return true;
  if (answer === 'no' || answer === 'false') return false;
  return undefined;
}

/** Reads `name:category; name:category`. The last colon splits, so a tool name may contain one. */
function parseTools(cell: string): { tools: { name: string; category: string }[]; problems: string[] } {
  const tools: { name: string; category: string }[] = [];
  const problems: string[] = [];
  for (const piece of cell.split(';').map((part) => part.trim())) {
    if (piece === '') continue;
    const colon = piece.lastIndexOf(':');
    if (colon === -1) {
      problems.push(`The tool “${piece}” needs a category after a colon, such as “${piece}:monitoring”.`);
      continue;
    }
    tools.push({
      name: piece.slice(0, colon).trim(),
      category: matchChoice(piece.slice(colon + 1), TOOL_CATEGORIES, (id) => TOOL_CATEGORY_NAMES[id]),
    });
  }
  return { tools, problems };
}

function withoutId(entry: InventoryEntry): InventoryEntryInput {
  return {
    department: entry.department,
    platform: entry.platform,
    account: entry.account,
    purpose: entry.purpose,
    audience: entry.audience,
    tools: entry.tools,
    responsible: entry.responsible,
    adminCount: entry.adminCount,
    official: entry.official,
  };
}

/**
 * Imports a department's inventory from a spreadsheet saved as CSV, so nobody has to retype
 * accounts they already track elsewhere. The first row is the header
 * (`department,platform,account,purpose,audience,tools,responsible,adminCount,official`, in
 * any order and case; extra columns are ignored). Choices may be written as ids or display
 * names, `tools` is `name:category; name:category`, and `official` is yes/no/true/false.
 * Every row is validated like a form entry: good rows come back in `entries` (with their line
 * in `lines`, same order), and every problem of a refused row in `errors` with its line, its
 * column and a sentence saying what to write. Entries come back without ids: saving assigns them.
 */
export function parseInventoryCsv(
  text: string,
  departments: readonly Department[],
): { entries: InventoryEntryInput[]; lines: number[]; errors: InventoryCsvError[] } {
  const departmentIds = departments.map((department) => department.id);
  const { records, errors: syntaxErrors } = parseCsvRecords(text);
  const errors: InventoryCsvError[] = syntaxErrors.map((error) => ({
    line: error.line,
    field: 'csv',
    message: `This row is not valid CSV: ${error.message.replace(/\.?$/, '.')}`,
  }));
  const entries: InventoryEntryInput[] = [];
  const lines: number[] = [];

  const [header, ...rows] = records;
  if (header === undefined) {
    if (errors.length === 0) {
      errors.push({ line: 1, field: 'header', message: `The file is empty. Its first row must name the columns: ${HEADER_TEXT}` });
    }
    return { entries, lines, errors };
  }

  const columnIndex = new Map<InventoryCsvColumn, number>();
  const headerErrors: InventoryCsvError[] = [];
  header.cells.forEach((cell, index) => {
    const column = INVENTORY_CSV_COLUMNS.find((name) => name.toLowerCase() === cell.trim().toLowerCase());
    if (column === undefined) return;
    if (columnIndex.has(column)) {
      headerErrors.push({ line: header.line, field: column, message: `The column “${column}” appears twice in the first row. Keep one.` });
    } else {
      columnIndex.set(column, index);
    }
  });
  for (const column of INVENTORY_CSV_COLUMNS) {
    if (!columnIndex.has(column)) {
      headerErrors.push({
        line: header.line,
        field: column,
        message: `The first row has no “${column}” column. It must name the columns: ${HEADER_TEXT}`,
      });
    }
  }
  if (headerErrors.length > 0) return { entries, lines, errors: [...errors, ...headerErrors] };

  for (const row of rows) {
    if (row.cells.length !== header.cells.length) {
      errors.push({
        line: row.line,
        field: 'row',
        message: `This row has ${row.cells.length} values, but the first row names ${header.cells.length} columns. Check for a missing or extra comma; put a value that contains a comma in double quotes.`,
      });
      continue;
    }
    const cell = (column: InventoryCsvColumn) => row.cells[columnIndex.get(column)!]!;
    const rowErrors: InventoryCsvError[] = [];

    const { tools, problems } = parseTools(cell('tools'));
    for (const message of problems) rowErrors.push({ line: row.line, field: 'tools', message });

    let official = parseOfficial(cell('official'));
    if (official === undefined) {
      rowErrors.push({ line: row.line, field: 'official', message: INVENTORY_MESSAGES.official });
      official = false; // keeps validation from reporting the same field a second time
    }

    const validation = validateInventoryEntry({
      department: matchChoice(cell('department'), departmentIds, (id) => departmentName(id, departments)),
      platform: matchChoice(cell('platform'), PLATFORMS, (id) => PLATFORM_NAMES[id], PLATFORM_ALIASES),
      account: cell('account'),
      purpose: matchChoice(cell('purpose'), PURPOSES, (id) => PURPOSE_NAMES[id]),
      audience: cell('audience'),
      tools,
      responsible: cell('responsible'),
      adminCount: parseAdminCount(cell('adminCount')),
      official,
    }, departments);
    if (!validation.ok) {
      // A CSV row's problems are named by their column ("tools"), not the path inside it ("tools.1.name").
      for (const error of validation.errors) rowErrors.push({ line: row.line, field: error.field.split('.')[0]!, message: error.message });
    }
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
    } else if (validation.ok) {
      entries.push(withoutId(validation.entry));
      lines.push(row.line);
    }
  }
  return { entries, lines, errors: errors.sort((left, right) => left.line - right.line) };
}

/**
 * Exports an inventory as CSV that spreadsheets open and {@link parseInventoryCsv} reads back
 * unchanged: ids for choices, `name:category; …` for tools, yes/no for official, CRLF line ends.
 * Entry ids are not exported; they belong to the policy, not to the spreadsheet.
 */
export function toInventoryCsv(entries: readonly InventoryEntryInput[]): string {
  const lines = [formatCsvRecord(INVENTORY_CSV_COLUMNS)];
  for (const entry of entries) {
    lines.push(
      formatCsvRecord([
        entry.department,
        entry.platform,
        entry.account,
        entry.purpose,
        entry.audience,
        entry.tools.map((tool) => `${tool.name}:${tool.category}`).join('; '),
        entry.responsible,
        String(entry.adminCount),
        entry.official ? 'yes' : 'no',
      ]),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
