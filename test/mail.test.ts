import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../server/logger';
import { smtpTransport } from '../server/mail/mailer';
import { composeMail, inviteMail } from '../server/mail/messages';
import { NOT_CONFIGURED, Outbox } from '../server/mail/outbox';
import { openDatabase } from '../server/storage/database';
import { startTestServerUntil, temporaryDataDir } from './support/accordServer';
import { cleanupStack } from './support/cleanups';
import { ManualClock } from './support/manualClock';
import { call, signUpAdmin } from './support/session';
import { linkIn, TestSmtpServer } from './support/smtp';

/**
 * Outgoing mail (issue 20, item 1): the persistent outbox sends through a real SMTP server (the
 * `smtp-server` package, in this process) in the background, retries a server that refuses,
 * resumes after a restart, and never makes anyone wait for the mail server.
 */

const cleanups = cleanupStack();
const quiet = createLogger({ quiet: true, write: () => {} });

async function smtpServer(): Promise<TestSmtpServer> {
  const smtp = await TestSmtpServer.start();
  cleanups.push(() => smtp.stop());
  return smtp;
}

function outboxOver(dataDir: string, smtpUrl: string | null, options: { clock?: ManualClock; backoffMs?: number[]; giveUpAfterMs?: number } = {}) {
  const db = openDatabase(dataDir);
  const outbox = new Outbox(db, { transport: smtpUrl ? smtpTransport({ url: smtpUrl, timeoutMs: 1000 }) : null, logger: quiet, ...options });
  cleanups.push(async () => {
    await outbox.close();
    db.close();
  });
  return { db, outbox };
}

