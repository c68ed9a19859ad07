import type { AnyExtension } from '@tiptap/core';
import { getSchema } from '@tiptap/core';
import { Blockquote } from '@tiptap/extension-blockquote';
import { Bold } from '@tiptap/extension-bold';
import { Code } from '@tiptap/extension-code';
import { CodeBlock } from '@tiptap/extension-code-block';
import { HardBreak } from '@tiptap/extension-hard-break';
import { HorizontalRule } from '@tiptap/extension-horizontal-rule';
import { Italic } from '@tiptap/extension-italic';
import { BulletList } from '@tiptap/extension-list/bullet-list';
import { ListItem } from '@tiptap/extension-list/item';
import { ListKeymap } from '@tiptap/extension-list/keymap';
import { OrderedList } from '@tiptap/extension-list/ordered-list';
import { Paragraph } from '@tiptap/extension-paragraph';
import { Strike } from '@tiptap/extension-strike';
import { Text } from '@tiptap/extension-text';
import { Underline } from '@tiptap/extension-underline';
import { Dropcursor } from '@tiptap/extensions/drop-cursor';
import { Gapcursor } from '@tiptap/extensions/gap-cursor';
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
    // StarterKit's parts, in its order, without the ones a policy replaces (document, heading,
    // link), leaves to Yjs (undo and redo) or does not want (a trailing empty paragraph). Listing
    // them keeps StarterKit's unused parts, ProseMirror's own history among them, out of the page.
    Bold,
    Blockquote,
    BulletList,
    Code,
    CodeBlock,
    Dropcursor,
    Gapcursor,
    HardBreak,
    HorizontalRule,
    Italic,
    ListItem,
    ListKeymap,
    OrderedList,
    Paragraph,
    Strike,
    Text,
    Underline,
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
