import { describe, expect, it } from 'vitest';
import { parseInventoryCsv, toInventoryCsv } from './inventoryCsv';
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
    expect(parseInventoryCsv(csv, TEST_DEPARTMENTS)).toEqual({ entries: inventory, errors: [] });
  });

  it('writes ids, tools and yes/no the documented way', () => {
    expect(toInventoryCsv([inventory[0]!]).split('\r\n')[1]).toBe(
      'marketing,instagram,\'@acme,brand-awareness,"Customers, prospects",Sprout Social:publishing; Brandwatch:monitoring,"Ana ""Annie"" Ruiz",3,yes',
    );
  });

  it('exports an empty inventory as just the header', () => {
    expect(toInventoryCsv([])).toBe(`${HEADER}\r\n`);
    expect(parseInventoryCsv(toInventoryCsv([]), TEST_DEPARTMENTS)).toEqual({ entries: [], errors: [] });
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
    const { entries, errors } = parseInventoryCsv(text, TEST_DEPARTMENTS);
    expect(entries.map((entry) => entry.department)).toEqual(['marketing']);
    expect(errors).toEqual([
      { line: 3, field: 'official', message: 'official: write yes or no' },
      {
        line: 3,
        field: 'department',
        message:
          'department: choose one of Marketing, Communications & PR, Customer Service, HR, IT & Security, Legal or Compliance',
      },
      { line: 3, field: 'adminCount', message: 'adminCount: must be a whole number from 0 to 1000' },
      {
        line: 5,
        field: 'tools',
        message: 'tools: "Workday" needs a category after a colon, like "Workday:monitoring"',
      },
      { line: 6, field: 'account', message: 'account: required, at most 300 characters' },
      {
        line: 6,
        field: 'tools.0.category',
        message:
          'tools: tool 1 category: choose one of monitoring/listening, scheduling/publishing, analytics, archiving or customer service inbox',
      },
      { line: 7, field: 'row', message: 'row: has 3 values but the header has 9 columns' },
    ]);
  });

  it('reports CSV syntax errors with the line they start on', () => {
    const text = `${HEADER}\nmarketing,instagram,"@acme,brand-awareness,,,Ana,2,yes\nhr,x,@acme_hr,recruiting,,,Ben,2,no\n`;
    expect(parseInventoryCsv(text, TEST_DEPARTMENTS)).toEqual({
      entries: [],
      errors: [{ line: 2, field: 'csv', message: 'csv: a quoted value starting on line 2 is never closed' }],
    });
  });

  it('explains a missing or doubled header column', () => {
    expect(parseInventoryCsv('department,platform,account,account\nmarketing,x,@a,@b', TEST_DEPARTMENTS).errors).toEqual(
      expect.arrayContaining([
        { line: 1, field: 'account', message: 'header: the column "account" appears twice' },
        {
          line: 1,
          field: 'official',
          message: `header: missing the column "official"; the first row must be ${HEADER}`,
        },
      ]),
    );
  });

  it('explains an empty file', () => {
    expect(parseInventoryCsv('\n\n', TEST_DEPARTMENTS)).toEqual({
      entries: [],
      errors: [{ line: 1, field: 'header', message: `header: the file is empty; the first row must be ${HEADER}` }],
    });
  });
});
