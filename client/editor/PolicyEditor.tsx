import type { Editor } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, ReactNodeViewRenderer, useEditor } from '@tiptap/react';
import { useEffect } from 'react';
import { policyExtensions } from '../../shared/schema/extensions';
import { PolicySection } from '../../shared/schema/policySection';
import type { Collaboration as CollaborationState } from '../collab/useCollaboration';
import { personColor } from '../../shared/personColor';
import type { CurrentUser } from '../session';
import { SectionView } from './SectionView';

const PolicySectionWithView = PolicySection.extend({
  addNodeView() {
    return ReactNodeViewRenderer(SectionView);
  },
});

interface PolicyEditorProps {
  collab: CollaborationState;
  user: CurrentUser;
  readOnly: boolean;
  onEditor: (editor: Editor | null) => void;
}

/** The TipTap editor bound to the policy's shared document, with everyone's carets. */
export function PolicyEditor({ collab, user, readOnly, onEditor }: PolicyEditorProps) {
  const editor = useEditor(
    {
      extensions: [
        ...policyExtensions({ policySection: PolicySectionWithView }),
        Collaboration.configure({ document: collab.doc }),
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
  }, [editor, readOnly]);

  useEffect(() => {
    onEditor(editor);
    return () => onEditor(null);
  }, [editor, onEditor]);

  return <EditorContent editor={editor} className="editor-content" />;
}
