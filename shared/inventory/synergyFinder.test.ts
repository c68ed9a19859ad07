import { describe, expect, it } from 'vitest';
import { FINDING_KINDS, FINDING_TITLES, findSynergies, type Finding, type FindingKind } from './synergyFinder';
import { inventoryEntry, TEST_DEPARTMENTS } from '../../test/fixtures/testInventory';

/** Every department present, so tests of other kinds are not cluttered by missing-department. */
const everyone = { organization: TEST_DEPARTMENTS, officialAccountsText: '', departments: [] as string[] };

function ofKind(findings: Finding[], kind: FindingKind): Finding[] {
  return findings.filter((finding) => finding.kind === kind);
}

describe('findSynergies: shared-tool-category', () => {
  it('points out a tool category used by more than one department', () => {
    const entries = [
      inventoryEntry({ id: 'm1', department: 'marketing', tools: [{ name: 'Brandwatch', category: 'monitoring' }] }),
      inventoryEntry({
        id: 'c1',
        department: 'customer-service',
        platform: 'x',
        tools: [{ name: 'Sprout Social', category: 'monitoring' }],
      }),
      inventoryEntry({ id: 'h1', department: 'hr', tools: [{ name: 'Hootsuite', category: 'publishing' }] }),
    ];
    expect(ofKind(findSynergies(entries, everyone), 'shared-tool-category')).toEqual([
      {
        kind: 'shared-tool-category',
        message:
          'Marketing and Customer Service each use a monitoring/listening tool (Brandwatch, Sprout Social). One shared tool could save money and give one view of what people say about you.',
        entries: ['m1', 'c1'],
        departments: ['marketing', 'customer-service'],
      },
    ]);
  });

  it('calls out the same tool bought by several departments, whatever its spelling', () => {
    const entries = [
      inventoryEntry({ id: 'h1', department: 'hr', tools: [{ name: 'Hootsuite', category: 'publishing' }] }),
      inventoryEntry({ id: 'm1', department: 'marketing', tools: [{ name: 'hootsuite ', category: 'publishing' }] }),
      inventoryEntry({ id: 'l1', department: 'legal', tools: [{ name: 'Buffer', category: 'publishing' }] }),
    ];
    const [finding] = ofKind(findSynergies(entries, everyone), 'shared-tool-category');
    expect(finding).toEqual({
      kind: 'shared-tool-category',
      message:
        'Marketing, HR and Legal each use a scheduling/publishing tool (Buffer, Hootsuite). One shared tool could save money and give one calendar of everything that goes out. Hootsuite is already used by Marketing and HR, so one shared subscription could cover them.',
      entries: ['h1', 'm1', 'l1'],
      departments: ['marketing', 'hr', 'legal'],
    });
  });

  it('says nothing when only one department uses the category', () => {
    const entries = [
      inventoryEntry({ id: 'm1', department: 'marketing', tools: [{ name: 'Brandwatch', category: 'monitoring' }] }),
      inventoryEntry({ id: 'm2', department: 'marketing', tools: [{ name: 'Talkwalker', category: 'monitoring' }] }),
    ];
    expect(ofKind(findSynergies(entries, everyone), 'shared-tool-category')).toEqual([]);
  });

  it('gives one finding per category, ordered by category name', () => {
    const entries = [
      inventoryEntry({
        id: 'm1',
        department: 'marketing',
        tools: [
          { name: 'Sprinklr', category: 'publishing' },
          { name: 'Sprinklr', category: 'analytics' },
        ],
      }),
      inventoryEntry({
        id: 'i1',
        department: 'it',
        tools: [
          { name: 'Smarsh', category: 'archiving' },
          { name: 'Later', category: 'publishing' },
          { name: 'Google Analytics', category: 'analytics' },
        ],
      }),
      inventoryEntry({ id: 'c1', department: 'compliance', tools: [{ name: 'Global Relay', category: 'archiving' }] }),
    ];
    const findings = ofKind(findSynergies(entries, everyone), 'shared-tool-category');
    expect(findings.map((finding) => [finding.message.split(' (')[0], finding.entries])).toEqual([
      ['Marketing and IT & Security each use an analytics tool', ['m1', 'i1']],
      ['IT & Security and Compliance each use an archiving tool', ['i1', 'c1']],
      ['Marketing and IT & Security each use a scheduling/publishing tool', ['m1', 'i1']],
    ]);
  });
});

