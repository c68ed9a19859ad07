import * as Y from 'yjs';
import { DOCUMENT_FIELD } from '../../shared/sections';

/** The mark's name in the document (shared/schema/commentMark.ts); y-prosemirror stores it as a text attribute holding the mark's attributes. */
const COMMENT_MARK = 'comment';
const SECTION = 'policySection';

/** Where a quote was found: one run of one text node. */
export interface AnchorRange {
  text: Y.XmlText;
  index: number;
  length: number;
}

export type AnchorSearch = { found: AnchorRange } | { problem: 'missing' | 'overlap' };

interface Run {
  insert: string;
  threadId: string | null;
}

/**
 * The text of one Y.XmlText as runs with their comment thread ids. An embed counts as one
 * character that no quote can contain, so indices stay those of Yjs.
 */
function runsOf(text: Y.XmlText): Run[] {
  return (text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]).map((part) => ({
    insert: typeof part.insert === 'string' ? part.insert : '\uFFFC',
    threadId: threadIdOf(part.attributes?.[COMMENT_MARK]),
  }));
}

function threadIdOf(value: unknown): string | null {
  if (!value || typeof value !== 'object') return null;
  const id = (value as { threadId?: unknown }).threadId;
  return typeof id === 'string' && id.length > 0 ? id : null;
}

/**
 * Every text node under an element, in document order. Each Y.XmlText lies inside one text
 * block (paragraph, heading, list item's paragraph, table cell's paragraph), so a quote found
 * in one never crosses blocks.
 */
function textNodes(element: Y.XmlElement | Y.XmlFragment, into: Y.XmlText[] = []): Y.XmlText[] {
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) into.push(child);
    else if (child instanceof Y.XmlElement) textNodes(child, into);
  }
  return into;
}

/**
 * Finds the `occurrence`-th match (counting from 0, matches not overlapping, in document order,
 * the section's heading included) of `quote` within one text block of the section. `missing`
 * when there is no such match; `overlap` when the text already carries a mark of a live thread
 * (threads do not overlap).
 */
export function findQuote(section: Y.XmlElement, quote: string, occurrence: number, isLiveThread: (threadId: string) => boolean): AnchorSearch {
  let seen = 0;
  for (const text of textNodes(section)) {
    const runs = runsOf(text);
    const plain = runs.map((run) => run.insert).join('');
    for (let index = plain.indexOf(quote); index >= 0; index = plain.indexOf(quote, index + quote.length)) {
      if (seen < occurrence) {
        seen += 1;
        continue;
      }
      let offset = 0;
      for (const run of runs) {
        const end = offset + run.insert.length;
        if (end > index && offset < index + quote.length && run.threadId !== null && isLiveThread(run.threadId)) return { problem: 'overlap' };
        offset = end;
      }
      return { found: { text, index, length: quote.length } };
    }
  }
  return { problem: 'missing' };
}

/** Marks a found range with the thread's id. Call inside a transaction with the server's origin. */
export function addAnchor(range: AnchorRange, threadId: string): void {
  range.text.format(range.index, range.length, { [COMMENT_MARK]: { threadId } });
}

/** Removes every mark of this thread from the document. Call inside a transaction with the server's origin. */
export function removeAnchor(doc: Y.Doc, threadId: string): void {
  for (const text of textNodes(doc.getXmlFragment(DOCUMENT_FIELD))) {
    let offset = 0;
    const ranges: [number, number][] = [];
    for (const run of runsOf(text)) {
      if (run.threadId === threadId) ranges.push([offset, run.insert.length]);
      offset += run.insert.length;
    }
    for (const [index, length] of ranges) text.format(index, length, { [COMMENT_MARK]: null });
  }
}

/** The ids of the threads that still have a mark in some section of the document. */
export function anchoredThreadIds(doc: Y.Doc): Set<string> {
  const ids = new Set<string>();
  for (const node of doc.getXmlFragment(DOCUMENT_FIELD).toArray()) {
    if (!(node instanceof Y.XmlElement) || node.nodeName !== SECTION) continue;
    for (const text of textNodes(node)) {
      for (const run of runsOf(text)) if (run.threadId !== null) ids.add(run.threadId);
    }
  }
  return ids;
}
