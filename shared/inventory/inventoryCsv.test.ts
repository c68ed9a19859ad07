import { describe, expect, it } from 'vitest';
import { INVENTORY_CSV_COLUMNS, INVENTORY_CSV_HELP, INVENTORY_CSV_SAMPLE, parseInventoryCsv, toInventoryCsv } from './inventoryCsv';
import type { InventoryEntryInput } from './inventoryEntry';
import { TEST_DEPARTMENTS } from '../../test/fixtures/testInventory';

const HEADER = 'department,platform,account,purpose,audience,tools,responsible,adminCount,official';

const inventory: InventoryEntryInput[] = [
  {
    department: 'marketing',
    platform: 'instagram',
    account: '@acme',
    purpose: 'brand-awareness',
    audience: 'Customers, prospects',
    tools: [
      { name: 'Sprout Social', category: 'publishing' },
      { name: 'Brandwatch', category: 'monitoring' },
    ],
    responsible: 'Ana "Annie" Ruiz',
    adminCount: 3,
    official: true,
  },
  {
    department: 'customer-service',
    platform: 'x',
    account: 'https://x.com/acme_help',
    purpose: 'customer-support',
    audience: 'Customers\nwith questions',
    tools: [{ name: 'Zendesk: Social', category: 'inbox' }],
    responsible: 'Help desk lead',
    adminCount: 1,
    official: false,
  },
  {
    department: 'hr',
    platform: 'whatsapp',
    account: '+44 20 7946 0000',
    purpose: 'recruiting',
    audience: '',
    tools: [],
    responsible: '=Boss',
    adminCount: 0,
    official: false,
  },
];

