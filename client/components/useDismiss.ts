import { useEffect, useRef, type RefObject } from 'react';

/**
 * Closes an open menu the way people expect: Escape (focus goes back to its button), a click or
 * tap outside it, and Tab moving focus out of it. `parts` are the elements that count as inside:
 * the menu's button and its panel.
 */
export function useDismiss(open: boolean, parts: readonly RefObject<HTMLElement | null>[], onDismiss: (reason: 'escape' | 'outside' | 'focus') => void): void {
  const latest = useRef(onDismiss);
  latest.current = onDismiss;
  const partsRef = useRef(parts);
  partsRef.current = parts;

  useEffect(() => {
    if (!open) return;
    const inside = (target: EventTarget | null) => target instanceof Node && partsRef.current.some((part) => part.current?.contains(target));
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      // A dialog opened from the menu handles its own Escape.
      if (document.querySelector('dialog[open]')) return;
      latest.current('escape');
    };
    const onPointer = (event: PointerEvent) => {
      if (!inside(event.target)) latest.current('outside');
    };
    // Only focus that lands somewhere else closes the menu. A click on the menu's own text moves focus
    // to nothing, or, inside the editor, to the editable element around the menu: neither counts.
    const onFocusOut = (event: FocusEvent) => {
      const next = event.relatedTarget;
      if (!inside(event.target) || !(next instanceof Node) || inside(next)) return;
      if (event.target instanceof Node && next.contains(event.target)) return;
      latest.current('focus');
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('focusout', onFocusOut);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('focusout', onFocusOut);
    };
  }, [open]);
}
