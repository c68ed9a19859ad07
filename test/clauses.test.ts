import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLAUSE_GROUPS, type ClauseGroup } from '../shared/api/clauses';
import { DEFAULT_DEPARTMENTS } from '../shared/departments';
import { placeholderDefinition, placeholdersIn } from '../shared/placeholders';
import { DEFAULT_GRADE_TARGET, scoreText } from '../shared/readability';
import { ClauseError, loadClauses, parseClauseFile } from '../server/templates/clauseLoader';

const libraryDir = path.resolve(import.meta.dirname, '../templates/clauses');
const fixtureDir = path.resolve(import.meta.dirname, 'fixtures/clauses/library');
const NOW = Date.parse('2026-12-01T12:00:00Z');
const shipped = loadClauses(libraryDir);

/** The aim for each group (issue 21). */
const GROUP_AIMS: Record<ClauseGroup, number> = {
  governance: 10,
  accounts: 10,
  security: 9,
  'employee-rights': 12,
  'endorsements-reviews': 10,
  engagement: 10,
  accessibility: 6,
  privacy: 8,
  records: 6,
  crisis: 7,
  ai: 7,
  sector: 14,
  training: 4,
};

/**
 * Departments a sector clause may name beyond the built-in ones; the organization maps them to
 * its own when it creates a policy (see templates/clauses/README.md and the templates).
 */
const SECTOR_DEPARTMENTS = ['clinical', 'fundraising', 'student-affairs', 'athletics'];
const KNOWN_DEPARTMENTS = [...DEFAULT_DEPARTMENTS.map((department) => department.id), ...SECTOR_DEPARTMENTS];

const valid = `---
group: governance
title: Governance
---

## Approval matrix {id=governance-matrix owner=communications approvers=legal,hr}

sectors: all
laws: National Labor Relations Act, Section 7 (1935); FTC Endorsement Guides, 16 CFR Part 255 (2023)
reviewed: 2026-11-20
version: 3
jurisdiction: US federal law
volatile: The NLRB may change its standard.

{{organization}} checks posts before they go out.

- Routine posts: the social media lead.

## Second {id=governance-second owner=it}

sectors: healthcare, government
laws: none
reviewed: 2026-01-02
version: 1

Short text.
`;

function problem(source: string, file = 'governance.md'): ClauseError {
  try {
    parseClauseFile(source, file, NOW);
  } catch (error) {
    if (error instanceof ClauseError) return error;
    throw error;
  }
  throw new Error('expected the clause file to be refused');
}

/** The valid file with one line replaced (1-based), or with `text` in place of `from`. */
function withLine(line: number, text: string): string {
  const lines = valid.split('\n');
  lines[line - 1] = text;
  return lines.join('\n');
}

