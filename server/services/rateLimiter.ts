import { systemClock, type Clock } from '../clock';

/**
 * Sign-in limits, after OWASP's authentication guidance: slow down guessing without letting
 * anyone lock another person out.
 *
 * - An attempt is counted as a failure *before* its password is checked, and forgiven when the
 *   password was right, so concurrent attempts cannot all slip through before the count rises.
 * - At most one password check runs per account at a time; attempts from other addresses wait
 *   their turn briefly. One address has at most one attempt in progress per account.
 * - Failures of one (account, address) pair delay that pair only: the first `freeFailures` cost
 *   nothing, then 1 s, 2 s, 4 s … up to `maxDelayMs`. The right password from another address is
 *   never refused because of them.
 * - Each address has a budget of failures per window (all accounts together), which protects the
 *   server from one source trying many accounts.
 */
export interface SignInLimits {
  /** Failures one address may have within the window, across all accounts and sign-ups. */
  perIp: number;
  windowMs: number;
  /** Failures of an (account, address) pair before delays start. */
  freeFailures: number;
  /** First delay; each further failure doubles it. */
  delayMs: number;
  maxDelayMs: number;
  /** How long an attempt waits while another password check of the same account runs. */
  maxWaitMs: number;
  /** Attempts that may wait for one account at once; more are told to try again. */
  maxWaiting: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  perIp: 100,
  windowMs: 15 * 60_000,
  freeFailures: 2,
  delayMs: 1_000,
  maxDelayMs: 60_000,
  maxWaitMs: 5_000,
  maxWaiting: 16,
};

export interface Refusal {
  /** `delay`: this account from this address must wait; `budget`: this address failed too often; `busy`: too many attempts at once. */
  reason: 'delay' | 'budget' | 'busy';
  retryAfterMs: number;
}

export type AttemptResult<T> = { ok: true; value: T } | { ok: false; wrong: true } | { ok: false; wrong: false; refusal: Refusal };

interface PairRecord {
  failures: number;
  lastFailureAt: number;
  inProgress: boolean;
}

interface AccountLock {
  waiting: (() => void)[];
}

/** Entries kept at most per map; past it, the least recently failed tenth is forgotten. */
const MAX_ENTRIES = 100_000;

export class SignInLimiter {
  readonly limits: SignInLimits;
  private readonly addresses = new Map<string, number[]>();
  private readonly pairs = new Map<string, PairRecord>();
  private readonly locks = new Map<string, AccountLock>();

  constructor(
    limits: Partial<SignInLimits> = {},
    private readonly clock: Clock = systemClock,
  ) {
    this.limits = { ...DEFAULT_SIGN_IN_LIMITS, ...limits };
  }

  private now(): number {
    return this.clock.now();
  }

  /** Why this address may not try anything now, or null. */
  addressRefusal(address: string): Refusal | null {
    const recent = this.recentFailures(address);
    if (recent.length < this.limits.perIp) return null;
    const oldestThatCounts = recent[recent.length - this.limits.perIp]!;
    return { reason: 'budget', retryAfterMs: Math.max(1, oldestThatCounts + this.limits.windowMs - this.now()) };
  }

  /** Counts a failure of an address that is not a password check (a sign-up with a bad invite or setup token). */
  recordFailure(address: string): void {
    this.pushAddressFailure(address, this.now());
  }

  /**
   * One password check for `account` from `address`, under the rules above. `check` resolves with
   * the account when the password is right and null when it is wrong.
   */
  async attempt<T>(account: string, address: string, check: () => Promise<T | null>): Promise<AttemptResult<T>> {
    const budget = this.addressRefusal(address);
    if (budget) return { ok: false, wrong: false, refusal: budget };
    const key = `${account}\n${address}`;
    const pair = this.currentPair(key);
    if (pair.inProgress) return { ok: false, wrong: false, refusal: { reason: 'busy', retryAfterMs: 1_000 } };
    const wait = pair.failures > 0 ? pair.lastFailureAt + this.delayAfter(pair.failures) - this.now() : 0;
    if (wait > 0) return { ok: false, wrong: false, refusal: { reason: 'delay', retryAfterMs: wait } };

    // Count first, forgive later: a burst sees the failure before any password is checked.
    const before = { failures: pair.failures, lastFailureAt: pair.lastFailureAt };
    const countedAt = this.now();
    pair.failures += 1;
    pair.lastFailureAt = countedAt;
    pair.inProgress = true;
    // Re-inserted, so the maps stay ordered from least to most recently failed (see prune).
    this.pairs.delete(key);
    this.pairs.set(key, pair);
    this.pushAddressFailure(address, countedAt);
    const forgive = () => {
      this.removeAddressFailure(address, countedAt);
      pair.failures = before.failures;
      pair.lastFailureAt = before.lastFailureAt;
    };

    let acquired = false;
    try {
      acquired = await this.acquire(account);
      if (!acquired) {
        forgive();
        return { ok: false, wrong: false, refusal: { reason: 'busy', retryAfterMs: 1_000 } };
      }
      let value: T | null;
      try {
        value = await check();
      } catch (error) {
        forgive(); // the check itself failed (storage): not the person's mistake
        throw error;
      }
      if (value === null) {
        pair.lastFailureAt = this.now();
        return { ok: false, wrong: true };
      }
      this.removeAddressFailure(address, countedAt);
      this.pairs.delete(key);
      return { ok: true, value };
    } finally {
      pair.inProgress = false;
      if (pair.failures === 0) this.pairs.delete(key);
      if (acquired) this.release(account);
    }
  }

