import { useCallback, useRef } from 'react';

/**
 * Marks a row that scrolls sideways with where more of it is hidden: `data-more` on the element
 * is "start", "end", "start end" or absent. The stylesheet fades the row's hidden side, so a phone
 * user sees that the row goes on (a button cut at the edge alone reads as a layout fault).
 * Returns the callback ref for the row.
 */
export function useScrollCue(): (element: HTMLElement | null) => void {
  const stop = useRef<(() => void) | null>(null);
  return useCallback((element: HTMLElement | null) => {
    stop.current?.();
    stop.current = null;
    if (!element) return;
    const mark = () => {
      const hidden = element.scrollWidth - element.clientWidth;
      // Scroll positions are fractional on zoomed screens: a pixel either side counts as the edge.
      const sides = hidden <= 1 ? [] : [...(element.scrollLeft > 1 ? ['start'] : []), ...(element.scrollLeft < hidden - 1 ? ['end'] : [])];
      const more = sides.join(' ');
      if (more === '') element.removeAttribute('data-more');
      else if (element.getAttribute('data-more') !== more) element.setAttribute('data-more', more);
    };
    mark();
    element.addEventListener('scroll', mark, { passive: true });
    // The row's width changes with the screen, and its content with what the tools show.
    const resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(mark);
    resize?.observe(element);
    const content = typeof MutationObserver === 'undefined' ? null : new MutationObserver(mark);
    content?.observe(element, { childList: true, subtree: true, characterData: true });
    stop.current = () => {
      element.removeEventListener('scroll', mark);
      resize?.disconnect();
      content?.disconnect();
    };
  }, []);
}
