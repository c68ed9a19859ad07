import type { SqliteDatabase } from '../storage/database';
import type { AccountService } from './accounts';
import { AccountError } from './accounts';
import { digestSecret } from './secretDigest';

/** How often a session's "last seen" is written at most: once a minute is all the list shows. */
export const LAST_SEEN_RESOLUTION_MS = 60_000;


/**
 * The short handle the list shows for a session: derived from the stored hash, so it names the
 * session without being (or revealing) anything that signs in.
 */
export function sessionHandle(idHash: string): string {
  return digestSecret(`session-handle:${idHash}`).slice(0, 16);
}

/** A browser and system in words, from a User-Agent header: "Chrome on Windows", "Safari on iPhone". */
export function deviceInWords(userAgent: string | null | undefined): string {
  const agent = userAgent ?? '';
  if (!agent.trim()) return 'An unknown device';
  const browser = /Edg(e|A|iOS)?\//.test(agent)
    ? 'Edge'
    : /OPR\/|Opera/.test(agent)
      ? 'Opera'
      : /Firefox\/|FxiOS\//.test(agent)
        ? 'Firefox'
        : /SamsungBrowser\//.test(agent)
          ? 'Samsung Internet'
          : /HeadlessChrome\//.test(agent)
            ? 'Headless Chrome'
            : /Chrome\/|CriOS\/|Chromium\//.test(agent)
              ? 'Chrome'
              : /Safari\//.test(agent) && /Version\//.test(agent)
                ? 'Safari'
                : /^curl\//.test(agent)
                  ? 'curl'
                  : /^node|undici/i.test(agent)
                    ? 'A script'
                    : null;
  const system = /iPhone/.test(agent)
    ? 'iPhone'
    : /iPad/.test(agent)
      ? 'iPad'
      : /Android/.test(agent)
        ? 'Android'
        : /Windows/.test(agent)
          ? 'Windows'
          : /CrOS/.test(agent)
            ? 'ChromeOS'
            : /Mac OS X|Macintosh/.test(agent)
              ? 'macOS'
              : /Linux/.test(agent)
                ? 'Linux'
                : null;
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? (system ? `A browser on ${system}` : 'An unknown device');
}

interface SessionRow {
  id_hash: string;
  created_at: number;
  last_seen_at: number | null;
  user_agent: string | null;
}

/** A session as the person's list shows it. */
export interface SessionSummary {
  id: string;
  createdAt: number;
  lastSeenAt: number;
  device: string;
  current: boolean;
}

/**
 * The person's own sessions: when each was last used, the list, and ending them. Ending tells
 * the account service's listeners, so open editors and event streams close as at sign-out.
 */
export class SessionService {
  /** When this process last wrote each session's last_seen_at, so most requests write nothing. */
  private readonly touched = new Map<string, number>();
  private readonly touchRow;
  private readonly lastSeen;
  private readonly rows;
  private readonly deleteOne;
  private readonly deleteOthers;
  private readonly deleteAll;

  constructor(
    db: SqliteDatabase,
    private readonly accounts: AccountService,
  ) {
    this.touchRow = db.prepare<[number, string]>('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?');
    this.lastSeen = db.prepare<[string], { last_seen_at: number | null; created_at: number }>('SELECT last_seen_at, created_at FROM sessions WHERE id_hash = ?');
    this.rows = db.prepare<[string, number], SessionRow>('SELECT id_hash, created_at, last_seen_at, user_agent FROM sessions WHERE user_id = ? AND expires_at > ? ORDER BY COALESCE(last_seen_at, created_at) DESC, created_at DESC');
    this.deleteOne = db.prepare<[string, string]>('DELETE FROM sessions WHERE user_id = ? AND id_hash = ?');
    this.deleteOthers = db.prepare<[string, string]>('DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?');
    this.deleteAll = db.prepare<[string]>('DELETE FROM sessions WHERE user_id = ?');
  }

  private now(): number {
    return this.accounts.clock.now();
  }

  /**
   * Notes that a session was used; writes at most once a minute per session. Takes the hash the
   * session is stored under (`request.sessionIdHash`), which the request's lookup computed already.
   */
  touch(idHash: string | undefined): void {
    if (!idHash) return;
    const now = this.now();
    let last = this.touched.get(idHash);
    if (last === undefined) {
      const row = this.lastSeen.get(idHash);
      if (!row) return;
      last = row.last_seen_at ?? row.created_at;
      if (this.touched.size > 10_000) this.touched.clear();
      this.touched.set(idHash, last);
    }
    if (now - last < LAST_SEEN_RESOLUTION_MS) return;
    this.touched.set(idHash, now);
    this.touchRow.run(now, idHash);
  }

  /** The person's live sessions, most recently used first; `current` marks `currentSessionId`'s. */
  list(userId: string, currentSessionId: string | undefined): SessionSummary[] {
    const currentHash = currentSessionId ? digestSecret(currentSessionId) : null;
    return this.rows.all(userId, this.now()).map((row) => ({
      id: sessionHandle(row.id_hash),
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at ?? row.created_at,
      device: deviceInWords(row.user_agent),
      current: row.id_hash === currentHash,
    }));
  }

  /** Ends every session of the person but `keepSessionId`'s; returns how many ended. */
  endOthers(userId: string, keepSessionId: string): number {
    const ended = this.deleteOthers.run(userId, digestSecret(keepSessionId)).changes;
    if (ended > 0) this.accounts.sessionsEnded(userId);
    return ended;
  }

  /** Ends every session of the person (a password reset); returns how many ended. */
  endAll(userId: string): number {
    const ended = this.deleteAll.run(userId).changes;
    this.accounts.sessionsEnded(userId);
    return ended;
  }

  /** Ends the person's session with this handle; 404 when none of theirs has it. */
  endByHandle(userId: string, handle: string): void {
    const row = this.rows.all(userId, this.now()).find((candidate) => sessionHandle(candidate.id_hash) === handle);
    if (!row) throw new AccountError(404, 'None of your sessions has this id. It may have ended already; reload the list.');
    this.deleteOne.run(userId, row.id_hash);
    this.accounts.sessionsEnded(userId);
  }
}
