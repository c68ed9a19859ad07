/** How long, at most, work waits for the browser to be idle: live views must follow typing within 300 ms. */
export const IDLE_TIMEOUT_MS = 120;

export interface IdleDeadline {
  timeRemaining(): number;
  readonly didTimeout: boolean;
}

/**
 * Runs `task` when the browser is idle, at the latest after `timeout` ms; a plain timer where
 * `requestIdleCallback` is missing (Safari). Returns a cancel function.
 */
export function whenIdle(task: (deadline: IdleDeadline) => void, timeout = IDLE_TIMEOUT_MS): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(task, { timeout });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(() => {
    const started = Date.now();
    task({ timeRemaining: () => Math.max(0, 10 - (Date.now() - started)), didTimeout: true });
  }, 16);
  return () => clearTimeout(handle);
}
