/**
 * What a section's reading-level badge says: its grade, whether it has any text yet, and
 * whether any one sentence is too long. The average grade alone hides a single 40-word
 * sentence among short ones, and that sentence is the one readers give up on.
 */
import { scoreText, splitSentences, type SentenceInfo } from './readability';

/**
 * A sentence with more words than this is flagged, whatever the section's average. 25 is the
 * ceiling plain-language guides give for readers at the default target (grade 9, staff of every
 * role reading on a phone): past it, most people reread the start to follow the end.
 */
export const LONG_SENTENCE_WORDS = 25;

/** The reading level of a section as the editor shows it beside the section. */
export interface ReadingLevel {
  /** Flesch-Kincaid grade of the whole section text, heading included (as the server scores it). */
  grade: number;
  /** Words below the heading: 0 means nobody has written the section yet. */
  bodyWords: number;
  /** How many sentences have more than {@link LONG_SENTENCE_WORDS} words. */
  longSentences: number;
}

/** The text of a section without its heading line (the first line, when it is the title). */
function bodyOf(text: string, title: string): string {
  const lineEnd = text.indexOf('\n');
  const firstLine = lineEnd === -1 ? text : text.slice(0, lineEnd);
  if (firstLine !== title) return text;
  return lineEnd === -1 ? '' : text.slice(lineEnd + 1);
}

/** Sentences of `text` longer than `limit` words, in reading order. */
export function findLongSentences(text: string, limit = LONG_SENTENCE_WORDS): SentenceInfo[] {
  return splitSentences(text).filter((sentence) => sentence.words > limit);
}

/** Scores a section's text (heading first, as `readSections` gives it) for the badge and the outline. */
export function sectionReadingLevel(text: string, title: string): ReadingLevel {
  const body = bodyOf(text, title);
  const sentences = splitSentences(body);
  return {
    grade: scoreText(text).grade,
    bodyWords: sentences.reduce((sum, sentence) => sum + sentence.words, 0),
    longSentences: sentences.filter((sentence) => sentence.words > LONG_SENTENCE_WORDS).length,
  };
}

/** Whether a section has nothing below its heading yet, so it has no reading level to show. */
export function hasNoText(level: ReadingLevel | undefined): boolean {
  return level !== undefined && level.bodyWords === 0;
}

/**
 * The badge's words: "No text yet" for an empty section (never "Grade 0"), otherwise its
 * whole grade, with "long sentences" added when any sentence is over the limit, so the
 * warning is in words and not only in colour.
 */
export function gradeLabel(level: ReadingLevel): string {
  if (level.bodyWords === 0) return 'No text yet';
  const grade = `Reading grade ${Math.max(0, level.grade).toFixed(0)}`;
  return level.longSentences > 0 ? `${grade} · long sentences` : grade;
}

/** Whether the badge should warn: above the target grade, or any sentence over the limit. */
export function needsAttention(level: ReadingLevel, target: number): { overTarget: boolean; longSentences: boolean } {
  if (level.bodyWords === 0) return { overTarget: false, longSentences: false };
  return { overTarget: level.grade > target, longSentences: level.longSentences > 0 };
}
