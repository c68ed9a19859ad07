import { describe, expect, it } from 'vitest';
import { ago, deliveryWords, expiryWords, mailStatusWords, parseAddresses } from './inviteWords';

const NOW = Date.parse('2030-03-01T12:00:00Z');

describe('the invite form and list in words', () => {
  it('reads addresses separated by commas, spaces or new lines, and lists the bad ones', () => {
    expect(parseAddresses('Ada@Example.org, lee@example.org\nada@example.org;  kim@example.org  nope  also@bad <sam@example.org>')).toEqual({
      valid: ['ada@example.org', 'lee@example.org', 'kim@example.org', 'sam@example.org'],
      invalid: ['nope', 'also@bad'],
    });
    expect(parseAddresses('  \n ')).toEqual({ valid: [], invalid: [] });
  });

  it('says when an invite expires and when it was sent', () => {
    expect(expiryWords(NOW + 6 * 24 * 3600_000, NOW)).toBe('expires in 6 days');
    expect(expiryWords(NOW + 3600_000, NOW)).toBe('expires in 1 hour');
    expect(expiryWords(NOW - 2 * 24 * 3600_000, NOW)).toBe('expired 2 days ago');
    expect(ago(NOW - 2 * 60_000, NOW)).toBe('2 min ago');
    expect(ago(NOW - 10_000, NOW)).toBe('just now');
  });

  it('says what became of the mail', () => {
    const base = { email: 'a@example.org', sentAt: NOW - 120_000 };
    expect(deliveryWords({ ...base, delivery: { state: 'sent', sentAt: NOW - 120_000, nextAttemptAt: null, lastError: null } }, NOW)).toBe('sent 2 min ago');
    expect(deliveryWords({ ...base, delivery: { state: 'waiting', sentAt: null, nextAttemptAt: NOW + 60_000, lastError: '451 busy' } }, NOW)).toMatch(/^waiting: the mail server refused \(451 busy\) — will retry at \d{1,2}.\d\d( [AP]M)?$/);
    expect(deliveryWords({ ...base, delivery: { state: 'not-configured', sentAt: null, nextAttemptAt: null, lastError: null } }, NOW)).toBe('mail not set up: copy the link');
    expect(deliveryWords({ email: null, sentAt: null, delivery: null }, NOW)).toBe('a link for no address: copy it to hand it over');
  });

  it('sums up the outbox for the admin', () => {
    expect(mailStatusWords({ configured: false, pending: 0, failed: 0, lastError: null, nextAttemptAt: null }, NOW)).toBe('Mail is not set up, so nothing is sent: copy each link and send it yourself.');
    expect(mailStatusWords({ configured: true, pending: 3, failed: 0, lastError: '421 try later', nextAttemptAt: NOW + 60_000 }, NOW)).toMatch(/^3 messages waiting: the mail server refused \(421 try later\)\. Next try at \d{1,2}.\d\d( [AP]M)?\.$/);
    expect(mailStatusWords({ configured: true, pending: 0, failed: 0, lastError: null, nextAttemptAt: null }, NOW)).toBeNull();
  });
});
