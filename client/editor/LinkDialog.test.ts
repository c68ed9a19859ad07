import { describe, expect, test } from 'vitest';
import { normalizeLinkUrl } from './LinkDialog';

describe('normalizeLinkUrl', () => {
  test.each([
    ['example.org', 'https://example.org'],
    ['  example.org/rules?x=1  ', 'https://example.org/rules?x=1'],
    ['www.example.org:8080/a', 'https://www.example.org:8080/a'],
    ['//example.org/a', 'https://example.org/a'],
    ['http://intranet.example.org', 'http://intranet.example.org'],
    ['HTTPS://Example.org', 'HTTPS://Example.org'],
    ['localhost:3000/docs', 'https://localhost:3000/docs'],
    ['comms@example.org', 'mailto:comms@example.org'],
    ['mailto:comms@example.org', 'mailto:comms@example.org'],
    ['tel:+15551234567', 'tel:+15551234567'],
  ])('%s becomes %s', (typed, href) => {
    expect(normalizeLinkUrl(typed)).toEqual({ href });
  });

  test.each(['javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:void(0)', 'data:text/html,<b>x</b>', 'vbscript:msgbox', 'file:///etc/passwd', 'ftp://example.org'])('%s is refused', (typed) => {
    expect(normalizeLinkUrl(typed)).toEqual({ error: expect.stringContaining('web pages') });
  });

  test.each(['', '   ', 'two words', 'nodot', 'https://'])('%j is not an address', (typed) => {
    expect(normalizeLinkUrl(typed)).toHaveProperty('error');
  });
});
