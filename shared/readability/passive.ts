/**
 * Passive voice detection, as a heuristic.
 *
 * Policies lean on the passive ("posts will be reviewed") and hide who has to
 * act. Without a parser we look for the shape of a passive: a form of "to be"
 * (or "get") followed, within two words, by a past participle. It is right
 * for most policy sentences but not all: adjectives that look like
 * participles ("is interested", "are based") count as passive, and passives
 * with irregular participles missing from the table below are missed.
 */
import { findWords } from './words';

const BE_FORMS: ReadonlySet<string> = new Set([
  'am', 'is', 'are', 'was', 'were', 'be', 'been', 'being',
  "isn't", "aren't", "wasn't", "weren't",
  'get', 'gets', 'got', 'gotten', 'getting',
]);

/** Contractions of "is", "are" and "am"; "'s" only after pronouns, as it is also the possessive. */
const CONTRACTED_BE = /^(?:(?:it|that|he|she|there|here|what|who|where)'s|\p{L}+'re|i'm)$/u;

/** Words that may stand between "be" and the participle besides -ly adverbs: "is not allowed", "are all listed". */
const FILLERS: ReadonlySet<string> = new Set([
  'not', 'never', 'also', 'always', 'often', 'sometimes', 'usually', 'still', 'already',
  'just', 'only', 'then', 'now', 'ever', 'even', 'soon', 'all', 'both', 'very', 'well', 'further',
]);

/** Past participles that do not end in -ed (or whose -en is not regular). */
const IRREGULAR_PARTICIPLES: ReadonlySet<string> = new Set([
  'arisen', 'awoken', 'beaten', 'begun', 'bent', 'bitten', 'blown', 'born', 'borne', 'bought',
  'bound', 'broken', 'brought', 'built', 'burnt', 'cast', 'caught', 'chosen', 'cut', 'dealt',
  'done', 'drawn', 'dreamt', 'driven', 'drunk', 'dug', 'eaten', 'fallen', 'fed', 'felt',
  'fled', 'flown', 'flung', 'forbidden', 'forecast', 'foreseen', 'forgiven', 'forgotten', 'found', 'frozen',
  'given', 'ground', 'grown', 'heard', 'held', 'hidden', 'hit', 'hung', 'hurt', 'kept',
  'known', 'laid', 'led', 'left', 'lent', 'let', 'lit', 'lost', 'made', 'meant',
  'met', 'misled', 'mistaken', 'misunderstood', 'overcome', 'overheard', 'overridden', 'overseen', 'overtaken', 'overthrown',
  'paid', 'proven', 'put', 'quit', 'read', 'rebuilt', 'redone', 'rewritten', 'rid', 'ridden',
  'risen', 'run', 'rung', 'said', 'seen', 'sent', 'set', 'sewn', 'shaken', 'shot',
  'shown', 'shrunk', 'shut', 'slain', 'sold', 'sought', 'sown', 'sped', 'spent', 'spilt',
  'spoken', 'spread', 'spun', 'stolen', 'struck', 'stuck', 'stung', 'sung', 'sunk', 'swept',
  'sworn', 'swung', 'taken', 'taught', 'thought', 'thrown', 'thrust', 'told', 'torn', 'understood',
  'undertaken', 'undone', 'upheld', 'upset', 'withdrawn', 'withheld', 'woken', 'won', 'worn', 'woven',
  'wound', 'written',
]);

/** Words ending in -ed or -en that are not participles, so "is open" or "is between" are not passive. */
const NOT_PARTICIPLES: ReadonlySet<string> = new Set([
  'indeed', 'hundred', 'speed', 'seed', 'feed', 'need', 'breed', 'greed', 'creed', 'bleed',
  'proceed', 'succeed', 'exceed', 'embed', 'naked', 'wicked', 'sacred', 'kindred', 'shred', 'sled',
  'open', 'often', 'even', 'seven', 'eleven', 'children', 'women', 'garden', 'citizen', 'happen',
  'listen', 'token', 'oven', 'heaven', 'golden', 'wooden', 'sudden', 'dozen', 'kitchen', 'chicken',
  'kitten', 'linen', 'siren', 'omen', 'alien', 'barren', 'warden', 'burden', 'between', 'specimen',
]);

/** True for words that can be a past participle: the irregular table, or a regular -ed / -en ending. */
export function isPastParticiple(word: string): boolean {
  const lower = word.toLowerCase();
  if (IRREGULAR_PARTICIPLES.has(lower)) return true;
  if (NOT_PARTICIPLES.has(lower)) return false;
  if (lower.length >= 4 && lower.endsWith('ed')) return true;
  return lower.length >= 5 && lower.endsWith('en') && !lower.endsWith('een');
}

function isFiller(word: string): boolean {
  return FILLERS.has(word) || (word.length > 4 && word.endsWith('ly'));
}

/**
 * Whether a sentence looks passive: a form of "to be" (am, is, are, was,
 * were, be, been, being, and the contractions) or of "get", followed directly
 * or after at most two adverbs ("not", "also", any -ly word) by a past
 * participle. A heuristic, see the top of this file.
 */
export function isPassive(sentence: string): boolean {
  const words = findWords(sentence)
    .filter((word) => word.kind === 'word')
    .map((word) => word.text.toLowerCase().replace(/’/g, "'"));
  for (let index = 0; index < words.length; index++) {
    const word = words[index] ?? '';
    if (!BE_FORMS.has(word) && !CONTRACTED_BE.test(word)) continue;
    for (let gap = 0; gap <= 2; gap++) {
      const candidate = words[index + 1 + gap];
      if (candidate === undefined) break;
      if (isPastParticiple(candidate)) return true;
      if (!isFiller(candidate)) break;
    }
  }
  return false;
}
