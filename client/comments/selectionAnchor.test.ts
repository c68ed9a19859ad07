import { EditorState, TextSelection } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { policySchema } from '../../shared/schema/extensions';
import { selectionAnchor } from './selectionAnchor';

const schema = policySchema();
const { doc, title, policySection, heading, paragraph } = schema.nodes as Record<string, NonNullable<(typeof schema.nodes)[string]>>;

function policy() {
  const section = (id: string, headingText: string, ...paragraphs: string[]) =>
    policySection!.create({ id, owner: 'marketing', approvers: '' }, [heading!.create({ level: 2 }, schema.text(headingText)), ...paragraphs.map((text) => paragraph!.create(null, schema.text(text)))]);
  return doc!.create(null, [title!.create(null, schema.text('Policy')), section('s1', 'Posting', 'We post daily.', 'We post daily, really.'), section('s2', 'Other', 'We post daily.')]);
}

/** A state with the text `needle` selected, its `nth` appearance in the whole document (0-based). */
function selecting(needle: string, nth = 0): EditorState {
  const state = EditorState.create({ doc: policy() });
  const found: number[] = [];
  state.doc.descendants((node, position) => {
    if (!node.isText) return true;
    for (let at = node.text!.indexOf(needle); at >= 0; at = node.text!.indexOf(needle, at + 1)) found.push(position + at);
    return false;
  });
  const from = found[nth]!;
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, from, from + needle.length)));
}

describe('selectionAnchor', () => {
  it('names the section, the quote and which occurrence in that section it is', () => {
    expect(selectionAnchor(selecting('post daily', 0))).toEqual({ sectionId: 's1', sectionTitle: 'Posting', quote: 'post daily', occurrence: 0 });
    expect(selectionAnchor(selecting('post daily', 1))).toEqual({ sectionId: 's1', sectionTitle: 'Posting', quote: 'post daily', occurrence: 1 });
    // The same words in the next section count from 0 again.
    expect(selectionAnchor(selecting('post daily', 2))).toEqual({ sectionId: 's2', sectionTitle: 'Other', quote: 'post daily', occurrence: 0 });
  });

  it('refuses an empty selection, the policy title, several blocks, and text already commented on', () => {
    const state = EditorState.create({ doc: policy() });
    expect(selectionAnchor(state)).toHaveProperty('error');
    expect(selectionAnchor(selecting('Policy'))).toEqual({ error: expect.stringContaining('policy title') as string });
    const across = selecting('We post daily.');
    const wide = across.apply(across.tr.setSelection(TextSelection.create(across.doc, across.selection.from, across.selection.to + 5)));
    expect(selectionAnchor(wide)).toEqual({ error: expect.stringContaining('within one paragraph') as string });
    const marked = selecting('post daily');
    const withMark = marked.apply(marked.tr.addMark(marked.selection.from, marked.selection.to, schema.marks.comment!.create({ threadId: 't1' })));
    expect(selectionAnchor(withMark)).toEqual({ error: expect.stringContaining('already has a comment') as string });
  });
});
