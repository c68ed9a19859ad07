import { describe, expect, it } from 'vitest';
import { formatCsvRecord, parseCsvRecords } from './csvRecords';

describe('parseCsvRecords', () => {
  it('reads plain, quoted and escaped cells with any line ends', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""",\n1,"two\r\nlines",3\rlast';
    expect(parseCsvRecords(text)).toEqual({
      records: [
        { line: 1, cells: ['a', 'b', 'c'] },
        { line: 2, cells: ['x, y', 'say "hi"', ''] },
        { line: 3, cells: ['1', 'two\r\nlines', '3'] },
        { line: 5, cells: ['last'] },
      ],
      errors: [],
    });
  });

  it('skips blank lines and a byte-order mark, keeping line numbers right', () => {
    expect(parseCsvRecords('\uFEFFa,b\n\n  \nc,d\n').records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 4, cells: ['c', 'd'] },
    ]);
  });

  it('keeps an empty quoted cell as a cell', () => {
    expect(parseCsvRecords('"",x').records).toEqual([{ line: 1, cells: ['', 'x'] }]);
  });

  it('reports an unclosed quote with the line it starts on', () => {
    expect(parseCsvRecords('a,b\nc,"never\nclosed')).toEqual({
      records: [{ line: 1, cells: ['a', 'b'] }],
      errors: [{ line: 2, message: 'a quoted value starting on line 2 is never closed' }],
    });
  });

  it('reports text after a closing quote and leaves that record out', () => {
    const { records, errors } = parseCsvRecords('"ab"cd,e\nf,g');
    expect(records).toEqual([{ line: 2, cells: ['f', 'g'] }]);
    expect(errors).toEqual([
      {
        line: 1,
        message: 'unexpected text after a closing quote; put the whole value in quotes and write a quote inside it as ""',
      },
    ]);
  });
});

describe('formatCsvRecord', () => {
  it('quotes only what needs quoting', () => {
    expect(formatCsvRecord(['plain', 'a,b', 'say "hi"', 'two\nlines', ' padded', ''])).toBe(
      'plain,"a,b","say ""hi""","two\nlines"," padded",',
    );
  });

  it('guards spreadsheet formulas and reads them back unchanged', () => {
    const cells = ['=HYPERLINK("http://evil")', '+44 20 7946 0000', '-1', '@acme', "'=already", "it's", 'fine'];
    const line = formatCsvRecord(cells);
    expect(line).toBe(`"'=HYPERLINK(""http://evil"")",'+44 20 7946 0000,'-1,'@acme,''=already,it's,fine`);
    expect(parseCsvRecords(line).records[0]!.cells).toEqual(cells);
  });
});
