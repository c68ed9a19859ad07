import type { JSONContent } from '@tiptap/core';
import { diffWords } from './textDiff';

/** Formatting a reader can see on words. */
export const FORMAT_MARKS = ['bold', 'italic', 'underline', 'strike', 'code'] as const;
export type FormatMark = (typeof FORMAT_MARKS)[number];
export type ListType = 'bulletList' | 'orderedList';

/** The kinds of change, as `ContentChange['kind']` names them. */
export const CONTENT_CHANGE_KINDS = ['format', 'link', 'list', 'listItem', 'table', 'tableRow', 'tableColumn', 'tableCell', 'subheading', 'block'] as const;

/**
 * One change between two versions of a section's body, other than reworded text (the word
 * diff shows that): formatting, links, lists, tables, sub-headings and other blocks.
 */
export type ContentChange =
  | { kind: 'format'; mark: FormatMark; action: 'added' | 'removed'; text: string }
  | { kind: 'link'; action: 'added' | 'removed'; text: string; href: string }
  | { kind: 'link'; action: 'changed'; text: string; href: string; previousHref: string }
  | { kind: 'list'; action: 'added' | 'removed'; listType: ListType; items: number }
  | { kind: 'list'; action: 'typeChanged'; from: ListType; to: ListType }
  | { kind: 'listItem'; action: 'added' | 'removed'; text: string }
  | { kind: 'listItem'; action: 'levelChanged'; text: string; from: number; to: number }
  | { kind: 'table'; action: 'added' | 'removed'; rows: number; columns: number }
  | { kind: 'tableRow'; action: 'added' | 'removed'; text: string }
  | { kind: 'tableColumn'; action: 'added' | 'removed'; header: string }
  | { kind: 'tableCell'; row: number; column: number; before: string; after: string }
  | { kind: 'subheading'; action: 'added' | 'removed'; text: string }
  | { kind: 'subheading'; action: 'changed'; text: string; previous: string }
  | { kind: 'block'; action: 'added' | 'removed'; block: 'quote' | 'divider' | 'code' };

/* ------------------------------------------------------------------ helpers */

// Every kind of change is listed in CONTENT_CHANGE_KINDS (a compile-time check).
const everyKindListed: ContentChange['kind'] extends (typeof CONTENT_CHANGE_KINDS)[number] ? true : never = true;
void everyKindListed;

