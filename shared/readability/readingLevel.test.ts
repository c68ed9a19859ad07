import { describe, expect, it } from 'vitest';
import { DEFAULT_GRADE_TARGET } from './readability';
import { findLongSentences, gradeLabel, hasNoText, LONG_SENTENCE_WORDS, needsAttention, sectionReadingLevel } from './readingLevel';

// 42 words in one sentence, surrounded by short plain ones that keep the average low.
const LEGALESE_42 =
  'Notwithstanding the foregoing, any employee who posts on any platform shall ensure that such post never discloses, directly or by implication, any information that is or could be deemed to be confidential to the organization or any of its clients or partners.';
const SHORT = 'Be kind. Ask first. Do not post secrets. Tell us about mistakes. Check the facts. Keep it short. Say who you are. Stop when asked.';

describe('sectionReadingLevel', () => {
  it('counts the sample sentence as 42 words', () => {
    expect(findLongSentences(LEGALESE_42).map((sentence) => sentence.words)).toEqual([42]);
  });

  it('flags one long sentence even when the average keeps the grade within the target', () => {
    const level = sectionReadingLevel(`Rules\n${SHORT} ${SHORT}\n${LEGALESE_42}`, 'Rules');
    expect(level.grade).toBeLessThanOrEqual(DEFAULT_GRADE_TARGET);
    expect(level.longSentences).toBe(1);
    expect(needsAttention(level, DEFAULT_GRADE_TARGET)).toEqual({ overTarget: false, longSentences: true });
    expect(gradeLabel(level)).toMatch(/^Reading grade \d+ · long sentences$/);
  });

  it('does not flag a sentence of exactly the limit', () => {
    const words = Array.from({ length: LONG_SENTENCE_WORDS }, () => 'word').join(' ');
    expect(findLongSentences(`${words}.`)).toEqual([]);
    expect(findLongSentences(`${words} more.`)).toHaveLength(1);
  });

  it('shows "No text yet", not "Grade 0", for a section with only its heading', () => {
    const level = sectionReadingLevel('Purpose and scope', 'Purpose and scope');
    expect(level.bodyWords).toBe(0);
    expect(hasNoText(level)).toBe(true);
    expect(gradeLabel(level)).toBe('No text yet');
    expect(needsAttention(level, DEFAULT_GRADE_TARGET)).toEqual({ overTarget: false, longSentences: false });
    expect(gradeLabel(sectionReadingLevel('Purpose and scope\n\n', 'Purpose and scope'))).toBe('No text yet');
    expect(gradeLabel(sectionReadingLevel('', ''))).toBe('No text yet');
  });

  it('shows the whole grade for ordinary text', () => {
    const level = sectionReadingLevel('Rules\nDo not post client data.', 'Rules');
    expect(level.bodyWords).toBe(5);
    expect(hasNoText(level)).toBe(false);
    expect(gradeLabel(level)).toBe(`Reading grade ${Math.max(0, level.grade).toFixed(0)}`);
    expect(hasNoText(undefined)).toBe(false);
  });

  it('counts the heading line as body text when it is not the title', () => {
    expect(sectionReadingLevel('Something else', 'Rules').bodyWords).toBe(2);
  });
});
