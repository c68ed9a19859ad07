import { Mark, mergeAttributes } from '@tiptap/core';

/**
 * Where a comment thread is anchored: a mark holding only the thread's id. The thread (quote,
 * comments, who, status) lives on the server; a mark whose id names no thread of this policy
 * shows nothing. The mark is not part of a section's hash (shared/sections.ts), so commenting
 * never makes a sign-off stale. Threads do not overlap, so the mark excludes itself (the default).
 */
export const CommentMark = Mark.create({
  name: 'comment',
  // Text typed at the edge of a commented range is not part of the comment.
  inclusive: false,
  // Copying commented text keeps the mark with it.
  spanning: true,
  // "Clear formatting" (TipTap's unsetAllMarks) removes styling, not the anchor of a discussion:
  // without this, clearing a commented sentence would silently orphan its thread.
  clearable: false,

  addAttributes() {
    return {
      threadId: {
        default: null,
        parseHTML: (element) => element.getAttribute('data-thread-id'),
        renderHTML: (attributes) => (attributes.threadId ? { 'data-thread-id': attributes.threadId } : {}),
      },
    };
  },

  parseHTML() {
    return [{ tag: 'span[data-thread-id]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['span', mergeAttributes(HTMLAttributes, { class: 'comment-anchor' }), 0];
  },
});
