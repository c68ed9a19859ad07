import type { AnyExtension } from '@tiptap/core';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { TableCell, TableHeader, TableKit } from '@tiptap/extension-table';
import { CommentMark } from './commentMark';
import { PolicyHeading, PolicyLink } from './headingAndLink';
import { PolicyDocument } from './policyDocument';
import { PolicySection } from './policySection';
import { Title } from './title';

/** What a table cell may hold: text and lists, never a heading (headings start sections). */
const CELL_CONTENT = '(paragraph | bulletList | orderedList)+';

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
      heading: false,
      link: false,
    }),
    PolicyHeading.configure({ levels: [2, 3] }),
    PolicyLink.configure({ openOnClick: false, autolink: true, defaultProtocol: 'https' }),
    // Approval matrices, contact lists and approved-tool lists are tables. Cells hold paragraphs
    // and lists (not headings), so a table never starts a section of its own.
    TableKit.configure({ table: { resizable: false, allowTableNodeSelection: true }, tableCell: false, tableHeader: false }),
    TableCell.extend({ content: CELL_CONTENT }),
    TableHeader.extend({ content: CELL_CONTENT }),
    CommentMark,
    PolicyDocument,
    Title,
    options.policySection ?? PolicySection,
  ];
}

/** The ProseMirror schema of a policy document. */
export function policySchema() {
  return getSchema(policyExtensions());
}
