import { describe, it, expect } from 'vitest';
import { LEGALESE, findLegalese } from './legalese';

describe('LEGALESE', () => {
  it('is a reviewable list of 40 to 60 entries', () => {
    expect(LEGALESE.length).toBeGreaterThanOrEqual(40);
    expect(LEGALESE.length).toBeLessThanOrEqual(60);
  });

  it('has lower-case, trimmed, unique phrases with a plain alternative', () => {
    const phrases = LEGALESE.map((entry) => entry.phrase);
    expect(new Set(phrases).size).toBe(phrases.length);
    for (const { phrase, plain } of LEGALESE) {
      expect(phrase).toBe(phrase.toLowerCase().trim());
      expect(phrase).not.toMatch(/\s{2}/);
      expect(plain.trim()).not.toBe('');
    }
  });

  it('finds every entry in its own phrase', () => {
    for (const { phrase } of LEGALESE) {
      expect(findLegalese(`Note: ${phrase}.`).map((match) => match.phrase)).toEqual([phrase]);
    }
  });

  it('includes the common suggestions', () => {
    const plainFor = (phrase: string) => LEGALESE.find((entry) => entry.phrase === phrase)?.plain;
    expect(plainFor('pursuant to')).toBe('under');
    expect(plainFor('prior to')).toBe('before');
    expect(plainFor('utilize')).toBe('use');
    expect(plainFor('commence')).toBe('start');
    expect(plainFor('in the event that')).toBe('if');
    expect(plainFor('shall')).toContain('must');
    expect(plainFor('in accordance with')).toContain('under');
  });
});

describe('findLegalese', () => {
  it('finds phrases with their positions in the original text, sorted', () => {
    const text =
      'Pursuant to this policy, staff shall not utilize personal accounts prior to approval.\n' +
      'In the event that an account is compromised, notify IT forthwith.';
    const found = findLegalese(text);
    expect(found).toEqual([
      { phrase: 'pursuant to', plain: 'under', index: 0, match: 'Pursuant to' },
      { phrase: 'shall', plain: 'must or will', index: 31, match: 'shall' },
      { phrase: 'utilize', plain: 'use', index: 41, match: 'utilize' },
      { phrase: 'prior to', plain: 'before', index: 67, match: 'prior to' },
      { phrase: 'in the event that', plain: 'if', index: 86, match: 'In the event that' },
      { phrase: 'forthwith', plain: 'at once', index: 141, match: 'forthwith' },
    ]);
    for (const match of found) expect(text.slice(match.index, match.index + match.match.length)).toBe(match.match);
  });

  it('is case-insensitive and keeps the text as written', () => {
    expect(findLegalese('PRIOR TO launch').map((match) => match.match)).toEqual(['PRIOR TO']);
    expect(findLegalese('Shall we?').map((match) => match.phrase)).toEqual(['shall']);
  });

  it('matches whole words only', () => {
    expect(findLegalese('A shallow marshall, hereinafter called Sam.').map((match) => match.phrase)).toEqual(['hereinafter']);
    expect(findLegalese('The priority topic; superior to none.')).toEqual([]);
    expect(findLegalese('reutilizes')).toEqual([]);
  });

  it('covers inflections and British spelling', () => {
    const text = 'She utilizes it, utilized it, was utilizing it and utilised it. They terminated, commencing, ceased and transmitted.';
    expect(findLegalese(text).map((match) => `${match.phrase}=${match.match}`)).toEqual([
      'utilize=utilizes',
      'utilize=utilized',
      'utilize=utilizing',
      'utilize=utilised',
      'terminate=terminated',
      'commence=commencing',
      'cease=ceased',
      'transmit=transmitted',
    ]);
  });

  it('lets multi-word phrases span extra spaces but not a line break', () => {
    expect(findLegalese('in  accordance\twith the rules').map((match) => match.match)).toEqual(['in  accordance\twith']);
    expect(findLegalese('prior\nto launch')).toEqual([]);
  });

  it('finds hyphen-joined and punctuated words', () => {
    expect(findLegalese('(herein)').map((match) => match.index)).toEqual([1]);
    expect(findLegalese('pre-commence').map((match) => match.match)).toEqual(['commence']);
  });

  it('returns nothing for plain text', () => {
    expect(findLegalese('Use your own account. Ask before you post.')).toEqual([]);
    expect(findLegalese('')).toEqual([]);
  });
});
