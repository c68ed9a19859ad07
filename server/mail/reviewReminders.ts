import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { SqliteDatabase } from '../storage/database';
import { dayNumber, dayOf, formatDay, REVIEW_SOON_DAYS, utcDayNumber } from '../../shared/reviewDate';
import { composeMail } from './messages';
import type { Outbox } from './outbox';

/** How often the reminder looks for reviews coming up or due. */
export const REVIEW_CHECK_MS = 60 * 60_000;
/** The first look after start-up, so a restart on the due day still reminds. */
export const REVIEW_FIRST_CHECK_MS = 60_000;

/** A review not done this many days after its day is reminded once more. */
export const REVIEW_OVERDUE_DAYS = 7;

/** A reminder is sent once per policy, review day and milestone: a month before, on the day, and a week after. */
export type ReviewMilestone = 'soon' | 'due' | 'overdue';

/** The milestones a reminder at `milestone` covers: one sent late stands in for those before it. */
const COVERED: Record<ReviewMilestone, readonly ReviewMilestone[]> = { soon: ['soon'], due: ['soon', 'due'], overdue: ['soon', 'due', 'overdue'] };

interface DueRow {
  id: string;
  title: string;
  review_by: string;
}

/** Someone who looks after the policy (an admin, or an editor it is shared with by membership). */
export interface ReviewRecipient {
  id: string;
  email: string;
  name: string;
}

export interface ReviewReminderOptions {
  /** Where the e-mails go; null when mail is not set up (the bell still tells). */
  outbox: Pick<Outbox, 'enqueue'> | null;
  organization: () => string;
  /** The address people open Accord at (the link to the dashboard). */
  origin: () => string;
  /** The people who may set the policy's review date: they plan the review. */
  recipients: (policyId: string) => ReviewRecipient[];
  /** Tells the recipients in the bell too (NotificationService.reviewComingUp), in the same transaction. */
  notify?: (policyId: string, userIds: readonly string[], text: string) => void;
  clock: Clock;
  logger: Logger;
}

/**
 * Reminds the people who look after a policy when its review comes up, by e-mail and in the bell:
 * once when the review day is REVIEW_SOON_DAYS away or nearer, once on the day, and once more
 * REVIEW_OVERDUE_DAYS after it if nobody set a new review date (for a server that was down, the
 * first check after a milestone sends that one only). Each reminder sent is recorded
 * (`review_reminders`), so nothing goes out twice for the same review day; a new day starts
 * afresh. Days are the server's UTC calendar.
 */
