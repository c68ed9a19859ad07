import { useState } from 'react';
import type { Comment, Thread } from '../../shared/api/comments';
import { request, routes } from '../api';
import { errorMessage } from '../errorMessage';
import { useDepartmentLookup } from '../departments';
import type { CurrentUser } from '../session';
import { CommentText } from './CommentText';
import { Composer } from './Composer';
import { formatWhen as formatTime } from '../formatWhen';

interface ThreadViewProps {
  thread: Thread;
  user: CurrentUser;
  canComment: boolean;
  active: boolean;
  onActivate: () => void;
  /** After a change made here: the list is fetched again. */
  onChanged: () => Promise<void>;
}


/** One thread: its quote (or "text removed"), its comments, replying, resolving and reopening. */
export function ThreadView({ thread, user, canComment, active, onActivate, onChanged }: ThreadViewProps) {
  const [error, setError] = useState<string | null>(null);
  const params = { id: thread.policyId, threadId: thread.id };
  const setStatus = async (status: Thread['status']) => {
    setError(null);
    try {
      await request(routes.updateThread, { params, body: { status } });
      await onChanged();
    } catch (caught) {
      setError(errorMessage(caught, 'Could not change the thread.'));
    }
  };
  const resolved = thread.status === 'resolved';
  return (
    <article
      id={`thread-${thread.id}`}
      className={`comment-thread${active ? ' active' : ''}${resolved ? ' resolved' : ''}${thread.anchored ? '' : ' orphaned'}`}
      aria-label={`Comment thread on “${thread.quote}”${resolved ? ', resolved' : ''}`}
      data-thread-id={thread.id}
    >
      <button type="button" className="thread-quote" aria-pressed={active} onClick={onActivate} title={thread.anchored ? 'Show in the text' : undefined}>
        <span className="thread-section">{thread.sectionTitle ?? 'Deleted section'}</span>
        <q>{thread.quote}</q>
        {!thread.anchored && <span className="thread-flag orphan-flag">Text removed</span>}
        {resolved && <span className="thread-flag resolved-flag">Resolved</span>}
      </button>
      <ol className="thread-comments">
        {thread.comments.map((comment) => (
          <CommentItem key={comment.id} comment={comment} policyId={thread.policyId} mine={comment.author.id === user.id && canComment} moderate={user.role === 'admin' && canComment} onChanged={onChanged} />
        ))}
      </ol>
      {error && <p className="error" role="alert">{error}</p>}
      {canComment && (
        <div className="thread-actions">
          {!resolved && (
            <Composer
              label="Reply"
              submitLabel="Reply"
              onSubmit={async (body) => {
                await request(routes.addComment, { params, body: { body } });
                await onChanged();
              }}
            />
          )}
          <button type="button" className="small" onClick={() => void setStatus(resolved ? 'open' : 'resolved')}>
            {resolved ? 'Reopen' : 'Resolve'}
          </button>
        </div>
      )}
    </article>
  );
}

/**
 * One comment. Its author may edit and delete it; an admin (`moderate`) may delete anyone's,
 * as the server allows, say to take down something posted by mistake. Nobody edits another's words.
 */
function CommentItem({ comment, policyId, mine, moderate, onChanged }: { comment: Comment; policyId: string; mine: boolean; moderate: boolean; onChanged: () => Promise<void> }) {
  const departments = useDepartmentLookup();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const params = { id: policyId, threadId: comment.threadId, commentId: comment.id };
  const remove = async () => {
    const question = mine ? 'Delete this comment? This cannot be undone.' : `Delete ${comment.author.name}’s comment for everyone? This cannot be undone.`;
    if (!window.confirm(question)) return;
    setError(null);
    try {
      await request(routes.deleteComment, { params });
      await onChanged();
    } catch (caught) {
      setError(errorMessage(caught, 'Could not delete the comment.'));
    }
  };
  return (
    <li className="comment" data-comment-id={comment.id}>
      <div className="comment-meta">
        <span className="comment-author">{comment.author.name}</span>
        {comment.author.department && <span className="comment-department">{departments.name(comment.author.department)}</span>}
        <time dateTime={comment.createdAt}>{formatTime(comment.createdAt)}</time>
        {comment.editedAt && <span className="comment-edited" title={`Edited ${formatTime(comment.editedAt)}`}>edited</span>}
      </div>
      {editing ? (
        <Composer
          label="Edit your comment"
          submitLabel="Save"
          initial={comment.body}
          autoFocus
          onCancel={() => setEditing(false)}
          onSubmit={async (body) => {
            await request(routes.editComment, { params, body: { body } });
            setEditing(false);
            await onChanged();
          }}
        />
      ) : (
        <CommentText body={comment.body} mentions={comment.mentions} />
      )}
      {error && <p className="error" role="alert">{error}</p>}
      {(mine || moderate) && !editing && (
        <div className="comment-own-actions">
          {mine && <button type="button" className="link-button" onClick={() => setEditing(true)}>Edit<span className="visually-hidden"> your comment</span></button>}
          <button type="button" className="link-button danger-text" onClick={() => void remove()}>
            Delete<span className="visually-hidden">{mine ? ' your comment' : ` ${comment.author.name}’s comment`}</span>
          </button>
        </div>
      )}
    </li>
  );
}
