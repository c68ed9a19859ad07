/**
 * Legalese: words and phrases that make a policy sound like a contract, each
 * with a plain alternative. Kept as data so the list can be reviewed and
 * extended without touching the matcher.
 */

export interface LegaleseEntry {
  /** The phrase as it would be looked up: lower case, base form. */
  readonly phrase: string;
  /** What to write instead. Alternatives are joined with " or ". */
  readonly plain: string;
}

export interface LegaleseMatch {
  /** The list entry that matched. */
  phrase: string;
  plain: string;
  /** Offset of the match in the text given to {@link findLegalese}. */
  index: number;
  /** The matched text as written (case and inflection preserved). */
  match: string;
}

export const LEGALESE: readonly LegaleseEntry[] = [
  { phrase: 'pursuant to', plain: 'under' },
  { phrase: 'prior to', plain: 'before' },
  { phrase: 'subsequent to', plain: 'after' },
  { phrase: 'in accordance with', plain: 'under or following' },
  { phrase: 'with regard to', plain: 'about' },
  { phrase: 'with respect to', plain: 'about' },
  { phrase: 'in relation to', plain: 'about' },
  { phrase: 'in the event that', plain: 'if' },
  { phrase: 'in the event of', plain: 'if there is' },
  { phrase: 'in order to', plain: 'to' },
  { phrase: 'for the purpose of', plain: 'to or for' },
  { phrase: 'in lieu of', plain: 'instead of' },
  { phrase: 'in excess of', plain: 'more than' },
  { phrase: 'in the absence of', plain: 'without' },
  { phrase: 'by means of', plain: 'by or with' },
  { phrase: 'in conjunction with', plain: 'with' },
  { phrase: 'due to the fact that', plain: 'because' },
  { phrase: 'until such time as', plain: 'until' },
  { phrase: 'at this point in time', plain: 'now' },
  { phrase: 'on a regular basis', plain: 'regularly' },
  { phrase: 'in a timely manner', plain: 'promptly' },
  { phrase: 'it is incumbent upon', plain: 'must' },
  { phrase: 'provided that', plain: 'if' },
  { phrase: 'a number of', plain: 'some or several' },
  { phrase: 'inter alia', plain: 'among other things' },
  { phrase: 'shall', plain: 'must or will' },
  { phrase: 'herein', plain: 'in this policy' },
  { phrase: 'hereby', plain: '(leave out)' },
  { phrase: 'hereinafter', plain: 'from now on, or leave out' },
  { phrase: 'thereof', plain: 'of it' },
  { phrase: 'therein', plain: 'in it' },
  { phrase: 'whereas', plain: 'because or while' },
  { phrase: 'aforementioned', plain: 'this, that or these' },
  { phrase: 'forthwith', plain: 'at once' },
  { phrase: 'henceforth', plain: 'from now on' },
  { phrase: 'notwithstanding', plain: 'despite or even if' },
  { phrase: 'inasmuch as', plain: 'because' },
  { phrase: 'deem', plain: 'consider or treat as' },
  { phrase: 'utilize', plain: 'use' },
  { phrase: 'utilization', plain: 'use' },
  { phrase: 'commence', plain: 'start' },
  { phrase: 'commencement', plain: 'start' },
  { phrase: 'terminate', plain: 'end or stop' },
  { phrase: 'termination', plain: 'end' },
  { phrase: 'facilitate', plain: 'help or make easier' },
  { phrase: 'endeavor', plain: 'try' },
  { phrase: 'endeavour', plain: 'try' },
  { phrase: 'ascertain', plain: 'find out' },
  { phrase: 'cease', plain: 'stop' },
  { phrase: 'promulgate', plain: 'publish' },
  { phrase: 'expeditiously', plain: 'quickly' },
  { phrase: 'approximately', plain: 'about' },
  { phrase: 'sufficient', plain: 'enough' },
  { phrase: 'numerous', plain: 'many' },
  { phrase: 'transmit', plain: 'send' },
  { phrase: 'obtain', plain: 'get' },
  { phrase: 'remuneration', plain: 'pay' },
];

/**
 * Spellings of a single word the finder also accepts: verb endings
 * (-s, -ed, -ing, with and without a doubled final consonant) and the British
 * -ise for -ize. Forms that are not English words ("hereins") are generated
 * too; they never occur in text, so they cost nothing.
 */
function inflectionsOf(word: string): string[] {
  const bases = word.endsWith('ize') ? [word, `${word.slice(0, -3)}ise`] : [word];
  const forms = new Set<string>();
  for (const base of bases) {
    forms.add(base);
    if (base.endsWith('e')) {
      forms.add(`${base}s`);
      forms.add(`${base}d`);
      forms.add(`${base.slice(0, -1)}ing`);
    } else if (/[^aeiou]y$/.test(base)) {
      const stem = base.slice(0, -1);
      forms.add(`${stem}ies`);
      forms.add(`${stem}ied`);
      forms.add(`${base}ing`);
    } else {
      forms.add(/(?:s|x|z|ch|sh)$/.test(base) ? `${base}es` : `${base}s`);
      forms.add(`${base}ed`);
      forms.add(`${base}ing`);
      if (/[^aeiou][aeiou][^aeiouwxy]$/.test(base)) {
        const doubled = base + base.charAt(base.length - 1);
        forms.add(`${doubled}ed`);
        forms.add(`${doubled}ing`);
      }
    }
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

function escapeForPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Letters, digits and underscore: a match must not touch one on either side. */
const WORD_CHARACTER = String.raw`[\p{L}\p{N}_]`;
/** Words of a phrase may be separated by any spaces, but not by a line break (a new block). */
const PHRASE_SPACE = String.raw`[^\S\r\n\u2028\u2029]+`;

interface CompiledEntry {
  entry: LegaleseEntry;
  pattern: RegExp;
}

const COMPILED: readonly CompiledEntry[] = LEGALESE.map((entry) => {
  const words = entry.phrase.split(/\s+/);
  const body =
    words.length === 1
      ? inflectionsOf(entry.phrase).map(escapeForPattern).join('|')
      : words.map(escapeForPattern).join(PHRASE_SPACE);
  // Group 1 is whatever precedes the match; lookbehind is avoided for older browsers.
  const pattern = new RegExp(`(^|[^\\p{L}\\p{N}_])(${body})(?!${WORD_CHARACTER})`, 'giu');
  return { entry, pattern };
});

/**
 * Finds legalese in text, so the editor can underline it and suggest the
 * plain alternative.
 *
 * Matching is case-insensitive and whole-word; phrases may span any run of
 * spaces within a line. Where two entries overlap, the one starting first
 * wins, then the longer one. Results are sorted by position.
 */
export function findLegalese(text: string): LegaleseMatch[] {
  const found: LegaleseMatch[] = [];
  for (const { entry, pattern } of COMPILED) {
    for (const match of text.matchAll(pattern)) {
      const before = match[1] ?? '';
      const matched = match[2] ?? '';
      found.push({ phrase: entry.phrase, plain: entry.plain, index: (match.index ?? 0) + before.length, match: matched });
    }
  }
  found.sort((a, b) => a.index - b.index || b.match.length - a.match.length);
  const kept: LegaleseMatch[] = [];
  let coveredUntil = 0;
  for (const candidate of found) {
    if (candidate.index < coveredUntil) continue;
    kept.push(candidate);
    coveredUntil = candidate.index + candidate.match.length;
  }
  return kept;
}
