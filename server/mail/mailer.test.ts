import { describe, expect, it } from 'vitest';
import { describeSmtpUrl, smtpTransport } from './mailer';
import { escapeHtml } from '../export/html';
import { validFor } from './messages';

describe('the SMTP settings', () => {
  it('refuses a URL that is not smtp:// or smtps:// with a message naming the variable', () => {
    expect(() => smtpTransport({ url: 'mail.example.org:587' })).toThrow('ACCORD_SMTP_URL must start with smtp:// or smtps://, not mail.example.org://');
    expect(() => smtpTransport({ url: 'not a url' })).toThrow('ACCORD_SMTP_URL must be a URL like smtp://user:password@mail.example.org:587');
    expect(() => smtpTransport({ url: 'https://mail.example.org' })).toThrow('not https://');
    const transport = smtpTransport({ url: 'smtps://user:secret@mail.example.org:465' });
    transport.close();
  });

  it('never shows the password when it names the server', () => {
    expect(describeSmtpUrl('smtp://policy%40example.org:s3cret@smtp.office365.com:587')).toBe('smtp://smtp.office365.com:587');
    expect(describeSmtpUrl('::')).toBe('an unreadable URL');
  });
});

describe('the message helpers', () => {
  it('escape HTML and say how long a link works', () => {
    expect(escapeHtml(`<a href="x">O'Brien & co</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;O&#39;Brien &amp; co&lt;/a&gt;');
    expect(validFor(30 * 60_000)).toBe('30 minutes');
    expect(validFor(7 * 24 * 3600_000)).toBe('7 days');
    expect(validFor(5 * 3600_000)).toBe('5 hours');
  });
});
