/**
 * Readability scoring for policy sections: pure functions shared by the
 * browser editor and the server.
 */
export { countSyllables } from './syllables';
export { LEGALESE, findLegalese } from './legalese';
export type { LegaleseEntry, LegaleseMatch } from './legalese';
export { isPassive, isPastParticiple } from './passive';
export { findWords, findLinks } from './words';
export type { WordKind, WordToken } from './words';
export { DEFAULT_GRADE_TARGET, readingLevelLabel, scoreText, splitSentences } from './readability';
export type { Readability, SentenceInfo } from './readability';
export { LONG_SENTENCE_WORDS, findLongSentences, gradeLabel, hasNoText, needsAttention, sectionReadingLevel } from './readingLevel';
export type { ReadingLevel } from './readingLevel';
