import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import type { CommentAuthor, CreateThreadBody, Mention, ThreadsEvent, ThreadStatus } from '../../shared/api/comments';
import { findMentions, type MentionCandidate } from '../../shared/comments/mentions';
import { MAX_COMMENTS_PER_THREAD, MAX_THREADS_PER_POLICY } from '../../shared/limits';
import { DOCUMENT_FIELD } from '../../shared/sections';
import { ServerOrigin } from '../collab/origins';
import { storeServerChange, type Rooms } from '../collab/rooms';
import { findSectionElement, sectionTitle } from '../collab/sectionGuard';
import { HttpError } from '../httpError';
import type { Logger } from '../logger';
import type { SqliteDatabase } from '../storage/database';
import { addAnchor, anchoredThreadIds, findQuote, removeAnchor } from './commentAnchors';

/** A refusal of the comments API: a status and a sentence that names the problem. */
export class CommentError extends HttpError {
  override readonly name = 'CommentError';
}

export interface CommentRecord {
  id: string;
  threadId: string;
  author: CommentAuthor;
  body: string;
  mentions: Mention[];
  createdAt: string;
  editedAt: string | null;
}

export interface ThreadRecord {
  id: string;
  policyId: string;
  sectionId: string;
  quote: string;
  status: ThreadStatus;
  createdBy: CommentAuthor;
  createdAt: string;
  resolvedBy: CommentAuthor | null;
  resolvedAt: string | null;
  comments: CommentRecord[];
}

/** A thread as the API shows it: with the section's title now and whether its mark is still in the text. */
export interface ThreadView extends ThreadRecord {
  sectionTitle: string | null;
  anchored: boolean;
}

/** Who acts, and their role on the policy (from `requirePolicy`). */
export interface CommentActor {
  id: string;
  name: string;
  department: string | null;
  /** The person's role on this policy: `viewer`, `commenter`, `editor` or `admin`. */
  role: string;
}

/** What engineer B's notifications (and anything else) hear after a comment is stored. */
export interface CommentEvent {
  policyId: string;
  policyTitle: string;
  thread: ThreadView;
  comment: CommentRecord;
  kind: 'thread' | 'reply';
}

/** Anyone who may open the policy and is not a viewer may comment (commenters, editors, admins). */
export function mayComment(role: string): boolean {
  return role !== 'viewer';
}

interface ThreadRow {
  id: string;
  policy_id: string;
  section_id: string;
  quote: string;
  status: ThreadStatus;
  created_by: string;
  created_by_name: string;
  created_by_department: string | null;
  created_at: string;
  resolved_by: string | null;
  resolved_by_name: string | null;
  resolved_by_department: string | null;
  resolved_at: string | null;
}

interface CommentRow {
  id: string;
  thread_id: string;
  author_id: string;
  author_name: string;
  author_department: string | null;
  body: string;
  mentions: string;
  created_at: string;
  edited_at: string | null;
}

function newId(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}

function toComment(row: CommentRow): CommentRecord {
  return {
    id: row.id,
    threadId: row.thread_id,
    author: { id: row.author_id, name: row.author_name, department: row.author_department },
    body: row.body,
    mentions: JSON.parse(row.mentions) as Mention[],
    createdAt: row.created_at,
    editedAt: row.edited_at,
  };
}

function toThread(row: ThreadRow, comments: CommentRecord[]): ThreadRecord {
  return {
    id: row.id,
    policyId: row.policy_id,
    sectionId: row.section_id,
    quote: row.quote,
    status: row.status,
    createdBy: { id: row.created_by, name: row.created_by_name, department: row.created_by_department },
    createdAt: row.created_at,
    resolvedBy: row.resolved_by ? { id: row.resolved_by, name: row.resolved_by_name ?? '', department: row.resolved_by_department } : null,
    resolvedAt: row.resolved_at,
    comments,
  };
}

function authorOf(actor: CommentActor): CommentAuthor {
  return { id: actor.id, name: actor.name, department: actor.department };
}

