import path from 'node:path';
import { startAccord } from './app';
import { createLogger } from './logger';

const logger = createLogger();

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8080);
  const host = process.env.HOST ?? '127.0.0.1';
  const dataDir = path.resolve(process.env.ACCORD_DATA ?? './data');
  const server = await startAccord({ port, host, dataDir, logger });
  console.log(`Accord is running at ${server.url.replace('127.0.0.1', 'localhost')}`);

  const shutdown = (signal: string) => {
    logger.info('server.shutdown', { signal });
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: Error) => {
  logger.error('server.start_failed', { error: error.message });
  process.exit(1);
});
