import type { JSONContent } from '@tiptap/core';
import fs from 'node:fs';
import path from 'node:path';
import { CLAUSE_GROUPS, isClauseGroup, isClauseSector, type ClauseGroup } from '../../shared/api/clauses';
import type { DepartmentId } from '../../shared/departments';
import { placeholderDefinition } from '../../shared/placeholders';
import { nodeText } from '../../shared/sections';
import { placeholdersIn, readFrontMatter, readHeadingAttributes, readRequirement, readSections, SourceFileError, unknownPlaceholderProblem } from './sourceFile';

/** One clause of the library, as templates/clauses/README.md describes it. */
export interface LibraryClause {
  id: string;
  title: string;
  group: ClauseGroup;
  /** `['all']`, or the kinds of organization it suits. */
  sectors: string[];
  owner: DepartmentId;
  approvers: DepartmentId[];
  /** Each law, rule or case with its year; empty when the file says `none`. */
  laws: string[];
  /** `YYYY-MM-DD`. */
  reviewed: string;
  version: number;
  /** Where it applies; null means US federal law. */
  jurisdiction: string | null;
  /** What may change soon, when something may. */
  volatile: string | null;
  content: JSONContent[];
  /** Plain text of the content, for search, previews and the reading level. */
  text: string;
  file: string;
  line: number;
}

/** A problem in a clause file, with where it is, so whoever edits the file can fix it. */
export class ClauseError extends SourceFileError {}

const FRONT_MATTER_KEYS = ['group', 'title'] as const;
const FACT_KEYS = ['sectors', 'laws', 'reviewed', 'version', 'jurisdiction', 'volatile'] as const;
const REQUIRED_FACTS = ['sectors', 'laws', 'reviewed', 'version'] as const;
type FactKey = (typeof FACT_KEYS)[number];
const HEADING_KEYS = ['id', 'owner', 'approvers'] as const;
const CLAUSE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SECTION_HEADING = /^ {0,3}##(?:\s|$)/;
const LAW_YEAR = /\((\d{4})\)/;

interface Facts {
  values: Partial<Record<FactKey, { value: string; line: number }>>;
}

function parseHeading(heading: string, group: ClauseGroup, file: string, line: number) {
  const { title, attributes } = readHeadingAttributes(
    heading,
    file,
    line,
    { noun: 'clause', keys: HEADING_KEYS, missing: { field: 'id', problem: `clause "${heading}" needs its id and owner, as in: ## ${heading} {id=${group}-example owner=communications approvers=legal}` } },
    ClauseError,
  );
  const id = attributes.id;
  if (id === undefined) throw new ClauseError(file, line, 'id', `clause "${title}" has no id`);
  if (!CLAUSE_ID.test(id)) throw new ClauseError(file, line, 'id', `"${id}" is not a clause id (use lowercase letters, digits and single hyphens)`);
  if (!id.startsWith(`${group}-`)) throw new ClauseError(file, line, 'id', `"${id}" must start with the group ("${group}-")`);
  return { id, title, ...readRequirement(attributes, { noun: 'clause', title, file, line }, ClauseError) };
}

function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

function parseFacts(facts: Facts, file: string, headingLine: number, now: number) {
  const fact = (key: FactKey) => facts.values[key];
  for (const key of REQUIRED_FACTS) {
    if (!fact(key)) throw new ClauseError(file, headingLine, key, `missing: put "${key}: …" in the block of facts right after the heading`);
  }
  const sectorsFact = fact('sectors')!;
  const sectors = sectorsFact.value.split(',').map((sector) => sector.trim());
  if (!(sectors.length === 1 && sectors[0] === 'all')) {
    for (const sector of sectors) {
      if (sector === 'all') throw new ClauseError(file, sectorsFact.line, 'sectors', '"all" stands alone; do not mix it with a list');
      if (!isClauseSector(sector)) throw new ClauseError(file, sectorsFact.line, 'sectors', `"${sector}" is not a sector (use all, or a comma list of corporate, financial, healthcare, government, higher-education, nonprofit, retail, small-business)`);
    }
    if (new Set(sectors).size !== sectors.length) throw new ClauseError(file, sectorsFact.line, 'sectors', 'a sector is listed twice');
  }

  const lawsFact = fact('laws')!;
  const laws: string[] = [];
  if (lawsFact.value !== 'none') {
    const thisYear = new Date(now).getUTCFullYear();
    for (const law of lawsFact.value.split(';').map((part) => part.trim())) {
      if (!law) throw new ClauseError(file, lawsFact.line, 'laws', 'an empty entry (separate laws with ";", or write "none")');
      const year = LAW_YEAR.exec(law);
      if (!year) throw new ClauseError(file, lawsFact.line, 'laws', `"${law}" needs its year in brackets, as in: FTC Endorsement Guides, 16 CFR Part 255 (2023)`);
      if (Number(year[1]) < 1700 || Number(year[1]) > thisYear) throw new ClauseError(file, lawsFact.line, 'laws', `"${law}": ${year[1]} is not a plausible year`);
      laws.push(law);
    }
  }

  const reviewedFact = fact('reviewed')!;
  if (!isRealDate(reviewedFact.value)) throw new ClauseError(file, reviewedFact.line, 'reviewed', `"${reviewedFact.value}" is not a date written YYYY-MM-DD`);
  if (reviewedFact.value > new Date(now).toISOString().slice(0, 10)) throw new ClauseError(file, reviewedFact.line, 'reviewed', `${reviewedFact.value} is in the future`);

  const versionFact = fact('version')!;
  if (!/^[1-9]\d{0,5}$/.test(versionFact.value)) throw new ClauseError(file, versionFact.line, 'version', `"${versionFact.value}" is not a whole number of 1 or more`);

  return {
    sectors,
    laws,
    reviewed: reviewedFact.value,
    version: Number(versionFact.value),
    jurisdiction: fact('jurisdiction')?.value ?? null,
    volatile: fact('volatile')?.value ?? null,
  };
}

