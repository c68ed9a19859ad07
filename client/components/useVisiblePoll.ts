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

/** A focus this soon after the tab was shown is the same return to the page: it loads nothing more. */
const FOCUS_AFTER_SHOWN_MS = 1_000;

/**
 * Calls `load` now, then every `intervalMs` while the page is visible. A hidden tab asks
 * nothing: the timer stops, and the page loads once when it is shown again, then polls on from
 * there. Returns the function that stops it all.
 */
export function startVisiblePoll(load: () => void, intervalMs: number, options: VisiblePollOptions = {}): () => void {
  const page = options.page ?? { document, window };
  let timer: ReturnType<typeof setInterval> | undefined;
  let shownAt = -Infinity;
  const start = () => {
    if (timer === undefined) timer = setInterval(load, intervalMs);
  };
  const stop = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };
  const onVisibility = () => {
    if (page.document.visibilityState === 'hidden') return stop();
    if (timer !== undefined) return;
    shownAt = Date.now();
    load();
    start();
  };
  const onFocus = () => {
    if (Date.now() - shownAt >= FOCUS_AFTER_SHOWN_MS) load();
  };
  load();
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
