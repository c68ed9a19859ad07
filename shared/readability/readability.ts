/**
 * Readability scores for a policy section's plain text: the Flesch reading
 * ease and Flesch-Kincaid grade, the longest sentences, the share of passive
 * sentences and the legalese found. Pure functions, used both in the browser
 * editor (live feedback while writing) and on the server.
 */
import { findLegalese } from './legalese';
import { isPassive } from './passive';
import { countSyllables } from './syllables';
import { findLinks, findWords, type WordToken } from './words';

export interface SentenceInfo {
  /** The sentence as written, without surrounding spaces or a list marker. */
  text: string;
  /** Offset of the first character in the text given to {@link splitSentences}. */
  start: number;
  /** Offset just past the last character (after closing punctuation and quotes). */
  end: number;
  words: number;
  /** Whether the sentence looks passive; see {@link isPassive}. */
  passive: boolean;
}

export interface Readability {
  words: number;
  sentences: number;
  syllables: number;
  /** Flesch reading ease, rounded to 1 decimal: higher is easier, 60-70 is plain English. */
  readingEase: number;
  /** Flesch-Kincaid grade level, rounded to 1 decimal: the US school grade needed to follow the text. */
  grade: number;
  /** Words per sentence, rounded to 1 decimal. */
  averageSentenceLength: number;
  /** The three longest sentences by words, longest first (earlier first on ties). */
  longestSentences: SentenceInfo[];
  /** Share of sentences detected as passive, 0 to 1. */
  passiveShare: number;
  legalese: ReturnType<typeof findLegalese>;
}

/** The grade level a section should not exceed unless a department sets its own target. */
export const DEFAULT_GRADE_TARGET = 9;

/** Abbreviations that never end a sentence: titles before a name and Latin shorthand inside one. */
const NEVER_FINAL: ReadonlySet<string> = new Set([
  'mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'rev', 'hon', 'fr', 'gen', 'gov', 'sen', 'rep', 'capt', 'lt', 'col', 'sgt',
  'e.g', 'eg', 'i.e', 'cf', 'vs', 'viz', 'approx', 'esp', 'incl', 'excl', 'ca', 'resp',
]);

/** Abbreviations that come before a number: "see No. 5", "p. 12". */
const BEFORE_NUMBER: ReadonlySet<string> = new Set([
  'no', 'nos', 'vol', 'vols', 'p', 'pp', 'fig', 'figs', 'sec', 'sect', 'art', 'ch', 'chap', 'para', 'ref', 'tel', 'ext',
]);