describe('toInventoryCsv and parseInventoryCsv', () => {
  it('round-trip an inventory exactly', () => {
    const csv = toInventoryCsv(inventory);
    expect(csv.startsWith(`${HEADER}\r\n`)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    // The second entry's audience holds a line break, so the third starts on line 5.
    expect(parseInventoryCsv(csv, TEST_DEPARTMENTS)).toEqual({ entries: inventory, lines: [2, 3, 5], errors: [] });
  });

  it('writes ids, tools and yes/no the documented way', () => {
    expect(toInventoryCsv([inventory[0]!]).split('\r\n')[1]).toBe(
      'marketing,instagram,\'@acme,brand-awareness,"Customers, prospects",Sprout Social:publishing; Brandwatch:monitoring,"Ana ""Annie"" Ruiz",3,yes',
    );
  });

  it('exports an empty inventory as just the header', () => {
    expect(toInventoryCsv([])).toBe(`${HEADER}\r\n`);
    expect(parseInventoryCsv(toInventoryCsv([]), TEST_DEPARTMENTS)).toEqual({ entries: [], lines: [], errors: [] });
  });
});

describe('parseInventoryCsv', () => {
  it('accepts display names, any header order and case, extra columns and TRUE/No', () => {
    const text = [
      'Official,Department,Platform,Account,Purpose,Audience,Tools,Responsible,AdminCount,Notes',
      'TRUE,Customer Service,Twitter,@acme_help,Customer support,,Zendesk:customer service inbox,Bo,2,ignored',
      'No,Communications & PR,linkedin,Acme,public-information,Press,,Cy,1,',
    ].join('\n');
    expect(parseInventoryCsv(text, TEST_DEPARTMENTS)).toEqual({
      entries: [
        {
          department: 'customer-service',
          platform: 'x',
          account: '@acme_help',
          purpose: 'customer-support',
          audience: '',
          tools: [{ name: 'Zendesk', category: 'inbox' }],
          responsible: 'Bo',
          adminCount: 2,
          official: true,
        },
        {
          department: 'communications',
          platform: 'linkedin',
          account: 'Acme',
          purpose: 'public-information',
          audience: 'Press',
          tools: [],
          responsible: 'Cy',
          adminCount: 1,
          official: false,
        },
      ],
      lines: [2, 3],
      errors: [],
    });
  });

  it('reports each bad row with its line number and keeps the good ones', () => {
    const text = [
      HEADER,
      'marketing,instagram,@acme,brand-awareness,,,Ana,2,yes',
      'sales,instagram,@acme,brand-awareness,,,Ana,two,maybe',
      '',
      'hr,linkedin,"Acme ""Careers""",recruiting,,Workday,Ben,1,no',
      'it,linkedin,,recruiting,,Tool:unknown,Ben,1,no',
      'legal,linkedin,x',
    ].join('\r\n');
    const { entries, lines, errors } = parseInventoryCsv(text, TEST_DEPARTMENTS);
    expect(entries.map((entry) => entry.department)).toEqual(['marketing']);
    expect(lines).toEqual([2]);
    expect(errors).toEqual([
      { line: 3, field: 'official', message: 'Say whether this is an official account of the organization (yes or no).' },
      {
        line: 3,
        field: 'department',
        message:
          'Choose the department: Marketing, Communications & PR, Customer Service, HR, IT & Security, Legal or Compliance.',
      },
      { line: 3, field: 'adminCount', message: 'Give the number of people with admin access as a whole number from 0 to 1000.' },
      {
        line: 5,
        field: 'tools',
        message: 'The tool “Workday” needs a category after a colon, such as “Workday:monitoring”.',
      },
      { line: 6, field: 'account', message: 'Give the account’s name or address (up to 300 characters).' },
      {
        line: 6,
        field: 'tools',
        message: 'Choose what tool 1 does: monitoring/listening, scheduling/publishing, analytics, archiving or customer service inbox.',
      },
      {
        line: 7,
        field: 'row',
        message: 'This row has 3 values, but the first row names 9 columns. Check for a missing or extra comma; put a value that contains a comma in double quotes.',
      },
    ]);
  });

  it('reports CSV syntax errors with the line they start on', () => {
    const text = `${HEADER}\nmarketing,instagram,"@acme,brand-awareness,,,Ana,2,yes\nhr,x,@acme_hr,recruiting,,,Ben,2,no\n`;
    expect(parseInventoryCsv(text, TEST_DEPARTMENTS)).toEqual({
      entries: [],
      lines: [],
      errors: [{ line: 2, field: 'csv', message: 'This row is not valid CSV: a quoted value starting on line 2 is never closed.' }],
    });
  });

  it('explains a missing or doubled header column', () => {
    expect(parseInventoryCsv('department,platform,account,account\nmarketing,x,@a,@b', TEST_DEPARTMENTS).errors).toEqual(
      expect.arrayContaining([
        { line: 1, field: 'account', message: 'The column “account” appears twice in the first row. Keep one.' },
        {
          line: 1,
          field: 'official',
          message: `The first row has no “official” column. It must name the columns: ${HEADER}`,
        },
      ]),
    );
  });

  it('explains an empty file', () => {
    expect(parseInventoryCsv('\n\n', TEST_DEPARTMENTS)).toEqual({
      entries: [],
      lines: [],
      errors: [{ line: 1, field: 'header', message: `The file is empty. Its first row must name the columns: ${HEADER}` }],
    });
  });
});

describe('the sample CSV and its help', () => {
  it('imports as it is: two entries, nothing refused', () => {
    const parsed = parseInventoryCsv(INVENTORY_CSV_SAMPLE, TEST_DEPARTMENTS);
    expect(parsed.errors).toEqual([]);
    expect(parsed.entries.map((entry) => [entry.department, entry.platform, entry.tools.length, entry.official])).toEqual([
      ['marketing', 'linkedin', 2, true],
      ['hr', 'instagram', 0, false],
    ]);
    expect(INVENTORY_CSV_SAMPLE.split('\r\n')[0]).toBe(HEADER);
  });

  it('explains every column, required or not', () => {
    expect(INVENTORY_CSV_HELP.map((column) => column.column)).toEqual([...INVENTORY_CSV_COLUMNS]);
    expect(INVENTORY_CSV_HELP.filter((column) => !column.required).map((column) => column.column)).toEqual(['audience', 'tools']);
  });
});
