import { z } from 'zod/mini';
import { MAX_COMMENT_LENGTH, MAX_COMMENT_QUOTE_LENGTH } from '../limits';

/**
 * Comment threads anchored to text (issue 19). The document holds only a `comment` mark with the
 * thread's id (shared/schema); the thread itself lives in SQLite and changes only through these
 * routes, after the server checks the person. Comments never change a section's hash.
 */

export const THREAD_STATUSES = ['open', 'resolved'] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

/** Who wrote or changed something. */
export const commentAuthorSchema = z.strictObject({ id: z.string(), name: z.string(), department: z.nullable(z.string()) });
export type CommentAuthor = z.infer<typeof commentAuthorSchema>;

/** A person or a department named with "@" in a comment. */
export const mentionSchema = z.strictObject({
  kind: z.enum(['person', 'department']),
  id: z.string().check(z.describe('User id, or department id.')),
  name: z.string().check(z.describe('As shown: the person’s name or the department’s name.')),
});
export type Mention = z.infer<typeof mentionSchema>;

export const commentSchema = z.strictObject({
  id: z.string(),
  threadId: z.string(),
  author: commentAuthorSchema,
  body: z.string().check(z.describe('Plain text with line breaks; clients escape it and make links clickable.')),
  mentions: z.array(mentionSchema),
  createdAt: z.string().check(z.describe('ISO time.')),
  editedAt: z.nullable(z.string()).check(z.describe('When the author last changed it; null when never (shown as "edited").')),
});
export type Comment = z.infer<typeof commentSchema>;

export const threadSchema = z.strictObject({
  id: z.string(),
  policyId: z.string(),
  sectionId: z.string(),
  sectionTitle: z.nullable(z.string()).check(z.describe('The section’s title now; null when the section was deleted.')),
  quote: z.string().check(z.describe('The text the thread was anchored on, as it was then.')),
  status: z.enum(THREAD_STATUSES),
  anchored: z.boolean().check(z.describe('False when the anchored text was deleted ("text removed"): the thread stays, with its quote, and can still be replied to or resolved.')),
  createdBy: commentAuthorSchema,
  createdAt: z.string(),
  resolvedBy: z.nullable(commentAuthorSchema),
  resolvedAt: z.nullable(z.string()),
  comments: z.array(commentSchema).check(z.describe('Oldest first; the first one opened the thread.')),
});
export type Thread = z.infer<typeof threadSchema>;

const commentBody = z
  .string('write the comment as text')
  .check(
    z.trim(),
    z.minLength(1, 'write something: the comment is empty'),
    z.maxLength(MAX_COMMENT_LENGTH, `a comment can be at most ${MAX_COMMENT_LENGTH} characters`),
  );

export const createThreadBodySchema = z.object({
  sectionId: z.string('name the section').check(z.minLength(1, 'name the section')),
  quote: z
    .string('give the text to comment on')
    .check(
      z.minLength(1, 'give the text to comment on'),
      z.maxLength(MAX_COMMENT_QUOTE_LENGTH, `the quoted text can be at most ${MAX_COMMENT_QUOTE_LENGTH} characters`),
    ),
  body: commentBody,
  occurrence: z.optional(
    z
      .number('give the occurrence as a whole number')
      .check(z.int('give the occurrence as a whole number'), z.gte(0, 'the occurrence counts from 0'), z.lte(10_000, 'the occurrence is at most 10000'), z.describe('Which occurrence of `quote` in the section to anchor on, counting from 0 (default 0: the first). The editor sends the one selected.')),
  ),
});
export type CreateThreadBody = z.infer<typeof createThreadBodySchema>;

export const createCommentBodySchema = z.object({ body: commentBody });
export const updateCommentBodySchema = z.object({ body: commentBody });
export const updateThreadBodySchema = z.object({ status: z.enum(THREAD_STATUSES, 'choose open or resolved') });

export const NOTIFICATION_KINDS = ['mention', 'reply', 'thread', 'signoff_stale', 'review_due'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const notificationSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS).check(z.describe('`mention`: you or your department were mentioned; `reply`: a reply in a thread you wrote in; `thread`: a new thread on a section your department owns or approves; `signoff_stale`: a section you signed was changed, so your sign-off no longer covers it (`threadId` and `commentId` are empty, `by` is who changed it); `review_due`: the policy\'s review is a month away, due today or a week overdue, told to the people who may set its review date (`threadId`, `commentId` and `sectionId` are empty, `sectionTitle` is null, `by` is nobody: empty id and the name Accord).')),
  policyId: z.string(),
  policyTitle: z.string(),
  threadId: z.string(),
  commentId: z.string(),
  sectionId: z.string(),
  sectionTitle: z.nullable(z.string()),
  by: commentAuthorSchema,
  excerpt: z.string().check(z.describe('The start of the comment, at most 200 characters.')),
  createdAt: z.string(),
  readAt: z.nullable(z.string()),
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationsSchema = z.strictObject({
  unread: z.number().check(z.int()),
  notifications: z.array(notificationSchema).check(z.describe('Newest first, at most 100.')),
});
export type Notifications = z.infer<typeof notificationsSchema>;

export const readNotificationsBodySchema = z.object({
  ids: z.optional(z.array(z.string()).check(z.maxLength(500, 'at most 500 ids at once'), z.describe('The notifications to mark read; leave out to mark all read.'))),
});
export const readNotificationsResultSchema = z.strictObject({ unread: z.number().check(z.int()) });

/** Payload of the event stream's `threads` event: something changed in a thread; clients fetch the list again. */
export const threadsEventSchema = z.strictObject({
  threadId: z.string(),
  change: z.enum(['created', 'comment', 'status', 'edited', 'deleted']),
});
export type ThreadsEvent = z.infer<typeof threadsEventSchema>;
