import { EditorState, type Transaction } from '@tiptap/pm/state';
import type { DecorationSet } from '@tiptap/pm/view';
import { describe, expect, it } from 'vitest';
import { policySchema } from '../../shared/schema/extensions';
import { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { canSplit } from '@tiptap/pm/transform';
import { placeholderDecorations, placeholderHighlightKey, placeholderHighlightPlugin, placeholdersInBlock, updatePlaceholderDecorations } from './placeholderHighlight';

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

  /** A small seeded generator, so a failure can be replayed. */
  function random(seed: number) {
    let value = seed;
    return (below: number) => {
      value = (value * 1103515245 + 12345) % 2147483648;
      return value % below;
    };
  }

  /** The positions inside text blocks of a document (where typing can happen). */
  function textPositions(current: ProseMirrorNode): number[] {
    const positions: number[] = [];
    current.descendants((node, pos) => {
      if (!node.isTextblock) return true;
      for (let offset = 0; offset <= node.content.size; offset += 1) positions.push(pos + 1 + offset);
      return false;
    });
    return positions;
  }

  const snippets = ['{{crisis_contact}}', '{{response_time}}', '{', '}', '{{', '}}', 'x', ' ', 'crisis_contact', '{{nobody}}'];

  /** One random local edit: typing a snippet, deleting a few characters, or splitting a block. */
  function randomEdit(current: EditorState, pick: (below: number) => number): Transaction {
    const positions = textPositions(current.doc);
    const at = positions[pick(positions.length)]!;
    const kind = pick(3);
    if (kind === 0) return current.tr.insertText(snippets[pick(snippets.length)]!, at);
    if (kind === 1) {
      const to = positions.find((pos) => pos > at && pos <= at + 1 + pick(20)) ?? at;
      const $from = current.doc.resolve(at);
      const $to = current.doc.resolve(to);
      return $from.sameParent($to) ? current.tr.delete(at, to) : current.tr.insertText('{{', at);
    }
    return current.doc.resolve(at).parent.type === paragraph && canSplit(current.doc, at) ? current.tr.split(at) : current.tr.insertText('}}', at);
  }

  /** The same change as a peer's arrives through y-tiptap: one step replacing the whole document with the new one's content. */
  function asRemote(current: EditorState, local: Transaction, shareNodes: boolean): Transaction {
    const content = shareNodes ? local.doc.content : ProseMirrorNode.fromJSON(schema, local.doc.toJSON()).content;
    return current.tr.replaceWith(0, current.doc.content.size, content);
  }

  it('agrees with a full reading after random local and remote edits', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const pick = random(seed);
      let state = EditorState.create({ doc: policy([['Call {{crisis_contact}}.', 'Nothing here.'], ['Answer within {{response_time}}.', ''], ['{{security_contact}} or {{crisis_contact}}']]), plugins: [placeholderHighlightPlugin()] });
      for (let step = 0; step < 60; step += 1) {
        const local = randomEdit(state, pick);
        const style = pick(3);
        const transaction = style === 0 ? local : asRemote(state, local, style === 1);
        state = state.apply(transaction);
        expect(state.doc.eq(local.doc)).toBe(true);
        expect(ranges(placeholderHighlightKey.getState(state), state), `seed ${seed}, step ${step}`).toEqual(ranges(placeholderDecorations(state.doc), state));
      }
    }
  });

  it('reads a bounded number of blocks for a remote one-character change in a long policy', () => {
    const sections = Array.from({ length: 200 }, (_, index) => [`Rule ${index} names {{crisis_contact}}.`, 'Plain text.']);
    const state = EditorState.create({ doc: policy(sections), plugins: [placeholderHighlightPlugin()] });
    const previous = placeholderHighlightKey.getState(state)!;
    let blocks = 0;
    const paragraphs = textPositions(state.doc);
    const local = state.tr.insertText('y', paragraphs[Math.floor(paragraphs.length / 2)]!);
    for (const shareNodes of [true, false]) {
      blocks = 0;
      const remote = asRemote(state, local, shareNodes);
      const next = updatePlaceholderDecorations(previous, remote, () => (blocks += 1));
      expect(blocks).toBeGreaterThan(0);
      expect(blocks).toBeLessThanOrEqual(3);
      const after = state.apply(remote);
      expect(ranges(next, after)).toEqual(ranges(placeholderDecorations(after.doc), after));
      expect(ranges(next, after)).toHaveLength(200);
    }
    // A local keystroke reads its own block only.
    blocks = 0;
    updatePlaceholderDecorations(previous, local, () => (blocks += 1));
    expect(blocks).toBe(1);
  });

  it('keeps the same decoration set for a change that is not an edit', () => {
    const state = EditorState.create({ doc: policy([['{{crisis_contact}}']]), plugins: [placeholderHighlightPlugin()] });
    const next = state.apply(state.tr.setMeta('something', true));
    expect(placeholderHighlightKey.getState(next)).toBe(placeholderHighlightKey.getState(state));
  });
});
