import { describe, expect, it } from 'vitest';
import { policySchema } from '../../shared/schema/extensions';
import { isAnchored, markedThreadIds } from './anchoredThreads';

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
});
