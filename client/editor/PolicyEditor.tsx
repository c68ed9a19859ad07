import { Extension, type Editor } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, ReactNodeViewRenderer, useEditor } from '@tiptap/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { policyExtensions } from '../../shared/schema/extensions';
import { PolicySection } from '../../shared/schema/policySection';
import { DOCUMENT_FIELD } from '../../shared/sections';
import type { Collaboration as CollaborationState } from '../collab/useCollaboration';
import { personColor } from '../../shared/personColor';
import type { CurrentUser } from '../session';
import { LinkDialog } from './LinkDialog';
import { caretOptions } from './carets';
import { PasteCleanup } from './pasteCleanup';
import { SectionDeleteGuard } from './sectionDeleteGuard';
import { SectionPrompts } from './sectionPrompts';
import { PlaceholderHighlight } from './placeholderHighlight';
import { SectionView } from './SectionView';
import { SelectionMenu } from './SelectionMenu';
import { withScrollingTables } from './tableView';
import { StickyBarsMargin } from './stickyBars';
import { ShortcutsDialog } from './ShortcutsDialog';
import { CommentIcon } from '../comments/CommentIcon';
import { FormattingToolbar, selectionPlace, ToolButton } from './Toolbar';

/** Whether a section's node view shows something different for the new node: its attributes or its heading. */
function sectionViewChanged(oldNode: ProseMirrorNode, newNode: ProseMirrorNode): boolean {
  if (oldNode.attrs.id !== newNode.attrs.id || oldNode.attrs.owner !== newNode.attrs.owner || oldNode.attrs.approvers !== newNode.attrs.approvers) return true;
  const before = oldNode.firstChild;
  const after = newNode.firstChild;
  return before !== after && (before?.type !== after?.type || before?.textContent !== after?.textContent);
}

const PolicySectionWithView = PolicySection.extend({
  addNodeView() {
    // Typing in a section's text changes nothing the view around it shows (its state comes from
    // PolicySections), so React re-renders it only when its attributes or heading change.
    return ReactNodeViewRenderer(SectionView, {
      update: ({ oldNode, newNode, updateProps }) => {
        if (sectionViewChanged(oldNode, newNode)) updateProps();
        return true;
      },
    });
  },
});

interface EditorShortcutsOptions {
  openLink: () => void;
  openShortcuts: () => void;
  focusToolbar: () => void;
  /** Ctrl+Alt+M: comment on the selected text (when the page offers comments). */
  comment: (() => void) | null;
}

/**
 * The editor's own shortcuts (Ctrl+K link, Ctrl+/ shortcut list, Alt+F10 toolbar), and the
 * guard that keeps a section title a title: StarterKit's heading and list shortcuts would turn
 * it into a subheading or a list item, and an h2 inside a section's text would read as a
 * section of its own. Runs before StarterKit's shortcuts.
 */
const EditorShortcuts = Extension.create<EditorShortcutsOptions>({
  name: 'editorShortcuts',
  priority: 1000,
  addOptions() {
    return { openLink: () => undefined, openShortcuts: () => undefined, focusToolbar: () => undefined, comment: null };
  },
  addKeyboardShortcuts() {
    const inTitle = () => selectionPlace(this.editor.state) !== 'body';
    // Right after a quick Shift+Arrow, the browser may not yet have told ProseMirror where the
    // selection ends (selectionchange comes later, coalesced, and is ignored once focus has moved
    // to the toolbar or a dialog): ProseMirror reads the selection again on this event.
    const readSelection = () => this.editor.view.dom.ownerDocument.dispatchEvent(new Event('selectionchange'));
    return {
      'Mod-k': () => {
        readSelection();
        if (selectionPlace(this.editor.state) === 'policyTitle') return true;
        this.options.openLink();
        return true;
      },
      'Mod-/': () => {
        this.options.openShortcuts();
        return true;
      },
      'Alt-F10': () => {
        readSelection();
        this.options.focusToolbar();
        return true;
      },
      'Mod-Alt-m': () => {
        if (!this.options.comment) return false;
        readSelection();
        this.options.comment();
        return true;
      },
      'Mod-Alt-2': () => true,
      'Mod-Alt-3': inTitle,
      'Mod-Alt-0': inTitle,
      'Mod-Shift-7': inTitle,
      'Mod-Shift-8': inTitle,
      'Mod-Shift-b': inTitle,
      'Mod-Alt-c': inTitle,
    };
  },
});

type EditorDialog = 'link' | 'shortcuts' | null;

