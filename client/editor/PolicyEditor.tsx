import type { Editor } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, ReactNodeViewRenderer, useEditor } from '@tiptap/react';
import { useEffect, useRef } from 'react';
import { policyExtensions } from '../../shared/schema/extensions';
import { PolicySection } from '../../shared/schema/policySection';
import { DOCUMENT_FIELD } from '../../shared/sections';
import type { Collaboration as CollaborationState } from '../collab/useCollaboration';
import { personColor } from '../../shared/personColor';
import type { CurrentUser } from '../session';
import { PasteCleanup } from './pasteCleanup';
import { SectionDeleteGuard } from './sectionDeleteGuard';
import { SectionView } from './SectionView';

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

interface PolicyEditorProps {
  collab: CollaborationState;
  user: CurrentUser;
  readOnly: boolean;
  onEditor: (editor: Editor | null) => void;
  /** Told when the editor stopped a change that would delete a section of another department. */
  onDeleteRefused?: (sectionTitle: string) => void;
}

/** The TipTap editor bound to the policy's shared document, with everyone's carets. */
export function PolicyEditor({ collab, user, readOnly, onEditor, onDeleteRefused }: PolicyEditorProps) {
  // Read at each change, so a new role or department applies without rebuilding the editor.
  const latest = useRef({ user, onDeleteRefused });
  latest.current = { user, onDeleteRefused };
  const editor = useEditor(
    {
      extensions: [
        ...policyExtensions({ policySection: PolicySectionWithView }),
        Collaboration.configure({ document: collab.doc, field: DOCUMENT_FIELD }),
        PasteCleanup,
        SectionDeleteGuard.configure({
          mayDelete: (owner) => latest.current.user.role === 'admin' || latest.current.user.department === owner,
          onRefused: (title) => latest.current.onDeleteRefused?.(title),
        }),
        CollaborationCaret.configure({
          provider: collab.provider,
          user: { name: user.name, color: personColor(user.id), department: user.department },
        }),
      ],
      editable: !readOnly,
      editorProps: {
        attributes: {
          class: 'policy-editor',
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

  return <EditorContent editor={editor} className="editor-content" />;
}
