import type { Thread } from '../../shared/api/comments';
import './commentMarks.css';

/** A CSS attribute selector for one thread's marks in the editor. */
function anchorSelector(threadId: string): string {
  return `.policy-editor .comment-anchor[data-thread-id="${CSS.escape(threadId)}"]`;
}

/**
 * Highlights the text of the policy's open threads (and of the active one, even resolved). Only
 * ids the server listed are highlighted: a mark naming an unknown or foreign thread shows nothing.
 */
export function CommentHighlights({ threads, activeThreadId }: { threads: readonly Thread[]; activeThreadId: string | null }) {
  const open = threads.filter((thread) => thread.status === 'open' && thread.id !== activeThreadId).map((thread) => anchorSelector(thread.id));
  const rules: string[] = [];
  if (open.length > 0) rules.push(`${open.join(',\n')} { background: var(--comment-bg); text-decoration: underline dotted var(--comment-line) 2px; text-underline-offset: 3px; cursor: pointer; }`);
  if (activeThreadId) rules.push(`${anchorSelector(activeThreadId)} { background: var(--comment-bg-active); text-decoration: underline solid var(--comment-line) 2px; text-underline-offset: 3px; cursor: pointer; }`);
  return <style data-comment-highlights="">{rules.join('\n')}</style>;
}
