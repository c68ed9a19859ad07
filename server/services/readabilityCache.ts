import { scoreText } from '../../shared/readability';

const MAX_ENTRIES = 20_000;
const scores = new Map<string, { grade: number; readingEase: number }>();

/**
 * The reading level of a section, remembered by its hash: a section's score changes only when
 * its content does, so reading a 300-section policy scores only the sections that changed.
 * Oldest entries are forgotten first once MAX_ENTRIES are held.
 */
export function sectionReadability(section: { hash: string; text: string }): { grade: number; readingEase: number } {
  const known = scores.get(section.hash);
  if (known) {
    // Refresh its place, so the entries forgotten first are the ones not asked for longest.
    scores.delete(section.hash);
    scores.set(section.hash, known);
    return known;
  }
  const score = scoreText(section.text);
  const result = { grade: score.grade, readingEase: score.readingEase };
  scores.set(section.hash, result);
  if (scores.size > MAX_ENTRIES) scores.delete(scores.keys().next().value!);
  return result;
}
