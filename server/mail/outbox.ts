import { systemClock, type Clock } from '../clock';
import type { Logger } from '../logger';
import type { SqliteDatabase } from '../storage/database';
import type { MailTransport } from './mailer';

/** A message to send; `kind` says what it is for ('invite', 'password-reset', 'notification', …). */
export interface OutgoingMail {
  kind: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** What became of one queued message. */
export type Delivery =
  | { state: 'sent'; sentAt: number }
  | { state: 'waiting'; attempts: number; nextAttemptAt: number; lastError: string | null }
  | { state: 'failed'; lastError: string | null; gaveUpAt: number }
  | { state: 'not-configured' };

/** The outbox as the admin sees it. */
export interface MailStatus {
  configured: boolean;
  /** Messages not sent yet that will be tried again. */
  pending: number;
  /** Messages given up on (not counting those recorded while mail was not set up). */
  failed: number;
  /** The mail server's last refusal among the pending ones, or null. */
  lastError: string | null;
  /** When the next pending message is tried, or null. */
  nextAttemptAt: number | null;
}

/** Recorded on every message enqueued while no SMTP server is configured. */
export const NOT_CONFIGURED = 'not sent: mail is not set up';

/** Waits after the 1st, 2nd, … failure; the last one repeats. */
export const DEFAULT_BACKOFF_MS = [30_000, 120_000, 600_000, 3600_000, 6 * 3600_000];
export const DEFAULT_GIVE_UP_AFTER_MS = 2 * 24 * 3600_000;
/** Sent and given-up messages are kept this long (the admin's "sent 2 min ago"), then deleted. */
export const KEEP_SETTLED_MS = 30 * 24 * 3600_000;

export interface OutboxOptions {
  /** Where to send; null when mail is not set up (messages are recorded, never sent). */
  transport: MailTransport | null;
  clock?: Clock;
  logger?: Logger;
  backoffMs?: number[];
  /** A message still failing this long after it was queued is given up. */
  giveUpAfterMs?: number;
  /** Messages sent per round. */
  batchSize?: number;
}

interface OutboxRow {
  id: number;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  sent_at: number | null;
  gave_up_at: number | null;
}

/**
 * The persistent outbox: `enqueue` stores a message and returns at once; a background sender
 * sends due messages oldest first, a few at a time, one round at a time, retrying with growing
 * waits. Nothing a request does waits for the mail server, and a restart resumes what was unsent.
 */
export class Outbox {
  private readonly transport: MailTransport | null;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly backoffMs: number[];
  private readonly giveUpAfterMs: number;
  private readonly batchSize: number;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private cancelTimer: (() => void) | undefined;
  private timerAt = Infinity;
  private readonly insert;
  private readonly due;
  private readonly markSent;
  private readonly markFailed;
  private readonly markGaveUp;
  private readonly nextDue;
  private readonly counts;
  private readonly latestError;
  private readonly byId;
  private readonly latestFor;
  private readonly prune;
  private prunedAt = -Infinity;