/** Abbreviations that may or may not end a sentence ("Acme Inc. The company ..." vs "Acme Inc. shares"). */
const MAYBE_FINAL: ReadonlySet<string> = new Set([
  'etc', 'inc', 'ltd', 'co', 'corp', 'llc', 'plc', 'jr', 'sr', 'st', 'ave', 'rd', 'blvd', 'dept', 'est', 'govt', 'al',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

/** Words that commonly start a sentence; after an ambiguous abbreviation they mean a new sentence began. */
const SENTENCE_STARTERS: ReadonlySet<string> = new Set([
  'the', 'this', 'that', 'these', 'those', 'there', 'then', 'they', 'we', 'you', 'it', 'its', 'he', 'she', 'i',
  'a', 'an', 'our', 'your', 'their', 'if', 'when', 'in', 'on', 'at', 'for', 'but', 'and', 'so', 'all', 'each',
  'every', 'any', 'no', 'please', 'do', "don't", 'however', 'also', 'after', 'before', 'what', 'how', 'why',
]);

const TERMINATORS = '.!?;…';
const CLOSERS = `)]}"'’”»`;
const OPENERS = `([{"'‘“«`;

/** Bullets, "1.", "(a)", "iv)" at the start of a line: not part of the sentence, and their full stop ends nothing. */
const LIST_MARKER = /^[^\S\r\n]*(?:[-*•‣◦▪–—+]|\(?(?:\d{1,3}|[a-zA-Z]|[ivx]{1,4}|[IVX]{1,4})[.)])[^\S\r\n]+/;

const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/g;

function isSpace(character: string | undefined): boolean {
  return character !== undefined && /\s/.test(character);
}

function startsUpperCase(word: string): boolean {
  const first = word.charAt(0);
  return first !== first.toLowerCase() && first === first.toUpperCase();
}

/**
 * Decides whether a single full stop ends the sentence, given the word it
 * follows and the word after it. Abbreviations are the hard part: "Dr." never
 * ends a sentence, "No." does not before a number, "etc." does when a capital
 * follows, and "U.S.", "Inc." or an initial do only when the next word is one
 * that usually starts a sentence.
 */
function fullStopEndsSentence(wordBefore: string, nextWord: string): boolean {
  if (nextWord === '') return true;
  const token = wordBefore.toLowerCase();
  if (NEVER_FINAL.has(token)) return false;
  if (BEFORE_NUMBER.has(token)) return !/^\p{N}/u.test(nextWord);
  if (token === 'etc') return startsUpperCase(nextWord) || !/^\p{L}/u.test(nextWord);
  // Single letters (initials, "Plan B.") and short dotted abbreviations (U.S., a.m., Ph.D.) are ambiguous too.
  const ambiguous = MAYBE_FINAL.has(token) || /^\p{L}$/u.test(token) || /^(?:\p{L}{1,2}\.)+\p{L}{1,2}$/u.test(token);
  if (ambiguous) return startsUpperCase(nextWord) && SENTENCE_STARTERS.has(nextWord.toLowerCase());
  return true;
}

interface SentenceWithWords {
  info: SentenceInfo;
  words: WordToken[];
}

/** Splits one line (one block of the section) into sentences, appending them to `out`. */
function splitLine(text: string, lineStart: number, lineEnd: number, out: SentenceWithWords[]): void {
  const line = text.slice(lineStart, lineEnd);
  const marker = LIST_MARKER.exec(line);
  let sentenceStart = lineStart + (marker ? marker[0].length : 0);
  const links = findLinks(line).map((link) => ({ start: link.start + lineStart, end: link.end + lineStart }));
  let linkIndex = 0;

  const push = (start: number, end: number): void => {
    while (start < end && isSpace(text[start])) start++;
    while (end > start && isSpace(text[end - 1])) end--;
    const sentence = text.slice(start, end);
    const words = findWords(sentence);
    if (words.length === 0) return;
    out.push({ info: { text: sentence, start, end, words: words.length, passive: isPassive(sentence) }, words });
  };

  for (let index = sentenceStart; index < lineEnd; index++) {
    while (linkIndex < links.length && (links[linkIndex]?.end ?? 0) <= index) linkIndex++;
    const link = links[linkIndex];
    if (link !== undefined && link.start <= index) {
      index = link.end - 1;
      continue;
    }
    if (!TERMINATORS.includes(text.charAt(index))) continue;

    let runEnd = index;
    while (runEnd < lineEnd && TERMINATORS.includes(text.charAt(runEnd))) runEnd++;
    const punctuation = text.slice(index, runEnd);
    while (runEnd < lineEnd && CLOSERS.includes(text.charAt(runEnd))) runEnd++;
    // "3.5", "example.com", "a.m.": no space after the stop, so no boundary.
    if (runEnd < lineEnd && !isSpace(text[runEnd])) {
      index = runEnd - 1;
      continue;
    }

    let nextStart = runEnd;
    while (nextStart < lineEnd && (isSpace(text[nextStart]) || OPENERS.includes(text.charAt(nextStart)))) nextStart++;
    const nextWord = /^[\p{L}\p{N}'’]*/u.exec(text.slice(nextStart, lineEnd))?.[0] ?? '';

    let ends: boolean;
    if (/[?!;]/.test(punctuation)) {
      ends = true;
    } else if (punctuation.includes('…') || punctuation.length > 1) {
      // An ellipsis trails off mid-sentence unless a capital (or the end of the line) follows.
      ends = nextWord === '' || startsUpperCase(nextWord);
    } else {
      let wordStart = index;
      while (wordStart > sentenceStart && !isSpace(text[wordStart - 1])) wordStart--;
      let wordBefore = text.slice(wordStart, index);
      while (wordBefore !== '' && OPENERS.includes(wordBefore.charAt(0))) wordBefore = wordBefore.slice(1);
      ends = wordBefore === '' || fullStopEndsSentence(wordBefore, nextWord);
    }

    if (ends) {
      push(sentenceStart, runEnd);
      sentenceStart = runEnd;
    }
    index = runEnd - 1;
  }
  push(sentenceStart, lineEnd);
}

function splitWithWords(text: string): SentenceWithWords[] {
  const sentences: SentenceWithWords[] = [];
  let lineStart = 0;
  for (const lineBreak of text.matchAll(LINE_BREAK)) {
    const index = lineBreak.index ?? 0;
    splitLine(text, lineStart, index, sentences);
    lineStart = index + lineBreak[0].length;
  }
  splitLine(text, lineStart, text.length, sentences);
  return sentences;
}

/**
 * Splits section text into sentences with their positions, so the editor can
 * highlight long or passive ones.
 *
 * Each line is a block (paragraph, list item, heading) and is always its own
 * sentence even without final punctuation; leading list markers ("-", "1.",
 * "(a)") are left out. Within a line, sentences end at . ! ? ; and … (with
 * any closing quotes or brackets), but not inside numbers (3.5), links,
 * email addresses or after abbreviations (e.g., Mr., U.S.). Stretches with no
 * words at all (a line of dashes) are dropped.
 */
export function splitSentences(text: string): SentenceInfo[] {
  return splitWithWords(text).map((sentence) => sentence.info);
}

/** Rounds half away from zero to one decimal, absorbing floating-point noise (1.4499999… → 1.5 when it is really 1.45). */
function roundToTenth(value: number): number {
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * 10 + 1e-9)) / 10;
  return rounded === 0 ? 0 : rounded;
}

/**
 * Scores a section's plain text for readability.
 *
 * Flesch reading ease = 206.835 − 1.015 × words/sentences − 84.6 × syllables/words;
 * Flesch-Kincaid grade = 0.39 × words/sentences + 11.8 × syllables/words − 15.59.
 * Both are reported as computed, not clamped: very simple text can score above
 * 100 or below grade 0. Text with no words scores 0 on everything (reading
 * ease 0, grade 0, no sentences) rather than NaN; check `words === 0` to show
 * "nothing to score" instead of the numbers. A link or email address counts as
 * one word of one syllable, as readers take it in as a unit.
 */
export function scoreText(text: string): Readability {
  const sentences = splitWithWords(text);
  let words = 0;
  let syllables = 0;
  let passive = 0;
  for (const sentence of sentences) {
    words += sentence.words.length;
    for (const word of sentence.words) syllables += word.kind === 'link' ? 1 : Math.max(1, countSyllables(word.text));
    if (sentence.info.passive) passive++;
  }
  const infos = sentences.map((sentence) => sentence.info);
  const longestSentences = infos
    .map((info, position) => ({ info, position }))
    .sort((a, b) => b.info.words - a.info.words || a.position - b.position)
    .slice(0, 3)
    .map((entry) => entry.info);
  const legalese = findLegalese(text);

  if (words === 0) {
    return {
      words: 0,
      sentences: 0,
      syllables: 0,
      readingEase: 0,
      grade: 0,
      averageSentenceLength: 0,
      longestSentences: [],
      passiveShare: 0,
      legalese,
    };
  }

  const wordsPerSentence = words / sentences.length;
  const syllablesPerWord = syllables / words;
  return {
    words,
    sentences: sentences.length,
    syllables,
    readingEase: roundToTenth(206.835 - 1.015 * wordsPerSentence - 84.6 * syllablesPerWord),
    grade: roundToTenth(0.39 * wordsPerSentence + 11.8 * syllablesPerWord - 15.59),
    averageSentenceLength: roundToTenth(wordsPerSentence),
    longestSentences,
    passiveShare: passive / sentences.length,
    legalese,
  };
}

/**
 * A short label for a grade level, for people who do not think in
 * Flesch-Kincaid numbers. The grade is rounded to the nearest whole grade:
 * 0 and below is "Kindergarten", 1-12 "Grade N", 13-16 "College" and above
 * that "Graduate".
 */
export function readingLevelLabel(grade: number): string {
  if (Number.isNaN(grade)) return 'Unknown';
  const level = Math.round(grade);
  if (level <= 0) return 'Kindergarten';
  if (level <= 12) return `Grade ${level}`;
  if (level <= 16) return 'College';
  return 'Graduate';
}
