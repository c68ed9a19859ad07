import type { JSONContent } from '@tiptap/core';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type * as Y from 'yjs';

/** The Yjs field the editor binds to (TipTap Collaboration's default). */
export const DOCUMENT_FIELD = 'default';

/**
 * The department a section belongs to when nothing names one: a section in a document from
 * before owners, or pasted without its owner. The server gives new sections their creator's
 * department; this is only the fallback.
 */
export const DEFAULT_OWNER = 'communications';

/** One section as read out of a policy document. */
export interface SectionInfo {
  id: string;
  /** The text of the section's heading. */
  title: string;
  owner: string;
  approvers: string[];
  /** Text of the section, one line per block (heading, paragraph, list item, table cell). */
  text: string;
  /** The section's blocks after its heading, as ProseMirror JSON. */
  content: JSONContent[];
  /** SHA-256 (hex) over id, owner, approvers and canonical content. */
  hash: string;
}

/** Attributes that change what a reader sees; everything else (ids of carets, defaults) is left out of the hash. */
const HASHED_ATTRIBUTES: Record<string, Record<string, unknown>> = {
  heading: { level: 2 },
  orderedList: { start: 1 },
  codeBlock: { language: null },
  // Merging or splitting cells changes the table a reader sees; column widths do not.
  tableCell: { colspan: 1, rowspan: 1 },
  tableHeader: { colspan: 1, rowspan: 1 },
};

const HASHED_MARK_ATTRIBUTES: Record<string, Record<string, unknown>> = {
  link: { href: null },
};

/** Marks a reader of the policy does not see as part of its text: comment anchors. */
const UNHASHED_MARKS = new Set(['comment']);

type Canonical = string | number | null | Canonical[] | { [key: string]: Canonical };

function canonicalAttributes(defaults: Record<string, unknown> | undefined, attrs: Record<string, unknown> | undefined): Canonical {
  if (!defaults) return null;
  const result: Record<string, Canonical> = {};
  for (const key of Object.keys(defaults).sort()) {
    const value = attrs?.[key] ?? defaults[key];
    result[key] = typeof value === 'number' || typeof value === 'string' || value === null ? value : String(value);
  }
  return result;
}

/**
 * A form of a ProseMirror node that is the same whether it came from the editor
 * (which fills in every default attribute) or from the Y.Doc (which stores only those set),
 * so browser and server compute the same hash.
 */
function canonicalNode(node: JSONContent): Canonical {
  if (node.type === 'text') {
    const marks = (node.marks ?? [])
      .filter((mark) => !UNHASHED_MARKS.has(mark.type))
      .map((mark) => [mark.type, canonicalAttributes(HASHED_MARK_ATTRIBUTES[mark.type], mark.attrs)] as Canonical[])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    return ['text', node.text ?? '', marks];
  }
  return [
    node.type ?? '',
    canonicalAttributes(HASHED_ATTRIBUTES[node.type ?? ''], node.attrs),
    mergeTextRuns((node.content ?? []).map(canonicalNode)),
  ];
}

/** Adjacent text nodes with the same marks are one run, however the editor happened to split them. */
function mergeTextRuns(children: Canonical[]): Canonical[] {
  const merged: Canonical[] = [];
  for (const child of children) {
    const previous = merged[merged.length - 1];
    if (
      Array.isArray(child) && child[0] === 'text' &&
      Array.isArray(previous) && previous[0] === 'text' &&
      JSON.stringify(previous[2]) === JSON.stringify(child[2])
    ) {
      merged[merged.length - 1] = ['text', String(previous[1]) + String(child[1]), previous[2]!];
    } else if (!(Array.isArray(child) && child[0] === 'text' && child[1] === '')) {
      merged.push(child);
    }
  }
  return merged;
}

/** The plain text of a node, blocks separated by newlines. */
export function nodeText(node: JSONContent): string {
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hardBreak') return '\n';
  const children = node.content ?? [];
  const isTextBlock = children.every((child) => child.type === 'text' || child.type === 'hardBreak');
  return children.map(nodeText).join(isTextBlock ? '' : '\n');
}

/** Who must sign a section: its owning department and the departments that also approve it. */
export interface SectionRequirement {
  owner: string;
  approvers: string[];
}

/**
 * The approvers of a section as stored in the document: a comma-separated string (documents
 * from before the server held requirements may hold an array).
 */
export function approversFromAttribute(value: unknown): string[] {
  const list = Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? value.split(',') : [];
  return list.map((item) => item.trim()).filter(Boolean);
}

/**
 * Approvers as a section keeps them: without its owner (who signs as owner already), each
 * once, in the order given.
 */
