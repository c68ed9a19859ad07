import nodemailer from 'nodemailer';

/** One message as the outbox hands it to the mail server. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Where the outbox sends: SMTP in production; anything that sends or throws in tests. */
export interface MailTransport {
  /** Resolves once the mail server accepted the message; rejects with its answer otherwise. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** The sender shown when ACCORD_MAIL_FROM is not set. */
export const DEFAULT_MAIL_FROM = 'Accord <accord@localhost>';

export interface SmtpSettings {
  /** ACCORD_SMTP_URL: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465. */
  url: string;
  /** ACCORD_MAIL_FROM. */
  from?: string;
  /** How long to wait for a connection, the greeting and any answer (ms). Short: a hanging server only delays the background sender. */
  timeoutMs?: number;
}

/** A nodemailer SMTP transport. Throws at once for a URL that is not smtp:// or smtps://. */
export function smtpTransport(settings: SmtpSettings): MailTransport {
  let parsed: URL;
  try {
    parsed = new URL(settings.url);
  } catch {
    throw new Error('ACCORD_SMTP_URL must be a URL like smtp://user:password@mail.example.org:587');
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new Error(`ACCORD_SMTP_URL must start with smtp:// or smtps://, not ${parsed.protocol}//`);
  const timeout = settings.timeoutMs ?? 10_000;
  const transporter = nodemailer.createTransport(
    { url: settings.url, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout * 2, dnsTimeout: timeout },
    { from: settings.from ?? DEFAULT_MAIL_FROM },
  );
  return {
    async send(message) {
      await transporter.sendMail({ to: message.to, subject: message.subject, text: message.text, ...(message.html ? { html: message.html } : {}) });
    },
    close() {
      transporter.close();
    },
  };
}

/** The SMTP URL without its password, for logs and the admin's mail status. */
export function describeSmtpUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}`;
  } catch {
    return 'an unreadable URL';
  }
}