describe('findSynergies: shared-platform', () => {
  it('points out a platform run by several departments with different owners', () => {
    const entries = [
      inventoryEntry({ id: 'h1', department: 'hr', platform: 'linkedin', account: 'Acme Careers', responsible: 'Ben' }),
      inventoryEntry({ id: 'm1', department: 'marketing', platform: 'linkedin', account: 'Acme', responsible: 'Ana' }),
      inventoryEntry({ id: 'm2', department: 'marketing', platform: 'instagram', account: '@acme', responsible: 'Ana' }),
    ];
    expect(ofKind(findSynergies(entries, everyone), 'shared-platform')).toEqual([
      {
        kind: 'shared-platform',
        message:
          'Marketing and HR each run LinkedIn accounts ("Acme Careers", "Acme") without a shared owner. Agree who coordinates LinkedIn, so posting, tone and replies in a crisis stay consistent.',
        entries: ['h1', 'm1'],
        departments: ['marketing', 'hr'],
      },
    ]);
  });

  it('stays quiet when one person is responsible for all of them, however the name is typed', () => {
    const entries = [
      inventoryEntry({ id: 'h1', department: 'hr', platform: 'linkedin', responsible: 'Ana  Ruiz' }),
      inventoryEntry({ id: 'm1', department: 'marketing', platform: 'linkedin', responsible: 'ana ruiz' }),
    ];
    expect(ofKind(findSynergies(entries, everyone), 'shared-platform')).toEqual([]);
  });

  it('stays quiet for several accounts of one department', () => {
    const entries = [
      inventoryEntry({ id: 'm1', platform: 'tiktok', responsible: 'Ana' }),
      inventoryEntry({ id: 'm2', platform: 'tiktok', responsible: 'Bo' }),
    ];
    expect(ofKind(findSynergies(entries, everyone), 'shared-platform')).toEqual([]);
  });

  it('does not treat two "other" platforms as the same platform', () => {
    const entries = [
      inventoryEntry({ id: 'm1', department: 'marketing', platform: 'other', responsible: 'Ana' }),
      inventoryEntry({ id: 'h1', department: 'hr', platform: 'other', responsible: 'Ben' }),
    ];
    expect(ofKind(findSynergies(entries, everyone), 'shared-platform')).toEqual([]);
  });

  it('gives one finding per platform, ordered by platform name', () => {
    const entries = [
      inventoryEntry({ id: 'y1', department: 'hr', platform: 'youtube', responsible: 'Ben' }),
      inventoryEntry({ id: 'f1', department: 'hr', platform: 'facebook', responsible: 'Ben' }),
      inventoryEntry({ id: 'y2', department: 'legal', platform: 'youtube', responsible: 'Lee' }),
      inventoryEntry({ id: 'f2', department: 'legal', platform: 'facebook', responsible: 'Lee' }),
    ];
    expect(ofKind(findSynergies(entries, everyone), 'shared-platform').map((finding) => finding.entries)).toEqual([
      ['f1', 'f2'],
      ['y1', 'y2'],
    ]);
  });
});

describe('findSynergies: single-admin', () => {
  it('flags official accounts with one admin or none, one finding each', () => {
    const entries = [
      inventoryEntry({ id: 'one', department: 'hr', platform: 'linkedin', account: 'Acme Careers', adminCount: 1, official: true }),
      inventoryEntry({ id: 'none', department: 'it', platform: 'x', account: '@acme_status', adminCount: 0, official: true }),
    ];
    const context = { organization: TEST_DEPARTMENTS, officialAccountsText: 'Acme Careers, @acme_status', departments: [] };
    expect(ofKind(findSynergies(entries, context), 'single-admin')).toEqual([
      {
        kind: 'single-admin',
        message:
          'IT & Security\'s official X (Twitter) account "@acme_status" has no admin listed. If nobody can log in, nobody can post, answer or recover it. Name at least two admins.',
        entries: ['none'],
        departments: ['it'],
      },
      {
        kind: 'single-admin',
        message:
          'HR\'s official LinkedIn account "Acme Careers" has only one admin. If that person leaves, is away or loses their login, nobody can post, answer or recover it. Add a second admin, ideally from another team.',
        entries: ['one'],
        departments: ['hr'],
      },
    ]);
  });

  it('does not flag two admins, or unofficial accounts', () => {
    const entries = [
      inventoryEntry({ id: 'two', adminCount: 2, official: true }),
      inventoryEntry({ id: 'side', adminCount: 1, official: false }),
    ];
    expect(ofKind(findSynergies(entries, everyone), 'single-admin')).toEqual([]);
  });
});

