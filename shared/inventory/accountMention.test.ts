import { describe, expect, it } from 'vitest';
import { isAccountMentioned } from './accountMention';

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
