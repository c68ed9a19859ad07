import { EditorState } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { policySchema } from '../../shared/schema/extensions';
import { promptsFor, SECTION_BODY_PROMPT, SECTION_HEADING_PROMPT, TITLE_PROMPT } from './sectionPrompts';

const schema = policySchema();
const { doc, title, policySection, heading, paragraph } = schema.nodes as Record<string, NonNullable<(typeof schema.nodes)[string]>>;

function section(headingText: string, ...paragraphs: string[]) {
  return policySection!.create({ id: 's1', owner: 'legal', approvers: '' }, [
    heading!.create({ level: 2 }, headingText ? schema.text(headingText) : null),
    ...paragraphs.map((text) => paragraph!.create(null, text ? schema.text(text) : null)),
  ]);
}

describe('promptsFor', () => {
  it('asks for the rules in the first paragraph of a section with only a heading', () => {
    const node = section('Purpose and scope', '', '');
    const prompts = promptsFor(node);
    expect(prompts).toEqual([{ offset: node.child(0).nodeSize + 1, text: SECTION_BODY_PROMPT }]);
    // The offset points at that paragraph inside the section.
    const state = EditorState.create({ doc: doc!.create(null, [title!.create(null, schema.text('Policy')), node]) });
    const sectionStart = state.doc.child(0).nodeSize;
    expect(state.doc.nodeAt(sectionStart + prompts[0]!.offset)?.type.name).toBe('paragraph');
  });

  it('asks for a name in an empty heading and title', () => {
    expect(promptsFor(section('', '')).map((prompt) => prompt.text)).toEqual([SECTION_HEADING_PROMPT, SECTION_BODY_PROMPT]);
    expect(promptsFor(title!.create())).toEqual([{ offset: 0, text: TITLE_PROMPT }]);
    expect(promptsFor(title!.create(null, schema.text('Policy')))).toEqual([]);
  });

  it('shows nothing in a section with text, even in its empty paragraphs', () => {
    expect(promptsFor(section('Rules', 'Be kind.', ''))).toEqual([]);
    expect(promptsFor(section('Rules', '', 'Be kind.'))).toEqual([]);
  });

});
