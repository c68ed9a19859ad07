import type { JSONContent } from '@tiptap/core';
import fs from 'node:fs';
import path from 'node:path';
import type { DepartmentId } from '../../shared/departments';
import { randomId } from '../../shared/ids';
import { MAX_SECTIONS_PER_POLICY } from '../../shared/limits';
import { fillPlaceholdersInContent, PLACEHOLDER_NAME_PATTERN, placeholderDefinition } from '../../shared/placeholders';
import { approversAttribute, nodeText, normalizeApprovers } from '../../shared/sections';
import { placeholdersIn, readFrontMatter, readHeadingAttributes, readRequirement, readSections, SourceFileError, unknownPlaceholderProblem } from './sourceFile';

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

/** A problem in a template file. */
export class TemplateError extends SourceFileError {}

const FRONT_MATTER_KEYS = ['id', 'title', 'sector', 'summary', 'jurisdiction', 'placeholders'] as const;
const REQUIRED_KEYS = ['id', 'title', 'sector', 'summary'] as const;
const HEADING_KEYS = ['owner', 'approvers'] as const;
/** Filled from the policy's organization name, so a template uses it without declaring it. */
const IMPLICIT_PLACEHOLDER = 'organization';

function parseHeading(heading: string, file: string, line: number): Omit<TemplateSection, 'content'> {
  const { title, attributes } = readHeadingAttributes(
    heading,
    file,
    line,
    { noun: 'section', keys: HEADING_KEYS, missing: { field: 'owner', problem: `section "${heading}" needs its owner, as in: ## ${heading} {owner=legal approvers=hr}` } },
    TemplateError,
  );
  return { title, ...readRequirement(attributes, { noun: 'section', title, file, line }, TemplateError) };
}

/** Parses one template file's text. Throws a TemplateError naming the line and field that is wrong. */
export function parseTemplate(source: string, file: string): PolicyTemplate {
  const { lines, end, meta } = readFrontMatter(source, file, FRONT_MATTER_KEYS, 'a template', TemplateError);
  for (const key of REQUIRED_KEYS) {
    if (!meta[key]?.value) throw new TemplateError(file, meta[key]?.line ?? 1, key, 'missing in the front matter');
  }
  const id = meta.id!.value;
  const expectedId = path.basename(file, '.md');
  if (id !== expectedId) throw new TemplateError(file, meta.id!.line, 'id', `must match the file name ("${expectedId}")`);
  if (!/^[a-z0-9-]+$/.test(id)) throw new TemplateError(file, meta.id!.line, 'id', 'use lower-case letters, digits and hyphens');

  const declared = parseDeclaredPlaceholders(meta.placeholders?.value ?? '', file, meta.placeholders?.line ?? 1);
  const jurisdiction = meta.jurisdiction;
  if (jurisdiction !== undefined && !jurisdiction.value) throw new TemplateError(file, jurisdiction.line, 'jurisdiction', 'is empty; leave the key out for US federal law');

  const used = new Set<string>();
  for (const { name, line } of placeholdersIn(lines, end + 1)) {
    if (!placeholderDefinition(name)) throw new TemplateError(file, line, 'placeholder', unknownPlaceholderProblem(name));
    if (name !== IMPLICIT_PLACEHOLDER && !declared.includes(name)) {
      throw new TemplateError(file, line, 'placeholder', `{{${name}}} is not declared; add it to the front matter line "placeholders: ${[...declared, name].join(', ')}"`);
    }
    used.add(name);
  }
  const unused = declared.filter((name) => !used.has(name));
  if (unused.length > 0) {
    throw new TemplateError(file, meta.placeholders?.line ?? 1, 'placeholders', `declared but never used in the text: ${unused.join(', ')}`);
  }
  const parsed = readSections(lines.slice(end + 1).join('\n'), end + 1, file, TemplateError);
  if (parsed.preamble.length > 0) throw new TemplateError(file, end + 2, null, 'text before the first ## section heading; every part of a policy belongs to a section');
  if (parsed.sections.length === 0) throw new TemplateError(file, end + 2, null, 'a template needs at least one ## section');
  if (parsed.sections.length > MAX_SECTIONS_PER_POLICY) throw new TemplateError(file, end + 2, null, `at most ${MAX_SECTIONS_PER_POLICY} sections`);
  const sections = parsed.sections.map((section) => {
    const heading = parseHeading(section.heading, file, section.line);
    if (section.content.length === 0) throw new TemplateError(file, section.line, null, `section "${heading.title}" has no text`);
    return { ...heading, content: section.content };
  });
  return {
    id,
    title: meta.title!.value,
    sector: meta.sector!.value,
    summary: meta.summary!.value,
    jurisdiction: jurisdiction?.value ?? DEFAULT_JURISDICTION,
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
