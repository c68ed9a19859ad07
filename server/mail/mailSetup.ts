import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { SqliteDatabase } from '../storage/database';
import { describeSmtpUrl, smtpTransport, type MailTransport } from './mailer';
import { organizationName } from './messages';
import { Outbox } from './outbox';

/** Mail settings (ACCORD_SMTP_URL, ACCORD_MAIL_FROM, ACCORD_ORGANIZATION_NAME) and the tests' knobs. */
export interface MailOptions {
  /** ACCORD_SMTP_URL; without it (and without `transport`) nothing is sent and the admin copies links. */
  smtpUrl?: string;
  /** ACCORD_MAIL_FROM; `Accord <accord@localhost>` when not set. */
  from?: string;
  /** ACCORD_ORGANIZATION_NAME: used until an admin sets the name (PUT /api/organization); then the organization of the oldest policy, or "your organization". */
  organizationName?: string;
  /** Connection, greeting and answer timeout of the SMTP client (ms). */
  timeoutMs?: number;
  /** Waits between attempts (tests make them short). */
  backoffMs?: number[];
  giveUpAfterMs?: number;
  /** Tests only: a transport other than SMTP. */
  transport?: MailTransport;
}

/** The app's mail: the outbox and the organization's name for messages. */
export interface Mail {
  outbox: Outbox;
  organization: () => string;
}

export function setUpMail(db: SqliteDatabase, options: MailOptions = {}, context: { clock?: Clock; logger: Logger; /** The name an admin set (OrganizationService). */ organization: { name(): string | null } }): Mail {
  const transport = options.transport ?? (options.smtpUrl ? smtpTransport({ url: options.smtpUrl, ...(options.from ? { from: options.from } : {}), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) }) : null);
  if (options.smtpUrl) context.logger.info('mail.configured', { server: describeSmtpUrl(options.smtpUrl) });
  else if (!options.transport) context.logger.info('mail.not_set_up', { hint: 'set ACCORD_SMTP_URL to send invites and resets by e-mail' });
  const outbox = new Outbox(db, {
    transport,
    logger: context.logger,
    ...(context.clock ? { clock: context.clock } : {}),
    ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
    ...(options.giveUpAfterMs !== undefined ? { giveUpAfterMs: options.giveUpAfterMs } : {}),
  });
  return { outbox, organization: organizationName(db, options.organizationName, context.organization) };
}