/**
 * Parses one clause file's text (see templates/clauses/README.md). Throws a ClauseError naming
 * the line and field that is wrong. `now` is when a reviewed date counts as "in the future".
 */
export function parseClauseFile(source: string, file: string, now = Date.now()): { group: ClauseGroup; title: string; clauses: LibraryClause[] } {
  const { lines, end, meta } = readFrontMatter(source, file, FRONT_MATTER_KEYS, 'a clause file', ClauseError);
  for (const key of FRONT_MATTER_KEYS) {
    if (!meta[key]?.value) throw new ClauseError(file, meta[key]?.line ?? 1, key, 'missing in the front matter');
  }
  const group = meta.group!.value;
  if (!isClauseGroup(group)) throw new ClauseError(file, meta.group!.line, 'group', `"${group}" is not a group (use one of: ${CLAUSE_GROUPS.join(', ')})`);
  const expected = path.basename(file, '.md');
  if (group !== expected) throw new ClauseError(file, meta.group!.line, 'group', `must match the file name ("${expected}")`);

  for (const { name, line } of placeholdersIn(lines, end + 1)) {
    if (!placeholderDefinition(name)) throw new ClauseError(file, line, 'placeholder', unknownPlaceholderProblem(name));
  }

  // The fact lines after each heading are not Markdown: blank them (keeping the line count) and read them here.
  const body = lines.slice(end + 1);
  const factsByLine = new Map<number, Facts>();
  let fenced = false;
  for (let index = 0; index < body.length; index += 1) {
    if (/^ {0,3}(```|~~~)/.test(body[index]!)) fenced = !fenced;
    if (fenced || !SECTION_HEADING.test(body[index]!)) continue;
    const headingLine = end + 2 + index;
    const facts: Facts = { values: {} };
    factsByLine.set(headingLine, facts);
    // The facts are the first block after the heading, whether or not a blank line comes between.
    let first = index + 1;
    while (first < body.length && body[first]!.trim() === '') first += 1;
    for (let next = first; next < body.length && body[next]!.trim() !== ''; next += 1) {
      const line = body[next]!;
      const lineNumber = end + 2 + next;
      if (SECTION_HEADING.test(line)) break;
      const match = /^([A-Za-z][\w-]*)\s*:\s*(.*)$/.exec(line.trim());
      if (!match) throw new ClauseError(file, lineNumber, null, `expected a fact such as "reviewed: 2026-11-20", found "${line.trim()}" (leave a blank line between the facts and the text)`);
      const key = match[1]!;
      const value = match[2]!.trim();
      if (!(FACT_KEYS as readonly string[]).includes(key)) throw new ClauseError(file, lineNumber, key, `unknown fact (allowed: ${FACT_KEYS.join(', ')})`);
      if (facts.values[key as FactKey]) throw new ClauseError(file, lineNumber, key, 'given twice');
      if (!value) throw new ClauseError(file, lineNumber, key, 'has no value');
      facts.values[key as FactKey] = { value, line: lineNumber };
      body[next] = '';
      index = next;
    }
  }

  const parsed = readSections(body.join('\n'), end + 1, file, ClauseError);
  if (parsed.preamble.length > 0) throw new ClauseError(file, end + 2, null, 'text before the first ## clause heading; every part of the file belongs to a clause');
  if (parsed.sections.length === 0) throw new ClauseError(file, end + 2, null, 'a clause file needs at least one ## clause');
  const seen = new Set<string>();
  const clauses = parsed.sections.map((section): LibraryClause => {
    const heading = parseHeading(section.heading, group, file, section.line);
    if (seen.has(heading.id)) throw new ClauseError(file, section.line, 'id', `duplicate clause id "${heading.id}"`);
    seen.add(heading.id);
    const facts = parseFacts(factsByLine.get(section.line) ?? { values: {} }, file, section.line, now);
    const text = section.content.map(nodeText).join('\n');
    if (section.content.length === 0 || !text.trim()) throw new ClauseError(file, section.line, 'text', `clause "${heading.title}" has no text`);
    return { ...heading, group, ...facts, content: section.content, text, file, line: section.line };
  });
  return { group, title: meta.title!.value, clauses };
}

/**
 * Loads every `*.md` clause file in a folder (README.md excepted). A broken file is reported, not
 * fatal: the others still load, so one typo never keeps Accord from starting.
 */
export function loadClauses(directory: string, now = Date.now()): { clauses: LibraryClause[]; errors: ClauseError[] } {
  const clauses: LibraryClause[] = [];
  const errors: ClauseError[] = [];
  const files = fs.existsSync(directory)
    ? fs
        .readdirSync(directory)
        .filter((name) => name.endsWith('.md') && name.toLowerCase() !== 'readme.md')
        .sort()
    : [];
  for (const name of files) {
    try {
      const parsed = parseClauseFile(fs.readFileSync(path.join(directory, name), 'utf8'), name, now);
      for (const clause of parsed.clauses) {
        const other = clauses.find((existing) => existing.id === clause.id);
        if (other) throw new ClauseError(name, clause.line, 'id', `clause id "${clause.id}" is already used in ${other.file}`);
      }
      clauses.push(...parsed.clauses);
    } catch (error) {
      errors.push(error instanceof ClauseError ? error : new ClauseError(name, 1, null, (error as Error).message));
    }
  }
  return { clauses, errors };
}
