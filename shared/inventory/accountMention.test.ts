import { describe, expect, it } from 'vitest';
import { isAccountMentioned, MentionIndex } from './accountMention';

const policy = `Our official accounts are:
- Instagram: https://www.instagram.com/acme/
- X: @Acme_Help.
- LinkedIn page "Acme Careers" (linkedin.com/company/acme-careers)
- YouTube: [our channel](https://youtube.com/@acmevideo)
- Facebook: https://facebook.com/profile.php?id=123
Acme's other pages are not official.`;

describe('isAccountMentioned', () => {
  it.each([
    ['@acme', 'handle at the end of a URL'],
    ['acme', 'handle without @'],
    ['https://instagram.com/acme', 'URL without www'],
    ['HTTP://WWW.INSTAGRAM.COM/ACME/', 'URL in another case, scheme and trailing slash'],
    ['@acme_help', '@handle followed by a full stop'],
    ['x.com/acme_help', 'URL whose handle is written as @handle'],
    ['Acme Careers', 'a page name as a phrase'],
    ['acme careers', 'a page name in another case'],
    ['https://www.linkedin.com/company/acme-careers/', 'URL in parentheses'],
    ['@acmevideo', 'handle at the end of a URL with @ in its path'],
    ['facebook.com/profile.php?id=123', 'URL with a query, written the same way'],
  ])('finds %s (%s)', (account) => {
    expect(isAccountMentioned(account, policy)).toBe(true);
  });

  it.each([
    ['@acme_careers', 'a different handle'],
    ['@acm', 'a prefix of a mentioned handle'],
    ['@help', 'a part of a mentioned handle'],
    ['Acme Jobs', 'a phrase that is not there'],
    ['facebook.com/profile.php?id=999', 'a URL that differs only in its query'],
    ['@s', "a word fragment after an apostrophe (Acme's)"],
    ['   ', 'an empty account'],
  ])('does not find %s (%s)', (account) => {
    expect(isAccountMentioned(account, policy)).toBe(false);
  });

  it('finds nothing in empty text', () => {
    expect(isAccountMentioned('@acme', '')).toBe(false);
  });
});

describe('MentionIndex', () => {
  /** Consecutive-token search the plain way, as a reference for the one-pass matcher. */
  function phraseIn(phrase: string[], words: string[]): boolean {
    for (let start = 0; start + phrase.length <= words.length; start += 1) {
      if (phrase.every((word, offset) => words[start + offset] === word)) return true;
    }
    return false;
  }

  it('answers like isAccountMentioned for many accounts at once', () => {
    const accounts = ['@acme', 'acme', 'Acme Careers', 'acme careers page', '@acme_help', 'https://youtube.com/@acmevideo', 'careers', 'Acme', '', '@nobody'];
    const index = new MentionIndex(policy);
    expect(index.mentionsAll(accounts)).toEqual(accounts.map((account) => isAccountMentioned(account, policy)));
  });

  it('finds multi-word names exactly where a plain search does (random texts over a tiny vocabulary)', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const vocabulary = ['a', 'b', 'c'];
    for (let round = 0; round < 200; round += 1) {
      const words = Array.from({ length: 1 + Math.floor(random() * 30) }, () => vocabulary[Math.floor(random() * 3)]!);
      const phrases = Array.from({ length: 12 }, () => Array.from({ length: 2 + Math.floor(random() * 4) }, () => vocabulary[Math.floor(random() * 3)]!));
      const answers = new MentionIndex(words.join(' ')).mentionsAll(phrases.map((phrase) => phrase.join(' ')));
      expect(answers).toEqual(phrases.map((phrase) => phraseIn(phrase, words)));
    }
  });

  it('stays linear on text and names built to defeat a word-by-word search', () => {
    // 1 MB of "a b a b …" and 500 different names made of those words that never occur in that order.
    const text = 'a b '.repeat(250_000);
    const accounts = Array.from({ length: 500 }, (_, index) => `${'a b '.repeat(1 + (index % 70))}a a`);
    const started = performance.now();
    const answers = new MentionIndex(text).mentionsAll(accounts);
    const elapsed = performance.now() - started;
    expect(answers.every((answer) => !answer)).toBe(true);
    // Generous for loaded machines; a word-by-word search takes many seconds here.
    expect(elapsed).toBeLessThan(2_000);
  });
});
