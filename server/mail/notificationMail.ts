import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { SqliteDatabase } from '../storage/database';
import { composeMail, type ComposedMail } from './messages';
import type { NotificationKind } from '../../shared/api/comments';
import { notificationPath } from '../../shared/comments/notificationPath';
import { NOTIFICATION_WHAT, quotesComment } from '../../shared/comments/notificationWords';
import type { Outbox } from './outbox';

/** How long new notifications are gathered before the `each` e-mails go out (several in a minute make one e-mail). */
export const EACH_BATCH_MS = 60_000;
/** How often the digest sender looks for people due a digest. */
export const DIGEST_CHECK_MS = 15 * 60_000;
/** A digest goes out at most once in this long. */
export const DIGEST_INTERVAL_MS = 24 * 3600_000;
/** Notifications older than this are never e-mailed one by one (someone who switches to `each` gets no backlog). */
const EACH_MAX_AGE_MS = 24 * 3600_000;

interface PendingRow {
  id: number;
  user_id: string;
  email: string;
  name: string;
  kind: Exclude<NotificationKind, 'review_due'>;
  policy_id: string;
  policy_title: string;
  thread_id: string;
  section_id: string;
  section_title: string | null;
  by_name: string;
  by_department: string | null;
  excerpt: string;
  created_at: string;
}

export interface NotificationMailOptions {
  outbox: Pick<Outbox, 'enqueue'>;
  organization: () => string;
  /** The address people open Accord at (links in the e-mails). */
  origin: () => string;
  /** Whether the person can still open the policy; nobody is mailed about one they cannot. */
  mayOpen: (policyId: string, userId: string) => boolean;
  /** Department id → name, for "Lee (Legal) mentioned you". */
  departmentName: (id: string) => string;
  clock: Clock;
  logger: Logger;
}

/**
 * Comment notifications by e-mail (issue 20), as each person chose: `each` gets a short e-mail
 * within a minute (notifications of the same minute together), `digest` one e-mail a day listing
 * what is unread and not yet mailed, `none` nothing. Every notification mailed is marked
 * (`notifications.mailed_at`), so nothing goes out twice; a removed person has no notifications
 * left, and policies the person can no longer open are left out.
 */
