import { EditorState } from '@tiptap/pm/state';
import type { DecorationSet } from '@tiptap/pm/view';
import { describe, expect, it } from 'vitest';
import { policySchema } from '../../shared/schema/extensions';
import { placeholderDecorations, placeholderHighlightKey, placeholderHighlightPlugin, placeholdersInBlock } from './placeholderHighlight';

const schema = policySchema();
const { doc, title, policySection, heading, paragraph } = schema.nodes as Record<string, NonNullable<(typeof schema.nodes)[string]>>;

function policy(sections: string[][]) {
  return doc!.create(null, [
    title!.create(null, schema.text('Policy')),
    ...sections.map((paragraphs, index) =>
      policySection!.create({ id: `s${index}`, owner: 'legal', approvers: '' }, [
        heading!.create({ level: 2 }, schema.text(`Section ${index}`)),
        ...paragraphs.map((text) => paragraph!.create(null, text ? schema.text(text) : null)),
      ]),
    ),
  ]);
}

function ranges(set: DecorationSet | undefined, state: EditorState) {
  return (set?.find() ?? []).map((decoration) => state.doc.textBetween(decoration.from, decoration.to)).sort();
}

describe('placeholder highlighting', () => {
  it('finds known placeholders in a block and leaves other braces alone', () => {
    const block = paragraph!.create(null, [schema.text('Call '), schema.text('{{crisis', [schema.marks.bold!.create()]), schema.text('_contact}} or {{nobody}} or {{ response_time }}.')]);
    expect(placeholdersInBlock(block).map((match) => match.name)).toEqual(['crisis_contact', 'response_time']);
    expect(placeholdersInBlock(block)[0]).toMatchObject({ from: 5, to: 23 });
  });

  it('updates only what a transaction touched, and agrees with a full reading after every edit', () => {
    const start = policy([['Call {{crisis_contact}}.', 'Nothing here.'], ['Answer within {{response_time}}.']]);
    let state = EditorState.create({ doc: start, plugins: [placeholderHighlightPlugin()] });
    expect(ranges(placeholderHighlightKey.getState(state), state)).toEqual(['{{crisis_contact}}', '{{response_time}}']);

    const paragraphEnd = (sectionIndex: number, paragraphIndex: number) => {
      let found = -1;
      let seenSection = -1;
      state.doc.forEach((node, offset) => {
        if (node.type.name !== 'policySection') return;
        seenSection += 1;
        if (seenSection !== sectionIndex) return;
        node.forEach((child, childOffset, index) => {
          if (index === paragraphIndex + 1) found = offset + 1 + childOffset + child.nodeSize - 1;
        });
      });
      return found;
    };
    const edits: ((current: EditorState) => EditorState)[] = [
      // A new placeholder typed into a plain paragraph.
      (current) => current.apply(current.tr.insertText(' Ask {{security_contact}}', paragraphEnd(0, 1))),
      // Breaking one: a character typed inside the braces.
      (current) => {
        const at = current.doc.textBetween(0, current.doc.content.size, '\n').indexOf('{{crisis_contact}}');
        expect(at).toBeGreaterThan(0);
        let pos = -1;
        current.doc.descendants((node, offset) => {
          if (pos < 0 && node.isText && node.text!.includes('{{crisis_contact}}')) pos = offset + node.text!.indexOf('{{crisis_contact}}') + 3;
        });
        return current.apply(current.tr.insertText('X', pos));
      },
      // A value replacing a whole placeholder, as the server's fill does.
      (current) => {
        let range: [number, number] | null = null;
        current.doc.descendants((node, offset) => {
          if (!range && node.isText && node.text!.includes('{{response_time}}')) {
            const from = offset + node.text!.indexOf('{{response_time}}');
            range = [from, from + '{{response_time}}'.length];
          }
        });
        return current.apply(current.tr.insertText('one day', range![0], range![1]));
      },
    ];
    for (const edit of edits) {
      state = edit(state);
      expect(ranges(placeholderHighlightKey.getState(state), state)).toEqual(ranges(placeholderDecorations(state.doc), state));
    }
    expect(ranges(placeholderHighlightKey.getState(state), state)).toEqual(['{{security_contact}}']);
  });

  it('keeps the same decoration set for a change that is not an edit', () => {
    const state = EditorState.create({ doc: policy([['{{crisis_contact}}']]), plugins: [placeholderHighlightPlugin()] });
    const next = state.apply(state.tr.setMeta('something', true));
    expect(placeholderHighlightKey.getState(next)).toBe(placeholderHighlightKey.getState(state));
  });
});
