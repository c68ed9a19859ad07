import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';

/** Bars that can stay at the top of the window over the text: the app header, the policy tool row, the formatting toolbar and the phone's Sections bar. */
const TOP_BARS = '.app-header, .policy-toolbar, .formatting-toolbar, .outline-bar';

/** Room kept between the caret and a bar, so the line being typed is never half under one. */
const CARET_GAP_PX = 12;

function stuck(element: Element): boolean {
  const { position } = getComputedStyle(element);
  return position === 'sticky' || position === 'fixed';
}

/** How much of the top of the window sticky bars cover now (0 when none is stuck there). */
export function stuckHeight(): number {
  let bottom = 0;
  for (const bar of document.querySelectorAll<HTMLElement>(TOP_BARS)) {
    if (stuck(bar)) bottom = Math.max(bottom, bar.getBoundingClientRect().bottom);
  }
  return bottom;
}

/**
 * How much of the bottom of the window the bar of `section` covers: on a phone a section's
 * actions (reading level, sign-off) stick to the bottom edge while it is in view.
 */
function coveredBelow(section: Element | null | undefined): number {
  const bar = section?.querySelector(':scope > .section-actions, :scope > .section-meta > .section-actions');
  if (!bar || !stuck(bar)) return 0;
  const { top, bottom } = bar.getBoundingClientRect();
  const height = document.documentElement.clientHeight;
  return top < height && bottom >= height - 1 ? height - top : 0;
}

/**
 * Keeps the caret clear of the bars that stay on screen. ProseMirror scrolls the caret into the
 * window, not out from under the sticky header and toolbars over it: arrowing up or typing on
 * the top line left it hidden behind them (on a phone, behind the section's sign-off bar at the
 * bottom too). Before the editor's own scroll, this scrolls the window just enough; the editor
 * then finds the caret in view and only does what else it needs (a wide table scrolled sideways).
 */
export function keepCaretClearOfBars(view: EditorView): void {
  const head = view.state.selection.head;
  let caret: { top: number; bottom: number };
  try {
    caret = view.coordsAtPos(head);
  } catch {
    return;
  }
  const top = stuckHeight() + CARET_GAP_PX;
  const { node } = view.domAtPos(head);
  const element = node instanceof Element ? node : node.parentElement;
  const bottom = document.documentElement.clientHeight - coveredBelow(element?.closest('.policy-section')) - CARET_GAP_PX;
  if (bottom - top < caret.bottom - caret.top) return;
  if (caret.top < top) window.scrollBy({ top: caret.top - top, behavior: 'instant' });
  else if (caret.bottom > bottom) window.scrollBy({ top: caret.bottom - bottom, behavior: 'instant' });
}

export const StickyBarsMargin = Extension.create({
  name: 'stickyBarsMargin',

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('stickyBarsMargin'),
        props: {
          handleScrollToSelection: (view) => {
            keepCaretClearOfBars(view);
            // The editor's own scroll still runs: it finds the caret in view now.
            return false;
          },
        },
      }),
    ];
  },
});
