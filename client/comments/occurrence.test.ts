import { describe, expect, it } from 'vitest';
import { occurrenceOf } from './occurrence';

describe('occurrenceOf', () => {
  const blocks = ['Rules', 'We post. We post often.', 'Nothing here', 'We post again.'];

  it('counts the matches before the selection, block by block', () => {
    expect(occurrenceOf(blocks, 1, 0, 'We post')).toBe(0);
    expect(occurrenceOf(blocks, 1, 9, 'We post')).toBe(1);
    expect(occurrenceOf(blocks, 3, 0, 'We post')).toBe(2);
    expect(occurrenceOf(blocks, 0, 0, 'Rules')).toBe(0);
  });

  it('is null when the quote does not start at the selection', () => {
    expect(occurrenceOf(blocks, 1, 1, 'We post')).toBeNull();
    expect(occurrenceOf(blocks, 2, 0, 'We post')).toBeNull();
    expect(occurrenceOf(blocks, 1, 0, '')).toBeNull();
  });

  it('does not count overlapping matches, as the server does not', () => {
    expect(occurrenceOf(['aaaa'], 0, 2, 'aa')).toBe(1);
    expect(occurrenceOf(['aaaa'], 0, 1, 'aa')).toBeNull();
  });
});
