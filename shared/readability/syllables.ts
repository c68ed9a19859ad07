/**
 * Rule-based English syllable counting for readability scores.
 *
 * Readability formulas only need a good average over a passage, not a perfect
 * count per word, so this counts vowel groups and then corrects for the
 * spelling patterns English gets wrong most often (silent final e, -le, -es and
 * -ed endings, y as a vowel, vowel pairs that are really two syllables). Words
 * the rules still miss and that turn up in policy text are kept in a small
 * table. No dictionary is shipped: the module must stay small enough for the
 * browser editor.
 */

/** Words the rules get wrong, with their dictionary count. Plurals ending in -s are looked up by their singular. */
const EXCEPTIONS: ReadonlyMap<string, number> = new Map([
  ['anyone', 3],
  ['anybody', 4],
  ['area', 3],
  ['behavior', 3],
  ['behaviour', 3],
  ['business', 2],
  ['businesses', 3],
  ['cafe', 2],
  ['colonel', 2],
  ['dr', 2],
  ['element', 3],
  ['etc', 4],
  ['every', 2],
  ['everybody', 4],
  ['everyday', 3],
  ['everyone', 3],
  ['everything', 3],
  ['everywhere', 3],
  ['idea', 3],
  ['lawyer', 2],
  ['maybe', 2],
  ['mr', 2],
  ['mrs', 2],
  ['ms', 1],
  ['naive', 2],
  ['poem', 2],
  ['poet', 2],
  ['poetry', 3],
  ['quiet', 2],
  ['recipe', 3],
  ['science', 2],
  ['vs', 2],
  ['wednesday', 2],
]);

/**
 * Spelling patterns where two written vowels are two spoken syllables, or where
 * a syllable is hidden in consonants. Each match adds one syllable.
 */
const ADD_SYLLABLE: readonly RegExp[] = [
  /[^ctsg]ia(?!ge)/, // media, trial, reliable (but social, initial, Asia, marriage)
  /[ct]iat(?!ive)/, // appreciate, negotiate (but initiative)
  /^ia/,
  /(?:[^tscgxnlv]|[^l]l)io|vio(?!u?r)/, // period, various, lion, violation (but nation, million, behavior)
  /[^g]iu/, // medium, premium
  /[^gq]ua/, // actual, usual, situation (but language, equal)
  /[^gq]uen/, // influence, fluent (but sequence)
  /[ct]ialit/, // confidentiality (but special, especially)
  /[^cst]ien(?!d)/, // client, audience, experience (but ancient, patient, friend)
  /[^aeiouy]iet/, // diet, society, variety
  /(?:d|th|r)eo|^geo(?!rg)|^neo/, // video, theory, reopen, geography
  /[^cg]eous/, // simultaneous (but gorgeous)
  /uou/, // continuous
  /crea(?![smk]|tur)/, // create, creation (but increase, cream)
  /^re(?:i[mn][^g]|us|ass|aff|app|ent|ex|act)/, // reimburse, reinforce, reuse, reassess, react
  /^co(?:op|ord|ex|erc|al[ei])/, // cooperate, coordinate, coexist, coalition
  /[aeiou]ings?$/, // being, going, continuing
  /[aeiouy][^aeiouy]+i(?:er|est)$/, // easier, earliest, supplier
  /[^aeiouy]isms?$/, // criticism, tourism
];

/**
 * Spelling patterns that are one syllable fewer than their vowel groups.
 * Each match removes one.
 */
const REMOVE_SYLLABLE: readonly RegExp[] = [
  // A silent e inside a word, before a suffix or a second word: statement, safely, sometimes, guideline.
  /[aeiouy][^aeiouy]{1,2}e(?:ment|ly|ful|less|ness|thing|times?|where|body|fore|line|work|wide)/,
  /ques?$/, // technique, unique
  /[aeiou]n?gues?$/, // league, colleague, tongue (but argue)
];

const VOWELS = 'aeiou';

function isPlainVowel(character: string | undefined): boolean {
  return character !== undefined && VOWELS.includes(character);
}

interface VowelGroup {
  start: number;
  end: number;
}

/**
 * Finds the vowel groups of a lower-case word. "y" is a vowel after a
 * consonant (gym, reply), a consonant at the start or between vowels (yes,
 * beyond, player) and a syllable of its own between a consonant and a vowel
 * (studying, anyone); "played" keeps the y with the vowel before it.
 */
function findVowelGroups(word: string): VowelGroup[] {
  const groups: VowelGroup[] = [];
  let current: VowelGroup | undefined;
  for (let index = 0; index < word.length; index++) {
    const character = word[index];
    let vowel = isPlainVowel(character);
    let endsGroup = false;
    if (character === 'y' && index > 0) {
      const next = word[index + 1];
      if (!isPlainVowel(next)) {
        vowel = true;
      } else if (isPlainVowel(word[index - 1])) {
        const rest = word.slice(index + 1);
        vowel = rest === 'ed' || rest === 'es';
      } else {
        vowel = true;
        endsGroup = true;
      }
    }
    if (vowel) {
      if (current === undefined) {
        current = { start: index, end: index + 1 };
        groups.push(current);
      } else {
        current.end = index + 1;
      }
      if (endsGroup) current = undefined;
    } else {
      current = undefined;
    }
  }
  return groups;
}

function isConsonant(character: string | undefined): boolean {
  return character !== undefined && !VOWELS.includes(character) && character !== 'y';
}

/** True when the "e" at `index` stands alone as the last vowel group, so it may be silent. */
function endsWithLoneE(groups: readonly VowelGroup[], index: number): boolean {
  const last = groups[groups.length - 1];
  return groups.length > 1 && last !== undefined && last.start === index && last.end === index + 1;
}