  constructor(db: SqliteDatabase, options: OutboxOptions) {
    this.transport = options.transport;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger;
    this.backoffMs = options.backoffMs?.length ? options.backoffMs : DEFAULT_BACKOFF_MS;
    this.giveUpAfterMs = options.giveUpAfterMs ?? DEFAULT_GIVE_UP_AFTER_MS;
    this.batchSize = options.batchSize ?? 5;
    this.insert = db.prepare<[string, string, string, string, string | null, number, number, string | null, number | null], { id: number }>(
      'INSERT INTO outbox (kind, to_address, subject, text_body, html_body, created_at, next_attempt_at, last_error, gave_up_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
    );
    this.due = db.prepare<[number, number], OutboxRow>('SELECT * FROM outbox WHERE sent_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?');
    this.markSent = db.prepare<[number, number]>('UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?');
    this.markFailed = db.prepare<[string, number, number]>('UPDATE outbox SET last_error = ?, attempts = attempts + 1, next_attempt_at = ? WHERE id = ?');
    this.markGaveUp = db.prepare<[string, number, number]>('UPDATE outbox SET last_error = ?, attempts = attempts + 1, gave_up_at = ? WHERE id = ?');
    this.nextDue = db.prepare<[], { next: number | null }>('SELECT MIN(next_attempt_at) AS next FROM outbox WHERE sent_at IS NULL AND gave_up_at IS NULL');
    this.counts = db.prepare<[string], { pending: number; failed: number }>(
      'SELECT COALESCE(SUM(sent_at IS NULL AND gave_up_at IS NULL), 0) AS pending, COALESCE(SUM(gave_up_at IS NOT NULL AND (last_error IS NULL OR last_error != ?)), 0) AS failed FROM outbox',
    );
    this.latestError = db.prepare<[], { last_error: string }>('SELECT last_error FROM outbox WHERE sent_at IS NULL AND gave_up_at IS NULL AND last_error IS NOT NULL ORDER BY id DESC LIMIT 1');
    this.byId = db.prepare<[number], OutboxRow>('SELECT * FROM outbox WHERE id = ?');
    this.latestFor = db.prepare<[string, string, number], OutboxRow>('SELECT * FROM outbox WHERE kind = ? AND to_address = ? COLLATE NOCASE AND created_at >= ? ORDER BY id DESC LIMIT 1');
    this.prune = db.prepare<[number, number]>('DELETE FROM outbox WHERE sent_at < ? OR gave_up_at < ?');
    this.pruneSettled();
    // Messages left unsent by a stop are sent now.
    this.wake();
  }

  /** Whether an SMTP server is configured (messages are sent, not just recorded). */
  get configured(): boolean {
    return this.transport !== null;
  }

  /**
   * Stores a message and returns at once with its id; `queued` is false when mail is not set up
   * (the message is recorded as not sent, and whoever asked shows the link instead).
   */
  enqueue(message: OutgoingMail): { id: number; queued: boolean } {
    const now = this.clock.now();
    const queued = this.transport !== null;
    const row = this.insert.get(message.kind, message.to, message.subject, message.text, message.html ?? null, now, now, queued ? null : NOT_CONFIGURED, queued ? null : now)!;
    if (queued) this.wake();
    else this.logger?.info('mail.not_configured', { id: row.id, kind: message.kind });
    return { id: row.id, queued };
  }

  /** What became of message `id`; null when there is no such message. */
  delivery(id: number): Delivery | null {
    const row = this.byId.get(id);
    return row ? deliveryOf(row) : null;
  }

  /** The latest message of this kind to this address queued at or after `since`, or null. */
  latestDelivery(kind: string, to: string, since: number): Delivery | null {
    const row = this.latestFor.get(kind, to, since);
    return row ? deliveryOf(row) : null;
  }

  status(): MailStatus {
    const counts = this.counts.get(NOT_CONFIGURED)!;
    const next = this.nextDue.get()!.next;
    return {
      configured: this.configured,
      pending: counts.pending,
      failed: counts.failed,
      lastError: this.latestError.get()?.last_error ?? null,
      nextAttemptAt: next,
    };
  }

  /** Sends what is due now (without waiting for the timer); resolves when that round is over. Tests and start-up use it. */
  async flush(): Promise<void> {
    this.wake();
    while (this.running) await this.running;
  }

  /** Stops the sender. A round in progress may finish its current message; unsent messages wait for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    const running = this.running;
    if (running) await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    this.transport?.close();
  }

  /** Deletes messages settled (sent or given up) more than KEEP_SETTLED_MS ago; at most once an hour. */
  private pruneSettled(): void {
    const now = this.clock.now();
    if (now - this.prunedAt < 3600_000) return;
    this.prunedAt = now;
    try {
      this.prune.run(now - KEEP_SETTLED_MS, now - KEEP_SETTLED_MS);
    } catch (error) {
      this.logger?.warn('mail.prune_failed', { error });
    }
  }

  /** Starts a round now, or right after the one in progress (rounds never overlap). */
  private wake(): void {
    if (this.closed || !this.transport) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.round().finally(() => {
      this.running = null;
      if (this.again && !this.closed) {
        this.again = false;
        this.wake();
      } else {
        this.schedule();
      }
    });
  }

