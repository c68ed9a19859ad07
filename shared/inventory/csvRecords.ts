/** One record of a CSV file and the (1-based) line it starts on, for error messages. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export interface CsvSyntaxError {
  line: number;
  message: string;
}

/** A leading character that makes spreadsheets read a cell as a formula. */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/**
 * Parses CSV as RFC 4180 describes it: comma separated, fields optionally in double quotes,
 * `""` for a quote inside quotes, quoted fields may span lines, and CRLF, LF or CR line ends.
 * A leading byte-order mark (Excel writes one) is ignored, and blank lines are skipped.
 * A cell written by {@link formatCsvRecord} with an apostrophe guarding a formula character
 * is read back without that apostrophe, so export and import round-trip exactly.
 * Errors carry line numbers so people can find the row in their spreadsheet; a record with a
 * syntax error is left out of `records`.
 */
export function parseCsvRecords(text: string): { records: CsvRecord[]; errors: CsvSyntaxError[] } {
  const records: CsvRecord[] = [];
  const errors: CsvSyntaxError[] = [];
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;

  let line = 1;
  let recordLine = 1;
  let cells: string[] = [];
  let cell = '';
  let quoted = false; // the current cell started with a quote
  let insideQuotes = false; // between the opening and closing quote
  let recordHasError = false;

  const endCell = () => {
    cells.push(unguardFormula(cell));
    cell = '';
    quoted = false;
  };
  const endRecord = () => {
    endCell();
    const blank = cells.length === 1 && cells[0]!.trim() === '';
    // A record with a syntax error is reported, not half-read.
    if (!blank && !recordHasError) records.push({ line: recordLine, cells });
    cells = [];
    recordHasError = false;
  };
  const fail = (message: string) => {
    if (!recordHasError) errors.push({ line: recordLine, message });
    recordHasError = true;
  };

  let index = 0;
  while (index < source.length) {
    const character = source[index]!;
    if (insideQuotes) {
      if (character === '"') {
        if (source[index + 1] === '"') {
          cell += '"';
          index += 2;
          continue;
        }
        insideQuotes = false;
      } else {
        if (character === '\n' || (character === '\r' && source[index + 1] !== '\n')) line += 1;
        cell += character;
      }
      index += 1;
      continue;
    }
    if (character === ',') {
      endCell();
    } else if (character === '\r' || character === '\n') {
      if (character === '\r' && source[index + 1] === '\n') index += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else if (character === '"' && cell === '' && !quoted) {
      quoted = true;
      insideQuotes = true;
    } else if (quoted) {
      fail('unexpected text after a closing quote; put the whole value in quotes and write a quote inside it as ""');
      cell += character;
    } else {
      cell += character;
    }
    index += 1;
  }
  if (insideQuotes) {
    fail(`a quoted value starting on line ${recordLine} is never closed`);
  }
  if (cell !== '' || quoted || cells.length > 0) endRecord();
  return { records, errors };
}

/** Undoes the apostrophe {@link formatCsvRecord} puts before a formula character. */
function unguardFormula(cell: string): string {
  return FORMULA_START.test(cell) && cell.startsWith("'") ? cell.slice(1) : cell;
}

/**
 * Formats one CSV record (without the line end). Cells are quoted only when they must be,
 * and a cell that a spreadsheet would run as a formula (=, +, -, @ …) gets a leading
 * apostrophe, so an exported inventory cannot carry formula injection.
 */
export function formatCsvRecord(cells: readonly string[]): string {
  return cells.map(formatCell).join(',');
}

function formatCell(cell: string): string {
  const guarded = FORMULA_START.test(cell) ? `'${cell}` : cell;
  if (/[",\r\n]/.test(guarded) || guarded !== guarded.trim()) {
    return `"${guarded.replaceAll('"', '""')}"`;
  }
  return guarded;
}
