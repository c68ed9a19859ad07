import { isWellFormedDepartmentId, type DepartmentId } from '../../shared/departments';
import { MarkdownError, markdownToSections } from './markdownToContent';

/**
 * The parts every file of the policy database shares (templates and library clauses): front
 * matter, `## Heading {key=value …}` attributes with an owner and approvers, placeholders in the
 * text, and the Markdown body. One set of rules, so a file means the same in either folder.
 */

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

/** The error class a loader reports its problems with (TemplateError, ClauseError). */
export type SourceErrorClass = new (file: string, line: number, field: string | null, problem: string) => SourceFileError;

/** A value from a file with its line (1-based), so a later check can point at it. */
export interface LocatedValue {
  value: string;
  line: number;
}

/** A file split at its front matter: all its lines, the index of the closing `---`, and each key given. */
export interface FrontMatter<Key extends string> {
  lines: string[];
  end: number;
  meta: Partial<Record<Key, LocatedValue>>;
}

/**
 * Reads the front matter between the two `---` lines at the top: `key: value` lines, blank lines
 * and `#` comments. A key not in `keys`, or one given twice, is refused. `kind` names the file
 * in messages ("a template", "a clause file").
 */
export function readFrontMatter<Key extends string>(source: string, file: string, keys: readonly Key[], kind: string, Failure: SourceErrorClass): FrontMatter<Key> {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') throw new Failure(file, 1, null, `${kind} starts with front matter between two "---" lines`);
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (end < 0) throw new Failure(file, 1, null, 'front matter is not closed by a "---" line');
  const meta: Partial<Record<Key, LocatedValue>> = {};
  for (let index = 1; index < end; index += 1) {
    const line = lines[index]!;
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const separator = line.indexOf(':');
    if (separator < 0) throw new Failure(file, index + 1, null, `expected "key: value", found "${line.trim()}"`);
    const key = line.slice(0, separator).trim();
    if (!(keys as readonly string[]).includes(key)) throw new Failure(file, index + 1, key, `unknown front matter key (allowed: ${keys.join(', ')})`);
    if (meta[key as Key] !== undefined) throw new Failure(file, index + 1, key, 'given twice in the front matter');
    meta[key as Key] = { value: line.slice(separator + 1).trim(), line: index + 1 };
  }
  return { lines, end, meta };
}

const HEADING_ATTRIBUTES = /^(.*?)\s*\{([^}]*)\}\s*$/;

/** "a=", "a= and b=", "a=, b= and c=". */
function attributeList(keys: readonly string[]): string {
  const named = keys.map((key) => `${key}=`);
  return named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : (named[0] ?? '');
}

/**
 * Splits `Title {key=value …}` into its title and attributes. `noun` names the heading in
 * messages ("section", "clause"); `missing` is the field and message when there are no braces.
 * A key not in `keys` is refused, naming it.
 */
export function readHeadingAttributes<Key extends string>(
  heading: string,
  file: string,
  line: number,
  options: { noun: string; keys: readonly Key[]; missing: { field: string; problem: string } },
  Failure: SourceErrorClass,
): { title: string; attributes: Partial<Record<Key, string>> } {
  const match = HEADING_ATTRIBUTES.exec(heading);
  if (!match) throw new Failure(file, line, options.missing.field, options.missing.problem);
  const title = match[1]!.trim();
  if (!title) throw new Failure(file, line, 'title', `${options.noun} heading has no title`);
  const attributes: Partial<Record<Key, string>> = {};
  for (const pair of match[2]!.trim().split(/\s+/).filter(Boolean)) {
    const separator = pair.indexOf('=');
    const key = separator < 0 ? pair : pair.slice(0, separator);
    if (!(options.keys as readonly string[]).includes(key)) {
      throw new Failure(file, line, key || null, `unknown ${options.noun} attribute "${key}" (use ${attributeList(options.keys)})`);
    }
    attributes[key as Key] = separator < 0 ? '' : pair.slice(separator + 1);
  }
  return { title, attributes };
}

const DEPARTMENT_ID_HINT = 'is not a department id (use lowercase letters, digits and hyphens, such as customer-service)';

/**
 * The owner and approvers of a heading's `owner=` and `approvers=a,b`. Any well-formed id is
 * accepted (an organization may have departments the built-in list lacks). An approver listed
 * twice or the owner listed as an approver is refused: the file says something it cannot mean.
 * `approvers=` with nothing after it means none.
 */
export function readRequirement(
  attributes: { owner?: string; approvers?: string },
  context: { noun: string; title: string; file: string; line: number },
  Failure: SourceErrorClass,
): { owner: DepartmentId; approvers: DepartmentId[] } {
  const { noun, title, file, line } = context;
  if (attributes.owner === undefined) throw new Failure(file, line, 'owner', `${noun} "${title}" has no owner`);
  const owner = attributes.owner;
  if (!isWellFormedDepartmentId(owner)) throw new Failure(file, line, 'owner', `"${owner}" ${DEPARTMENT_ID_HINT}`);
  const approvers: DepartmentId[] = [];
  if (attributes.approvers) {
    for (const department of attributes.approvers.split(',')) {
      if (!isWellFormedDepartmentId(department)) throw new Failure(file, line, 'approvers', `"${department}" ${DEPARTMENT_ID_HINT}`);
      if (approvers.includes(department)) throw new Failure(file, line, 'approvers', `${department} is listed twice`);
      approvers.push(department);
    }
  }
  if (approvers.includes(owner)) throw new Failure(file, line, 'approvers', `the owner (${owner}) cannot also be an approver`);
  return { owner, approvers };
}

/** Every `{{name}}` in `lines` from index `from` on, with its line (1-based), in order. */
export function placeholdersIn(lines: readonly string[], from: number): { name: string; line: number }[] {
  const found: { name: string; line: number }[] = [];
  for (let index = from; index < lines.length; index += 1) {
    for (const placeholder of lines[index]!.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) found.push({ name: placeholder[1]!, line: index + 1 });
  }
  return found;
}

/** The unknown-placeholder message both kinds of file give. */
export function unknownPlaceholderProblem(name: string): string {
  return `unknown placeholder {{${name}}} (the ones you may use are listed in shared/placeholders.ts)`;
}

/**
 * The body's `##` sections as document content; `lineOffset` is the number of lines before the
 * body, so a Markdown problem is reported at its line in the file.
 */
export function readSections(body: string, lineOffset: number, file: string, Failure: SourceErrorClass): ReturnType<typeof markdownToSections> {
  try {
    return markdownToSections(body, lineOffset);
  } catch (error) {
    if (error instanceof MarkdownError) throw new Failure(file, error.line, null, error.message);
    throw error;
  }
}
