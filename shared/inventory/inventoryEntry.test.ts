import { describe, expect, it } from 'vitest';
import { validateInventoryEntry, type InventoryEntryInput } from './inventoryEntry';
import { TEST_DEPARTMENTS } from '../../test/fixtures/testInventory';

const valid: InventoryEntryInput = {
  department: 'marketing',
  platform: 'instagram',
  account: '@acme',
  purpose: 'brand-awareness',
  audience: 'Customers in Europe',
  tools: [{ name: 'Sprout Social', category: 'publishing' }],
  responsible: 'Ana Ruiz',
  adminCount: 2,
  official: true,
};

function errorsOf(input: unknown) {
  const result = validateInventoryEntry(input, TEST_DEPARTMENTS);
  if (result.ok) throw new Error('expected the entry to be refused');
  return result.errors;
}

describe('validateInventoryEntry', () => {
  it('accepts a valid entry and gives it an id', () => {
    const result = validateInventoryEntry(valid, TEST_DEPARTMENTS);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.entry).toEqual({ ...valid, id: result.entry.id });
    expect(result.entry.id).toMatch(/^[A-Za-z0-9]{16}$/);
  });

  it('keeps a given id', () => {
    const result = validateInventoryEntry({ ...valid, id: 'entry-1' }, TEST_DEPARTMENTS);
    expect(result.ok && result.entry.id).toBe('entry-1');
  });

  it('trims strings and strips unknown fields', () => {
    const result = validateInventoryEntry({
      ...valid,
      account: '  @acme  ',
      responsible: ' Ana Ruiz\n',
      tools: [{ name: ' Brandwatch ', category: 'monitoring', price: 10 }],
      secret: 'dropped',
    }, TEST_DEPARTMENTS);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.entry.account).toBe('@acme');
    expect(result.entry.responsible).toBe('Ana Ruiz');
    expect(result.entry.tools).toEqual([{ name: 'Brandwatch', category: 'monitoring' }]);
    expect(result.entry).not.toHaveProperty('secret');
  });

  it('lets audience and tools be left out', () => {
    const { audience: _audience, tools: _tools, ...rest } = valid;
    const result = validateInventoryEntry(rest, TEST_DEPARTMENTS);
    expect(result.ok && [result.entry.audience, result.entry.tools]).toEqual(['', []]);
  });

  it('refuses something that is not an object', () => {
    expect(errorsOf('hello')).toEqual([
      { field: 'entry', message: 'entry: must be an object with the inventory entry fields' },
    ]);
    expect(errorsOf(null)).toHaveLength(1);
  });

  it('names each bad field in plain English', () => {
    expect(errorsOf({ ...valid, department: 'sales' })).toEqual([
      {
        field: 'department',
        message:
          'department: choose one of Marketing, Communications & PR, Customer Service, HR, IT & Security, Legal or Compliance',
      },
    ]);
    expect(errorsOf({ ...valid, platform: 'myspace' })).toEqual([
      {
        field: 'platform',
        message:
          'platform: choose one of Facebook, Instagram, LinkedIn, X (Twitter), TikTok, YouTube, Threads, Bluesky, Mastodon, Pinterest, Reddit, Snapchat, WhatsApp or Other',
      },
    ]);
    expect(errorsOf({ ...valid, purpose: 'fun' })).toEqual([
      {
        field: 'purpose',
        message:
          'purpose: choose one of Brand awareness, Recruiting, Lead generation, Customer support, Public information, Internal communication or Other',
      },
    ]);
    expect(errorsOf({ ...valid, account: '   ' })).toEqual([
      { field: 'account', message: 'account: required, at most 300 characters' },
    ]);
    expect(errorsOf({ ...valid, account: 'a'.repeat(301) })).toEqual([
      { field: 'account', message: 'account: required, at most 300 characters' },
    ]);
    expect(errorsOf({ ...valid, audience: 'a'.repeat(301) })).toEqual([
      { field: 'audience', message: 'audience: must be text, at most 300 characters' },
    ]);
    expect(errorsOf({ ...valid, responsible: undefined })).toEqual([
      { field: 'responsible', message: 'responsible: required, at most 200 characters' },
    ]);
    expect(errorsOf({ ...valid, official: 'yes' })).toEqual([
      { field: 'official', message: 'official: must be true or false' },
    ]);
    expect(errorsOf({ ...valid, id: '' })).toEqual([
      { field: 'id', message: 'id: if given, must be 1 to 100 characters' },
    ]);
  });

  it.each([-1, 1.5, 1001, Number.NaN, Number.POSITIVE_INFINITY, '3', undefined])(
    'refuses adminCount %s',
    (adminCount) => {
      expect(errorsOf({ ...valid, adminCount })).toEqual([
        { field: 'adminCount', message: 'adminCount: must be a whole number from 0 to 1000' },
      ]);
    },
  );

  it('accepts adminCount at both ends of the range', () => {
    expect(validateInventoryEntry({ ...valid, adminCount: 0 }, TEST_DEPARTMENTS).ok).toBe(true);
    expect(validateInventoryEntry({ ...valid, adminCount: 1000 }, TEST_DEPARTMENTS).ok).toBe(true);
  });

  it('checks every tool and the number of tools', () => {
    expect(
      errorsOf({
        ...valid,
        tools: [
          { name: 'Hootsuite', category: 'publishing' },
          { name: ' ', category: 'monitoring' },
          { name: 'Zendesk', category: 'helpdesk' },
          { name: 'A;B', category: 'inbox' },
          'Brandwatch',
        ],
      }),
    ).toEqual([
      { field: 'tools.1.name', message: 'tools: tool 2 name: required, at most 100 characters, no semicolons' },
      {
        field: 'tools.2.category',
        message:
          'tools: tool 3 category: choose one of monitoring/listening, scheduling/publishing, analytics, archiving or customer service inbox',
      },
      { field: 'tools.3.name', message: 'tools: tool 4 name: required, at most 100 characters, no semicolons' },
      { field: 'tools.4', message: 'tools: tool 5 must have a name and a category' },
    ]);
    const tools = Array.from({ length: 21 }, (_, index) => ({ name: `Tool ${index}`, category: 'analytics' }));
    expect(errorsOf({ ...valid, tools })).toEqual([{ field: 'tools', message: 'tools: must be a list of at most 20 tools' }]);
    expect(validateInventoryEntry({ ...valid, tools: tools.slice(0, 20) }, TEST_DEPARTMENTS).ok).toBe(true);
  });

  it('reports all problems at once', () => {
    expect(errorsOf({}).map((error) => error.field)).toEqual([
      'department',
      'platform',
      'account',
      'purpose',
      'responsible',
      'adminCount',
      'official',
    ]);
  });
});