describe('clause file parser', () => {
  it('reads every field of a valid file', () => {
    const parsed = parseClauseFile(valid, 'governance.md', NOW);
    expect(parsed.group).toBe('governance');
    expect(parsed.clauses).toHaveLength(2);
    const [first, second] = parsed.clauses;
    expect(first).toMatchObject({
      id: 'governance-matrix',
      title: 'Approval matrix',
      group: 'governance',
      owner: 'communications',
      approvers: ['legal', 'hr'],
      sectors: ['all'],
      laws: ['National Labor Relations Act, Section 7 (1935)', 'FTC Endorsement Guides, 16 CFR Part 255 (2023)'],
      reviewed: '2026-11-20',
      version: 3,
      jurisdiction: 'US federal law',
      volatile: 'The NLRB may change its standard.',
      line: 6,
    });
    // The facts are not part of the text; the text is.
    expect(first!.text).not.toMatch(/sectors|reviewed/);
    expect(first!.text).toContain('{{organization}} checks posts');
    expect(first!.content.map((node) => node.type)).toEqual(['paragraph', 'bulletList']);
    expect(second).toMatchObject({ id: 'governance-second', owner: 'it', approvers: [], sectors: ['healthcare', 'government'], laws: [], jurisdiction: null, volatile: null, line: 19 });
  });

  it('words a repeated approver the way the template loader does', () => {
    expect(problem(valid.replace('approvers=legal,hr', 'approvers=legal,hr,legal')).message).toBe('governance.md:6: approvers: legal is listed twice');
  });

  it('keeps line numbers right after the facts are taken out', () => {
    const error = problem(valid.replace('Short text.', '#### Too deep'));
    expect(error.line).toBe(26);
  });

  it.each([
    ['no front matter', valid.replace(/^---\n/, ''), 1, null],
    ['an unknown group', valid.replace('group: governance', 'group: marketing'), 2, 'group'],
    ['a group that is not the file name', valid.replace('group: governance', 'group: security'), 2, 'group'],
    ['an unknown front matter key', valid.replace('title: Governance', 'topic: Governance'), 3, 'topic'],
    ['a heading without attributes', valid.replace(' {id=governance-second owner=it}', ''), 19, 'id'],
    ['an id without the group', valid.replace('id=governance-second', 'id=second'), 19, 'id'],
    ['an id with capitals', valid.replace('id=governance-second', 'id=governance-Second'), 19, 'id'],
    ['a duplicate id', valid.replace('id=governance-second', 'id=governance-matrix'), 19, 'id'],
    ['an unknown attribute', valid.replace('owner=it}', 'owner=it colour=red}'), 19, 'colour'],
    ['no owner', valid.replace(' owner=it', ''), 19, 'owner'],
    ['a malformed owner', valid.replace('owner=it', 'owner=IT'), 19, 'owner'],
    ['a malformed approver', valid.replace('approvers=legal,hr', 'approvers=legal,,hr'), 6, 'approvers'],
    ['the owner as an approver', valid.replace('approvers=legal,hr', 'approvers=legal,communications'), 6, 'approvers'],
    ['an approver listed twice', valid.replace('approvers=legal,hr', 'approvers=legal,hr,legal'), 6, 'approvers'],
    ['a front matter key given twice', valid.replace('title: Governance', 'title: Governance\ntitle: Again'), 4, 'title'],
    ['an unknown fact', withLine(12, 'owner: legal'), 12, 'owner'],
    ['a repeated fact', withLine(12, 'version: 4'), 12, 'version'],
    ['a line that is not a fact', withLine(10, 'This policy is about posts.'), 10, null],
    ['missing sectors', valid.replace('sectors: healthcare, government\n', ''), 19, 'sectors'],
    ['an unknown sector', valid.replace('sectors: healthcare, government', 'sectors: healthcare, hospitals'), 21, 'sectors'],
    ['all mixed with sectors', valid.replace('sectors: healthcare, government', 'sectors: all, retail'), 21, 'sectors'],
    ['missing laws', valid.replace('laws: none\n', ''), 19, 'laws'],
    ['a law without its year', valid.replace('(1935)', ''), 9, 'laws'],
    ['a law with an impossible year', valid.replace('(1935)', '(2935)'), 9, 'laws'],
    ['an empty law entry', valid.replace('(1935);', '(1935);;'), 9, 'laws'],
    ['a reviewed date that is not a date', valid.replace('2026-01-02', '2026-02-30'), 23, 'reviewed'],
    ['a reviewed date written another way', valid.replace('2026-01-02', '02/01/2026'), 23, 'reviewed'],
    ['a reviewed date in the future', valid.replace('2026-01-02', '2026-12-02'), 23, 'reviewed'],
    ['version zero', valid.replace('version: 1', 'version: 0'), 24, 'version'],
    ['a version that is not a whole number', valid.replace('version: 1', 'version: 1.5'), 24, 'version'],
    ['a fact without a value', valid.replace('version: 1', 'version:'), 24, 'version'],
    ['no text', valid.replace('Short text.\n', ''), 19, 'text'],
    ['an unknown placeholder', valid.replace('Short text.', 'Ask {{boss_name}}.'), 26, 'placeholder'],
    ['HTML in the text', valid.replace('Short text.', 'Short <b>text</b>.'), 26, null],
    ['text before the first clause', valid.replace('\n## Approval matrix', 'Stray words.\n\n## Approval matrix'), 5, null],
  ])('refuses %s, naming the line and field', (_name, source, line, field) => {
    const error = problem(source);
    expect(error.file).toBe('governance.md');
    expect({ line: error.line, field: error.field }).toEqual({ line, field });
    expect(error.message).toMatch(/^governance\.md:\d+: /);
  });

  it('loads a folder, skipping README.md, and reports a broken file without losing the others', () => {
    const loaded = loadClauses(fixtureDir, NOW);
    expect(loaded.errors).toEqual([]);
    expect(loaded.clauses.map((clause) => clause.id)).toEqual(['governance-approval-test', 'governance-review-test', 'security-lockdown-test']);
    expect(loaded.clauses[1]).toMatchObject({ sectors: ['corporate', 'nonprofit'], version: 2 });
  });
});

describe('the shipped clause library', () => {
  it('loads with no broken file', () => {
    expect(shipped.errors.map(String)).toEqual([]);
  });

  it('has at least 100 clauses, and every group at least the issue asks for', () => {
    const counts = Object.fromEntries(CLAUSE_GROUPS.map((group) => [group, shipped.clauses.filter((clause) => clause.group === group).length]));
    const short = CLAUSE_GROUPS.filter((group) => counts[group]! < GROUP_AIMS[group]).map((group) => `${group}: ${counts[group]} of ${GROUP_AIMS[group]}`);
    expect(short).toEqual([]);
    expect(shipped.clauses.length).toBeGreaterThanOrEqual(100);
  });

  it('uses each id once', () => {
    const ids = shipped.clauses.map((clause) => clause.id);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });

  it('names only known departments as owners and approvers', () => {
    const unknown = shipped.clauses.flatMap((clause) => [clause.owner, ...clause.approvers].filter((id) => !KNOWN_DEPARTMENTS.includes(id)).map((id) => `${clause.id}: ${id}`));
    expect(unknown).toEqual([]);
  });

  it('uses only placeholders from the registry', () => {
    const unknown = shipped.clauses.flatMap((clause) => placeholdersIn(`${clause.title}\n${clause.text}`).filter((name) => !placeholderDefinition(name)).map((name) => `${clause.id}: ${name}`));
    expect(unknown).toEqual([]);
  });

  it('reads at grade 9 or easier, clause by clause', () => {
    const hard = shipped.clauses
      .map((clause) => ({ id: clause.id, grade: scoreText(clause.text).grade }))
      .filter((clause) => clause.grade > DEFAULT_GRADE_TARGET)
      .map((clause) => `${clause.id}: grade ${clause.grade.toFixed(1)}`);
    expect(hard).toEqual([]);
  });
});