  private async round(): Promise<void> {
    // Let the request that enqueued finish first.
    await new Promise((resolve) => setImmediate(resolve));
    this.pruneSettled();
    for (;;) {
      if (this.closed) return;
      let rows: OutboxRow[];
      try {
        rows = this.due.all(this.clock.now(), this.batchSize);
      } catch (error) {
        this.logger?.error('mail.outbox_unreadable', { error });
        return;
      }
      if (rows.length === 0) return;
      for (const row of rows) {
        if (this.closed) return;
        await this.sendOne(row);
      }
      if (rows.length < this.batchSize) return;
    }
  }

  private async sendOne(row: OutboxRow): Promise<void> {
    const transport = this.transport!;
    try {
      await transport.send({ to: row.to_address, subject: row.subject, text: row.text_body, ...(row.html_body ? { html: row.html_body } : {}) });
    } catch (error) {
      this.failed(row, error);
      return;
    }
    try {
      this.markSent.run(this.clock.now(), row.id);
      this.logger?.info('mail.sent', { id: row.id, kind: row.kind, attempts: row.attempts + 1 });
    } catch (error) {
      // Sent but not recorded (the database is closing): it may be sent once more after a restart.
      this.logger?.error('mail.record_failed', { id: row.id, error });
    }
  }

  private failed(row: OutboxRow, error: unknown): void {
    const now = this.clock.now();
    const message = describeFailure(error);
    const attempts = row.attempts + 1;
    try {
      if (now - row.created_at >= this.giveUpAfterMs) {
        this.markGaveUp.run(message, now, row.id);
        this.logger?.error('mail.gave_up', { id: row.id, kind: row.kind, attempts, error: message });
      } else {
        const wait = this.backoffMs[Math.min(attempts, this.backoffMs.length) - 1]!;
        this.markFailed.run(message, now + wait, row.id);
        this.logger?.warn('mail.retry', { id: row.id, kind: row.kind, attempts, retryInMs: wait, error: message });
      }
    } catch (recordError) {
      this.logger?.error('mail.record_failed', { id: row.id, error: recordError });
    }
  }

  /** Arms the timer for the earliest pending message. */
  private schedule(): void {
    if (this.closed) return;
    let next: number | null;
    try {
      next = this.nextDue.get()!.next;
    } catch {
      return;
    }
    if (next === null) {
      this.cancelTimer?.();
      this.cancelTimer = undefined;
      this.timerAt = Infinity;
      return;
    }
    if (this.cancelTimer && this.timerAt === next) return;
    this.cancelTimer?.();
    this.timerAt = next;
    // Timers cannot wait longer than about 24 days; an hour at a time is plenty.
    const delay = Math.min(Math.max(0, next - this.clock.now()), 3600_000);
    this.cancelTimer = this.clock.setTimer(delay, () => {
      this.cancelTimer = undefined;
      this.timerAt = Infinity;
      this.wake();
    });
  }
}

function deliveryOf(row: OutboxRow): Delivery {
  if (row.sent_at !== null) return { state: 'sent', sentAt: row.sent_at };
  if (row.gave_up_at !== null) return row.last_error === NOT_CONFIGURED ? { state: 'not-configured' } : { state: 'failed', lastError: row.last_error, gaveUpAt: row.gave_up_at };
  return { state: 'waiting', attempts: row.attempts, nextAttemptAt: row.next_attempt_at, lastError: row.last_error };
}

/** The mail server's answer (or the connection problem) in one short line. */
function describeFailure(error: unknown): string {
  const { message, response, code } = (error ?? {}) as { message?: unknown; response?: unknown; code?: unknown };
  const text = typeof response === 'string' && response ? response : typeof message === 'string' && message ? message : String(error);
  const line = text.replace(/\s+/g, ' ').trim();
  const withCode = typeof code === 'string' && !line.includes(code) ? `${line} (${code})` : line;
  return withCode.length > 300 ? `${withCode.slice(0, 297)}…` : withCode;
}
