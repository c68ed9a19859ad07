import type { JSONContent } from '@tiptap/core';
import fs from 'node:fs';
import path from 'node:path';
import { isWellFormedDepartmentId, type DepartmentId } from '../../shared/departments';
import { randomId } from '../../shared/ids';
import { MAX_SECTIONS_PER_POLICY } from '../../shared/limits';
import { fillPlaceholdersInContent, PLACEHOLDER_NAME_PATTERN, placeholderDefinition } from '../../shared/placeholders';
import { approversAttribute, nodeText, normalizeApprovers } from '../../shared/sections';
import { MarkdownError, markdownToSections } from './markdownToContent';

export interface TemplateSection {
  title: string;
  owner: DepartmentId;
  approvers: DepartmentId[];
  content: JSONContent[];
}

export interface PolicyTemplate {
  id: string;
  title: string;
  sector: string;
  summary: string;
  /** The law the template assumes; "US federal law" unless its front matter says otherwise. */
  jurisdiction: string;
  /** The placeholders the template declares (front matter `placeholders:`), in order; `organization` is implicit. */
  placeholders: string[];
  file: string;
  sections: TemplateSection[];
}

export const DEFAULT_JURISDICTION = 'US federal law';

/** A problem in a file of the policy database, with where it is, so whoever edits the file can fix it. */
export class SourceFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string | null,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${field ? `${field}: ` : ''}${problem}`);
    this.name = new.target.name;
  }
}

/** A problem in a template file. */
export class TemplateError extends SourceFileError {}

const FRONT_MATTER_KEYS = ['id', 'title', 'sector', 'summary', 'jurisdiction', 'placeholders'] as const;
const REQUIRED_KEYS = ['id', 'title', 'sector', 'summary'] as const;
/** Filled from the policy's organization name, so a template uses it without declaring it. */
const IMPLICIT_PLACEHOLDER = 'organization';
const HEADING_ATTRIBUTES = /^(.*?)\s*\{([^}]*)\}\s*$/;

function parseHeading(heading: string, file: string, line: number): Omit<TemplateSection, 'content'> {
  const match = HEADING_ATTRIBUTES.exec(heading);
  if (!match) throw new TemplateError(file, line, 'owner', `section "${heading}" needs its owner, as in: ## ${heading} {owner=legal approvers=hr}`);
  const title = match[1]!.trim();
  if (!title) throw new TemplateError(file, line, 'title', 'section heading has no title');
  let owner: DepartmentId | null = null;
  let approvers: DepartmentId[] = [];
  for (const pair of match[2]!.trim().split(/\s+/).filter(Boolean)) {
    const [key, value = ''] = pair.split('=');
    if (key === 'owner') {
      // Any well-formed id: an organization may have departments (product, clinical) the built-in list lacks.
      if (!isWellFormedDepartmentId(value)) throw new TemplateError(file, line, 'owner', `"${value}" is not a department id (use lowercase letters, digits and hyphens, such as customer-service)`);
      owner = value;
    } else if (key === 'approvers') {
      approvers = [];
      for (const id of value.split(',').filter(Boolean)) {
        if (!isWellFormedDepartmentId(id)) throw new TemplateError(file, line, 'approvers', `"${id}" is not a department id (use lowercase letters, digits and hyphens, such as customer-service)`);
        if (!approvers.includes(id)) approvers.push(id);
      }
    } else {
      throw new TemplateError(file, line, key ?? null, `unknown section attribute "${key}" (use owner= and approvers=)`);
    }
  }
  if (!owner) throw new TemplateError(file, line, 'owner', `section "${title}" has no owner`);
  if (approvers.includes(owner)) throw new TemplateError(file, line, 'approvers', `the owner (${owner}) cannot also be an approver`);
  return { title, owner, approvers };
}

