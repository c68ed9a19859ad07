import type { Comment, NotificationKind, Thread } from '../../shared/api/comments';
import { MAX_NOTIFICATIONS_PER_PERSON } from '../../shared/limits';
import type { SqliteDatabase } from '../storage/database';
import type { User } from './accounts';
import type { PolicyRole } from './policyAccess';

/** What the comment service tells of each new comment (`CommentService.onComment`). */
export interface CommentPosted {
  policyId: string;
  policyTitle: string;
  thread: Thread;
  comment: Comment;
  /** `thread`: the comment opened the thread; `reply`: it answered one. */
  kind: 'thread' | 'reply';
}

/** One notification as the service keeps it; the presenter shapes it for the API. */
export interface NotificationRecord {
  id: string;
  kind: NotificationKind;
  policyId: string;
  policyTitle: string;
  threadId: string;
  commentId: string;
  sectionId: string;
  sectionTitle: string | null;
  by: { id: string; name: string; department: string | null };
  excerpt: string;
  createdAt: string;
  readAt: string | null;
}

/** How many notifications a list shows, newest first. */
export const NOTIFICATIONS_LISTED = 100;
/** How much of a comment a notification quotes. */
export const EXCERPT_LENGTH = 200;

/** What the service needs to know of people, access and sections, given by the app. */
export interface NotificationDeps {
  people: () => readonly Pick<User, 'id' | 'role' | 'department'>[];
  roleOn: (policyId: string, person: Pick<User, 'id' | 'role'>) => PolicyRole | null;
  /** The departments that own and approve a section, or null when it has none on record. */
  sectionDepartments: (policyId: string, sectionId: string) => { owner: string; approvers: readonly string[] } | null;
  /** Department id → name, for "your sign-off for Legal". */
  departmentName?: (id: string) => string;
  now?: () => Date;
}

/** A department's sign-off that an edit made stale, as the sign-off service reports it. */
export interface StaleSignoff {
  sectionId: string;
  sectionTitle: string;
  department: string;
  /** Who gave the sign-off, and when: a sign-off is told once. */
  signerId: string;
  signedAt: string;
  /** Who changed the section last, when known. */
  by: { id: string; name: string; department: string | null } | null;
}

/** A department's section that is covered again after its sign-off was reported stale. */
export interface CoveredAgain {
  sectionId: string;
  department: string;
  /** Who gave the sign-off that covers it now. */
  signerId: string;
  /** When the sign-off reported stale was given. */
  signedAt: string;
  /** The same sign-off covers it again (the change was undone); false when the department signed again. */
  undone: boolean;
}

interface Row {
  id: number;
  kind: NotificationKind;
  policy_id: string;
  policy_title: string;
  thread_id: string;
  comment_id: string;
  section_id: string;
  section_title: string | null;
  by_id: string;
  by_name: string;
  by_department: string | null;
  excerpt: string;
  created_at: string;
  read_at: string | null;
}

/** Shortens a comment to one line of at most EXCERPT_LENGTH characters. */
export function excerptOf(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length <= EXCERPT_LENGTH ? line : `${line.slice(0, EXCERPT_LENGTH - 1).trimEnd()}…`;
}

/**
 * The notifications inbox (issue 19): who is told of a comment, and what each person has read.
 * A mention tells the person, or everyone of the department, named; a reply tells everyone else
 * who wrote in the thread; a new thread tells the people of the section's owning and approving
 * departments. Each person gets one notification per comment (a mention beats a reply beats a
 * new thread), never for their own comment, and only while they can open the policy; at most
 * MAX_NOTIFICATIONS_PER_PERSON are kept each, the oldest going first.
 */