export class ReviewReminders {
  private timer: (() => void) | undefined;
  private closed = false;
  private readonly dueBy;
  private readonly wasSent;
  private readonly markSent;
  private readonly choiceOf;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly options: ReviewReminderOptions,
  ) {
    this.dueBy = db.prepare<[string], DueRow>('SELECT id, title, review_by FROM policies WHERE review_by IS NOT NULL AND review_by <= ? ORDER BY review_by, id');
    this.wasSent = db.prepare<[string, string, ReviewMilestone], { one: number }>('SELECT 1 AS one FROM review_reminders WHERE policy_id = ? AND review_by = ? AND milestone = ?');
    this.markSent = db.prepare<[string, string, ReviewMilestone, string]>('INSERT OR IGNORE INTO review_reminders (policy_id, review_by, milestone, sent_at) VALUES (?, ?, ?, ?)');
    this.choiceOf = db.prepare<[string], { email_notifications: string }>('SELECT email_notifications FROM users WHERE id = ?');
    this.schedule(REVIEW_FIRST_CHECK_MS);
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    this.timer = this.options.clock.setTimer(ms, () => {
      try {
        const sent = this.check();
        if (sent > 0) this.options.logger.info('mail.review_reminders_queued', { messages: sent });
      } catch (error) {
        // The database is busy or closing: the next check tries again (nothing was marked sent).
        this.options.logger.warn('mail.review_reminders_failed', { error: (error as Error).message });
      }
      this.schedule(REVIEW_CHECK_MS);
    });
  }

  /** Queues every reminder that is due now; returns how many e-mails were queued. */
  check(): number {
    const today = utcDayNumber(this.options.clock.now());
    const at = new Date(this.options.clock.now()).toISOString();
    let queued = 0;
    for (const policy of this.dueBy.all(dayOf(today + REVIEW_SOON_DAYS))) {
      const due = dayNumber(policy.review_by);
      if (due === null) continue;
      const milestone: ReviewMilestone = due + REVIEW_OVERDUE_DAYS <= today ? 'overdue' : due <= today ? 'due' : 'soon';
      // A review set for today, or a server down for the month before, gets the latest reminder only.
      if (this.wasSent.get(policy.id, policy.review_by, milestone)) continue;
      const days = due - today;
      try {
        queued += this.remind(policy, milestone, days, at);
      } catch (error) {
        // One policy's reminder failing (its recipients could not be read) holds up no other policy's; it is tried again next time.
        this.options.logger.warn('mail.review_reminder_failed', { policy: policy.id, error: (error as Error).message });
      }
    }
    return queued;
  }

  /** Sends one policy's reminder at `milestone` and records it, in one transaction; returns how many e-mails were queued. */
  private remind(policy: DueRow, milestone: ReviewMilestone, days: number, at: string): number {
    let queued = 0;
    this.db.transaction(() => {
      const people = this.options.recipients(policy.id);
      for (const person of people) {
        // Someone who chose no e-mails from Accord gets none of these either, only the bell.
        if (!this.options.outbox || this.choiceOf.get(person.id)?.email_notifications === 'none') continue;
        this.options.outbox.enqueue({ kind: 'review-reminder', to: person.email, ...this.mail(policy, person, days) });
        queued += 1;
      }
      this.options.notify?.(policy.id, people.map((person) => person.id), reviewNotice(policy.review_by, days));
      for (const covered of COVERED[milestone]) this.markSent.run(policy.id, policy.review_by, covered, at);
    })();
    return queued;
  }

  private mail(policy: DueRow, person: ReviewRecipient, days: number) {
    const day = formatDay(policy.review_by);
    const when = days > 1 ? `in ${days} days, on ${day}` : days === 1 ? `tomorrow, ${day}` : `today, ${day}`;
    const subject = days >= 0 ? `Review due ${days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`}: ${policy.title}` : `Review overdue: ${policy.title}`;
    return composeMail({
      subject,
      organization: this.options.organization(),
      paragraphs: [
        `Hello ${person.name},`,
        days >= 0 ? `“${policy.title}” is due for review ${when}.` : `“${policy.title}” was due for review on ${day}, ${-days === 1 ? 'a day' : `${-days} days`} ago.`,
        'Platforms, their rules and the laws on endorsements, privacy and employee speech change often. Read the policy through with every department that owns a section, update what has moved, sign it again, and set the date of the next review on the sign-off dashboard.',
      ],
      action: { label: 'Open the sign-off dashboard', url: `${this.options.origin()}/p/${policy.id}/dashboard` },
      notes: ['You get this because you can set this policy’s review date. To get no e-mails from Accord, choose “None” under notification e-mails in your profile.'],
    });
  }

  close(): void {
    this.closed = true;
    this.timer?.();
  }
}

/** The bell's line for a review coming up, due or overdue ("Due for review in 30 days, on 4 January 2027."). */
export function reviewNotice(reviewBy: string, days: number): string {
  const day = formatDay(reviewBy);
  if (days > 1) return `Due for review in ${days} days, on ${day}. Plan the read-through with the departments that own sections.`;
  if (days === 1) return `Due for review tomorrow, ${day}.`;
  if (days === 0) return `Due for review today, ${day}. Read it through, update it, sign it again and set the next review date.`;
  return `Review overdue: it was due on ${day}, ${-days === 1 ? 'a day' : `${-days} days`} ago. Read it through, sign it again and set the next review date.`;
}
