import { useId, useMemo, useState } from 'react';
import type { Thread } from '../../shared/api/comments';
import { request, routes } from '../api';
import type { CurrentUser } from '../session';
import { SHORTCUTS, shortcutText } from '../editor/shortcuts';
import { CommentIcon } from './CommentIcon';
import { Composer } from './Composer';
import type { SelectionAnchor } from './selectionAnchor';
import { FILTER_LABELS, threadMatches, type ThreadFilter } from './threadFilters';
import { ThreadView } from './ThreadView';
import './comments.css';

interface CommentsPanelProps {
  policyId: string;
  user: CurrentUser;
  threads: readonly Thread[];
  loadError: string | null;
  canComment: boolean;
  activeThreadId: string | null;
  onActivate: (threadId: string) => void;
  draft: SelectionAnchor | null;
  onDraftDone: (created: Thread | null) => void;
  onCommentOnSelection: () => void;
  sectionFilter: string;
  onSectionFilter: (sectionId: string) => void;
  sections: readonly { id: string; title: string; departments: readonly string[] }[];
  onChanged: () => Promise<void>;
  onClose: () => void;
}

/** The side panel: a new thread's composer, filters, and the policy's threads. */
export function CommentsPanel(props: CommentsPanelProps) {
  const { policyId, user, threads, canComment, activeThreadId, draft, sections, sectionFilter } = props;
  const [filter, setFilter] = useState<ThreadFilter>('open');
  const ids = useId();
  const departmentsOf = useMemo(() => {
    const map = new Map(sections.map((section) => [section.id, section.departments]));
    return (sectionId: string) => map.get(sectionId) ?? [];
  }, [sections]);
  const order = useMemo(() => new Map(sections.map((section, index) => [section.id, index])), [sections]);
  const shown = threads
    .filter((thread) => threadMatches(thread, filter, user, departmentsOf) && (sectionFilter === '' || thread.sectionId === sectionFilter))
    .sort((a, b) => (order.get(a.sectionId) ?? Infinity) - (order.get(b.sectionId) ?? Infinity) || a.createdAt.localeCompare(b.createdAt));
  return (
    <aside id="comments-panel" className="comments-panel" aria-labelledby="comments-panel-title">
      <div className="comments-panel-head">
        <h2 id="comments-panel-title">Comments</h2>
        <button type="button" className="icon-button" aria-label="Close comments" onClick={props.onClose}>×</button>
      </div>
      {canComment && !draft && (
        // A button that looks like one (with the comments' symbol), not a box to type in; the words in the text are chosen first.
        <button type="button" className="small comment-on-selection" onMouseDown={(event) => event.preventDefault()} onClick={props.onCommentOnSelection} title={`Select words in the policy first (${shortcutText(SHORTCUTS.comment)})`}>
          <CommentIcon /> Comment on the selected text
        </button>
      )}
      {draft && (
        <div className="comment-draft" role="group" aria-label="New comment">
          <p className="thread-section">{draft.sectionTitle || 'Untitled section'}</p>
          <q className="draft-quote">{draft.quote}</q>
          <Composer
            label="Your comment"
            submitLabel="Comment"
            autoFocus
            onCancel={() => props.onDraftDone(null)}
            onSubmit={async (body) => {
              const created = await request(routes.createThread, { params: { id: policyId }, body: { sectionId: draft.sectionId, quote: draft.quote, occurrence: draft.occurrence, body } });
              props.onDraftDone(created);
              await props.onChanged();
            }}
          />
        </div>
      )}
      <div className="comments-filters">
        <div className="comments-filter">
          <label htmlFor={`${ids}-show`}>Show</label>
          <select id={`${ids}-show`} value={filter} onChange={(event) => setFilter(event.target.value as ThreadFilter)}>
            {(Object.keys(FILTER_LABELS) as ThreadFilter[]).map((key) => (
              <option key={key} value={key}>{FILTER_LABELS[key]}</option>
            ))}
          </select>
        </div>
        <div className="comments-filter">
          <label htmlFor={`${ids}-section`}>Section</label>
          <select id={`${ids}-section`} value={sectionFilter} onChange={(event) => props.onSectionFilter(event.target.value)}>
            <option value="">All sections</option>
            {sections.map((section) => (
              <option key={section.id} value={section.id}>{section.title || 'Untitled section'}</option>
            ))}
          </select>
        </div>
      </div>
      {props.loadError && <p className="error" role="alert">{props.loadError}</p>}
      <p className="visually-hidden" role="status">{shown.length === 1 ? '1 thread' : `${shown.length} threads`}</p>
      {shown.length === 0 ? (
        // While the first comment is being written, "No comments yet" would contradict it.
        !draft && <p className="muted comments-empty">{threads.length === 0 ? 'No comments yet. Select words in the text and choose Comment.' : 'No threads match.'}</p>
      ) : (
        <div className="comment-threads">
          {shown.map((thread) => (
            <ThreadView key={thread.id} thread={thread} user={user} canComment={canComment} active={thread.id === activeThreadId} onActivate={() => props.onActivate(thread.id)} onChanged={props.onChanged} />
          ))}
        </div>
      )}
    </aside>
  );
}