export class NotificationService {
  private readonly insert;
  private readonly trim;
  private readonly listRows;
  private readonly markAll;
  private readonly markOne;
  private readonly now: () => Date;
  private readonly notifiedListeners = new Set<(userIds: readonly string[]) => void>();
  private readonly noticeStale;
  private readonly insertReview;
  private readonly readEarlierReviews;
  private readonly dropStaleNotice;
  private readonly dropStaleNotification;
  private readonly readStaleNotification;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly deps: NotificationDeps,
  ) {
    this.now = deps.now ?? (() => new Date());
    this.insert = db.prepare<[string, NotificationKind, string, string, string, string, string | null, string, string, string | null, string, string]>(
      `INSERT INTO notifications (user_id, kind, policy_id, thread_id, comment_id, section_id, section_title, by_id, by_name, by_department, excerpt, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.trim = db.prepare<[string, string, number]>(
      'DELETE FROM notifications WHERE user_id = ? AND id NOT IN (SELECT id FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT ?)',
    );
    this.listRows = db.prepare<[string, number], Row>(
      `SELECT n.*, p.title AS policy_title FROM notifications n JOIN policies p ON p.id = n.policy_id
       WHERE n.user_id = ? ORDER BY n.id DESC LIMIT ?`,
    );
    this.markAll = db.prepare<[string, string]>('UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL');
    this.markOne = db.prepare<[string, string, number]>('UPDATE notifications SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL');
    this.insertReview = db.prepare<[string, string, string, string]>(
      `INSERT INTO notifications (user_id, kind, policy_id, thread_id, comment_id, section_id, section_title, by_id, by_name, by_department, excerpt, created_at)
       VALUES (?, 'review_due', ?, '', '', '', NULL, '', 'Accord', NULL, ?, ?)`,
    );
    this.readEarlierReviews = db.prepare<[string, string, string]>("UPDATE notifications SET read_at = ? WHERE user_id = ? AND policy_id = ? AND kind = 'review_due' AND read_at IS NULL");
    this.dropStaleNotice = db.prepare<[string, string, string, string]>('DELETE FROM stale_signoff_notices WHERE policy_id = ? AND section_id = ? AND department = ? AND signed_at = ?');
    this.dropStaleNotification = db.prepare<[string, string, string]>(
      "DELETE FROM notifications WHERE user_id = ? AND policy_id = ? AND section_id = ? AND kind = 'signoff_stale' AND read_at IS NULL",
    );
    // Whoever of the department signed before (perhaps not who signed again) was told.
    this.readStaleNotification = db.prepare<[string, string, string, string]>(
      "UPDATE notifications SET read_at = ? WHERE policy_id = ? AND section_id = ? AND kind = 'signoff_stale' AND read_at IS NULL AND user_id IN (SELECT id FROM users WHERE department = ?)",
    );
    this.noticeStale = db.prepare<[string, string, string, string, string]>(
      'INSERT OR IGNORE INTO stale_signoff_notices (policy_id, section_id, department, signed_at, noticed_at) VALUES (?, ?, ?, ?, ?)',
    );
  }

  /**
   * Tells each person whose sign-off an edit made stale, once per sign-off: the section, who
   * changed it, and that their department's sign-off no longer covers it. Nobody is told of their
   * own edit, or about a policy they can no longer open. Returns who was told.
   */
  signoffsWentStale(policyId: string, stale: readonly StaleSignoff[]): string[] {
    if (stale.length === 0) return [];
    const people = new Map(this.deps.people().map((person) => [person.id, person]));
    const createdAt = this.now().toISOString();
    const told: string[] = [];
    this.db.transaction(() => {
      for (const signoff of stale) {
        // Recorded first: a sign-off already told (or not to be told) is never looked at again.
        if (this.noticeStale.run(policyId, signoff.sectionId, signoff.department, signoff.signedAt, createdAt).changes === 0) continue;
        const signer = people.get(signoff.signerId);
        if (!signer || signoff.by?.id === signer.id || this.deps.roleOn(policyId, signer) === null) continue;
        const department = this.deps.departmentName?.(signoff.department) ?? signoff.department;
        const by = signoff.by ?? { id: '', name: 'Someone', department: null };
        const excerpt = `Your sign-off for ${department} no longer covers this section. See what changed, then sign it again.`;
        this.insert.run(signer.id, 'signoff_stale', policyId, '', '', signoff.sectionId, signoff.sectionTitle, by.id, by.name, by.department, excerpt, createdAt);
        this.trim.run(signer.id, signer.id, MAX_NOTIFICATIONS_PER_PERSON);
        told.push(signer.id);
      }
    })();
    if (told.length > 0) for (const listener of this.notifiedListeners) listener(told);
    return told;
  }

  /**
   * The sections are covered again. When the change was undone, the signer's unread "no longer
   * covers" notice goes, since it is no longer true (one already read stays, as what happened),
   * and a later change tells them again. When the department signed again, the notices to its
   * people about the section were acted on: they are marked read.
   */
  signoffsCoveredAgain(policyId: string, covered: readonly CoveredAgain[]): void {
    const readAt = this.now().toISOString();
    this.db.transaction(() => {
      for (const { sectionId, department, signerId, signedAt, undone } of covered) {
        if (!undone) {
          this.readStaleNotification.run(readAt, policyId, sectionId, department);
          continue;
        }
        this.dropStaleNotice.run(policyId, sectionId, department, signedAt);
        this.dropStaleNotification.run(signerId, policyId, sectionId);
      }
    })();
  }

  /**
   * Tells each of `userIds` in the bell that the policy's review comes up (or is due, or overdue):
   * `text` says when. The review reminder sends its own e-mail, so the comment mailer leaves these
   * alone. Runs inside the caller's transaction when there is one. Returns who was told.
   */
  reviewComingUp(policyId: string, userIds: readonly string[], text: string): string[] {
    const createdAt = this.now().toISOString();
    const told: string[] = [];
    this.db.transaction(() => {
      for (const userId of userIds) {
        // A newer reminder of the same review replaces the one before it in the unread count.
        this.readEarlierReviews.run(createdAt, userId, policyId);
        this.insertReview.run(userId, policyId, text, createdAt);
        this.trim.run(userId, userId, MAX_NOTIFICATIONS_PER_PERSON);
        told.push(userId);
      }
    })();
    return told;
  }

  /** Who is told of this comment, and why: user id → kind. */
  recipients(event: CommentPosted): Map<string, NotificationKind> {
    const people = this.deps.people();
    const kinds = new Map<string, NotificationKind>();
    const give = (userId: string, kind: NotificationKind) => {
      if (!kinds.has(userId)) kinds.set(userId, kind);
    };
    for (const mention of event.comment.mentions) {
      if (mention.kind === 'person') give(mention.id, 'mention');
      else for (const person of people) if (person.department === mention.id) give(person.id, 'mention');
    }
    if (event.kind === 'reply') {
      for (const comment of event.thread.comments) give(comment.author.id, 'reply');
    } else {
      const section = this.deps.sectionDepartments(event.policyId, event.thread.sectionId);
      if (section) {
        const departments = new Set([section.owner, ...section.approvers]);
        for (const person of people) if (departments.has(person.department)) give(person.id, 'thread');
      }
    }
    kinds.delete(event.comment.author.id);
    const byId = new Map(people.map((person) => [person.id, person]));
    for (const userId of [...kinds.keys()]) {
      const person = byId.get(userId);
      if (!person || this.deps.roleOn(event.policyId, person) === null) kinds.delete(userId);
    }
    return kinds;
  }

  /** Calls `listener` with who was told, after each comment's notifications are stored (the e-mail sender listens). */
  onNotified(listener: (userIds: readonly string[]) => void): () => void {
    this.notifiedListeners.add(listener);
    return () => this.notifiedListeners.delete(listener);
  }

  /** Stores the notifications of a new comment; returns who was told. */
  commentPosted(event: CommentPosted): string[] {
    const kinds = this.recipients(event);
    const createdAt = this.now().toISOString();
    const { comment, thread } = event;
    const excerpt = excerptOf(comment.body);
    this.db.transaction(() => {
      for (const [userId, kind] of kinds) {
        this.insert.run(userId, kind, event.policyId, thread.id, comment.id, thread.sectionId, thread.sectionTitle, comment.author.id, comment.author.name, comment.author.department, excerpt, createdAt);
        this.trim.run(userId, userId, MAX_NOTIFICATIONS_PER_PERSON);
      }
    })();
    if (kinds.size > 0) for (const listener of this.notifiedListeners) listener([...kinds.keys()]);
    return [...kinds.keys()];
  }

  /** The person's notifications, newest first, leaving out policies they can no longer open, and how many are unread. */
  list(user: Pick<User, 'id' | 'role'>): { unread: number; notifications: NotificationRecord[] } {
    const access = new Map<string, boolean>();
    const visible = this.listRows.all(user.id, MAX_NOTIFICATIONS_PER_PERSON).filter((row) => {
      let may = access.get(row.policy_id);
      if (may === undefined) {
        may = this.deps.roleOn(row.policy_id, user) !== null;
        access.set(row.policy_id, may);
      }
      return may;
    });
    return {
      unread: visible.filter((row) => row.read_at === null).length,
      notifications: visible.slice(0, NOTIFICATIONS_LISTED).map(record),
    };
  }

  /** Marks these notifications of the person read (all of them when `ids` is left out); ids of others are ignored. */
  markRead(user: Pick<User, 'id' | 'role'>, ids?: readonly string[]): number {
    const readAt = this.now().toISOString();
    this.db.transaction(() => {
      if (ids === undefined) {
        this.markAll.run(readAt, user.id);
        return;
      }
      for (const id of ids) {
        if (/^[1-9][0-9]{0,15}$/.test(id)) this.markOne.run(readAt, user.id, Number(id));
      }
    })();
    return this.list(user).unread;
  }
}

function record(row: Row): NotificationRecord {
  return {
    id: String(row.id),
    kind: row.kind,
    policyId: row.policy_id,
    policyTitle: row.policy_title,
    threadId: row.thread_id,
    commentId: row.comment_id,
    sectionId: row.section_id,
    sectionTitle: row.section_title,
    by: { id: row.by_id, name: row.by_name, department: row.by_department },
    excerpt: row.excerpt,
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}
