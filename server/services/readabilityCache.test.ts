import { describe, expect, it } from 'vitest';
import { scoreText } from '../../shared/readability';
import { sectionReadability } from './readabilityCache';

describe('reading level remembered by section hash', () => {
  it('scores a section as scoreText does, once per hash', () => {
    const text = 'Ask before you post a photo of a colleague. Never share a customer’s details.';
    const first = sectionReadability({ hash: 'hash-a', text });
    expect(first).toEqual({ grade: scoreText(text).grade, readingEase: scoreText(text).readingEase });
    // Same hash: the remembered score, even if the caller's text were different (the hash stands for the content).
    expect(sectionReadability({ hash: 'hash-a', text: 'Notwithstanding the foregoing provisions hereinafter.' })).toBe(first);
    const other = sectionReadability({ hash: 'hash-b', text: 'Notwithstanding the foregoing provisions hereinafter set forth, employees shall ascertain compliance.' });
    expect(other.grade).toBeGreaterThan(first.grade);
  });
});
