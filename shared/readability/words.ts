/**
 * Word tokens for readability scoring.
 *
 * The Flesch formulas count "words", and policy text is full of things a plain
 * split on spaces gets wrong: numbers with points and commas (3.5, 1,000),
 * hyphenated and contracted words (well-known, don't), dotted abbreviations
 * (e.g., U.S.), and links and email addresses. Each of those counts as one word.
 */

export type WordKind = 'word' | 'number' | 'link';

export interface WordToken {
  /** The token as written. */
  text: string;
  /** Offset of the first character in the text given to {@link findWords}. */
  start: number;
  /** Offset just past the last character. */
  end: number;
  kind: WordKind;
}

// Lengths are bounded so a pathological paste (a long run of dots or dashes) stays linear to scan.
const URL_PATTERN = String.raw`(?:https?:\/\/|www\.)[^\s<>"]{0,2047}[^\s<>".,;:!?)\]'’”]`;
const LABEL = String.raw`[\p{L}\p{N}][\p{L}\p{N}\-]{0,62}`;
const EMAIL_PATTERN = String.raw`[\p{L}\p{N}][\p{L}\p{N}._%+\-]{0,63}@${LABEL}(?:\.${LABEL}){1,8}`;
const TOP_LEVEL_DOMAINS = 'com|org|net|gov|edu|int|mil|info|io|co|app|dev|ai|uk|us|eu|ca|au|de|fr|nl|ie|nz';
const DOMAIN_PATTERN = String.raw`${LABEL}(?:\.${LABEL}){0,8}\.(?:${TOP_LEVEL_DOMAINS})(?![\p{L}\p{N}])(?:\/[^\s<>"]{0,2047}[^\s<>".,;:!?)\]'’”])?`;

/** A run of letters and digits; digits may carry decimal points and thousands separators. */
const UNIT = String.raw`(?:[\p{L}\p{M}]|\p{N}+(?:[.,]\p{N}+)*)+`;
const ABBREVIATION = String.raw`(?:\p{L}\.){2,}`;
const WORD = new RegExp(`(${URL_PATTERN}|${EMAIL_PATTERN}|${DOMAIN_PATTERN})|${ABBREVIATION}|${UNIT}(?:['’\\-‐‑]${UNIT})*`, 'gu');

/**
 * Splits text into the words the readability formulas count, with their
 * positions, so callers can both count and highlight them.
 */
export function findWords(text: string): WordToken[] {
  const words: WordToken[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index ?? 0;
    const token = match[0];
    const kind: WordKind = match[1] !== undefined ? 'link' : /\p{L}/u.test(token) ? 'word' : 'number';
    words.push({ text: token, start, end: start + token.length, kind });
  }
  return words;
}

/**
 * Finds links, email addresses and bare domains. They are read as a unit, so
 * the full stops and question marks inside them never end a sentence.
 */
export function findLinks(text: string): { start: number; end: number }[] {
  return findWords(text)
    .filter((word) => word.kind === 'link')
    .map((word) => ({ start: word.start, end: word.end }));
}
