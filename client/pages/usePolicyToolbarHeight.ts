import { useCallback, useEffect, useRef } from 'react';

/**
 * Keeps `--policy-toolbar-height` on the page equal to the policy tool bar's height. The bar is
 * one row or two, depending on the screen and the title; what sticks under it (the outline, the
 * formatting toolbar, the comments panel) starts at `--toolbar-top`, which adds this to the
 * header's height, so none of it hides behind a bar that grew. Returns the ref for the bar.
 */
export function usePolicyToolbarHeight(): (element: HTMLElement | null) => void {
  const observer = useRef<ResizeObserver | null>(null);
  const root = document.documentElement;
  const measure = useCallback(
    (element: HTMLElement | null) => {
      observer.current?.disconnect();
      observer.current = null;
      if (!element || typeof ResizeObserver === 'undefined') return;
      observer.current = new ResizeObserver(() => root.style.setProperty('--policy-toolbar-height', `${Math.ceil(element.getBoundingClientRect().height)}px`));
      observer.current.observe(element);
    },
    [root],
  );
  useEffect(
    () => () => {
      observer.current?.disconnect();
      root.style.removeProperty('--policy-toolbar-height');
    },
    [root],
  );
  return measure;
}