/** A TCP server that accepts connections and never says a word: a mail server that hangs. */
async function silentServer(): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return (server.address() as net.AddressInfo).port;
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the outbox', () => {
  it('sends a queued message in the background, plain text and HTML, and records it as sent', async () => {
    const smtp = await smtpServer();
    const { outbox } = outboxOver(temporaryDataDir(), smtp.url);
    const mail = composeMail({ subject: 'Hello <there>', organization: 'Northwind & Co', paragraphs: ['A <b>bold</b> claim.'], action: { label: 'Open', url: 'https://accord.example.org/x?a=1&b=2' } });
    const { id, queued } = outbox.enqueue({ kind: 'test', to: 'Ada@Example.org', ...mail });
    expect(queued).toBe(true);
    expect(outbox.delivery(id)).toMatchObject({ state: 'waiting', attempts: 0 });
    const received = await smtp.waitForMessage((message) => message.to.includes('ada@example.org'));
    expect(received.subject).toBe('Hello <there>');
    expect(received.text).toContain('A <b>bold</b> claim.');
    expect(received.text).toContain('https://accord.example.org/x?a=1&b=2');
    expect(received.html).toContain('A &lt;b&gt;bold&lt;/b&gt; claim.');
    expect(received.html).toContain('href="https://accord.example.org/x?a=1&amp;b=2"');
    expect(received.html).toContain('Northwind &amp; Co');
    expect(received.from).toBe('accord@localhost');
    await until(() => outbox.delivery(id)?.state === 'sent');
    expect(outbox.status()).toMatchObject({ configured: true, pending: 0, failed: 0, lastError: null, nextAttemptAt: null });
  });

  it('retries a server that refuses, with growing waits, and delivers once it recovers', async () => {
    const smtp = await smtpServer();
    smtp.refuse({ at: 'rcpt', code: 451, message: 'Greylisted, try again later' });
    const clock = new ManualClock(Date.now());
    const { outbox } = outboxOver(temporaryDataDir(), smtp.url, { clock });
    const { id } = outbox.enqueue({ kind: 'test', to: 'hana@example.org', subject: 'Retry me', text: 'Body' });
    await until(() => smtp.refusals === 1 && outbox.delivery(id)?.state === 'waiting' && (outbox.delivery(id) as { attempts: number }).attempts === 1);
    const first = outbox.delivery(id) as { nextAttemptAt: number; lastError: string };
    expect(first.nextAttemptAt).toBe(clock.now() + 30_000);
    expect(first.lastError).toContain('451');
    expect(first.lastError).toContain('Greylisted');
    expect(outbox.status()).toMatchObject({ pending: 1, lastError: first.lastError, nextAttemptAt: first.nextAttemptAt });

    // Not before its time: 29 s later nothing is tried.
    clock.advance(29_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(smtp.refusals).toBe(1);
    clock.advance(1_000);
    await until(() => smtp.refusals === 2 && (outbox.delivery(id) as { attempts: number }).attempts === 2);
    expect((outbox.delivery(id) as { nextAttemptAt: number }).nextAttemptAt).toBe(clock.now() + 120_000);

    smtp.recover();
    clock.advance(120_000);
    const received = await smtp.waitForMessage((message) => message.subject === 'Retry me');
    expect(received.text).toContain('Body');
    await until(() => outbox.delivery(id)?.state === 'sent');
    expect(smtp.messages).toHaveLength(1);
  });

  it('refused at DATA counts as a failure too, and gives up after two days', async () => {
    const smtp = await smtpServer();
    smtp.refuse({ at: 'data', code: 421 });
    const clock = new ManualClock(Date.now());
    const { outbox } = outboxOver(temporaryDataDir(), smtp.url, { clock });
    const { id } = outbox.enqueue({ kind: 'test', to: 'lee@example.org', subject: 'Never', text: 'Body' });
    // The server counts its refusal before the outbox has recorded it: wait for both.
    await until(() => smtp.refusals === 1 && (outbox.delivery(id) as { attempts: number }).attempts === 1);
    // Attempts at 30 s, 2 min, 10 min, 1 h, then every 6 h: past two days it stops.
    const waits: number[] = [];
    for (;;) {
      const delivery = outbox.delivery(id)!;
      if (delivery.state !== 'waiting') break;
      waits.push(delivery.nextAttemptAt - clock.now());
      clock.advance(delivery.nextAttemptAt - clock.now());
      await until(() => outbox.delivery(id)?.state === 'failed' || (outbox.delivery(id) as { attempts: number }).attempts > delivery.attempts);
    }
    expect(waits.slice(0, 6)).toEqual([30_000, 120_000, 600_000, 3600_000, 6 * 3600_000, 6 * 3600_000]);
    expect(outbox.delivery(id)).toMatchObject({ state: 'failed' });
    expect(smtp.refusals).toBe(waits.length + 1);
    expect(smtp.refusals).toBeLessThan(15);
    expect(outbox.status()).toMatchObject({ pending: 0, failed: 1 });
  });

  it('deletes settled messages after thirty days, keeps pending ones', async () => {
    const clock = new ManualClock(Date.now());
    const dataDir = temporaryDataDir();
    const { db, outbox } = outboxOver(dataDir, null, { clock });
    const { id: old } = outbox.enqueue({ kind: 'test', to: 'a@example.org', subject: 'Old', text: 'Body' });
    db.prepare("INSERT INTO outbox (kind, to_address, subject, text_body, created_at, next_attempt_at) VALUES ('test', 'b@example.org', 'Pending', 'Body', ?, ?)").run(clock.now(), clock.now() + 365 * 24 * 3600_000);
    clock.advance(31 * 24 * 3600_000);
    const { id: fresh } = outbox.enqueue({ kind: 'test', to: 'c@example.org', subject: 'New', text: 'Body' });
    await outbox.close();
    outboxOver(dataDir, null, { clock });
    const subjects = db.prepare<[], { subject: string }>('SELECT subject FROM outbox ORDER BY id').all().map((row) => row.subject);
    expect(subjects).toEqual(['Pending', 'New']);
    expect(outbox.delivery(old)).toBeNull();
    expect(outbox.delivery(fresh)).toEqual({ state: 'not-configured' });
  });

  it('without SMTP records each message as not sent and keeps nothing pending', async () => {
    const { outbox } = outboxOver(temporaryDataDir(), null);
    const { id, queued } = outbox.enqueue({ kind: 'test', to: 'ada@example.org', subject: 'Nowhere', text: 'Body' });
    expect(queued).toBe(false);
    expect(outbox.delivery(id)).toEqual({ state: 'not-configured' });
    expect(outbox.status()).toEqual({ configured: false, pending: 0, failed: 0, lastError: null, nextAttemptAt: null });
    expect(NOT_CONFIGURED).toBe('not sent: mail is not set up');
  });

  it('returns at once while the mail server hangs, and reports the timeout', async () => {
    const port = await silentServer();
    const { outbox } = outboxOver(temporaryDataDir(), `smtp://127.0.0.1:${port}`);
    const started = performance.now();
    const { id } = outbox.enqueue({ kind: 'test', to: 'ada@example.org', subject: 'Stuck', text: 'Body' });
    // Far below the client's one-second timeout: nothing waited for the mail server.
    expect(performance.now() - started).toBeLessThan(300);
    await until(() => (outbox.delivery(id) as { attempts?: number }).attempts === 1, 8000);
    expect((outbox.delivery(id) as { lastError: string }).lastError).toMatch(/timeout|greeting/i);
  });

  it('after a restart sends what a stop left unsent', async () => {
    const smtp = await smtpServer();
    const dataDir = temporaryDataDir();
    const first = openDatabase(dataDir);
    const stopped = new Outbox(first, { transport: null, logger: quiet });
    // Written as a running outbox would have left it: queued, not yet tried.
    first.prepare("INSERT INTO outbox (kind, to_address, subject, text_body, created_at, next_attempt_at) VALUES ('test', 'kim@example.org', 'Left behind', 'Body', ?, ?)").run(Date.now(), Date.now());
    await stopped.close();
    first.close();
    outboxOver(dataDir, smtp.url);
    expect((await smtp.waitForMessage((message) => message.subject === 'Left behind')).to).toEqual(['kim@example.org']);
  });
});