export class NotificationMailer {
  private batchTimer: (() => void) | undefined;
  private digestTimer: (() => void) | undefined;
  private closed = false;
  private readonly pendingEach;
  private readonly dueDigests;
  private readonly pendingFor;
  private readonly markMailed;
  private readonly markDigestSent;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly options: NotificationMailOptions,
  ) {
    const select = `SELECT n.id, n.user_id, u.email, u.name, n.kind, n.policy_id, p.title AS policy_title, n.thread_id, n.section_id, n.section_title, n.by_name, n.by_department, n.excerpt, n.created_at
      FROM notifications n JOIN users u ON u.id = n.user_id JOIN policies p ON p.id = n.policy_id`;
    // Review reminders have their own e-mail (ReviewReminders), sent whatever the comment setting: never again here.
    const mailable = "n.kind <> 'review_due' AND n.mailed_at IS NULL AND n.read_at IS NULL";
    this.pendingEach = db.prepare<[string], PendingRow>(`${select} WHERE u.email_notifications = 'each' AND ${mailable} AND n.created_at >= ? ORDER BY n.user_id, n.id`);
    this.dueDigests = db.prepare<[number], { id: string }>("SELECT id FROM users WHERE email_notifications = 'digest' AND (digest_sent_at IS NULL OR digest_sent_at <= ?)");
    this.pendingFor = db.prepare<[string], PendingRow>(`${select} WHERE n.user_id = ? AND ${mailable} ORDER BY n.id`);
    this.markMailed = db.prepare<[number, number]>('UPDATE notifications SET mailed_at = ? WHERE id = ?');
    this.markDigestSent = db.prepare<[number, string]>('UPDATE users SET digest_sent_at = ? WHERE id = ?');
    this.scheduleDigests();
  }

  /** Told after new notifications are stored: the `each` e-mails go out within a minute. */
  notified(): void {
    if (this.closed || this.batchTimer) return;
    this.batchTimer = this.options.clock.setTimer(EACH_BATCH_MS, () => {
      this.batchTimer = undefined;
      this.guard('each', () => this.sendEach());
    });
  }

  private scheduleDigests(): void {
    if (this.closed) return;
    this.digestTimer = this.options.clock.setTimer(DIGEST_CHECK_MS, () => {
      this.guard('digest', () => this.sendDigests());
      this.scheduleDigests();
    });
  }

  private guard(kind: string, work: () => number): void {
    if (this.closed) return;
    try {
      const sent = work();
      if (sent > 0) this.options.logger.info('mail.notifications_queued', { kind, messages: sent });
    } catch (error) {
      // The database is closing or busy: the next round tries again (nothing was marked mailed).
      this.options.logger.warn('mail.notifications_failed', { kind, error: (error as Error).message });
    }
  }

  private now(): number {
    return this.options.clock.now();
  }

  /** Sends the `each` e-mails now: one per person, covering their new notifications. Returns how many were queued. */
  sendEach(): number {
    const rows = this.pendingEach.all(new Date(this.now() - EACH_MAX_AGE_MS).toISOString());
    const byPerson = new Map<string, PendingRow[]>();
    for (const row of rows) byPerson.set(row.user_id, [...(byPerson.get(row.user_id) ?? []), row]);
    let queued = 0;
    for (const [userId, all] of byPerson) {
      this.db.transaction(() => {
        const visible = this.visible(userId, all);
        if (visible.length > 0) {
          this.options.outbox.enqueue({ kind: 'notification', to: all[0]!.email, ...this.eachMail(all[0]!, visible) });
          queued += 1;
        }
        for (const row of all) this.markMailed.run(this.now(), row.id);
      })();
    }
    return queued;
  }

  /** Sends the digests that are due (a day since the last). Returns how many were queued. */
  sendDigests(): number {
    let queued = 0;
    for (const { id: userId } of this.dueDigests.all(this.now() - DIGEST_INTERVAL_MS)) {
      const all = this.pendingFor.all(userId);
      const visible = this.visible(userId, all);
      if (visible.length === 0) continue;
      this.db.transaction(() => {
        this.options.outbox.enqueue({ kind: 'notification-digest', to: visible[0]!.email, ...this.digestMail(visible[0]!, visible) });
        for (const row of all) this.markMailed.run(this.now(), row.id);
        this.markDigestSent.run(this.now(), userId);
      })();
      queued += 1;
    }
    return queued;
  }

  private visible(userId: string, rows: PendingRow[]): PendingRow[] {
    const access = new Map<string, boolean>();
    return rows.filter((row) => {
      let may = access.get(row.policy_id);
      if (may === undefined) {
        may = this.options.mayOpen(row.policy_id, userId);
        access.set(row.policy_id, may);
      }
      return may;
    });
  }

  private link(row: PendingRow): string {
    return `${this.options.origin()}${notificationPath({ policyId: row.policy_id, threadId: row.thread_id, kind: row.kind, sectionId: row.section_id })}`;
  }

  /** What the notification says: a comment is quoted; a stale sign-off's line is not. */
  private said(row: PendingRow): string {
    return quotesComment(row.kind) ? `“${row.excerpt}”` : row.excerpt;
  }

  private who(row: PendingRow): string {
    return row.by_department ? `${row.by_name} (${this.options.departmentName(row.by_department)})` : row.by_name;
  }

  private where(row: PendingRow): string {
    return row.section_title ? `“${row.section_title}” in ${row.policy_title}` : row.policy_title;
  }

  private settingsNote(): string {
    return `You get these e-mails because of your notification settings. Change them on your profile: ${this.options.origin()}/profile`;
  }

  private eachMail(person: PendingRow, rows: PendingRow[]): ComposedMail {
    const organization = this.options.organization();
    if (rows.length === 1) {
      const row = rows[0]!;
      return composeMail({
        subject: `${row.by_name} ${NOTIFICATION_WHAT[row.kind]} — ${row.policy_title}`,
        organization,
        paragraphs:
          row.kind === 'signoff_stale'
            ? [`Hello ${person.name},`, `${this.who(row)} changed ${this.where(row)}, a section you signed.`, this.said(row)]
            : [`Hello ${person.name},`, `${this.who(row)} ${NOTIFICATION_WHAT[row.kind]}, on ${this.where(row)}:`, this.said(row)],
        action: { label: row.kind === 'signoff_stale' ? 'Open the section' : 'Open the thread', url: this.link(row) },
        notes: [this.settingsNote()],
      });
    }
    return composeMail({
      subject: `${rows.every((row) => row.kind === 'signoff_stale') ? `${rows.length} changes to sections you signed` : `${rows.length} new ${rows.some((row) => row.kind === 'signoff_stale') ? 'notifications' : 'comments'} for you`} — ${rows[0]!.policy_title}${new Set(rows.map((row) => row.policy_id)).size > 1 ? ' and more' : ''}`,
      organization,
      paragraphs: [`Hello ${person.name},`, ...rows.map((row) => `${this.who(row)} ${NOTIFICATION_WHAT[row.kind]}, on ${this.where(row)}: ${this.said(row)}\n${this.link(row)}`)],
      notes: [this.settingsNote()],
    });
  }

  private digestMail(person: PendingRow, rows: PendingRow[]): ComposedMail {
    return composeMail({
      subject: `Your daily Accord digest: ${rows.length} unread notification${rows.length === 1 ? '' : 's'}`,
      organization: this.options.organization(),
      paragraphs: [
        `Hello ${person.name},`,
        `Since your last digest, ${rows.length === 1 ? 'this is' : `these ${rows.length} are`} waiting for you:`,
        ...rows.map((row) => `${this.who(row)} ${NOTIFICATION_WHAT[row.kind]}, on ${this.where(row)}: ${this.said(row)}\n${this.link(row)}`),
      ],
      action: { label: 'Open Accord', url: `${this.options.origin()}/` },
      notes: [this.settingsNote()],
    });
  }

  /** Stops the timers; call before closing the database. */
  close(): void {
    this.closed = true;
    this.batchTimer?.();
    this.digestTimer?.();
  }
}
