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

  it('marks the people and departments the server found as mentioned, longest name first, not inside an e-mail address', () => {
    const hr = { kind: 'department' as const, id: 'hr', name: 'HR' };
    const ana = { kind: 'person' as const, id: 'u1', name: 'Ana Lima' };
    const anaB = { kind: 'person' as const, id: 'u2', name: 'Ana' };
    expect(commentTextParts('@hr and @Ana Lima, not ana@hr.example or @Anaïs. See https://x.example/@HR', [hr, anaB, ana])).toEqual([
      { kind: 'mention', text: '@hr', mention: hr },
      { kind: 'text', text: ' and ' },
      { kind: 'mention', text: '@Ana Lima', mention: ana },
      { kind: 'text', text: ', not ana@hr.example or @Anaïs. See ' },
      { kind: 'link', text: 'https://x.example/@HR', href: 'https://x.example/@HR' },
    ]);
    // A letter whose lower case is longer (İ) before a mention does not shift where the mention is cut.
    expect(commentTextParts('İİ @HR now', [hr])).toEqual([{ kind: 'text', text: 'İİ ' }, { kind: 'mention', text: '@HR', mention: hr }, { kind: 'text', text: ' now' }]);
    // Without the server's list nothing is marked: an "@" someone typed is only text.
    expect(commentTextParts('@HR please')).toEqual([{ kind: 'text', text: '@HR please' }]);
  });
});
