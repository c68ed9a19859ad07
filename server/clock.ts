/**
 * Where time-dependent server code reads the time and waits: session and invite expiry, sign-in
 * delays and budgets. Tests pass a manual clock (`test/support/manualClock.ts`) and move it
 * forward instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch, like `Date.now()`. */
  now(): number;
  /**
   * Calls `callback` once `ms` have passed on this clock; returns a function that cancels it.
   * The timer does not keep the process alive.
   */
  setTimer(ms: number, callback: () => void): () => void;
}

/** The real time. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, callback) {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};