/** Section id → its title now, for every section of the document. */
function sectionTitles(doc: Y.Doc): Map<string, string> {
  const titles = new Map<string, string>();
  for (const node of doc.getXmlFragment(DOCUMENT_FIELD).toArray()) {
    if (!(node instanceof Y.XmlElement) || node.nodeName !== 'policySection') continue;
    const id = node.getAttribute('id');
    if (typeof id === 'string') titles.set(id, sectionTitle(node).trim());
  }
  return titles;
}

/**
 * Comment threads anchored to text. The thread lives in SQLite and changes only here, after the
 * person is checked; the document holds only the `comment` mark with the thread's id, which the
 * server writes (ServerOrigin 'comments') and stores before answering. The mark is not part of a
 * section's hash, so nothing here makes a sign-off stale. A mark whose id names no thread of the
 * policy (forged, or of another policy) is ignored everywhere.
 */
export class CommentService {
  private readonly commentListeners = new Set<(event: CommentEvent) => void>();
  private readonly changeListeners = new Set<(policyId: string, event: ThreadsEvent) => void>();
  private readonly statements;

  constructor(
    db: SqliteDatabase,
    private readonly rooms: Rooms,
    private readonly candidates: () => MentionCandidate[],
    private readonly logger: Logger,
  ) {
    this.statements = {
      threadsOf: db.prepare<[string], ThreadRow>('SELECT * FROM comment_threads WHERE policy_id = ? ORDER BY rowid'),
      thread: db.prepare<[string, string], ThreadRow>('SELECT * FROM comment_threads WHERE id = ? AND policy_id = ?'),
      threadCount: db.prepare<[string], { count: number }>('SELECT COUNT(*) AS count FROM comment_threads WHERE policy_id = ?'),
      commentsOfPolicy: db.prepare<[string], CommentRow>('SELECT comments.* FROM comments JOIN comment_threads ON comment_threads.id = comments.thread_id WHERE comment_threads.policy_id = ? ORDER BY comments.rowid'),
      commentsOf: db.prepare<[string], CommentRow>('SELECT * FROM comments WHERE thread_id = ? ORDER BY rowid'),
      comment: db.prepare<[string, string], CommentRow>('SELECT * FROM comments WHERE id = ? AND thread_id = ?'),
      insertThread: db.prepare(
        `INSERT INTO comment_threads (id, policy_id, section_id, quote, status, created_by, created_by_name, created_by_department, created_at)
         VALUES (@id, @policyId, @sectionId, @quote, 'open', @authorId, @authorName, @authorDepartment, @at)`,
      ),
      insertComment: db.prepare(
        `INSERT INTO comments (id, thread_id, author_id, author_name, author_department, body, mentions, created_at)
         VALUES (@id, @threadId, @authorId, @authorName, @authorDepartment, @body, @mentions, @at)`,
      ),
      setStatus: db.prepare(
        'UPDATE comment_threads SET status = @status, resolved_by = @by, resolved_by_name = @byName, resolved_by_department = @byDepartment, resolved_at = @at WHERE id = @id',
      ),
      editComment: db.prepare<[string, string, string, string]>('UPDATE comments SET body = ?, mentions = ?, edited_at = ? WHERE id = ?'),
      deleteComment: db.prepare<[string]>('DELETE FROM comments WHERE id = ?'),
      deleteThread: db.prepare<[string]>('DELETE FROM comment_threads WHERE id = ?'),
    };
  }

  /** Told after a new thread or a reply is stored (notifications subscribe here). Returns a function that stops it. */
  onComment(listener: (event: CommentEvent) => void): () => void {
    this.commentListeners.add(listener);
    return () => this.commentListeners.delete(listener);
  }

