import type { AnyExtension } from '@tiptap/core';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { PolicyDocument } from './policyDocument';
import { PolicySection } from './policySection';
import { Title } from './title';

/**
 * The one extension list that defines a policy document. The browser editor adds
 * collaboration and node views on top; the server uses it as is to build documents
 * from templates and read them back, so both always agree on the schema.
 */
export function policyExtensions(options: { policySection?: AnyExtension } = {}): AnyExtension[] {
  return [
    StarterKit.configure({
      document: false,
      undoRedo: false,
      trailingNode: false,
      heading: { levels: [2, 3] },
      link: { openOnClick: false, autolink: true, defaultProtocol: 'https' },
    }),
    PolicyDocument,
    Title,
    options.policySection ?? PolicySection,
  ];
}

/** The ProseMirror schema of a policy document. */
export function policySchema() {
  return getSchema(policyExtensions());
}