/** Pairs of indexes of equal items, in order (longest common subsequence); none past `maxCells`. */
function matchSequences<T>(a: readonly T[], b: readonly T[], equal: (x: T, y: T) => boolean, maxCells = 1_000_000): [number, number][] {
  if ((a.length + 1) * (b.length + 1) > maxCells) return [];
  const columns = b.length + 1;
  const table = new Uint32Array((a.length + 1) * columns);
  for (let row = a.length - 1; row >= 0; row -= 1) {
    for (let column = b.length - 1; column >= 0; column -= 1) {
      table[row * columns + column] = equal(a[row]!, b[column]!)
        ? table[(row + 1) * columns + column + 1]! + 1
        : Math.max(table[(row + 1) * columns + column]!, table[row * columns + column + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  let row = 0;
  let column = 0;
  while (row < a.length && column < b.length) {
    if (equal(a[row]!, b[column]!)) {
      pairs.push([row, column]);
      row += 1;
      column += 1;
    } else if (table[(row + 1) * columns + column]! >= table[row * columns + column + 1]!) row += 1;
    else column += 1;
  }
  return pairs;
}

/** The unmatched stretches between matched pairs: old indexes and new indexes of each gap. */
function gaps(oldLength: number, newLength: number, pairs: readonly [number, number][]): { removed: number[]; added: number[] }[] {
  const result: { removed: number[]; added: number[] }[] = [];
  let oldIndex = 0;
  let newIndex = 0;
  for (const [oldAnchor, newAnchor] of [...pairs, [oldLength, newLength] as [number, number]]) {
    const removed: number[] = [];
    const added: number[] = [];
    for (; oldIndex < oldAnchor; oldIndex += 1) removed.push(oldIndex);
    for (; newIndex < newAnchor; newIndex += 1) added.push(newIndex);
    if (removed.length || added.length) result.push({ removed, added });
    oldIndex = oldAnchor + 1;
    newIndex = newAnchor + 1;
  }
  return result;
}

/** Text of a node on one line (cells and list items read as one phrase). */
function lineText(node: JSONContent): string {
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hardBreak') return ' ';
  return (node.content ?? []).map(lineText).join(node.content?.every((child) => child.type === 'text' || child.type === 'hardBreak') ? '' : ' ').replace(/\s+/g, ' ').trim();
}

const same = (a: JSONContent, b: JSONContent) => JSON.stringify(a) === JSON.stringify(b);

/* ------------------------------------------------------------ formatting and links */

interface Character {
  char: string;
  marks: ReadonlySet<string>;
  href: string | null;
}

/** Every character of a body with its formatting, blocks separated by a new line (as `nodeText` reads). */
function characters(nodes: readonly JSONContent[]): Character[] {
  const out: Character[] = [];
  const plain: Character['marks'] = new Set();
  const walk = (node: JSONContent) => {
    if (node.type === 'text') {
      const marks = new Set((node.marks ?? []).map((mark) => mark.type));
      const link = (node.marks ?? []).find((mark) => mark.type === 'link');
      const href = link ? String(link.attrs?.href ?? '') : null;
      for (const char of node.text ?? '') out.push({ char, marks, href });
      return;
    }
    if (node.type === 'hardBreak') {
      out.push({ char: '\n', marks: plain, href: null });
      return;
    }
    const children = node.content ?? [];
    const textBlock = children.every((child) => child.type === 'text' || child.type === 'hardBreak');
    children.forEach((child, index) => {
      if (index > 0 && !textBlock) out.push({ char: '\n', marks: plain, href: null });
      walk(child);
    });
  };
  nodes.forEach((node, index) => {
    if (index > 0) out.push({ char: '\n', marks: plain, href: null });
    walk(node);
  });
  return out;
}

/** Formatting and links added, removed or changed on words that are in both versions. */
export function diffFormatting(before: readonly JSONContent[], after: readonly JSONContent[]): ContentChange[] {
  const oldChars = characters(before);
  const newChars = characters(after);
  const parts = diffWords(oldChars.map((item) => item.char).join(''), newChars.map((item) => item.char).join(''));
  const changes: ContentChange[] = [];
  // One open run per kind of change; a run ends where the change does, at a block end or at changed words.
  const open = new Map<string, { change: ContentChange; text: string }>();
  const close = () => {
    for (const [runKey, run] of open) {
      const text = run.text.replace(/\s+/g, ' ').trim();
      if (text) changes.push({ ...run.change, text } as ContentChange);
      open.delete(runKey);
    }
  };
  let oldIndex = 0;
  let newIndex = 0;
  for (const part of parts) {
    if (part.kind === 'removed') oldIndex += part.text.length;
    else if (part.kind === 'added') newIndex += part.text.length;
    if (part.kind !== 'same') {
      close();
      continue;
    }
    for (let offset = 0; offset < part.text.length; offset += 1) {
      const was = oldChars[oldIndex + offset]!;
      const now = newChars[newIndex + offset]!;
      if (now.char === '\n') {
        close();
        continue;
      }
      const here = new Map<string, ContentChange>();
      for (const mark of FORMAT_MARKS) {
        const had = was.marks.has(mark);
        const has = now.marks.has(mark);
        if (had !== has) here.set(`${mark}:${has}`, { kind: 'format', mark, action: has ? 'added' : 'removed', text: '' });
      }
      if (was.href !== now.href) {
        const change: ContentChange =
          was.href === null
            ? { kind: 'link', action: 'added', text: '', href: now.href! }
            : now.href === null
              ? { kind: 'link', action: 'removed', text: '', href: was.href }
              : { kind: 'link', action: 'changed', text: '', href: now.href, previousHref: was.href };
        here.set(`link:${was.href}>${now.href}`, change);
      }
      // White space between two changed words keeps a run going; anything else that is unchanged ends it.
      const blank = /\s/.test(now.char);
      for (const [key, run] of open) {
        if (here.has(key)) run.text += now.char;
        else if (blank) run.text += now.char;
        else {
          const text = run.text.replace(/\s+/g, ' ').trim();
          if (text) changes.push({ ...run.change, text } as ContentChange);
          open.delete(key);
        }
      }
      for (const [key, change] of here) if (!open.has(key)) open.set(key, { change, text: now.char });
    }
    oldIndex += part.text.length;
    newIndex += part.text.length;
  }
  close();
  return changes;
}

/* ---------------------------------------------------------------- block structure */

interface ListEntry {
  depth: number;
  text: string;
  listType: ListType;
}

function listEntries(list: JSONContent, depth = 1, out: ListEntry[] = []): ListEntry[] {
  for (const item of list.content ?? []) {
    const own = (item.content ?? []).filter((child) => child.type !== 'bulletList' && child.type !== 'orderedList');
    out.push({ depth, text: own.map(lineText).join(' '), listType: list.type as ListType });
    for (const child of item.content ?? []) if (child.type === 'bulletList' || child.type === 'orderedList') listEntries(child, depth + 1, out);
  }
  return out;
}

function diffLists(before: JSONContent, after: JSONContent): ContentChange[] {
  const changes: ContentChange[] = [];
  if (before.type !== after.type) changes.push({ kind: 'list', action: 'typeChanged', from: before.type as ListType, to: after.type as ListType });
  const oldItems = listEntries(before);
  const newItems = listEntries(after);
  const pairs = matchSequences(oldItems, newItems, (a, b) => a.text === b.text);
  const typeChanges = new Set<string>();
  for (const [oldIndex, newIndex] of pairs) {
    const was = oldItems[oldIndex]!;
    const now = newItems[newIndex]!;
    if (was.depth !== now.depth) changes.push({ kind: 'listItem', action: 'levelChanged', text: now.text, from: was.depth, to: now.depth });
    else if (was.depth > 1 && was.listType !== now.listType && !typeChanges.has(`${was.depth}:${was.listType}`)) {
      typeChanges.add(`${was.depth}:${was.listType}`);
      changes.push({ kind: 'list', action: 'typeChanged', from: was.listType, to: now.listType });
    }
  }
  for (const gap of gaps(oldItems.length, newItems.length, pairs)) {
    // As many items as were removed here were reworded, not removed: the word diff shows those.
    const reworded = Math.min(gap.removed.length, gap.added.length);
    for (const index of gap.removed.slice(reworded)) changes.push({ kind: 'listItem', action: 'removed', text: oldItems[index]!.text });
    for (const index of gap.added.slice(reworded)) changes.push({ kind: 'listItem', action: 'added', text: newItems[index]!.text });
  }
  return changes;
}

function tableCells(table: JSONContent): string[][] {
  return (table.content ?? []).map((row) => (row.content ?? []).map(lineText));
}

const columnCount = (rows: readonly string[][]) => Math.max(0, ...rows.map((row) => row.length));

function diffTables(before: JSONContent, after: JSONContent): ContentChange[] {
  const changes: ContentChange[] = [];
  let oldRows = tableCells(before);
  const newRows = tableCells(after);
  const oldColumns = columnCount(oldRows);
  const newColumns = columnCount(newRows);
  if (oldColumns !== newColumns) {
    // Which columns: match the header rows cell by cell, then compare the rest without them.
    const oldHeader = oldRows[0] ?? [];
    const newHeader = newRows[0] ?? [];
    const pairs = matchSequences(oldHeader, newHeader, (a, b) => a === b);
    const removedColumns = new Set<number>();
    for (const gap of gaps(oldHeader.length, newHeader.length, pairs)) {
      const reworded = Math.min(gap.removed.length, gap.added.length);
      for (const index of gap.removed.slice(reworded)) {
        removedColumns.add(index);
        changes.push({ kind: 'tableColumn', action: 'removed', header: oldHeader[index]! });
      }
      for (const index of gap.added.slice(reworded)) {
        changes.push({ kind: 'tableColumn', action: 'added', header: newHeader[index]! });
      }
    }
    const addedColumns = new Set(changes.flatMap((change) => (change.kind === 'tableColumn' && change.action === 'added' ? [newHeader.indexOf(change.header)] : [])));
    oldRows = oldRows.map((row) => row.filter((_cell, index) => !removedColumns.has(index)));
    const projectedNew = newRows.map((row) => row.filter((_cell, index) => !addedColumns.has(index)));
    return [...changes, ...diffRows(oldRows, projectedNew, newRows)];
  }
  return diffRows(oldRows, newRows, newRows);
}

/** Rows added and removed, and cells changed in rows that are otherwise the same row. */
function diffRows(oldRows: string[][], newRows: string[][], shownNewRows: string[][]): ContentChange[] {
  const changes: ContentChange[] = [];
  const key = (row: readonly string[]) => JSON.stringify(row);
  const pairs = matchSequences(oldRows, newRows, (a, b) => key(a) === key(b));
  for (const gap of gaps(oldRows.length, newRows.length, pairs)) {
    const reworded = Math.min(gap.removed.length, gap.added.length);
    for (let index = 0; index < reworded; index += 1) {
      const was = oldRows[gap.removed[index]!]!;
      const now = newRows[gap.added[index]!]!;
      for (let column = 0; column < Math.max(was.length, now.length); column += 1) {
        if ((was[column] ?? '') !== (now[column] ?? '')) changes.push({ kind: 'tableCell', row: gap.added[index]! + 1, column: column + 1, before: was[column] ?? '', after: now[column] ?? '' });
      }
    }
    for (const index of gap.removed.slice(reworded)) changes.push({ kind: 'tableRow', action: 'removed', text: oldRows[index]!.join(' | ') });
    for (const index of gap.added.slice(reworded)) changes.push({ kind: 'tableRow', action: 'added', text: shownNewRows[index]!.join(' | ') });
  }
  return changes;
}

type BlockGroup = 'list' | 'table' | 'subheading' | 'text' | 'quote' | 'divider' | 'code';

function blockGroup(node: JSONContent): BlockGroup {
  switch (node.type) {
    case 'bulletList':
    case 'orderedList':
      return 'list';
    case 'table':
      return 'table';
    case 'heading':
      return 'subheading';
    case 'blockquote':
      return 'quote';
    case 'horizontalRule':
      return 'divider';
    case 'codeBlock':
      return 'code';
    default:
      return 'text';
  }
}

function blockAddedOrRemoved(node: JSONContent, action: 'added' | 'removed'): ContentChange | null {
  switch (blockGroup(node)) {
    case 'list':
      return { kind: 'list', action, listType: node.type as ListType, items: listEntries(node).length };
    case 'table': {
      const rows = tableCells(node);
      return { kind: 'table', action, rows: rows.length, columns: columnCount(rows) };
    }
    case 'subheading':
      return { kind: 'subheading', action, text: lineText(node) };
    case 'quote':
    case 'divider':
    case 'code':
      return { kind: 'block', action, block: blockGroup(node) as 'quote' | 'divider' | 'code' };
    default:
      // New or removed paragraphs are words: the word diff shows them.
      return null;
  }
}

/** What changed in the structure of a section body: lists, tables, sub-headings and other blocks. */
export function diffStructure(before: readonly JSONContent[], after: readonly JSONContent[]): ContentChange[] {
  const changes: ContentChange[] = [];
  const pairs = matchSequences(before, after, same);
  for (const gap of gaps(before.length, after.length, pairs)) {
    const unpairedNew = new Set(gap.added);
    for (const oldIndex of gap.removed) {
      const was = before[oldIndex]!;
      // The first unpaired new block of the same kind in this gap is this block, changed.
      const partner = [...unpairedNew].find((newIndex) => blockGroup(after[newIndex]!) === blockGroup(was));
      if (partner === undefined) {
        const change = blockAddedOrRemoved(was, 'removed');
        if (change) changes.push(change);
        continue;
      }
      unpairedNew.delete(partner);
      const now = after[partner]!;
      if (blockGroup(was) === 'list') changes.push(...diffLists(was, now));
      else if (blockGroup(was) === 'table') changes.push(...diffTables(was, now));
      else if (blockGroup(was) === 'subheading' && lineText(was) !== lineText(now)) {
        changes.push({ kind: 'subheading', action: 'changed', text: lineText(now), previous: lineText(was) });
      }
    }
    for (const newIndex of unpairedNew) {
      const change = blockAddedOrRemoved(after[newIndex]!, 'added');
      if (change) changes.push(change);
    }
  }
  return changes;
}

/** Every change between two versions of a section body that is not only reworded text. */
export function diffContent(before: readonly JSONContent[], after: readonly JSONContent[]): ContentChange[] {
  return [...diffStructure(before, after), ...diffFormatting(before, after)];
}

/* ------------------------------------------------------------------- in words */

const FORMAT_NAMES: Record<FormatMark, string> = { bold: 'Bold', italic: 'Italic', underline: 'Underline', strike: 'Strikethrough', code: 'Code formatting' };
const LIST_NAMES: Record<ListType, string> = { bulletList: 'bulleted', orderedList: 'numbered' };
const BLOCK_NAMES = { quote: 'Quote', divider: 'Divider line', code: 'Code block' } as const;

/** Text in curly quotes, shortened to a readable length. */
export function quoted(text: string, limit = 80): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return `‘${clean.length > limit ? `${clean.slice(0, limit - 1)}…` : clean}’`;
}

/** One change in plain words, for people who do not read diffs: "Bold added to ‘never’". */
export function describeChange(change: ContentChange): string {
  switch (change.kind) {
    case 'format':
      return `${FORMAT_NAMES[change.mark]} ${change.action} ${change.action === 'added' ? 'to' : 'from'} ${quoted(change.text)}`;
    case 'link':
      if (change.action === 'changed') return `Link on ${quoted(change.text)} changed from ${change.previousHref} to ${change.href}`;
      return change.action === 'added' ? `Link to ${change.href} added to ${quoted(change.text)}` : `Link to ${change.href} removed from ${quoted(change.text)}`;
    case 'list':
      if (change.action === 'typeChanged') return `List changed from ${LIST_NAMES[change.from]} to ${LIST_NAMES[change.to]}`;
      return `A ${LIST_NAMES[change.listType]} list ${change.action === 'added' ? 'was added' : 'was removed'} (${change.items} ${change.items === 1 ? 'item' : 'items'})`;
    case 'listItem':
      if (change.action === 'levelChanged') return `List item ${quoted(change.text)} moved ${change.to > change.from ? 'in' : 'out'} to level ${change.to}`;
      return `List item ${change.action}: ${quoted(change.text)}`;
    case 'table':
      return `A table ${change.action === 'added' ? 'was added' : 'was removed'} (${change.rows} ${change.rows === 1 ? 'row' : 'rows'}, ${change.columns} ${change.columns === 1 ? 'column' : 'columns'})`;
    case 'tableRow':
      return `Row ${change.action} ${change.action === 'added' ? 'to' : 'from'} the table: ${quoted(change.text)}`;
    case 'tableColumn':
      return `Column ${change.header ? `${quoted(change.header)} ` : ''}${change.action} ${change.action === 'added' ? 'to' : 'from'} the table`;
    case 'tableCell':
      return `Table cell in row ${change.row}, column ${change.column} changed from ${change.before ? quoted(change.before) : 'empty'} to ${change.after ? quoted(change.after) : 'empty'}`;
    case 'subheading':
      if (change.action === 'changed') return `Sub-heading changed from ${quoted(change.previous)} to ${quoted(change.text)}`;
      return `Sub-heading ${quoted(change.text)} ${change.action}`;
    case 'block':
      return `${BLOCK_NAMES[change.block]} ${change.action}`;
  }
}

/**
 * A change of who must sign a section in plain words, one sentence per kind: "Owner changed
 * from Legal to HR", "Approvers added: IT". `name` turns a department id into its name.
 */
export function describeRequirementChange(
  before: { owner: string; approvers: readonly string[] },
  after: { owner: string; approvers: readonly string[] },
  name: (department: string) => string,
): string[] {
  const sentences: string[] = [];
  if (before.owner !== after.owner) sentences.push(`Owner changed from ${name(before.owner)} to ${name(after.owner)}`);
  const added = after.approvers.filter((id) => !before.approvers.includes(id));
  const removed = before.approvers.filter((id) => !after.approvers.includes(id));
  if (added.length) sentences.push(`${added.length === 1 ? 'Approver' : 'Approvers'} added: ${added.map(name).join(', ')}`);
  if (removed.length) sentences.push(`${removed.length === 1 ? 'Approver' : 'Approvers'} removed: ${removed.map(name).join(', ')}`);
  return sentences;
}
