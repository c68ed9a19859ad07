import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message the test SMTP server accepted, as mailparser read it. */
export interface ReceivedMail {
  /** Envelope recipients (lowercased). */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
}

/** How the server refuses, until told to `recover()`: at RCPT TO or after DATA, with an SMTP code. */
export interface Refusal {
  at: 'rcpt' | 'data';
  code?: number;
  message?: string;
}

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1 and a free port, in the test
 * process: it accepts any sign-in, keeps every message, and can refuse on demand and recover.
 */
export class TestSmtpServer {
  readonly messages: ReceivedMail[] = [];
  /** Every refusal it gave (one per attempt refused). */
  refusals = 0;
  private refusal: Refusal | null = null;
  private waiters = new Set<() => void>();
  private server: SMTPServer;
  port = 0;

  private constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 500,
      onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'test' }),
      onRcptTo: (_address, _session, callback) => {
        if (this.refusal?.at === 'rcpt') return callback(this.refusalError());
        callback();
      },
      onData: (stream, session, callback) => {
        simpleParser(stream).then(
          (parsed) => {
            if (this.refusal?.at === 'data') return callback(this.refusalError());
            this.messages.push({
              to: session.envelope.rcptTo.map((address) => address.address.toLowerCase()),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: parsed.html || '',
            });
            callback();
            for (const waiter of this.waiters) waiter();
          },
          (error: Error) => callback(error),
        );
      },
    });
    this.server.on('error', () => {});
  }

  static async start(): Promise<TestSmtpServer> {
    const smtp = new TestSmtpServer();
    await new Promise<void>((resolve) => smtp.server.listen(0, '127.0.0.1', () => resolve()));
    smtp.port = (smtp.server.server.address() as AddressInfo).port;
    return smtp;
  }

  /** The ACCORD_SMTP_URL that reaches this server. */
  get url(): string {
    return `smtp://test:secret@127.0.0.1:${this.port}`;
  }

  /** From now on every message is refused (421/451 by default: "try again later"). */
  refuse(refusal: Refusal = { at: 'rcpt' }): void {
    this.refusal = refusal;
  }

  /** Accepts messages again. */
  recover(): void {
    this.refusal = null;
  }

  /** The first message (already here or arriving within `timeoutMs`) that matches. */
  waitForMessage(predicate: (mail: ReceivedMail) => boolean = () => true, timeoutMs = 5000): Promise<ReceivedMail> {
    const found = this.messages.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = this.messages.find(predicate);
        if (!match) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(match);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`No matching message within ${timeoutMs} ms; received ${this.messages.length}: ${this.messages.map((mail) => `${mail.to.join(',')} "${mail.subject}"`).join('; ') || 'none'}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** Messages sent to this address. */
  to(address: string): ReceivedMail[] {
    return this.messages.filter((mail) => mail.to.includes(address.toLowerCase()));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private refusalError(): Error {
    this.refusals += 1;
    const refusal = this.refusal!;
    const error = new Error(refusal.message ?? 'Mailbox busy, try again later') as Error & { responseCode: number };
    error.responseCode = refusal.code ?? (refusal.at === 'rcpt' ? 451 : 421);
    return error;
  }
}

/** The first link in a mail's text that points at `path` (e.g. '/signup'). */
export function linkIn(mail: ReceivedMail, path: string): string {
  const match = mail.text.match(new RegExp(`https?://[^\\s>]+${path.replace(/[/?]/g, '\\$&')}[^\\s>]*`));
  if (!match) throw new Error(`No ${path} link in "${mail.subject}": ${mail.text}`);
  return match[0];
}
