import { describe, expect, it } from 'vitest';
import { policySchema } from '../../shared/schema/extensions';
import { EditorState, type Transaction } from '@tiptap/pm/state';
import { isAnchored, MarkedThreadReader, markedThreadIds } from './anchoredThreads';

const schema = policySchema();
const { doc, title, policySection, heading, paragraph } = schema.nodes as Record<string, NonNullable<(typeof schema.nodes)[string]>>;

describe('anchored threads', () => {
  it('finds the thread ids of comment marks, and only those', () => {
    const comment = (threadId: string) => schema.marks.comment!.create({ threadId });
    const body = paragraph!.create(null, [schema.text('We '), schema.text('post', [comment('t1')]), schema.text(' daily', [schema.marks.bold!.create()]), schema.text('.', [comment('t2')])]);
    const tree = doc!.create(null, [title!.create(null, schema.text('Policy')), policySection!.create({ id: 's1', owner: 'legal', approvers: '' }, [heading!.create({ level: 2 }, schema.text('Rules')), body])]);
    expect([...markedThreadIds(tree)].sort()).toEqual(['t1', 't2']);
  });

  it('trusts the document once it has shown the mark, the server before', () => {
    expect(isAnchored('t1', true, new Set(), new Set())).toBe(true);
    expect(isAnchored('t1', false, new Set(['t1']), new Set(['t1']))).toBe(true);
    expect(isAnchored('t1', true, new Set(), new Set(['t1']))).toBe(false);
    expect(isAnchored('t1', false, new Set(), new Set())).toBe(false);
  });

  const comment = (threadId: string) => schema.marks.comment!.create({ threadId });
  function policy(sections: number) {
    return doc!.create(null, [
      title!.create(null, schema.text('Policy')),
      ...Array.from({ length: sections }, (_, index) =>
        policySection!.create({ id: `s${index}`, owner: 'legal', approvers: '' }, [
          heading!.create({ level: 2 }, schema.text(`Section ${index}`)),
          paragraph!.create(null, [schema.text('We post '), schema.text('daily', [comment(`t${index}`)]), schema.text(' and reply.')]),
          paragraph!.create(null, schema.text('Plain words.')),
        ]),
      ),
    ]);
  }

  /** Positions inside paragraphs, where edits and comments happen. */
  function paragraphPositions(current: EditorState): number[] {
    const positions: number[] = [];
    current.doc.descendants((node, pos) => {
      if (!node.isTextblock) return true;
      if (node.type === paragraph) for (let offset = 0; offset <= node.content.size; offset += 1) positions.push(pos + 1 + offset);
      return false;
    });
    return positions;
  }

  it('reads incrementally what a full reading gives, after random edits', () => {
    let value = 7;
    const pick = (below: number) => {
      value = (value * 1103515245 + 12345) % 2147483648;
      return value % below;
    };
    let state = EditorState.create({ doc: policy(6) });
    const reader = new MarkedThreadReader();
    expect([...reader.read(state.doc)].sort()).toEqual([...markedThreadIds(state.doc)].sort());
    for (let step = 0; step < 200; step += 1) {
      const positions = paragraphPositions(state);
      const at = positions[pick(positions.length)]!;
      const end = Math.min(state.doc.resolve(at).end(), at + 1 + pick(8));
      const edits: (() => Transaction)[] = [
        () => state.tr.insertText('word ', at),
        () => state.tr.delete(at, end),
        () => state.tr.addMark(at, end, comment(`t${pick(10)}`)),
        () => state.tr.removeMark(at, end, schema.marks.comment!),
        () => state.tr.split(at),
      ];
      state = state.apply(edits[pick(edits.length)]!());
      const ids = reader.read(state.doc);
      expect([...ids].sort(), `step ${step}`).toEqual([...markedThreadIds(state.doc)].sort());
    }
  });

  it('reads only the edited block after a keystroke, and keeps its answer when the ids did not change', () => {
    let reads = 0;
    const reader = new MarkedThreadReader(() => (reads += 1));
    const state = EditorState.create({ doc: policy(300) });
    const first = reader.read(state.doc);
    expect(first.size).toBe(300);
    reads = 0;
    const typed = state.apply(state.tr.insertText('x', paragraphPositions(state)[500]!));
    expect(reader.read(typed.doc)).toBe(first);
    expect(reads).toBeGreaterThan(0);
    expect(reads).toBeLessThanOrEqual(3);
    const removed = typed.apply(typed.tr.removeMark(0, typed.doc.content.size, schema.marks.comment!));
    expect(reader.read(removed.doc).size).toBe(0);
  });
});
