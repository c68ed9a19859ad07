/**
 * Characters that separate words in policy text. `/ . @ : - _` stay inside tokens so URLs and
 * handles survive, and so does an apostrophe, so "Acme's" is not read as a mention of @acme.
 */
const SEPARATORS = /[\s,;()<>[\]{}|*"`\u201C\u201D]+/;

/** Lower case, without quotes, sentence punctuation, URL scheme, `www.`, a leading `@` or trailing slashes. */
function normalizeToken(token: string): string {
  return token
    .toLowerCase()
    .replace(/^['\u2018\u2019]+/, '')
    .replace(/['\u2018\u2019.,:;!?]+$/, '')
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/^www\./, '')
    .replace(/^@/, '')
    .replace(/\/+$/, '');
}

function tokenize(text: string): string[] {
  return text
    .split(SEPARATORS)
    .map(normalizeToken)
    .filter((token) => token !== '');
}

/**
 * The handle a URL ends in: `instagram.com/acme` → `acme`, `youtube.com/@acme` → `acme`.
 * None for URLs with a query (`profile.php?id=…` names a page by its query, not its path).
 */
function handleAtEndOfUrl(token: string): string | null {
  const withoutFragment = token.replace(/#.*$/, '').replace(/\/+$/, '');
  if (!withoutFragment.includes('/') || withoutFragment.includes('?')) return null;
  const handle = withoutFragment.slice(withoutFragment.lastIndexOf('/') + 1).replace(/^@/, '');
  return handle === '' ? null : handle;
}

/**
 * Which of `phrases` (sequences of token numbers) occur in `sequence` as consecutive tokens.
 * Aho–Corasick: one pass over the text for all phrases together, so the time is linear in the
 * text plus the phrases, whatever they hold (no phrase is compared at each place of the text).
 */
function phrasesFound(sequence: Int32Array, phrases: readonly (readonly number[])[]): boolean[] {
  const children: Map<number, number>[] = [new Map()];
  const ends: number[][] = [[]];
  phrases.forEach((phrase, index) => {
    let node = 0;
    for (const token of phrase) {
      let next = children[node]!.get(token);
      if (next === undefined) {
        next = children.length;
        children.push(new Map());
        ends.push([]);
        children[node]!.set(token, next);
      }
      node = next;
    }
    ends[node]!.push(index);
  });
  // Failure links (longest proper suffix that is also a prefix) and output links (nearest one that ends a phrase).
  const fail = new Int32Array(children.length);
  const output = new Int32Array(children.length).fill(-1);
  const queue: number[] = [...children[0]!.values()];
  for (let head = 0; head < queue.length; head += 1) {
    const node = queue[head]!;
    for (const [token, child] of children[node]!) {
      let link = fail[node]!;
      while (link !== 0 && !children[link]!.has(token)) link = fail[link]!;
      const target = children[link]!.get(token);
      fail[child] = target !== undefined && target !== child ? target : 0;
      output[child] = ends[fail[child]!]!.length > 0 ? fail[child]! : output[fail[child]!]!;
      queue.push(child);
    }
  }
  const found = phrases.map(() => false);
  // A state's outputs are reported once; after that its chain has nothing new to say.
  const reported = new Uint8Array(children.length);
  let node = 0;
  for (const token of sequence) {
    while (node !== 0 && !children[node]!.has(token)) node = fail[node]!;
    node = children[node]!.get(token) ?? 0;
    for (let state = node; state > 0 && reported[state] === 0; state = output[state]!) {
      reported[state] = 1;
      for (const index of ends[state]!) found[index] = true;
    }
  }
  return found;
}

/**
 * The policy text read once, so that many accounts can be looked up in it together in time
 * linear in the text plus the accounts: tokens are numbered, each token and each URL's handle
 * goes into a set (for one-word accounts), and names of several words are matched in one pass.
 */
export class MentionIndex {
  private readonly numbers = new Map<string, number>();
  /** The text's tokens, as numbers. */
  private readonly sequence: Int32Array;
  /** Every token of the text and every handle a URL in it ends in. */
  private readonly forms = new Set<string>();

  constructor(text: string) {
    const tokens = tokenize(text);
    this.sequence = new Int32Array(tokens.length);
    tokens.forEach((token, position) => {
      let number = this.numbers.get(token);
      if (number === undefined) {
        number = this.numbers.size;
        this.numbers.set(token, number);
        this.forms.add(token);
        const handle = handleAtEndOfUrl(token);
        if (handle !== null) this.forms.add(handle);
      }
      this.sequence[position] = number;
    });
  }

  /** Whether the text mentions `account`; see {@link isAccountMentioned}. */
  mentions(account: string): boolean {
    return this.mentionsAll([account])[0]!;
  }

  /** For each account, whether the text mentions it; see {@link isAccountMentioned}. */
  mentionsAll(accounts: readonly string[]): boolean[] {
    const answers = accounts.map(() => false);
    const phrases: number[][] = [];
    const phraseOf: number[] = [];
    accounts.forEach((account, index) => {
      const accountTokens = tokenize(account);
      if (accountTokens.length === 0) return;
      if (accountTokens.length === 1) {
        const only = accountTokens[0]!;
        const accountHandle = handleAtEndOfUrl(only);
        answers[index] = this.forms.has(only) || (accountHandle !== null && this.forms.has(accountHandle));
        return;
      }
      const phrase: number[] = [];
      for (const token of accountTokens) {
        const number = this.numbers.get(token);
        if (number === undefined) return; // a word of the name never occurs in the text
        phrase.push(number);
      }
      phrases.push(phrase);
      phraseOf.push(index);
    });
    if (phrases.length > 0) {
      phrasesFound(this.sequence, phrases).forEach((found, phrase) => {
        if (found) answers[phraseOf[phrase]!] = true;
      });
    }
    return answers;
  }
}

/**
 * Whether the policy text mentions an account, however either side writes it: case does not
 * matter, nor a leading @, a URL scheme or `www.`, and a handle matches a URL ending in it
 * (`@acme` ↔ `https://www.instagram.com/acme/`). Matches are whole tokens, so `@acme` is not
 * found in `@acme_careers`; a name with spaces ("Acme Careers") must appear as that phrase.
 * To look up many accounts in one text, build one {@link MentionIndex} instead.
 */
export function isAccountMentioned(account: string, text: string): boolean {
  return new MentionIndex(text).mentions(account);
}
