import { describe, it, expect } from 'vitest';
import { findLinks, findWords } from './words';

const texts = (text: string) => findWords(text).map((word) => word.text);

describe('findWords', () => {
  it('splits on spaces and punctuation', () => {
    expect(texts('Be kind, be brief — and be clear!')).toEqual(['Be', 'kind', 'be', 'brief', 'and', 'be', 'clear']);
  });

  it('keeps numbers with decimal points and thousands separators whole', () => {
    expect(findWords('It costs 3.5 or 1,000 dollars, 10.').map(({ text, kind }) => [text, kind])).toEqual([
      ['It', 'word'],
      ['costs', 'word'],
      ['3.5', 'number'],
      ['or', 'word'],
      ['1,000', 'number'],
      ['dollars', 'word'],
      ['10', 'number'],
    ]);
  });

  it('keeps hyphenated words, contractions and dotted abbreviations whole', () => {
    expect(texts("A well-known co-worker doesn't post, e.g. in the U.S., 21st-century memes.")).toEqual([
      'A',
      'well-known',
      'co-worker',
      "doesn't",
      'post',
      'e.g.',
      'in',
      'the',
      'U.S.',
      '21st-century',
      'memes',
    ]);
  });

  it('treats links and email addresses as one word', () => {
    const words = findWords('Mail help@example.org or see https://example.com/a.b?c=1, www.accord.org and accord.org/rules.');
    expect(words.filter((word) => word.kind === 'link').map((word) => word.text)).toEqual([
      'help@example.org',
      'https://example.com/a.b?c=1',
      'www.accord.org',
      'accord.org/rules',
    ]);
    expect(words).toHaveLength(8);
  });

  it('reports positions in the original text', () => {
    const text = '  Hello, world.';
    for (const word of findWords(text)) expect(text.slice(word.start, word.end)).toBe(word.text);
    expect(findWords(text).map((word) => word.start)).toEqual([2, 9]);
  });

  it('handles letters outside English', () => {
    expect(texts('Café naïve Straße')).toEqual(['Café', 'naïve', 'Straße']);
  });
});

describe('findLinks', () => {
  it('finds links without trailing punctuation', () => {
    const text = 'See https://example.com/path. Or mail a@b.co.';
    expect(findLinks(text).map((link) => text.slice(link.start, link.end))).toEqual(['https://example.com/path', 'a@b.co']);
  });
});
