import { describe, expect, it } from 'vitest';
import { diffWords } from './textDiff';

describe('diffWords', () => {
  it('marks inserted and deleted words and keeps the rest', () => {
    const parts = diffWords('Post only approved content.', 'Post only reviewed and approved content.');
    expect(parts).toEqual([
      { kind: 'same', text: 'Post only ' },
      { kind: 'added', text: 'reviewed and ' },
      { kind: 'same', text: 'approved content.' },
    ]);
  });

  it('joins back into both texts', () => {
    const before = 'Never share passwords.\nUse two-step login on every account.';
    const after = 'Never share passwords with anyone.\nUse a password manager.';
    const parts = diffWords(before, after);
    expect(parts.filter((part) => part.kind !== 'added').map((part) => part.text).join('')).toBe(before);
    expect(parts.filter((part) => part.kind !== 'removed').map((part) => part.text).join('')).toBe(after);
  });

  it('reports identical text as one unchanged part', () => {
    expect(diffWords('Same text.', 'Same text.')).toEqual([{ kind: 'same', text: 'Same text.' }]);
  });

  it('falls back to whole replacement past the size limit', () => {
    const parts = diffWords('a b c', 'x y z', 4);
    expect(parts).toEqual([
      { kind: 'removed', text: 'a b c' },
      { kind: 'added', text: 'x y z' },
    ]);
  });
});
