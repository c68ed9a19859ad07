import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { EditorState } from '@tiptap/pm/state';
import { MAX_COMMENT_QUOTE_LENGTH } from '../../shared/limits';
import { occurrenceOf } from './occurrence';

/** What a new thread is anchored on: the selected text, its section and which occurrence of it it is. */
export interface SelectionAnchor {
  sectionId: string;
  sectionTitle: string;
  quote: string;
  occurrence: number;
}

/** The selection as a thread's anchor, or why it cannot be one (a sentence for people). */
export function selectionAnchor(state: EditorState): SelectionAnchor | { error: string } {
  const { from, to, $from, $to } = state.selection;
  if (from === to) return { error: 'Select the words you want to comment on first.' };
  if (!$from.parent.isTextblock || !$from.sameParent($to)) return { error: 'Select words within one paragraph, heading, list item or table cell to comment on them.' };
  if ($from.depth < 1 || $from.node(1).type.name !== 'policySection') return { error: 'Comments go on a section’s text, not on the policy title.' };
  const section = $from.node(1);
  const quote = state.doc.textBetween(from, to);
  if (!quote.trim()) return { error: 'Select some words, not only spaces, to comment on them.' };
  if (quote.length > MAX_COMMENT_QUOTE_LENGTH) return { error: `Select at most ${MAX_COMMENT_QUOTE_LENGTH} characters to comment on.` };
  const commentMark = state.schema.marks.comment;
  if (commentMark && state.doc.rangeHasMark(from, to, commentMark)) {
    return { error: 'Part of this text already has a comment. Reply in that thread, or select other words.' };
  }
  const blocks: string[] = [];
  let blockIndex = -1;
  const sectionStart = $from.before(1) + 1;
  section.descendants((node: ProseMirrorNode, position: number) => {
    if (!node.isTextblock) return true;
    if (sectionStart + position === $from.before()) blockIndex = blocks.length;
    blocks.push(node.textContent);
    return false;
  });
  const offset = state.doc.textBetween($from.start(), from).length;
  const occurrence = occurrenceOf(blocks, blockIndex, offset, quote);
  if (occurrence === null) return { error: 'This selection cannot be commented on. Select the words again.' };
  return { sectionId: String(section.attrs.id), sectionTitle: section.firstChild?.textContent ?? '', quote, occurrence };
}
