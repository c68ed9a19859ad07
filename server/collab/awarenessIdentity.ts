import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { AWARENESS_BURST, AWARENESS_RATE_PER_SECOND, MAX_AWARENESS_IDS_PER_CONNECTION, MAX_AWARENESS_STATE_BYTES } from '../../shared/limits';

/** What the server knows about the person behind a connection, shown at their caret. */
export interface Identity {
  name: string;
  color: string;
  department?: string;
}

/** Bounds on what one connection may put into a room's presence. */
export interface AwarenessBounds {
  /** Client ids the connection already holds states for. */
  owned: ReadonlySet<number>;
  /** Most client ids one connection may hold. */
  maxIds?: number;
  /** Largest encoded state (bytes of its JSON). */
  maxStateBytes?: number;
}

/** What a sanitized update kept, and how many states it dropped for which reason. */
export interface SanitizedAwareness {
  update: Uint8Array;
  /** States kept. */
  kept: number;
  /** States dropped: for an id another connection holds, past the id limit, or too large. */
  dropped: { foreign: number; tooManyIds: number; tooLarge: number };
}

const utf8 = new TextDecoder();

/**
 * Rewrites an encoded awareness update from one connection: every state's `user` field becomes
 * the connection's real identity (when it has one), so nobody can appear at a caret as somebody
 * else, and states for client ids that `mayWrite` refuses (ids another connection announced) are
 * dropped, so nobody can move or hide another person's caret. With `bounds`, states past the
 * connection's id limit and states larger than the size limit are dropped too (before they are
 * parsed), so presence cannot be used to fill the server's memory or every newcomer's download.
 * Throws on a malformed update (the caller closes the connection).
 */
export function sanitizeAwarenessUpdate(
  update: Uint8Array,
  identity: Identity | null,
  mayWrite: (clientId: number) => boolean,
  bounds?: AwarenessBounds,
): SanitizedAwareness {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const kept: { clientId: number; clock: number; state: string }[] = [];
  const dropped = { foreign: 0, tooManyIds: 0, tooLarge: 0 };
  const owned = new Set(bounds?.owned ?? []);
  const maxIds = bounds?.maxIds ?? MAX_AWARENESS_IDS_PER_CONNECTION;
  const maxStateBytes = bounds?.maxStateBytes ?? MAX_AWARENESS_STATE_BYTES;
  for (let index = 0; index < count; index += 1) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    // A state is a var-length UTF-8 string: read its bytes first, so an oversized one is never parsed.
    const bytes = decoding.readVarUint8Array(decoder);
    if (bounds && bytes.byteLength > maxStateBytes) {
      dropped.tooLarge += 1;
      continue;
    }
    const state: unknown = JSON.parse(utf8.decode(bytes));
    if (!mayWrite(clientId)) {
      dropped.foreign += 1;
      continue;
    }
    if (bounds && !owned.has(clientId)) {
      // Removing a state nobody announced changes nothing; a new id must fit under the limit.
      if (state === null || owned.size >= maxIds) {
        if (state !== null) dropped.tooManyIds += 1;
        continue;
      }
      owned.add(clientId);
    }
    const rewritten = identity && state !== null && typeof state === 'object' ? { ...(state as Record<string, unknown>), user: { ...identity } } : state;
    kept.push({ clientId, clock, state: JSON.stringify(rewritten) });
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after awareness update');
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const entry of kept) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return { update: encoding.toUint8Array(encoder), kept: kept.length, dropped };
}

/** How often dropped presence is logged per connection (ms): once a minute, however much is dropped. */
const DROP_LOG_INTERVAL_MS = 60_000;

/**
 * One connection's presence budget: a token bucket of awareness messages (AWARENESS_RATE_PER_SECOND,
 * bursts of AWARENESS_BURST) and when its drops were last logged.
 */
export class AwarenessBudget {
  private tokens: number;
  private refilledAt: number;
  private loggedAt = -Infinity;
  /** Dropped since the last log line. */
  private droppedSinceLog = 0;

  constructor(
    private readonly ratePerSecond = AWARENESS_RATE_PER_SECOND,
    private readonly burst = AWARENESS_BURST,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.refilledAt = now();
  }

  /** Whether one more awareness message may be handled now. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.ratePerSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Counts dropped states; returns how many to log now (once per minute), or 0 to stay quiet. */
  dropped(count: number): number {
    this.droppedSinceLog += count;
    const now = this.now();
    if (now - this.loggedAt < DROP_LOG_INTERVAL_MS) return 0;
    this.loggedAt = now;
    const total = this.droppedSinceLog;
    this.droppedSinceLog = 0;
    return total;
  }
}
