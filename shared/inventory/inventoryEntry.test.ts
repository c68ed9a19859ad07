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
      { field: 'entry', message: 'Send the entry as an object with the inventory fields (platform, account, purpose, responsible, adminCount, official).' },
    ]);
    expect(errorsOf(null)).toHaveLength(1);
  });

  it('says in plain words what to give for each bad field, never its programming name', () => {
    expect(errorsOf({ ...valid, department: 'sales' })).toEqual([
      {
        field: 'department',
        message:
          'Choose the department: Marketing, Communications & PR, Customer Service, HR, IT & Security, Legal or Compliance.',
      },
    ]);
    expect(errorsOf({ ...valid, platform: 'myspace' })).toEqual([
      {
        field: 'platform',
        message:
          'Choose the platform: Facebook, Instagram, LinkedIn, X (Twitter), TikTok, YouTube, Threads, Bluesky, Mastodon, Pinterest, Reddit, Snapchat, WhatsApp or Other.',
      },
    ]);
    expect(errorsOf({ ...valid, purpose: 'fun' })).toEqual([
      {
        field: 'purpose',
        message:
          'Choose what the account is for: Brand awareness, Recruiting, Lead generation, Customer support, Public information, Internal communication or Other.',
      },
    ]);
    expect(errorsOf({ ...valid, account: '   ' })).toEqual([
      { field: 'account', message: 'Give the account’s name or address (up to 300 characters).' },
    ]);
    expect(errorsOf({ ...valid, account: 'a'.repeat(301) })).toEqual([
      { field: 'account', message: 'Give the account’s name or address (up to 300 characters).' },
    ]);
    expect(errorsOf({ ...valid, audience: 'a'.repeat(301) })).toEqual([
      { field: 'audience', message: 'Describe the audience in at most 300 characters, or leave it empty.' },
    ]);
    expect(errorsOf({ ...valid, responsible: undefined })).toEqual([
      { field: 'responsible', message: 'Give the name of the person (or role) who looks after the account (up to 200 characters).' },
    ]);
    expect(errorsOf({ ...valid, official: 'yes' })).toEqual([
      { field: 'official', message: 'Say whether this is an official account of the organization (yes or no).' },
    ]);
    expect(errorsOf({ ...valid, id: '' })).toEqual([
      { field: 'id', message: 'If you give the entry an id, keep it between 1 and 100 characters.' },
    ]);
  });

  it.each([-1, 1.5, 1001, Number.NaN, Number.POSITIVE_INFINITY, '3', undefined])(
    'refuses adminCount %s',
    (adminCount) => {
      expect(errorsOf({ ...valid, adminCount })).toEqual([
        { field: 'adminCount', message: 'Give the number of people with admin access as a whole number from 0 to 1000.' },
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
      { field: 'tools.1.name', message: 'Give tool 2 a name of up to 100 characters, without semicolons.' },
      {
        field: 'tools.2.category',
        message:
          'Choose what tool 3 does: monitoring/listening, scheduling/publishing, analytics, archiving or customer service inbox.',
      },
      { field: 'tools.3.name', message: 'Give tool 4 a name of up to 100 characters, without semicolons.' },
      { field: 'tools.4', message: 'Give tool 5 a name and a category.' },
    ]);
    const tools = Array.from({ length: 21 }, (_, index) => ({ name: `Tool ${index}`, category: 'analytics' }));
    expect(errorsOf({ ...valid, tools })).toEqual([{ field: 'tools', message: 'List at most 20 tools.' }]);
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
