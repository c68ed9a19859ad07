import { useEffect, useRef } from 'react';

/** What a poll needs of the page: whether it is visible, and its visibility and focus events. */
export interface PollPage {
  document: Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>;
  window: Pick<Window, 'addEventListener' | 'removeEventListener'>;
}

export interface VisiblePollOptions {
  /** Also load when the window gets focus (a window beside another can be visible and stale). */
  onFocus?: boolean;
  /** The page to watch; the browser's by default (tests pass their own). */
  page?: PollPage;
}

/** A focus that follows a load this closely (the tab was shown and focused at once) loads nothing more. */
const FOCUS_AFTER_LOAD_MS = 1_000;

/**
 * Calls `load` now, then every `intervalMs` while the page is visible. A hidden tab asks
 * nothing: the timer stops, and the page loads once when it is shown again, then polls on from
 * there. Returns the function that stops it all.
 */
export function startVisiblePoll(load: () => void, intervalMs: number, options: VisiblePollOptions = {}): () => void {
  const page = options.page ?? { document, window };
  let timer: ReturnType<typeof setInterval> | undefined;
  let lastLoad = -Infinity;
  const run = () => {
    lastLoad = Date.now();
    load();
  };
  const start = () => {
    if (timer === undefined) timer = setInterval(run, intervalMs);
  };
  const stop = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };
  const onVisibility = () => {
    if (page.document.visibilityState === 'hidden') return stop();
    if (timer !== undefined) return;
    run();
    start();
  };
  const onFocus = () => {
    if (Date.now() - lastLoad >= FOCUS_AFTER_LOAD_MS) run();
  };
  run();
  if (page.document.visibilityState !== 'hidden') start();
  page.document.addEventListener('visibilitychange', onVisibility);
  if (options.onFocus) page.window.addEventListener('focus', onFocus);
  return () => {
    stop();
    page.document.removeEventListener('visibilitychange', onVisibility);
    if (options.onFocus) page.window.removeEventListener('focus', onFocus);
  };
}

/**
 * `startVisiblePoll` for a component: polls while mounted, with the latest `load` (a new
 * function each render does not restart the timer).
 */
export function useVisiblePoll(load: () => void, intervalMs: number, options: { onFocus?: boolean } = {}): void {
  const latest = useRef(load);
  latest.current = load;
  const { onFocus = false } = options;
  useEffect(() => startVisiblePoll(() => latest.current(), intervalMs, { onFocus }), [intervalMs, onFocus]);
}
