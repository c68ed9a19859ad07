import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAccord, type AccordOptions, type AccordServer } from '../../server/app';
import { createLogger } from '../../server/logger';
import type { ApiAnswer } from '../../server/routes/apiAnswers';
import { onDatabaseOpened, type SqliteDatabase } from '../../server/storage/database';
import { ApiContract } from './apiContract';

/** A fresh data folder under the system's temp folder. */
export function temporaryDataDir(prefix = 'accord-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

let contract: ApiContract | undefined;

/**
 * A real Accord server on a free port with its own fresh database. Every API answer it gives is
 * recorded, and checked against the OpenAPI document when it closes: `close()` throws, naming
 * the route, the status and what ajv found, when any answer breaks the contract.
 */
export async function startTestServer(options: Partial<AccordOptions> = {}): Promise<AccordServer & { dataDir: string; answers: ApiAnswer[] }> {
  const dataDir = options.dataDir ?? temporaryDataDir();
  const answers: ApiAnswer[] = [];
  const given = options.onApiResponse;
  const server = await startAccord({
    dataDir,
    port: 0,
    logger: createLogger({ quiet: true, write: () => {} }),
    roomGraceMs: 200,
    clientDir: path.join(dataDir, 'no-client'),
    ...options,
    onApiResponse: (answer) => {
      answers.push(answer);
      given?.(answer);
    },
  });
  const close = server.close.bind(server);
  let checked: Promise<void> | undefined;
  server.close = () =>
    (checked ??= close().then(() => {
      contract ??= new ApiContract();
      const problems = contract.check(answers);
      if (problems.length > 0) throw new Error(`${problems.length} API answer(s) break the OpenAPI contract:\n${problems.join('\n')}`);
    }));
  return Object.assign(server, { dataDir, answers });
}

/** A test server that the given cleanup stack (test/support/cleanups.ts) closes after the test. */
export async function startTestServerUntil(cleanups: (() => unknown)[], options: Partial<AccordOptions> = {}): ReturnType<typeof startTestServer> {
  const started = await startTestServer(options);
  cleanups.push(() => started.close());
  return started;
}

/** A test server and the database connection it writes with, for tests that break storage on purpose. */
export async function startTestServerWithDatabase(options: Partial<AccordOptions> = {}): Promise<{ server: Awaited<ReturnType<typeof startTestServer>>; db: SqliteDatabase }> {
  let db: SqliteDatabase | null = null;
  const stop = onDatabaseOpened((opened) => (db = opened));
  let server: Awaited<ReturnType<typeof startTestServer>>;
  try {
    server = await startTestServer(options);
  } finally {
    stop();
  }
  if (!db) throw new Error('the test server opened no database');
  return { server, db };
}

/**
 * Makes SQLite refuse every new row of the update log on this connection (a temporary trigger),
 * while every other write still succeeds; returns the function that lifts it.
 */
export function refuseUpdateLogRows(db: SqliteDatabase): () => void {
  db.exec("CREATE TEMP TRIGGER refuse_log BEFORE INSERT ON updates BEGIN SELECT RAISE(ABORT, 'the log refuses rows'); END");
  return () => db.exec('DROP TRIGGER temp.refuse_log');
}

/** Prints a test's measured figures on one line, for the closing notes (never asserted on). */
export function figures(test: string, values: Record<string, unknown>): void {
  console.info(`[figures] ${test}: ${JSON.stringify(values)}`);
}
