import { describe, expect, it } from 'vitest';
import { listInWords } from './listInWords';

describe('listInWords', () => {
  it('reads like a sentence for any length', () => {
    expect(listInWords([])).toBe('');
    expect(listInWords(['HR'])).toBe('HR');
    expect(listInWords(['HR', 'Legal'])).toBe('HR and Legal');
    expect(listInWords(['HR', 'Legal', 'Compliance'])).toBe('HR, Legal and Compliance');
    expect(listInWords(['red', 'blue'], 'or')).toBe('red or blue');
  });
});