describe('findSynergies: official-not-in-policy', () => {
  const entries = [
    inventoryEntry({ id: 'ig', department: 'marketing', platform: 'instagram', account: '@acme', official: true }),
    inventoryEntry({
      id: 'li',
      department: 'hr',
      platform: 'linkedin',
      account: 'https://www.linkedin.com/company/acme-careers/',
      official: true,
    }),
    inventoryEntry({ id: 'tt', department: 'marketing', platform: 'tiktok', account: '@acme.tok', official: true }),
    inventoryEntry({ id: 'side', department: 'hr', platform: 'x', account: '@acme_fun', official: false }),
  ];

  it('flags official accounts the Official accounts section does not mention', () => {
    const context = {
      organization: TEST_DEPARTMENTS,
      officialAccountsText: 'Instagram: https://instagram.com/acme. LinkedIn: @acme-careers.',
      departments: [],
    };
    expect(ofKind(findSynergies(entries, context), 'official-not-in-policy')).toEqual([
      {
        kind: 'official-not-in-policy',
        message:
          'Marketing\'s official TikTok account "@acme.tok" is not mentioned in the policy\'s Official accounts section. List it there, so staff and the public can tell genuine accounts from fakes.',
        entries: ['tt'],
        departments: ['marketing'],
      },
    ]);
  });

  it('flags every official account when the policy has no Official accounts section', () => {
    const findings = ofKind(findSynergies(entries, { organization: TEST_DEPARTMENTS, officialAccountsText: null, departments: [] }), 'official-not-in-policy');
    expect(findings.map((finding) => finding.entries)).toEqual([['ig'], ['tt'], ['li']]);
    expect(findings[0]!.message).toBe(
      'The policy has no Official accounts section, so Marketing\'s official Instagram account "@acme" is not listed anywhere. Add the section and list it, so staff and the public can tell genuine accounts from fakes.',
    );
  });

  it('accepts a mention as a URL or as an @handle', () => {
    const context = {
      organization: TEST_DEPARTMENTS,
      officialAccountsText: 'See www.instagram.com/acme/, tiktok.com/@acme.tok and @acme-careers',
      departments: [],
    };
    expect(ofKind(findSynergies(entries, context), 'official-not-in-policy')).toEqual([]);
  });
});

describe('findSynergies: missing-department', () => {
  it('lists every expected department without entries in one finding', () => {
    const entries = [inventoryEntry({ id: 'm1', department: 'marketing' })];
    const missing = ofKind(findSynergies(entries, { organization: TEST_DEPARTMENTS, officialAccountsText: '' }), 'missing-department');
    expect(missing).toEqual([
      {
        kind: 'missing-department',
        message:
          'Communications & PR, Customer Service, HR, IT & Security, Legal and Compliance have not listed their accounts yet.',
        entries: [],
        departments: TEST_DEPARTMENTS.map((department) => department.id).filter((id) => id !== 'marketing'),
      },
    ]);
  });

  it('uses singular words for one department and respects the expected list', () => {
    const entries = [inventoryEntry({ id: 'm1', department: 'marketing' })];
    expect(findSynergies(entries, { organization: TEST_DEPARTMENTS, officialAccountsText: '', departments: ['marketing', 'hr'] })).toEqual([
      { kind: 'missing-department', message: 'HR has not listed its accounts yet.', entries: [], departments: ['hr'] },
    ]);
  });

  it('says nothing once every expected department has listed something', () => {
    const entries = [inventoryEntry({ id: 'h1', department: 'hr' })];
    expect(findSynergies(entries, { organization: TEST_DEPARTMENTS, officialAccountsText: '', departments: ['hr'] })).toEqual([]);
  });
});

describe('findSynergies: as a whole', () => {
  const entries = [
    inventoryEntry({
      id: 'm1',
      department: 'marketing',
      platform: 'instagram',
      account: '@acme',
      responsible: 'Ana',
      adminCount: 1,
      official: true,
      tools: [{ name: 'Brandwatch', category: 'monitoring' }],
    }),
    inventoryEntry({
      id: 'c1',
      department: 'customer-service',
      platform: 'instagram',
      account: '@acme_help',
      responsible: 'Cy',
      tools: [{ name: 'Brandwatch', category: 'monitoring' }],
    }),
  ];
  const context = { organization: TEST_DEPARTMENTS, officialAccountsText: null, departments: ['marketing', 'customer-service', 'hr'] };

  it('orders findings by kind, then name', () => {
    expect(findSynergies(entries, context).map((finding) => [finding.kind, finding.entries])).toEqual([
      ['shared-tool-category', ['m1', 'c1']],
      ['shared-platform', ['m1', 'c1']],
      ['single-admin', ['m1']],
      ['official-not-in-policy', ['m1']],
      ['missing-department', []],
    ]);
  });

  it('gives the same answer whatever the order of the inventory', () => {
    const forward = findSynergies(entries, context).map((finding) => finding.kind);
    const backward = findSynergies([...entries].reverse(), context).map((finding) => finding.kind);
    expect(backward).toEqual(forward);
  });

  it('finds nothing in an empty inventory with no expected departments', () => {
    expect(findSynergies([], { organization: TEST_DEPARTMENTS, officialAccountsText: null, departments: [] })).toEqual([]);
  });

  it('has a title for every kind', () => {
    expect(Object.keys(FINDING_TITLES).sort()).toEqual([...FINDING_KINDS].sort());
  });
});
