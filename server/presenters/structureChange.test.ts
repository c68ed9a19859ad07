import { describe, expect, it } from 'vitest';
import type { JSONContent } from '@tiptap/core';
import { readSections } from '../../shared/sections';
import { structureChangeSince } from '../services/structureChange';
import { presentVersionChanges } from './policy';

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

describe('an endorsed version beside the policy now', () => {
  const section = (id: string, words: string, owner = 'hr'): JSONContent => ({
    type: 'policySection',
    attrs: { id, owner, approvers: '' },
    content: [
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: `Section ${id}` }] },
      { type: 'paragraph', content: [{ type: 'text', text: words }] },
    ],
  });
  const policy = (title: string, sections: JSONContent[]): JSONContent => ({ type: 'doc', content: [{ type: 'title', content: [{ type: 'text', text: title }] }, ...sections] });

  it('lists what was changed, added, deleted or only moved, and counts the rest', () => {
    const then = policy('Policy', [section('a', 'Alpha.'), section('b', 'Beta.'), section('c', 'Gamma.'), section('d', 'Delta.'), section('e', 'Epsilon.')]);
    const now = policy('Policy 2027', [section('a', 'Alpha, now longer.'), section('c', 'Gamma.'), section('e', 'Epsilon.', 'legal'), section('b', 'Beta.'), section('f', 'New.')]);
    const changes = presentVersionChanges(2, { document: then, at: '2026-12-01T10:00:00.000Z' }, { title: 'Policy 2027', live: readSections(now) });
    expect(changes.version).toBe(2);
    expect(changes.title).toEqual({ before: 'Policy', after: 'Policy 2027' });
    expect(changes.sections.map((entry) => [entry.sectionId, entry.change, entry.moved])).toEqual([
      ['a', 'changed', null],
      ['e', 'changed', null],
      ['b', 'moved', { from: 2, to: 4 }],
      ['f', 'added', null],
      ['d', 'removed', null],
    ]);
    const [a, e] = changes.sections;
    expect(a!.before!.text).toContain('Alpha.');
    expect(a!.after!.text).toContain('Alpha, now longer.');
    expect([e!.before!.owner, e!.after!.owner]).toEqual(['hr', 'legal']);
    expect(changes.sections.find((entry) => entry.sectionId === 'f')!.before).toBeNull();
    expect(changes.sections.find((entry) => entry.sectionId === 'd')!.after).toBeNull();
    expect(changes.unchanged).toBe(1);
  });

  it('finds nothing when the policy reads as endorsed', () => {
    const then = policy('Policy', [section('a', 'Alpha.'), section('b', 'Beta.')]);
    expect(presentVersionChanges(1, { document: then, at: '' }, { title: 'Policy', live: readSections(then) })).toMatchObject({ title: null, sections: [], unchanged: 2 });
  });
});
