import type { Node as ProseMirrorNode } from '@tiptap/pm/model';

/** The thread ids of every `comment` mark in a document. */
export function markedThreadIds(doc: ProseMirrorNode): Set<string> {
  const ids = new Set<string>();
  doc.descendants((node) => {
    if (!node.isText) return true;
    for (const mark of node.marks) if (mark.type.name === 'comment' && typeof mark.attrs.threadId === 'string') ids.add(mark.attrs.threadId);
    return false;
  });
  return ids;
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
