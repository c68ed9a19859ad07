import type { Editor } from '@tiptap/core';
import { useCallback, useSyncExternalStore } from 'react';

/**
 * Which section the caret is in, for the one or two section views that care when it moves: a
 * change notifies only when the caret enters another section (never per key press), and each
 * view re-renders only when its own answer changes.
 */
export class CaretSection {
  private id: string | null = null;
  private readonly listeners = new Set<() => void>();

  get current(): string | null {
    return this.id;
  }

  set(id: string | null): void {
    if (id === this.id) return;
    this.id = id;
    for (const listener of this.listeners) listener();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * Follows `editor`: the section holding the caret while the editor has focus, none once focus
   * goes elsewhere on the page (the formatting toolbar still counts as the editor). Returns the
   * function that stops following.
   */
  follow(editor: Editor): () => void {
    const read = () => {
      const { $head } = editor.state.selection;
      const top = $head.depth >= 1 ? $head.node(1) : null;
      this.set(editor.isFocused && top?.type.name === 'policySection' ? String(top.attrs.id) : null);
    };
    const blurred = ({ event }: { event: FocusEvent }) => {
      if (event.relatedTarget instanceof Element && event.relatedTarget.closest('.formatting-toolbar')) return;
      this.set(null);
    };
    editor.on('selectionUpdate', read);
    editor.on('focus', read);
    editor.on('blur', blurred);
    return () => {
      editor.off('selectionUpdate', read);
      editor.off('focus', read);
      editor.off('blur', blurred);
      this.set(null);
    };
  }
}

/** Whether the caret is in section `id`. */
export function useCaretIn(store: CaretSection, id: string): boolean {
  return useSyncExternalStore(store.subscribe, useCallback(() => store.current === id, [store, id]));
}
