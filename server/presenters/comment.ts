import type { Comment, CommentAuthor, Mention, Thread } from '../../shared/api/comments';
import type { CommentRecord, ThreadView } from '../services/comments';

function presentAuthor(author: CommentAuthor): CommentAuthor {
  return { id: author.id, name: author.name, department: author.department };
}

function presentMention(mention: Mention): Mention {
  return { kind: mention.kind, id: mention.id, name: mention.name };
}

export function presentComment(comment: CommentRecord): Comment {
  return {
    id: comment.id,
    threadId: comment.threadId,
    author: presentAuthor(comment.author),
    body: comment.body,
    mentions: comment.mentions.map(presentMention),
    createdAt: comment.createdAt,
    editedAt: comment.editedAt,
  };
}

export function presentThread(thread: ThreadView): Thread {
  return {
    id: thread.id,
    policyId: thread.policyId,
    sectionId: thread.sectionId,
    sectionTitle: thread.sectionTitle,
    quote: thread.quote,
    status: thread.status,
    anchored: thread.anchored,
    createdBy: presentAuthor(thread.createdBy),
    createdAt: thread.createdAt,
    resolvedBy: thread.resolvedBy ? presentAuthor(thread.resolvedBy) : null,
    resolvedAt: thread.resolvedAt,
    comments: thread.comments.map(presentComment),
  };
}