/** Consonant + l or r before the e, as in table, title, centre: that e is spoken. */
function isSyllabicLiquid(word: string, liquidIndex: number): boolean {
  const liquid = word[liquidIndex];
  return (liquid === 'l' || liquid === 'r') && isConsonant(word[liquidIndex - 1]);
}

/** Counts one run of ASCII letters (with apostrophes for contractions). */
function countLetters(spelled: string): number {
  const word = spelled.replace(/'/g, '');
  if (word === '') return 0;
  const known = EXCEPTIONS.get(word) ?? (word.endsWith('s') ? EXCEPTIONS.get(word.slice(0, -1)) : undefined);
  if (known !== undefined) return known;

  const groups = findVowelGroups(word);
  let count = groups.length;
  const length = word.length;

  if (word.endsWith('e') && endsWithLoneE(groups, length - 1) && !isSyllabicLiquid(word, length - 2)) {
    // Silent final e: make, whole, share. Kept in table, little, centre.
    count--;
  } else if (word.endsWith('es') && endsWithLoneE(groups, length - 2)) {
    // -es is silent after most consonants (makes, types) but spoken after
    // hissing sounds (buses, boxes, wishes, faces, pages) and in -les (tables).
    const before = word[length - 3] ?? '';
    const spoken = 'sxzcg'.includes(before) || (before === 'h' && 'cs'.includes(word[length - 4] ?? '')) || isSyllabicLiquid(word, length - 3);
    if (!spoken) count--;
  } else if (word.endsWith('ed') && endsWithLoneE(groups, length - 2)) {
    // -ed is silent except after t and d (wanted, needed) and in -led after a consonant (handled).
    const before = word[length - 3] ?? '';
    const spoken = before === 't' || before === 'd' || isSyllabicLiquid(word, length - 3);
    if (!spoken) count--;
  }

  for (const pattern of ADD_SYLLABLE) if (pattern.test(word)) count++;
  if (/[^aeiouy]n't$/.test(spelled)) count++; // couldn't, isn't: the n is a syllable of its own
  for (const pattern of REMOVE_SYLLABLE) if (pattern.test(word)) count--;

  return Math.max(1, count);
}

const ONES = [2, 1, 1, 1, 1, 1, 1, 2, 1, 1]; // zero, one, two, ... nine
const TEENS = [1, 3, 1, 2, 2, 2, 2, 3, 2, 2]; // ten, eleven, ... nineteen
const TENS = [0, 0, 2, 2, 2, 2, 2, 3, 2, 2]; // -, -, twenty, thirty, ... ninety
const SCALES = [0, 2, 2, 2, 2]; // -, thousand, million, billion, trillion

function countBelowThousand(value: number): number {
  const hundreds = Math.floor(value / 100);
  const rest = value % 100;
  let count = hundreds > 0 ? (ONES[hundreds] ?? 1) + 2 : 0; // "five hundred"
  if (rest >= 20) {
    count += (TENS[Math.floor(rest / 10)] ?? 2) + (rest % 10 > 0 ? (ONES[rest % 10] ?? 1) : 0);
  } else if (rest >= 10) {
    count += TEENS[rest - 10] ?? 2;
  } else if (rest > 0) {
    count += ONES[rest] ?? 1;
  }
  return count;
}

/** Syllables of a numeral as read aloud: "2024" → "two thousand twenty-four", "3.5" → "three point five". */
function countNumber(numeral: string): number {
  const [integerPart = '', fractionPart] = numeral.replace(/,(?=\d{3}(?:\D|$))/g, '').split('.');
  const digits = integerPart.replace(/\D/g, '');
  let count = 0;
  if (digits.length > 15) {
    count = digits.length; // read digit by digit
  } else {
    const value = Number(digits);
    if (value === 0) {
      count = ONES[0] ?? 2;
    } else {
      let remaining = value;
      for (let scale = 0; remaining > 0; scale++) {
        const chunk = remaining % 1000;
        if (chunk > 0) count += countBelowThousand(chunk) + (SCALES[scale] ?? 2);
        remaining = Math.floor(remaining / 1000);
      }
    }
  }
  if (fractionPart !== undefined) {
    count += 1; // "point"
    for (const digit of fractionPart.replace(/\D/g, '')) count += ONES[Number(digit)] ?? 1;
  }
  return count;
}

/**
 * Counts the syllables of one word, as the Flesch formulas need them.
 *
 * Returns at least 1 for any word with letters and 0 for a string with no
 * letters or digits. Hyphenated and compound tokens ("well-known", "COVID-19")
 * are the sum of their parts, numerals are counted as read aloud, ordinals
 * ("21st") as the number, and dotted abbreviations ("U.S.", "e.g.") letter by
 * letter. Letters outside the Latin alphabet count as one syllable per run, so
 * other scripts never score 0.
 */
export function countSyllables(word: string): number {
  const text = word.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[’‘]/g, "'");
  if (/^(?:\p{L}\.)+\p{L}?$/u.test(text) && text.length > 2) {
    let letters = 0;
    for (const letter of text.replace(/\./g, '').toLowerCase()) letters += letter === 'w' ? 3 : 1;
    return letters;
  }
  let total = 0;
  for (const match of text.matchAll(/(\p{N}+(?:[.,]\p{N}+)*)(?:st|nd|rd|th)?|[\p{L}']+/giu)) {
    const numeral = match[1];
    if (numeral !== undefined) {
      total += countNumber(numeral);
      continue;
    }
    const piece = match[0].toLowerCase();
    const latin = piece.replace(/[^a-z']/g, '').replace(/^'+|'+$/g, '');
    if (/[a-z]/.test(latin)) {
      total += countLetters(latin);
    } else if (/\p{L}/u.test(piece)) {
      total += 1;
    }
  }
  return total;
}
