import path from 'node:path';
import { startAccord, type AccordServer } from './app';
import { isLoopbackAddress } from './auth/access';
import { readOidcSettings } from './auth/oidc';
import { createLogger } from './logger';
import { parseEmbedOrigins } from './routes/staffLinks';
import type { MailOptions } from './mail/mailSetup';

// A log reader that went away (closed pipe) must not crash the server: its 'error' would be unhandled.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

const logger = createLogger();

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8080);
  const host = process.env.HOST ?? '127.0.0.1';
  const dataDir = path.resolve(process.env.ACCORD_DATA ?? './data');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${process.env.PORT}"`);
  const origin = process.env.ACCORD_ORIGIN || undefined;
  const trustProxy = parseTrustProxy(process.env.ACCORD_TRUST_PROXY);
  const setupToken = process.env.ACCORD_SETUP_TOKEN?.trim() || undefined;
  const oidc = readOidcSettings(process.env);
  const clausesDir = process.env.ACCORD_CLAUSES_DIR?.trim() || undefined;
  const embedOrigins = parseEmbedOrigins(process.env.ACCORD_EMBED_ORIGINS);
  const server = await startAccord({
    port,
    host,
    dataDir,
    logger,
    ...(origin ? { origin } : {}),
    ...(trustProxy !== undefined ? { trustProxy } : {}),
    ...(setupToken ? { setupToken } : {}),
    ...(clausesDir ? { clausesDir: path.resolve(clausesDir) } : {}),
    ...(embedOrigins.length > 0 ? { embedOrigins } : {}),
    quotas: readQuotas(process.env),
    mail: readMailOptions(process.env),
    ...(oidc ? { oidc } : {}),
  });
  console.log(`Accord is running at ${server.url.replace('127.0.0.1', 'localhost')}`);
  if (origin) console.log(`It answers only to ${origin} (ACCORD_ORIGIN).`);
  else if (!isLoopbackAddress(host)) console.log(`ACCORD_ORIGIN is not set, so it answers only to localhost:${server.port}. Set ACCORD_ORIGIN to the address people open.`);
  if (!server.outbox.configured) console.log('Mail is not set up (ACCORD_SMTP_URL): nothing is sent by e-mail, and admins copy invite links by hand.');
  if (oidc) console.log(`Single sign-on with ${oidc.name} (${oidc.issuer})${oidc.only ? '; local passwords are off except for the first admin (ACCORD_OIDC_ONLY)' : ''}.`);
  if (server.setupToken) {
    console.log(
      setupToken
        ? 'Accord can be reached from the network: the first account needs the setup token in ACCORD_SETUP_TOKEN.'
        : `Accord can be reached from the network: the first account needs this one-time setup token: ${server.setupToken}`,
    );
  }
  installShutdown(server);
}

/** The operator's quotas: ACCORD_MAX_POLICIES_PER_ACCOUNT (a whole number) and ACCORD_MAX_DATABASE_MB (megabytes). Unset means no limit. */
function readQuotas(env: NodeJS.ProcessEnv): { policiesPerAccount?: number; databaseBytes?: number } {
  const quotas: { policiesPerAccount?: number; databaseBytes?: number } = {};
  const policies = env.ACCORD_MAX_POLICIES_PER_ACCOUNT?.trim();
  if (policies) {
    const value = Number(policies);
    if (!Number.isInteger(value) || value < 0) throw new Error(`ACCORD_MAX_POLICIES_PER_ACCOUNT must be a whole number of policies, not "${policies}"`);
    quotas.policiesPerAccount = value;
  }
  const megabytes = env.ACCORD_MAX_DATABASE_MB?.trim();
  if (megabytes) {
    const value = Number(megabytes);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`ACCORD_MAX_DATABASE_MB must be a size in megabytes, not "${megabytes}"`);
    quotas.databaseBytes = Math.round(value * 1024 * 1024);
  }
  if (quotas.policiesPerAccount !== undefined || quotas.databaseBytes !== undefined) logger.info('server.quotas', quotas);
  return quotas;
}

/** Outgoing mail: ACCORD_SMTP_URL (smtp:// or smtps://), ACCORD_MAIL_FROM, ACCORD_ORGANIZATION_NAME. Without an SMTP URL nothing is sent. */
function readMailOptions(env: NodeJS.ProcessEnv): MailOptions {
  const smtpUrl = env.ACCORD_SMTP_URL?.trim();
  const from = env.ACCORD_MAIL_FROM?.trim();
  const organizationName = env.ACCORD_ORGANIZATION_NAME?.trim();
  return { ...(smtpUrl ? { smtpUrl } : {}), ...(from ? { from } : {}), ...(organizationName ? { organizationName } : {}) };
}

/** ACCORD_TRUST_PROXY as Express's `trust proxy`: true/false, a number of hops, or addresses and subnets (loopback, 10.0.0.0/8, …). */
function parseTrustProxy(value: string | undefined): boolean | number | string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^\d+$/.test(text)) return Number(text);
  return text;
}

function installShutdown(server: AccordServer): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('server.shutdown', { signal });
    // Whatever happens while closing, do not hang: a supervisor is waiting for us to exit.
    setTimeout(() => {
      logger.error('server.shutdown_timeout', { signal });
      process.exit(1);
    }, 10_000).unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('server.shutdown_failed', { error });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/**
 * A bug that escapes every handler leaves the process in an unknown state: log it and exit,
 * and let the supervisor restart us. Nothing is lost: every change is stored before it is relayed.
 */
function crash(kind: string, error: unknown): void {
  logger.error('server.crashed', { kind, error });
  process.exit(1);
}
process.on('uncaughtException', (error) => crash('uncaughtException', error));
process.on('unhandledRejection', (error) => crash('unhandledRejection', error));

main().catch((error: Error & { file?: string }) => {
  logger.error('server.start_failed', { error, ...(error.file ? { file: error.file } : {}) });
  console.error(`Accord could not start: ${error.message}`);
  process.exit(1);
});
