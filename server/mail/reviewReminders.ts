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

/** A reminder is sent once per policy, review day and milestone: a month before, and on the day. */
export type ReviewMilestone = 'soon' | 'due';

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
  outbox: Pick<Outbox, 'enqueue'>;
  organization: () => string;
  /** The address people open Accord at (the link to the dashboard). */
  origin: () => string;
  /** The people who may set the policy's review date: they plan the review. */
  recipients: (policyId: string) => ReviewRecipient[];
  clock: Clock;
  logger: Logger;
}

/**
 * E-mails the people who look after a policy when its review comes up: once when the review day is
 * REVIEW_SOON_DAYS away or nearer, once on the day (or the first check after it, for a server that
 * was down). Each reminder sent is recorded (`review_reminders`), so nothing goes out twice for the
 * same review day; a new day starts afresh. Days are the server's UTC calendar.
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
    let queued = 0;
    for (const policy of this.dueBy.all(dayOf(today + REVIEW_SOON_DAYS))) {
      const due = dayNumber(policy.review_by);
      if (due === null) continue;
      const milestone: ReviewMilestone = due <= today ? 'due' : 'soon';
      // A review set for today, or a server down for the month before, gets the day's reminder only.
      if (this.wasSent.get(policy.id, policy.review_by, milestone)) continue;
      this.db.transaction(() => {
        for (const person of this.options.recipients(policy.id)) {
          // Someone who chose no e-mails from Accord gets none of these either.
          if (this.choiceOf.get(person.id)?.email_notifications === 'none') continue;
          this.options.outbox.enqueue({ kind: 'review-reminder', to: person.email, ...this.mail(policy, person, due - today) });
          queued += 1;
        }
        this.markSent.run(policy.id, policy.review_by, milestone, new Date(this.options.clock.now()).toISOString());
        if (milestone === 'due') this.markSent.run(policy.id, policy.review_by, 'soon', new Date(this.options.clock.now()).toISOString());
      })();
    }
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