  /** Told after anything in a thread changed (the event stream's `threads` event). */
  onChange(listener: (policyId: string, event: ThreadsEvent) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Every thread of a policy, oldest first, each with its comments, section title and whether it is still anchored. */
  list(policyId: string): ThreadView[] {
    const comments = new Map<string, CommentRecord[]>();
    for (const row of this.statements.commentsOfPolicy.all(policyId)) {
      const list = comments.get(row.thread_id) ?? [];
      list.push(toComment(row));
      comments.set(row.thread_id, list);
    }
    const threads = this.statements.threadsOf.all(policyId).map((row) => toThread(row, comments.get(row.id) ?? []));
    const { anchored, titles } = this.rooms.withDocument(policyId, (doc) => ({ anchored: anchoredThreadIds(doc), titles: sectionTitles(doc) }));
    return threads.map((thread) => ({ ...thread, anchored: anchored.has(thread.id), sectionTitle: titles.get(thread.sectionId) ?? null }));
  }

  /** Starts a thread: anchors it on the quote in the section, stores it, and stores the mark before answering. */
  create(policy: { id: string; title: string }, actor: CommentActor, input: CreateThreadBody): ThreadView {
    this.requireCommenter(actor);
    if (this.statements.threadCount.get(policy.id)!.count >= MAX_THREADS_PER_POLICY) {
      throw new CommentError(400, `This policy already has ${MAX_THREADS_PER_POLICY} comment threads, the most one policy can hold. Delete threads that are no longer needed first.`);
    }
    const threadId = newId('t');
    const commentId = newId('c');
    const at = new Date().toISOString();
    const author = authorOf(actor);
    const mentions = findMentions(input.body, this.candidates());
    const room = this.rooms.open(policy.id);
    try {
      const section = findSectionElement(room.doc, input.sectionId);
      if (!section) throw new CommentError(404, 'sectionId: no section with this id in this policy', { field: 'sectionId' });
      const live = new Set(this.statements.threadsOf.all(policy.id).map((row) => row.id));
      const search = findQuote(section, input.quote, input.occurrence ?? 0, (id) => live.has(id));
      if ('problem' in search) {
        throw search.problem === 'overlap'
          ? new CommentError(400, 'quote: this text already has a comment thread; threads cannot overlap. Reply in that thread, or choose other text.', { field: 'quote' })
          : new CommentError(400, `quote: this text is not in the section${input.occurrence ? ` ${input.occurrence + 1} times` : ''} within one paragraph, heading, list item or table cell`, { field: 'quote' });
      }
      // The thread and its first comment are committed with the mark, or none of them is.
      storeServerChange(room, new ServerOrigin('comments', actor.id), () => addAnchor(search.found, threadId), 'the comment mark', () => {
        this.statements.insertThread.run({ id: threadId, policyId: policy.id, sectionId: input.sectionId, quote: input.quote, authorId: author.id, authorName: author.name, authorDepartment: author.department, at });
        this.statements.insertComment.run({ id: commentId, threadId, authorId: author.id, authorName: author.name, authorDepartment: author.department, body: input.body, mentions: JSON.stringify(mentions), at });
      });
    } finally {
      this.rooms.release(room);
    }
    const thread = this.view(policy.id, threadId);
    this.changed(policy.id, { threadId, change: 'created' });
    this.told({ policyId: policy.id, policyTitle: policy.title, thread, comment: thread.comments[0]!, kind: 'thread' });
    return thread;
  }

  /** Replies in a thread, also a resolved one or one whose text was removed. */
  reply(policy: { id: string; title: string }, threadId: string, actor: CommentActor, body: string): CommentRecord {
    this.requireCommenter(actor);
    this.requireThread(policy.id, threadId);
    if (this.statements.commentsOf.all(threadId).length >= MAX_COMMENTS_PER_THREAD) {
      throw new CommentError(400, `This thread already has ${MAX_COMMENTS_PER_THREAD} comments, the most one thread can hold. Start a new thread to go on.`);
    }
    const commentId = newId('c');
    const author = authorOf(actor);
    const mentions = findMentions(body, this.candidates());
    this.statements.insertComment.run({ id: commentId, threadId, authorId: author.id, authorName: author.name, authorDepartment: author.department, body, mentions: JSON.stringify(mentions), at: new Date().toISOString() });
    const thread = this.view(policy.id, threadId);
    const comment = thread.comments.find((candidate) => candidate.id === commentId)!;
    this.changed(policy.id, { threadId, change: 'comment' });
    this.told({ policyId: policy.id, policyTitle: policy.title, thread, comment, kind: 'reply' });
    return comment;
  }

  /** Resolves or reopens a thread; anyone who may comment may. */
  setStatus(policyId: string, threadId: string, actor: CommentActor, status: ThreadStatus): ThreadView {
    this.requireCommenter(actor);
    const row = this.requireThread(policyId, threadId);
    if (row.status !== status) {
      const resolved = status === 'resolved';
      this.statements.setStatus.run({
        id: threadId,
        status,
        by: resolved ? actor.id : null,
        byName: resolved ? actor.name : null,
        byDepartment: resolved ? actor.department : null,
        at: resolved ? new Date().toISOString() : null,
      });
      this.changed(policyId, { threadId, change: 'status' });
    }
    return this.view(policyId, threadId);
  }

  /** Changes one's own comment. */
  edit(policyId: string, threadId: string, commentId: string, actor: CommentActor, body: string): CommentRecord {
    this.requireCommenter(actor);
    this.requireThread(policyId, threadId);
    const row = this.requireComment(threadId, commentId);
    if (row.author_id !== actor.id) throw new CommentError(403, 'Only the person who wrote a comment can change it');
    const mentions = findMentions(body, this.candidates());
    this.statements.editComment.run(body, JSON.stringify(mentions), new Date().toISOString(), commentId);
    this.changed(policyId, { threadId, change: 'edited' });
    return toComment(this.statements.comment.get(commentId, threadId)!);
  }

  /** Deletes one's own comment (admins any); the thread's only comment takes the thread and its mark with it. */
  delete(policyId: string, threadId: string, commentId: string, actor: CommentActor): void {
    this.requireCommenter(actor);
    this.requireThread(policyId, threadId);
    const row = this.requireComment(threadId, commentId);
    if (row.author_id !== actor.id && actor.role !== 'admin') throw new CommentError(403, 'Only the person who wrote a comment (or an admin) can delete it');
    const last = this.statements.commentsOf.all(threadId).length === 1;
    if (!last) {
      this.statements.deleteComment.run(commentId);
      this.changed(policyId, { threadId, change: 'deleted' });
      return;
    }
    const room = this.rooms.open(policyId);
    try {
      storeServerChange(room, new ServerOrigin('comments', actor.id), () => removeAnchor(room.doc, threadId), 'the removal of the comment mark', () => this.statements.deleteThread.run(threadId));
    } finally {
      this.rooms.release(room);
    }
    this.changed(policyId, { threadId, change: 'deleted' });
  }

  private requireCommenter(actor: CommentActor): void {
    if (!mayComment(actor.role)) throw new CommentError(403, 'Viewers can read comments but not write, resolve or change them');
  }

  private requireThread(policyId: string, threadId: string): ThreadRow {
    const row = this.statements.thread.get(threadId, policyId);
    if (!row) throw new CommentError(404, 'No comment thread with this id on this policy');
    return row;
  }

  private requireComment(threadId: string, commentId: string): CommentRow {
    const row = this.statements.comment.get(commentId, threadId);
    if (!row) throw new CommentError(404, 'No comment with this id in this thread');
    return row;
  }

  private view(policyId: string, threadId: string): ThreadView {
    const row = this.requireThread(policyId, threadId);
    const thread = toThread(row, this.statements.commentsOf.all(threadId).map(toComment));
    const { anchored, title } = this.rooms.withDocument(policyId, (doc) => {
      const section = findSectionElement(doc, thread.sectionId);
      return { anchored: anchoredThreadIds(doc).has(threadId), title: section ? sectionTitle(section).trim() : null };
    });
    return { ...thread, anchored, sectionTitle: title };
  }

  // Listeners (the event stream, notifications) must never undo or fail a stored comment.
  private changed(policyId: string, event: ThreadsEvent): void {
    for (const listener of this.changeListeners) {
      try {
        listener(policyId, event);
      } catch (error) {
        this.logger.error('comments.change_listener_failed', { policy: policyId, thread: event.threadId, error });
      }
    }
  }

  private told(event: CommentEvent): void {
    for (const listener of this.commentListeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error('comments.comment_listener_failed', { policy: event.policyId, thread: event.thread.id, error });
      }
    }
  }
}
