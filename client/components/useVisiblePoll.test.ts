import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startVisiblePoll, type PollPage } from './useVisiblePoll';

/** A page whose visibility the test sets, with real event targets. */
function testPage() {
  const documentTarget = new EventTarget();
  const state = { visibilityState: 'visible' as DocumentVisibilityState };
  const page = {
    document: Object.defineProperty(documentTarget, 'visibilityState', { get: () => state.visibilityState }),
    window: new EventTarget(),
  } as unknown as PollPage;
  const show = (visibility: DocumentVisibilityState) => {
    state.visibilityState = visibility;
    documentTarget.dispatchEvent(new Event('visibilitychange'));
  };
  const focus = () => (page.window as unknown as EventTarget).dispatchEvent(new Event('focus'));
  return { page, show, focus };
}

describe('startVisiblePoll', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('polls while visible, not at all while hidden, and loads once when shown again', () => {
    const { page, show } = testPage();
    const load = vi.fn();
    const stop = startVisiblePoll(load, 15_000, { page });
    expect(load).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(30_000);
    expect(load).toHaveBeenCalledTimes(3);

    show('hidden');
    vi.advanceTimersByTime(10 * 60_000);
    expect(load).toHaveBeenCalledTimes(3);
    expect(vi.getTimerCount()).toBe(0);

    show('visible');
    expect(load).toHaveBeenCalledTimes(4);
    // Polling goes on from the refresh, not from the old timer.
    vi.advanceTimersByTime(14_999);
    expect(load).toHaveBeenCalledTimes(4);
    vi.advanceTimersByTime(1);
    expect(load).toHaveBeenCalledTimes(5);

    // A second "visible" (some browsers repeat it) does not load or start a second timer.
    show('visible');
    expect(load).toHaveBeenCalledTimes(5);
    expect(vi.getTimerCount()).toBe(1);

    stop();
    vi.advanceTimersByTime(60_000);
    show('hidden');
    show('visible');
    expect(load).toHaveBeenCalledTimes(5);
  });

  it('starts paused in a hidden tab', () => {
    const { page, show } = testPage();
    show('hidden');
    const load = vi.fn();
    startVisiblePoll(load, 1_000, { page });
    vi.advanceTimersByTime(10_000);
    expect(load).toHaveBeenCalledTimes(1);
    show('visible');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('loads on focus when asked, but not right after the tab was shown', () => {
    const { page, show, focus } = testPage();
    const load = vi.fn();
    const stop = startVisiblePoll(load, 30_000, { page, onFocus: true });
    // Right after a load: news may have come since, so focus asks again.
    focus();
    expect(load).toHaveBeenCalledTimes(2);
    show('hidden');
    vi.advanceTimersByTime(5_000);
    show('visible');
    focus();
    expect(load).toHaveBeenCalledTimes(3);
    vi.advanceTimersByTime(1_000);
    focus();
    expect(load).toHaveBeenCalledTimes(4);
    stop();
    focus();
    expect(load).toHaveBeenCalledTimes(4);
  });
});
