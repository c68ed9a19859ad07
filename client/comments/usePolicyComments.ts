import type { Editor } from '@tiptap/core';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Thread } from '../../shared/api/comments';
import type { CommentsContextValue } from './commentsContext';
import { isAnchored, MarkedThreadReader } from './anchoredThreads';
import { selectionAnchor, type SelectionAnchor } from './selectionAnchor';
import { OpenThreadCounts, openCounts } from './openThreadCounts';
import { useThreads } from './useThreads';

const THREAD_HASH = /^#thread-(.+)$/;

/** What a person who followed a link to a thread that no longer exists is told. */
export const THREAD_GONE = 'That comment was deleted after the notification was sent, so it can no longer be shown.';

/**
 * Puts the keyboard focus on a thread in the panel (its quote, which says what it is about),
 * once the panel has drawn it: a person who followed a link to it reads and replies from there
 * instead of starting again at the top of the page.
 */
function focusThread(threadId: string, framesLeft = 20): void {
  requestAnimationFrame(() => {
    const quote = document.getElementById(`thread-${threadId}`)?.querySelector<HTMLElement>('.thread-quote');
    if (quote) quote.focus({ preventScroll: true });
    else if (framesLeft > 0) focusThread(threadId, framesLeft - 1);
  });
}

/** Scrolls the thread's card in the panel and its highlight in the text into view (after the panel has drawn). */
function reveal(threadId: string): void {
  requestAnimationFrame(() => {
    const escaped = CSS.escape(threadId);
    document.getElementById(`thread-${threadId}`)?.scrollIntoView({ block: 'nearest' });
    document.querySelector(`.policy-editor .comment-anchor[data-thread-id="${escaped}"]`)?.scrollIntoView({ block: 'center' });
  });
}

/**
 * The comments of a policy page: the thread list, the panel's state, the highlights' state,
 * creating a thread from the editor's selection, clicks on highlights and `#thread-<id>` links.
 */
export function usePolicyComments(policyId: string, editor: Editor | null, canComment: boolean, onNotice: (message: string) => void) {
  const { threads, loaded, byId, error, reload } = useThreads(policyId);
  const [panelOpen, setPanelOpen] = useState(false);
  const [activeThreadId, setActiveThreadId] = useState<string | null>(null);
  const [draft, setDraft] = useState<SelectionAnchor | null>(null);
  const [sectionFilter, setSectionFilter] = useState('');

  const activate = useCallback((threadId: string) => {
    setPanelOpen(true);
    setActiveThreadId(threadId);
    reveal(threadId);
  }, []);

  const commentOnSelection = useCallback(() => {
    if (!editor) return;
    // A quick keyboard selection may not have reached ProseMirror yet.
    editor.view.dom.ownerDocument.dispatchEvent(new Event('selectionchange'));
    const anchor = selectionAnchor(editor.state);
    if ('error' in anchor) {
      onNotice(anchor.error);
      return;
    }
    setDraft(anchor);
    setPanelOpen(true);
  }, [editor, onNotice]);

  // A read-only editor (commenters) takes no keys of its own: Ctrl+Alt+M on text selected in it still comments.
  useEffect(() => {
    if (!editor || !canComment) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (editor.isEditable || !(event.ctrlKey || event.metaKey) || !event.altKey || event.code !== 'KeyM') return;
      const selection = document.getSelection();
      if (!selection?.anchorNode || !editor.view.dom.contains(selection.anchorNode)) return;
      event.preventDefault();
      commentOnSelection();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [editor, canComment, commentOnSelection]);

  const draftDone = useCallback((created: Thread | null) => {
    setDraft(null);
    if (created) activate(created.id);
    else editor?.commands.focus();
  }, [activate, editor]);

  // A click on highlighted text opens its thread; marks naming no known thread do nothing.
  useEffect(() => {
    if (!editor) return;
    const dom = editor.view.dom;
    const onClick = (event: MouseEvent) => {
      const anchor = event.target instanceof Element ? event.target.closest<HTMLElement>('.comment-anchor[data-thread-id]') : null;
      const threadId = anchor?.dataset.threadId;
      if (threadId && byId.has(threadId)) activate(threadId);
    };
    dom.addEventListener('click', onClick);
    return () => dom.removeEventListener('click', onClick);
  }, [editor, byId, activate]);

  // Links from the inbox point at a thread with #thread-<id>: followed once the list first arrives, and on later hash changes.
  // A link to a thread that is gone (deleted since the notification was sent) says so, instead of opening the page as if it had worked.
  const known = useRef(byId);
  known.current = byId;
  const tell = useRef(onNotice);
  tell.current = onNotice;
  useEffect(() => {
    if (!loaded) return;
    const jump = () => {
      const threadId = decodeURIComponent(THREAD_HASH.exec(location.hash)?.[1] ?? '');
      if (!threadId) return;
      if (!known.current.has(threadId)) {
        tell.current(THREAD_GONE);
        return;
      }
      activate(threadId);
      focusThread(threadId);
    };
    jump();
    window.addEventListener('hashchange', jump);
    return () => window.removeEventListener('hashchange', jump);
  }, [loaded, activate]);

  // Which threads' marks are in the document now, and which ever were since the page opened.
  const [present, setPresent] = useState<ReadonlySet<string>>(() => new Set());
  const seen = useRef(new Set<string>());
  useEffect(() => {
    if (!editor) return;
    let frame = 0;
    // Reads only the blocks changed since the last frame, and answers the same set while the ids stay the same.
    const reader = new MarkedThreadReader();
    const read = () => {
      frame = 0;
      const ids = reader.read(editor.state.doc);
      for (const id of ids) seen.current.add(id);
      setPresent(ids);
    };
    const schedule = ({ transaction }: { transaction: { docChanged: boolean } }) => {
      if (transaction.docChanged && !frame) frame = requestAnimationFrame(read);
    };
    read();
    editor.on('transaction', schedule);
    return () => {
      editor.off('transaction', schedule);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [editor]);
  const shownThreads = useMemo(
    () => threads.map((thread) => {
      const anchored = isAnchored(thread.id, thread.anchored, present, seen.current);
      return anchored === thread.anchored ? thread : { ...thread, anchored };
    }),
    [threads, present],
  );

  // The counts are derived while rendering (this page shows them at once) but written to the store only
  // after, in a layout effect: a render React throws away changes nothing. Section headers and outline
  // rows hear of it before the frame is painted, and render again only if their own count changed.
  const [counts] = useState(() => new OpenThreadCounts());
  const openCountsNow = useMemo(() => openCounts(threads, counts.all), [counts, threads]);
  useLayoutEffect(() => {
    counts.replace(openCountsNow);
    counts.notify();
  }, [counts, openCountsNow]);
  const context: CommentsContextValue = useMemo(
    () => ({
      openCounts: counts,
      showSection: (sectionId: string) => {
        setSectionFilter(sectionId);
        setPanelOpen(true);
      },
    }),
    [counts],
  );

  return {
    threads: shownThreads,
    /** Open threads per section id, as of this render. */
    openCounts: openCountsNow,
    byId,
    error,
    reload,
    context,
    panelOpen,
    setPanelOpen,
    activeThreadId,
    activate,
    draft,
    draftDone,
    commentOnSelection,
    sectionFilter,
    setSectionFilter,
    openTotal: threads.filter((thread) => thread.status === 'open').length,
  };
}
