import type { Request, Response } from 'express';
import { AccessChanged } from '../../shared/closeCodes';
import type { ThreadsEvent } from '../../shared/api/comments';
import { POLICY_EVENTS, type AccessEvent, type PolicyEventName, type StatusEvent } from '../../shared/api/events';
import type { Logger } from '../logger';
import { presentPolicyStatus } from '../presenters/policyStatus';
import type { PolicyState, SignoffService } from './signoffs';

/**
 * Server-sent events per policy: sign-off changes at once, and status changes caused by
 * edits within a short delay (edits come in bursts while people type). No polling.
 */
/** Whose an open stream is: the person and the session it was opened with. */
export interface StreamOwner {
  policyId: string;
  userId: string;
  sessionId: string | undefined;
}

export class PolicyEvents {
  private readonly subscribers = new Map<string, Set<Response>>();
  /** Open streams per user, to end them when that person's access changes. */
  private readonly byUser = new Map<string, Map<Response, StreamOwner>>();
  private readonly lastSent = new Map<string, string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** When each policy was last endorsed, read again only after a sign-off action (nothing else endorses). */
  private readonly endorsedAt = new Map<string, string | null>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly signoffs: SignoffService,
    private readonly logger: Logger,
    private readonly editDelayMs = 150,
  ) {
    signoffs.onSignoffChange((policyId, state) => this.publish(policyId, false, state));
    this.heartbeat = setInterval(() => {
      for (const set of this.subscribers.values()) for (const response of set) response.write(': keep-alive\n\n');
    }, 25_000);
    this.heartbeat.unref();
  }

  subscribe(policyId: string, response: Response): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    response.write('retry: 2000\n\n');
    const set = this.subscribers.get(policyId) ?? new Set<Response>();
    set.add(response);
    this.subscribers.set(policyId, set);
    this.send(response, POLICY_EVENTS.status, presentPolicyStatus(this.signoffs.state(policyId), this.lastEndorsedAt(policyId, false)));
    // requireSession put the person and their session on the request.
    const request = response.req as Request | undefined;
    const userId = request?.user?.id;
    if (userId) {
      const streams = this.byUser.get(userId) ?? new Map<Response, StreamOwner>();
      streams.set(response, { policyId, userId, sessionId: request.sessionId });
      this.byUser.set(userId, streams);
    }
    response.on('close', () => {
      if (userId) {
        const streams = this.byUser.get(userId);
        streams?.delete(response);
        if (streams?.size === 0) this.byUser.delete(userId);
      }
      set.delete(response);
      if (set.size === 0) {
        this.subscribers.delete(policyId);
        this.lastSent.delete(policyId);
        this.endorsedAt.delete(policyId);
      }
    });
  }

  /**
   * A person's access changed: each of their streams for which `stillAllowed` is false gets an
   * `access` event and is ended (the browser's EventSource then asks again and is refused).
   */
  accessChanged(userId: string, stillAllowed: (owner: StreamOwner) => boolean): void {
    const streams = this.byUser.get(userId);
    if (!streams) return;
    for (const [response, owner] of [...streams]) {
      let allowed = false;
      try {
        allowed = stillAllowed(owner);
      } catch (error) {
        // Storage cannot be read: keep the stream; the next change tells again.
        this.logger.warn('events.reauth_failed', { policy: owner.policyId, user: userId, error });
        continue;
      }
      if (allowed) continue;
      streams.delete(response);
      this.send(response, POLICY_EVENTS.access, { message: AccessChanged.reason } satisfies AccessEvent);
      response.end();
      this.logger.info('events.access_ended', { policy: owner.policyId, user: userId });
    }
    if (streams.size === 0) this.byUser.delete(userId);
  }

  /**
   * After edits were stored: whether they could have changed what anyone is shown is asked at
   * once (`SignoffService.editsMayChangeState`, a few look-ups: typing in sections nobody signed
   * changes nothing); only then is the state computed, once per burst, after a short delay, for
   * the stream and the list's summary. Typing in unsigned sections starts no timer at all.
   */
  documentChanged(policyId: string): void {
    if (this.timers.has(policyId)) return;
    let mayChange = true;
    try {
      mayChange = this.signoffs.editsMayChangeState(policyId);
    } catch {
      // Storage cannot be read now: the check below tries again after the delay and logs it.
    }
    if (!mayChange) return;
    this.timers.set(
      policyId,
      setTimeout(() => {
        this.timers.delete(policyId);
        try {
          // The state below covers every edit of the burst, so their changes are taken with it.
          this.signoffs.editsMayChangeState(policyId);
          // Edits never endorse anything (only sign-off actions do); they only change what people see.
          const state = this.signoffs.state(policyId);
          // An edit that ends (or, undone, brings back) an endorsement is said in the audit trail.
          this.signoffs.recordEndorsementChange(policyId, state);
          // Whoever signed a section that changed is told (once per sign-off); a failure there never holds up the live status.
          try {
            this.signoffs.noticeStaleSignoffs(policyId, state);
          } catch (error) {
            this.logger.warn('events.stale_notice_failed', { policy: policyId, error });
          }
          if (this.subscribers.has(policyId)) this.publish(policyId, true, state);
        } catch (error) {
          this.logger.warn('events.check_failed', { policy: policyId, error });
        }
      }, this.editDelayMs),
    );
  }

  /** Something changed in one of the policy's comment threads: everyone with the policy open fetches the threads again. */
  threadsChanged(policyId: string, event: ThreadsEvent): void {
    const set = this.subscribers.get(policyId);
    if (!set) return;
    const data = JSON.stringify({ threadId: event.threadId, change: event.change } satisfies ThreadsEvent);
    for (const response of set) response.write(frame(POLICY_EVENTS.threads, data));
  }

  /** When the policy was last endorsed; `fresh` reads it from storage again. */
  private lastEndorsedAt(policyId: string, fresh: boolean): string | null {
    if (!fresh && this.endorsedAt.has(policyId)) return this.endorsedAt.get(policyId) ?? null;
    const at = this.signoffs.lastEndorsed(policyId)?.at ?? null;
    this.endorsedAt.set(policyId, at);
    return at;
  }

  private publish(policyId: string, onlyIfChanged = false, state?: PolicyState): void {
    const set = this.subscribers.get(policyId);
    if (!set || set.size === 0) return;
    // A sign-off action (not onlyIfChanged) is the only thing that can store an endorsed version.
    const payload = presentPolicyStatus(state ?? this.signoffs.state(policyId), this.lastEndorsedAt(policyId, !onlyIfChanged));
    const key = JSON.stringify([
      payload.status,
      payload.confirmations,
      payload.sections.map((section) => [section.id, section.owner, section.approvers, section.status, section.signoffs.map((signoff) => [signoff.department, signoff.valid, signoff.at])]),
    ]);
    if (onlyIfChanged && this.lastSent.get(policyId) === key) return;
    this.lastSent.set(policyId, key);
    const data = JSON.stringify(payload);
    for (const response of set) response.write(frame(POLICY_EVENTS.status, data));
  }

  private send(response: Response, event: typeof POLICY_EVENTS.status, payload: StatusEvent): void;
  private send(response: Response, event: typeof POLICY_EVENTS.access, payload: AccessEvent): void;
  private send(response: Response, event: PolicyEventName, payload: StatusEvent | AccessEvent): void {
    response.write(frame(event, JSON.stringify(payload)));
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const set of this.subscribers.values()) for (const response of set) response.end();
    this.subscribers.clear();
  }
}

/** One server-sent event: its name, then its JSON payload on one data line. */
function frame(event: PolicyEventName, data: string): string {
  return `event: ${event}\ndata: ${data}\n\n`;
}
