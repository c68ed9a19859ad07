import type { Editor } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { selectionPlace, ToolButton, useRovingFocus } from './Toolbar';

interface Placement {
  top: number;
  left: number;
  bold: boolean;
  italic: boolean;
  link: boolean;
  /** False in a read-only editor (commenters): only the extra actions (Comment) are offered. */
  editable: boolean;
}

const MENU_HEIGHT = 42;
const MENU_WIDTH = 132;
const GAP = 8;

/**
 * A read-only editor never holds the focus (it is not editable), so the page's selection tells
 * whether the person is selecting its text.
 */
function domSelectionInside(editor: Editor): boolean {
  const selection = document.getSelection();
  const dom = editor.view.dom;
  return !!selection && !selection.isCollapsed && !!selection.anchorNode && dom.contains(selection.anchorNode) && !!selection.focusNode && dom.contains(selection.focusNode);
}

/** Where the menu goes: above the selection, or below it when the toolbar would cover it. */
function place(editor: Editor, width: number): Placement {
  const { view, state } = editor;
  const { from, to } = state.selection;
  const start = view.coordsAtPos(from, 1);
  const end = view.coordsAtPos(to, -1);
  const toolbarBottom = document.querySelector('.formatting-toolbar')?.getBoundingClientRect().bottom ?? 0;
  let top = Math.min(start.top, end.top) - MENU_HEIGHT - GAP;
  if (top < toolbarBottom + GAP) top = Math.max(start.bottom, end.bottom) + GAP;
  const centre = start.top === end.top ? (start.left + end.left) / 2 : start.left + width / 2;
  const left = Math.min(Math.max(GAP, centre - width / 2), window.innerWidth - width - GAP);
  return { top, left, bold: editor.isActive('bold'), italic: editor.isActive('italic'), link: editor.isActive('link'), editable: editor.isEditable };
}

/**
 * A small menu next to selected text: bold, italic, link, and `extraActions` (Comment). In a
 * read-only editor (a commenter's) it shows only the extra actions, and none at all without
 * them. It measures only while text is selected; typing with nothing selected costs it one
 * comparison per transaction.
 */
export function SelectionMenu({ editor, onOpenLink, extraActions }: { editor: Editor; onOpenLink: () => void; extraActions?: ReactNode }) {
  const [placement, setPlacement] = useState<Placement | null>(null);
  const roving = useRovingFocus();
  const shown = useRef(false);
  shown.current = placement !== null;
  const hasExtras = useRef(false);
  hasExtras.current = extraActions !== undefined && extraActions !== null;

  useEffect(() => {
    let frame = 0;
    let selecting = false;
    const measure = () => {
      frame = 0;
      if (editor.isDestroyed) return;
      const { selection } = editor.state;
      const menuHasFocus = roving.ref.current?.contains(document.activeElement) ?? false;
      const visible =
        (editor.isEditable || hasExtras.current) &&
        !selecting &&
        selection instanceof TextSelection &&
        !selection.empty &&
        (editor.view.hasFocus() || menuHasFocus || (!editor.isEditable && domSelectionInside(editor))) &&
        selectionPlace(editor.state) !== 'policyTitle';
      if (!visible) {
        setPlacement(null);
        return;
      }
      const next = place(editor, roving.ref.current?.offsetWidth || MENU_WIDTH);
      setPlacement((previous) => (previous && JSON.stringify(previous) === JSON.stringify(next) ? previous : next));
    };
    const schedule = () => {
      frame ||= requestAnimationFrame(measure);
    };
    const onTransaction = () => {
      if (editor.state.selection.empty && !shown.current) return;
      schedule();
    };
    // While the mouse is still selecting the menu would jump along; it appears when the button is let go.
    const onPointerDown = () => {
      selecting = true;
      schedule();
    };
    const onPointerUp = () => {
      if (!selecting) return;
      selecting = false;
      schedule();
    };
    const onMove = () => {
      if (shown.current) schedule();
    };
    const dom = editor.view.dom;
    editor.on('transaction', onTransaction);
    editor.on('blur', schedule);
    editor.on('focus', schedule);
    dom.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('pointerup', onPointerUp);
    window.addEventListener('scroll', onMove, { capture: true, passive: true });
    window.addEventListener('resize', onMove, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      editor.off('transaction', onTransaction);
      editor.off('blur', schedule);
      editor.off('focus', schedule);
      dom.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('pointerup', onPointerUp);
      window.removeEventListener('scroll', onMove, { capture: true });
      window.removeEventListener('resize', onMove);
    };
  }, [editor, roving.ref]);

  if (!placement) return null;
  const chain = () => editor.chain().focus();
  return (
    <div
      ref={roving.ref}
      className="selection-menu"
      role="toolbar"
      aria-label="Selected text"
      style={{ top: placement.top, left: placement.left }}
      onFocus={roving.onFocus}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          editor.view.focus();
        } else roving.onKeyDown(event);
      }}
      onBlur={(event) => {
        if (!roving.ref.current?.contains(event.relatedTarget as Node | null) && !editor.view.hasFocus()) setPlacement(null);
      }}
    >
      {placement.editable && (
        <>
          <ToolButton shortcut="bold" pressed={placement.bold} enabled onRun={() => chain().toggleBold().run()}><b>B</b></ToolButton>
          <ToolButton shortcut="italic" pressed={placement.italic} enabled onRun={() => chain().toggleItalic().run()}><i>I</i></ToolButton>
          <ToolButton shortcut="link" pressed={placement.link} enabled popup onRun={onOpenLink}>Link</ToolButton>
        </>
      )}
      {extraActions}
    </div>
  );
}
