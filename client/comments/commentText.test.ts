import { describe, expect, it } from 'vitest';
import { commentTextParts } from './commentText';

describe('commentTextParts', () => {
  it('keeps plain text as one part, markup included (React escapes it)', () => {
    expect(commentTextParts('<script>alert(1)</script>\nsecond line')).toEqual([{ kind: 'text', text: '<script>alert(1)</script>\nsecond line' }]);
  });

  it('makes http(s) and www addresses links, leaving sentence punctuation outside', () => {
    expect(commentTextParts('See https://example.org/rules?x=1. Or www.example.com, then (https://en.wikipedia.org/wiki/Foo_(bar)).')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.org/rules?x=1', href: 'https://example.org/rules?x=1' },
      { kind: 'text', text: '. Or ' },
      { kind: 'link', text: 'www.example.com', href: 'https://www.example.com' },
      { kind: 'text', text: ', then (' },
      { kind: 'link', text: 'https://en.wikipedia.org/wiki/Foo_(bar)', href: 'https://en.wikipedia.org/wiki/Foo_(bar)' },
      { kind: 'text', text: ').' },
    ]);
  });

  it('never makes a javascript: or data: text a link', () => {
    expect(commentTextParts('javascript:alert(1) data:text/html,<b>x</b>').every((part) => part.kind === 'text')).toBe(true);
  });

  it('stops an address at quotes and angle brackets', () => {
    const parts = commentTextParts('<a href="https://evil.example/x">click</a>');
    expect(parts.filter((part) => part.kind === 'link')).toEqual([{ kind: 'link', text: 'https://evil.example/x', href: 'https://evil.example/x' }]);
    expect(parts.map((part) => part.text).join('')).toBe('<a href="https://evil.example/x">click</a>');
  });
});
