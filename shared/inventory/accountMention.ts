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
 * Whether the policy text mentions an account, however either side writes it: case does not
 * matter, nor a leading @, a URL scheme or `www.`, and a handle matches a URL ending in it
 * (`@acme` ↔ `https://www.instagram.com/acme/`). Matches are whole tokens, so `@acme` is not
 * found in `@acme_careers`; a name with spaces ("Acme Careers") must appear as that phrase.
 */
export function isAccountMentioned(account: string, text: string): boolean {
  const accountTokens = tokenize(account);
  if (accountTokens.length === 0) return false;
  const textTokens = tokenize(text);

  if (accountTokens.length === 1) {
    const only = accountTokens[0]!;
    const forms = new Set([only]);
    const accountHandle = handleAtEndOfUrl(only);
    if (accountHandle !== null) forms.add(accountHandle);
    return textTokens.some((token) => {
      if (forms.has(token)) return true;
      const handle = handleAtEndOfUrl(token);
      return handle !== null && forms.has(handle);
    });
  }

  for (let start = 0; start + accountTokens.length <= textTokens.length; start += 1) {
    if (accountTokens.every((token, offset) => textTokens[start + offset] === token)) return true;
  }
  return false;
}
