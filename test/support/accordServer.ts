import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAccord, type AccordOptions, type AccordServer } from '../../server/app';
import { createLogger } from '../../server/logger';

/** A fresh data folder under the system's temp folder. */
export function temporaryDataDir(prefix = 'accord-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A real Accord server on a free port with its own fresh database. */
export async function startTestServer(options: Partial<AccordOptions> = {}): Promise<AccordServer & { dataDir: string }> {
  const dataDir = options.dataDir ?? temporaryDataDir();
  const server = await startAccord({
    dataDir,
    port: 0,
    logger: createLogger({ quiet: true, write: () => {} }),
    roomGraceMs: 200,
    clientDir: path.join(dataDir, 'no-client'),
    ...options,
  });
  return Object.assign(server, { dataDir });
}
