import { describe, expect, it } from 'vitest';
import { openingText } from './openingText';

describe('the opening of a section in the template preview', () => {
  it('reads blanks as what was typed, or as their label, and keeps a subheading from running into the next line', () => {
    const text = 'Who speaks\nOnly {{media_contact}} talks to the press for {{organization}}.\nBreaches\nTell {{legal_contact}} at once.';
    expect(openingText(text, 'Northwind', { media_contact: 'Dana Reyes' })).toBe(
      'Who speaks — Only Dana Reyes talks to the press for Northwind. Breaches — Tell [Legal contact] at once.',
    );
    expect(openingText(text, '  ')).toContain('Only [Media contact] talks to the press for your organization.');
    // An unknown blank is named as written; a value of only spaces counts as empty.
    expect(openingText('Ask {{odd_thing}} or {{legal_contact}}.', 'X', { legal_contact: '   ' })).toBe('Ask [odd_thing] or [Legal contact].');
    // A blank named like something every object has is a blank too.
    expect(openingText('Ask {{constructor}}.', 'X', {})).toBe('Ask [constructor].');
  });

  it('is cut at a word, with an ellipsis, when long', () => {
    const long = openingText(`${'word '.repeat(100)}end`, 'X');
    expect(long.length).toBeLessThanOrEqual(261);
    expect(long.endsWith('word…')).toBe(true);
  });
});