export function normalizeApprovers(approvers: readonly string[], owner: string): string[] {
  const unique: string[] = [];
  for (const id of approvers) if (id !== owner && !unique.includes(id)) unique.push(id);
  return unique;
}

/**
 * The document's form of a list of approvers. A string, not an array: the editor binding
 * compares attribute values with `!==`, so an array would be written again on every keystroke.
 */
export function approversAttribute(approvers: readonly string[]): string {
  return approvers.join(',');
}

/** SHA-256 of a string's UTF-8 bytes, as lowercase hex. */
export type HashFunction = (text: string) => string;

/** The pure-JS SHA-256 the browser uses (and the server until it installs its native one). */
export const nobleSha256Hex: HashFunction = (text) => bytesToHex(sha256(utf8ToBytes(text)));

let sha256Hex: HashFunction = nobleSha256Hex;

/**
 * Replaces the SHA-256 behind section hashes and fingerprints: the server installs node:crypto's
 * once at start-up, the browser keeps noble's. Hashes are a stored contract (sign-offs hold
 * them), so the replacement must give the same digest for every input.
 */
export function setHashFunction(hash: HashFunction): void {
  sha256Hex = hash;
}

/** The canonical content hash of a section (SHA-256 hex over id, owner, approvers and content). */
export function sectionHash(section: { id: string; owner: string; approvers: string[]; node: JSONContent }): string {
  const canonical = JSON.stringify([
    section.id,
    section.owner,
    [...section.approvers].sort(),
    mergeTextRuns((section.node.content ?? []).map(canonicalNode)),
  ]);
  return sha256Hex(canonical);
}

/** The policy title from ProseMirror JSON of a whole document. */
export function readTitle(doc: JSONContent): string {
  const title = (doc.content ?? []).find((node) => node.type === 'title');
  return title ? nodeText(title) : '';
}

/**
 * Reads every section out of ProseMirror JSON of a whole policy document (as `editor.getJSON()`
 * gives). `requirements` gives the server's owner and approvers of a section, which win over
 * the document's mirror of them.
 */
export function readSections(doc: JSONContent, requirements?: (sectionId: string) => SectionRequirement | undefined): SectionInfo[] {
  const sections: SectionInfo[] = [];
  for (const node of doc.content ?? []) {
    if (node.type === 'policySection') sections.push(readSection(node, requirements));
  }
  return sections;
}

/** Reads one `policySection` node (ProseMirror JSON), the way `readSections` reads each. */
export function readSection(node: JSONContent, requirements?: (sectionId: string) => SectionRequirement | undefined): SectionInfo {
  const id = String(node.attrs?.id ?? '');
  const held = requirements?.(id);
  const owner = held?.owner ?? String(node.attrs?.owner ?? DEFAULT_OWNER);
  const approvers = held ? [...held.approvers] : approversFromAttribute(node.attrs?.approvers);
  const [heading, ...content] = node.content ?? [];
  const title = heading && heading.type === 'heading' ? nodeText(heading).trim() : '';
  return {
    id,
    title,
    owner,
    approvers,
    text: (node.content ?? []).map(nodeText).join('\n'),
    content: heading && heading.type === 'heading' ? content : node.content ?? [],
    hash: sectionHash({ id, owner, approvers, node }),
  };
}

/** ProseMirror JSON of the document held in a Y.Doc. */
export function yDocToJSON(ydoc: Y.Doc): JSONContent {
  return yXmlFragmentToProsemirrorJSON(ydoc.getXmlFragment(DOCUMENT_FIELD)) as JSONContent;
}

/** Reads every section out of a Y.Doc, the way the server sees it. */
export function readSectionsFromYDoc(ydoc: Y.Doc, requirements?: (sectionId: string) => SectionRequirement | undefined): SectionInfo[] {
  return readSections(yDocToJSON(ydoc), requirements);
}

/**
 * The fingerprint of a whole policy: its title and every section's hash, in order. Renaming
 * the policy or reordering its sections gives a new fingerprint, so an endorsement covers both.
 */
export function policyFingerprint(title: string, sections: readonly { hash: string }[]): string {
  return sha256Hex(JSON.stringify([title.trim(), sections.map((section) => section.hash)]));
}

/** The title typed into a Y.Doc, read without converting the whole document. */
export function readTitleFromYDoc(ydoc: Y.Doc): string {
  const first = ydoc.getXmlFragment(DOCUMENT_FIELD).get(0);
  if (!first || !('nodeName' in first) || first.nodeName !== 'title') return '';
  return first
    .toArray()
    .map((child) => ('toDelta' in child ? (child.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('') : ''))
    .join('');
}