interface PolicyEditorProps {
  collab: CollaborationState;
  user: CurrentUser;
  readOnly: boolean;
  onEditor: (editor: Editor | null) => void;
  /** Told when the editor stopped a change that would delete a section of another department. */
  onDeleteRefused?: (sectionTitle: string) => void;
  /** Comments on the selected text (the toolbar's Comment button, the selection menu, Ctrl+Alt+M); absent when the person cannot comment. */
  onComment?: () => void;
}

/** The TipTap editor bound to the policy's shared document, with everyone's carets. */
export function PolicyEditor({ collab, user, readOnly, onEditor, onDeleteRefused, onComment }: PolicyEditorProps) {
  const [dialog, setDialog] = useState<EditorDialog>(null);
  const returnFocus = useRef<Element | null>(null);
  const openDialog = useCallback((kind: EditorDialog) => {
    returnFocus.current = document.activeElement;
    setDialog(kind);
  }, []);
  // Read at each change, so a new role or department applies without rebuilding the editor.
  const latest = useRef({ user, onDeleteRefused, openDialog, onComment });
  latest.current = { user, onDeleteRefused, openDialog, onComment };
  const focusToolbar = useRef<(() => void) | null>(null);
  const editor = useEditor(
    {
      extensions: [
        ...withScrollingTables(policyExtensions({ policySection: PolicySectionWithView })),
        Collaboration.configure({ document: collab.doc, field: DOCUMENT_FIELD }),
        PasteCleanup,
        SectionDeleteGuard.configure({
          mayDelete: (owner) => latest.current.user.role === 'admin' || latest.current.user.department === owner,
          onRefused: (title) => latest.current.onDeleteRefused?.(title),
        }),
        EditorShortcuts.configure({
          openLink: () => latest.current.openDialog('link'),
          openShortcuts: () => latest.current.openDialog('shortcuts'),
          focusToolbar: () => focusToolbar.current?.(),
          comment: () => latest.current.onComment?.(),
        }),
        SectionPrompts,
        PlaceholderHighlight,
        StickyBarsMargin,
        CollaborationCaret.configure({
          provider: collab.provider,
          ...caretOptions(collab.provider.awareness),
          user: { name: user.name, color: personColor(user.id), department: user.department },
        }),
      ],
      editable: !readOnly,
      editorProps: {
        attributes: {
          class: 'policy-editor',
          id: 'policy-text',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': 'Policy text',
          'aria-readonly': String(readOnly),
          spellcheck: 'true',
        },
      },
    },
    [collab.doc, collab.provider],
  );

  useEffect(() => {
    editor?.setEditable(!readOnly);
    // editorProps are read once; a person demoted while reading must be announced as read-only too.
    editor?.view.dom.setAttribute('aria-readonly', String(readOnly));
  }, [editor, readOnly]);

  useEffect(() => {
    onEditor(editor);
    return () => onEditor(null);
  }, [editor, onEditor]);

  const openLink = useCallback(() => openDialog('link'), [openDialog]);
  const openShortcuts = useCallback(() => openDialog('shortcuts'), [openDialog]);
  const closeDialog = useCallback(() => setDialog(null), []);
  // A dialog gives focus back to where it was opened from: the text, or the toolbar button.
  useEffect(() => {
    const target = returnFocus.current;
    if (dialog !== null || !target || !editor) return;
    returnFocus.current = null;
    if (target instanceof HTMLElement && target.isConnected && target !== document.body && !editor.view.dom.contains(target)) target.focus();
    else editor.view.focus();
  }, [dialog, editor]);

  const commentButton = (inMenu: boolean) =>
    onComment ? (
      <ToolButton shortcut="comment" label="Comment" enabled popup onRun={onComment}>
        {inMenu ? 'Comment' : <CommentIcon />}
      </ToolButton>
    ) : undefined;

  return (
    <>
      {/* Viewers get no formatting tools: nothing they could press would reach the document. */}
      {editor && !readOnly && <FormattingToolbar editor={editor} onOpenLink={openLink} onOpenShortcuts={openShortcuts} focusRef={focusToolbar} reviewTools={commentButton(false)} />}
      <EditorContent editor={editor} className="editor-content" />
      {/* Commenters (read-only) get the selection menu with only "Comment". */}
      {editor && (!readOnly || onComment) && <SelectionMenu editor={editor} onOpenLink={openLink} extraActions={commentButton(true)} />}
      {editor && !readOnly && dialog === 'link' && <LinkDialog editor={editor} onClose={closeDialog} />}
      {dialog === 'shortcuts' && <ShortcutsDialog onClose={closeDialog} />}
    </>
  );
}