/** Parses one template file's text. Throws a TemplateError naming the line and field that is wrong. */
export function parseTemplate(source: string, file: string): PolicyTemplate {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') throw new TemplateError(file, 1, null, 'a template starts with front matter between two "---" lines');
  const end = lines.indexOf('---', 1);
  if (end < 0) throw new TemplateError(file, 1, null, 'front matter is not closed by a "---" line');
  const meta: Partial<Record<(typeof FRONT_MATTER_KEYS)[number], string>> = {};
  const metaLine: Partial<Record<(typeof FRONT_MATTER_KEYS)[number], number>> = {};
  for (let index = 1; index < end; index += 1) {
    const line = lines[index]!;
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const separator = line.indexOf(':');
    if (separator < 0) throw new TemplateError(file, index + 1, null, `expected "key: value", found "${line.trim()}"`);
    const key = line.slice(0, separator).trim();
    if (!(FRONT_MATTER_KEYS as readonly string[]).includes(key)) {
      throw new TemplateError(file, index + 1, key, `unknown front matter key (allowed: ${FRONT_MATTER_KEYS.join(', ')})`);
    }
    if (meta[key as (typeof FRONT_MATTER_KEYS)[number]] !== undefined) throw new TemplateError(file, index + 1, key, 'given twice in the front matter');
    meta[key as (typeof FRONT_MATTER_KEYS)[number]] = line.slice(separator + 1).trim();
    metaLine[key as (typeof FRONT_MATTER_KEYS)[number]] = index + 1;
  }
  for (const key of REQUIRED_KEYS) {
    if (!meta[key]) throw new TemplateError(file, 1, key, 'missing in the front matter');
  }
  const expectedId = path.basename(file, '.md');
  if (meta.id !== expectedId) throw new TemplateError(file, 2, 'id', `must match the file name ("${expectedId}")`);
  if (!/^[a-z0-9-]+$/.test(meta.id)) throw new TemplateError(file, 2, 'id', 'use lower-case letters, digits and hyphens');

  const declared = parseDeclaredPlaceholders(meta.placeholders ?? '', file, metaLine.placeholders ?? 1);
  if (meta.jurisdiction !== undefined && !meta.jurisdiction) throw new TemplateError(file, metaLine.jurisdiction ?? 1, 'jurisdiction', 'is empty; leave the key out for US federal law');

  const body = lines.slice(end + 1).join('\n');
  const used = new Set<string>();
  for (const [index, line] of lines.entries()) {
    if (index <= end) continue;
    for (const placeholder of line.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
      const name = placeholder[1]!;
      if (name !== IMPLICIT_PLACEHOLDER && !placeholderDefinition(name)) {
        throw new TemplateError(file, index + 1, 'placeholder', `unknown placeholder {{${name}}} (known ones are listed in shared/placeholders.ts)`);
      }
      if (name !== IMPLICIT_PLACEHOLDER && !declared.includes(name)) {
        throw new TemplateError(file, index + 1, 'placeholder', `{{${name}}} is not declared; add it to the front matter line "placeholders: ${[...declared, name].join(', ')}"`);
      }
      used.add(name);
    }
  }
  const unused = declared.filter((name) => !used.has(name));
  if (unused.length > 0) {
    throw new TemplateError(file, metaLine.placeholders ?? 1, 'placeholders', `declared but never used in the text: ${unused.join(', ')}`);
  }
  let parsed: ReturnType<typeof markdownToSections>;
  try {
    parsed = markdownToSections(body, end + 1);
  } catch (error) {
    if (error instanceof MarkdownError) throw new TemplateError(file, error.line, null, error.message);
    throw error;
  }
  if (parsed.preamble.length > 0) throw new TemplateError(file, end + 2, null, 'text before the first ## section heading; every part of a policy belongs to a section');
  if (parsed.sections.length === 0) throw new TemplateError(file, end + 2, null, 'a template needs at least one ## section');
  if (parsed.sections.length > MAX_SECTIONS_PER_POLICY) throw new TemplateError(file, end + 2, null, `at most ${MAX_SECTIONS_PER_POLICY} sections`);
  const sections = parsed.sections.map((section) => {
    const heading = parseHeading(section.heading, file, section.line);
    if (section.content.length === 0) throw new TemplateError(file, section.line, null, `section "${heading.title}" has no text`);
    return { ...heading, content: section.content };
  });
  return {
    id: meta.id,
    title: meta.title!,
    sector: meta.sector!,
    summary: meta.summary!,
    jurisdiction: meta.jurisdiction ?? DEFAULT_JURISDICTION,
    placeholders: declared,
    file,
    sections,
  };
}

