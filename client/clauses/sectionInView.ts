import type { Editor } from '@tiptap/core';

/**
 * The section the person is working in: the one holding the caret when the editor has focus
 * or a caret, otherwise the first section whose heading is on screen.
 */
export function sectionInView(editor: Editor | null): string | null {
  if (editor) {
    const { $from } = editor.state.selection;
    for (let depth = $from.depth; depth > 0; depth -= 1) {
      const node = $from.node(depth);
      if (node.type.name === 'policySection' && typeof node.attrs.id === 'string') return node.attrs.id;
    }
  }
  for (const element of document.querySelectorAll<HTMLElement>('[data-section-id]')) {
    const box = element.getBoundingClientRect();
    if (box.bottom > 120 && box.top < window.innerHeight) return element.dataset.sectionId ?? null;
  }
  return null;
}
