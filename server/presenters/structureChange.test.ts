import { describe, expect, it } from 'vitest';
import type { JSONContent } from '@tiptap/core';
import { structureChangeSince } from './policy';

const doc = (title: string, ids: string[]): JSONContent => ({
  type: 'doc',
  content: [
    { type: 'title', content: [{ type: 'text', text: title }] },
    ...ids.map((id) => ({ type: 'policySection', attrs: { id, owner: 'hr', approvers: '' }, content: [{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: `Section ${id}` }] }] })),
  ],
});
const live = (ids: string[]) => ids.map((id) => ({ id, title: `Section ${id}` })) as never;

describe('what changed in the title and order since the endorsement', () => {
  it('names the fewest moved sections, the deleted ones and a new title', () => {
    expect(structureChangeSince(doc('Policy', ['a', 'b', 'c', 'd', 'e']), { title: 'Policy', live: live(['a', 'c', 'd', 'e', 'b']) })).toEqual({
      title: null,
      moved: [{ sectionId: 'b', title: 'Section b', from: 2, to: 5 }],
      removed: [],
    });
    expect(structureChangeSince(doc('Policy', ['a', 'b', 'c']), { title: 'Policy v2', live: live(['c', 'a']) })).toEqual({
      title: { before: 'Policy', after: 'Policy v2' },
      moved: [{ sectionId: 'c', title: 'Section c', from: 2, to: 1 }],
      removed: ['Section b'],
    });
    expect(structureChangeSince(doc('Policy', ['a', 'b']), { title: 'Policy', live: live(['a', 'b']) })).toEqual({ title: null, moved: [], removed: [] });
  });
});