/** `placeholders: crisis_contact, response_time`: known names, each once. */
function parseDeclaredPlaceholders(value: string, file: string, line: number): string[] {
  const names: string[] = [];
  for (const raw of value.split(',')) {
    const name = raw.trim();
    if (!name) continue;
    if (!PLACEHOLDER_NAME_PATTERN.test(name)) throw new TemplateError(file, line, 'placeholders', `"${name}" is not a placeholder name (use lowercase letters, digits and underscores)`);
    if (!placeholderDefinition(name)) throw new TemplateError(file, line, 'placeholders', `unknown placeholder "${name}" (known ones are listed in shared/placeholders.ts)`);
    if (names.includes(name)) throw new TemplateError(file, line, 'placeholders', `"${name}" is declared twice`);
    names.push(name);
  }
  return names;
}

/**
 * Loads every `*.md` template in a folder. A broken file is reported, not fatal: the others
 * still load, so one typo never keeps Accord from starting.
 */
export function loadTemplates(directory: string): { templates: PolicyTemplate[]; errors: TemplateError[] } {
  const templates: PolicyTemplate[] = [];
  const errors: TemplateError[] = [];
  const files = fs.existsSync(directory) ? fs.readdirSync(directory).filter((name) => name.endsWith('.md')).sort() : [];
  for (const name of files) {
    try {
      const template = parseTemplate(fs.readFileSync(path.join(directory, name), 'utf8'), name);
      if (templates.some((existing) => existing.id === template.id)) throw new TemplateError(name, 2, 'id', `duplicate template id "${template.id}"`);
      templates.push(template);
    } catch (error) {
      errors.push(error instanceof TemplateError ? error : new TemplateError(name, 1, null, (error as Error).message));
    }
  }
  return { templates, errors };
}


/** Every department a template names, as owner or approver, in order of first mention. */
export function templateDepartments(template: PolicyTemplate): string[] {
  return [...new Set(template.sections.flatMap((section) => [section.owner, ...section.approvers]))];
}

/**
 * The document of a new policy made from a template: placeholders filled, fresh section ids.
 * `departmentMap` gives the organization's department for a department the template names
 * that the organization does not have.
 */
export function templateDocument(
  template: PolicyTemplate,
  input: { title: string; organization: string; departmentMap?: Readonly<Record<string, string>>; placeholders?: Readonly<Record<string, string>> },
): JSONContent {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.placeholders ?? {})) if (value) values[name] = value;
  values.organization = input.organization || 'our organization';
  const mapped = (id: string) => input.departmentMap?.[id] ?? id;
  return {
    type: 'doc',
    content: [
      { type: 'title', content: [{ type: 'text', text: input.title }] },
      ...template.sections.map((section) => ({
        type: 'policySection',
        attrs: {
          id: randomId(),
          owner: mapped(section.owner),
          approvers: approversAttribute(normalizeApprovers(section.approvers.map(mapped), mapped(section.owner))),
        },
        content: [
          { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: section.title }] },
          ...fillPlaceholdersInContent(section.content, values),
        ],
      })),
    ],
  };
}

/** Plain text of a template section, for search and previews. */
export function templateSectionText(section: TemplateSection): string {
  return section.content.map(nodeText).join('\n');
}