  /** The delay a pair must wait after its nth failure. */
  delayAfter(failures: number): number {
    const { freeFailures, delayMs, maxDelayMs } = this.limits;
    if (failures <= freeFailures) return 0;
    return Math.min(maxDelayMs, delayMs * 2 ** Math.min(30, failures - freeFailures - 1));
  }

  private currentPair(key: string): PairRecord {
    const pair = this.pairs.get(key);
    if (!pair) return { failures: 0, lastFailureAt: 0, inProgress: false };
    // A pair that has been quiet for a whole window starts afresh.
    if (!pair.inProgress && this.now() - pair.lastFailureAt > this.limits.windowMs) {
      this.pairs.delete(key);
      return { failures: 0, lastFailureAt: 0, inProgress: false };
    }
    return pair;
  }

  private acquire(account: string): Promise<boolean> {
    const lock = this.locks.get(account);
    if (!lock) {
      this.locks.set(account, { waiting: [] });
      return Promise.resolve(true);
    }
    if (lock.waiting.length >= this.limits.maxWaiting) return Promise.resolve(false);
    // Real time, not the clock's: this bounds how long a request is held open while another check runs.
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        const index = lock.waiting.indexOf(wake);
        if (index >= 0) lock.waiting.splice(index, 1);
        resolve(false);
      }, this.limits.maxWaitMs);
      lock.waiting.push(wake);
    });
  }

  /** Hands the account's turn to the next waiting attempt, or frees it. */
  private release(account: string): void {
    const lock = this.locks.get(account);
    const next = lock?.waiting.shift();
    if (next) next();
    else this.locks.delete(account);
  }

  private recentFailures(address: string): number[] {
    const times = this.addresses.get(address);
    if (!times) return [];
    const cutoff = this.now() - this.limits.windowMs;
    let expired = 0;
    while (expired < times.length && times[expired]! <= cutoff) expired += 1;
    if (expired > 0) times.splice(0, expired);
    if (times.length === 0) this.addresses.delete(address);
    return times;
  }

  private pushAddressFailure(address: string, at: number): void {
    const times = this.recentFailures(address);
    times.push(at);
    // Only the newest `perIp` matter for the budget; keep no more.
    if (times.length > this.limits.perIp) times.splice(0, times.length - this.limits.perIp);
    this.addresses.delete(address);
    this.addresses.set(address, times);
    if (this.addresses.size > MAX_ENTRIES || this.pairs.size > MAX_ENTRIES) this.prune();
  }

  private removeAddressFailure(address: string, at: number): void {
    const times = this.addresses.get(address);
    if (!times) return;
    const index = times.lastIndexOf(at);
    if (index >= 0) times.splice(index, 1);
    if (times.length === 0) this.addresses.delete(address);
  }

  /**
   * Forgets the least recently failed tenth of a map that grew too large (a flood of fresh
   * addresses or accounts). Both maps are kept in that order, so this looks at only what it
   * removes and never holds the event loop for long.
   */
  private prune(): void {
    for (const [address] of this.addresses) {
      if (this.addresses.size <= MAX_ENTRIES * 0.9) break;
      this.addresses.delete(address);
    }
    for (const [key, pair] of this.pairs) {
      if (this.pairs.size <= MAX_ENTRIES * 0.9) break;
      if (!pair.inProgress) this.pairs.delete(key);
    }
  }
}

/** "3 seconds", "1 minute": how long to wait, in words. */
export function waitInWords(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
