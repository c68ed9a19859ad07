import type { Node as ProseMirrorNode } from '@tiptap/pm/model';

/** The thread ids of every `comment` mark in a document, read in full (what `MarkedThreadReader` must agree with). */
export function markedThreadIds(doc: ProseMirrorNode): Set<string> {
  const ids = new Set<string>();
  doc.descendants((node) => {
    if (!node.isText) return true;
    for (const mark of node.marks) if (mark.type.name === 'comment' && typeof mark.attrs.threadId === 'string') ids.add(mark.attrs.threadId);
    return false;
  });
  return ids;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * The thread ids of the comment marks in successive versions of the editor's document, reading
 * only nodes not seen before. ProseMirror shares unchanged nodes between versions, so after a
 * keystroke only the path from the document to the edited block is new: the text of the other
 * blocks is not read again. The result equals `markedThreadIds` and is the same object as last
 * time when the ids did not change.
 */
export class MarkedThreadReader {
  private readonly known = new WeakMap<ProseMirrorNode, ReadonlySet<string>>();
  private last: ReadonlySet<string> = NONE;

  /** `onTextRead` is told of every text node whose marks are read (tests count them). */
  constructor(private readonly onTextRead?: () => void) {}

  read(doc: ProseMirrorNode): ReadonlySet<string> {
    const ids = this.idsOf(doc);
    if (ids.size !== this.last.size || [...ids].some((id) => !this.last.has(id))) this.last = ids;
    return this.last;
  }

  private idsOf(node: ProseMirrorNode): ReadonlySet<string> {
    const cached = this.known.get(node);
    if (cached) return cached;
    let ids = NONE;
    if (node.isText) {
      this.onTextRead?.();
      for (const mark of node.marks) {
        if (mark.type.name !== 'comment' || typeof mark.attrs.threadId !== 'string') continue;
        if (ids === NONE) ids = new Set();
        (ids as Set<string>).add(mark.attrs.threadId);
      }
    } else {
      node.forEach((child) => {
        const inner = this.idsOf(child);
        if (inner.size === 0) return;
        if (ids === NONE) ids = new Set();
        for (const id of inner) (ids as Set<string>).add(id);
      });
    }
    this.known.set(node, ids);
    return ids;
  }
}

/**
 * Whether a thread's text is still in the document as this page sees it. Once the page has seen
 * a thread's mark, its presence decides at once (deleting the text shows "text removed", undo
 * brings it back) without waiting for the server; before that (a mark not yet synced) the
 * server's `anchored` holds.
 */
export function isAnchored(threadId: string, serverAnchored: boolean, present: ReadonlySet<string>, seen: ReadonlySet<string>): boolean {
  if (present.has(threadId)) return true;
  return seen.has(threadId) ? false : serverAnchored;
}