describe('the messages', () => {
  it('say who invited whom, where, and until when, with the organization named', () => {
    const mail = inviteMail({ organization: 'Northwind', inviter: 'Ada Admin', departmentName: 'Human resources', role: 'editor', url: 'https://accord.example.org/signup?invite=abc', validForMs: 7 * 24 * 3600_000 });
    expect(mail.subject).toBe("Ada Admin invited you to Northwind's social media policy");
    expect(mail.text).toContain('in Human resources, as an editor');
    expect(mail.text).toContain('https://accord.example.org/signup?invite=abc');
    expect(mail.text).toContain('The link works for 7 days.');
    expect(mail.html).toContain('Northwind&#39;s social media policy');
  });
});

describe('Accord with mail', () => {
  it('exposes the outbox; a restart of Accord with a pending message still sends it', async () => {
    const smtp = await smtpServer();
    smtp.refuse();
    const dataDir = temporaryDataDir();
    const first = await startTestServerUntil(cleanups, { dataDir, mail: { smtpUrl: smtp.url, backoffMs: [60_000] } });
    const { id } = first.outbox.enqueue({ kind: 'test', to: 'ada@example.org', subject: 'Across a restart', text: 'Body' });
    await until(() => smtp.refusals === 1 && (first.outbox.delivery(id) as { attempts?: number }).attempts === 1);
    await first.close();
    smtp.recover();
    // The stored retry time is a minute away; a restart with a short wait sends it then.
    const db = openDatabase(dataDir);
    db.prepare('UPDATE outbox SET next_attempt_at = ? WHERE id = ?').run(Date.now(), id);
    db.close();
    const second = await startTestServerUntil(cleanups, { dataDir, mail: { smtpUrl: smtp.url } });
    await smtp.waitForMessage((message) => message.subject === 'Across a restart');
    await until(() => second.outbox.delivery(id)?.state === 'sent');
  });
});

describe('invites through the mail server', () => {
  it('an invite the mail server refused arrives once it recovers, and the admin sees why it waited', async () => {
    const smtp = await smtpServer();
    smtp.refuse({ at: 'rcpt', code: 451, message: 'Mailbox temporarily unavailable' });
    const clock = new ManualClock(Date.now());
    const server = await startTestServerUntil(cleanups, { clock, mail: { smtpUrl: smtp.url } });
    const admin = await signUpAdmin(server.url);
    const created = await call(server.url, '/api/invites', { json: { email: 'hana@example.org', department: 'hr', role: 'editor' }, cookie: admin.cookie });
    expect(created.body.mailQueued).toBe(true);
    await until(() => smtp.refusals === 1 && (server.outbox.status().lastError ?? '').includes('451'));
    const waiting = await call(server.url, '/api/invites', { cookie: admin.cookie });
    expect(waiting.body.mail).toMatchObject({ configured: true, pending: 1, nextAttemptAt: clock.now() + 30_000 });
    expect(waiting.body.mail.lastError).toContain('Mailbox temporarily unavailable');
    expect(waiting.body.invites[0].delivery).toMatchObject({ state: 'waiting', nextAttemptAt: clock.now() + 30_000 });

    smtp.recover();
    clock.advance(30_000);
    const mail = await smtp.waitForMessage((message) => message.to.includes('hana@example.org'));
    expect(linkIn(mail, '/signup?invite=')).toBe(created.body.url);
    await until(() => server.outbox.status().pending === 0);
    const sent = await call(server.url, '/api/invites', { cookie: admin.cookie });
    expect(sent.body.invites[0].delivery).toMatchObject({ state: 'sent', sentAt: clock.now() });
  });

  it('a mail server that is down or hangs never makes a request slow or fail', async () => {
    const silentPort = await silentServer();
    // One that accepts and never greets; one where nothing listens (port 1).
    for (const smtpUrl of [`smtp://127.0.0.1:${silentPort}`, 'smtp://127.0.0.1:1']) {
      const server = await startTestServerUntil(cleanups, { mail: { smtpUrl, timeoutMs: 5000 } });
      const admin = await signUpAdmin(server.url);
      const started = performance.now();
      const created = await call(server.url, '/api/invites', { json: { emails: ['a@example.org', 'b@example.org', 'c@example.org'], department: 'hr', role: 'editor' }, cookie: admin.cookie });
      const listed = await call(server.url, '/api/invites', { cookie: admin.cookie });
      // Well under the five seconds the mail client would wait for a greeting.
      expect(performance.now() - started).toBeLessThan(2500);
      expect(created.status).toBe(201);
      expect(created.body.invites.every((item: { mailQueued: boolean }) => item.mailQueued)).toBe(true);
      expect(listed.status).toBe(200);
      expect(listed.body.mail.pending).toBe(3);
    }
  });
});
