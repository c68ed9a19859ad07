import { defineConfig } from 'vitest/config';
import { REACT_ON_PREACT } from './vite.config.ts';

/**
 * Four projects, from fastest to slowest; `npm test` runs them all, one summary line at the end.
 * - unit: pure code beside its source (`*.test.ts` under shared/, client/, server/), in-process,
 *   no server, no sleeping: seconds.
 * - server: `test/*.test.ts`, a real Accord on port 0 with real y-websocket clients.
 * - faults: `test/faults/`, crashes, storms, fuzzing and storage faults (`ACCORD_FAULTS=heavy` for the long runs).
 * - e2e: `test/e2e/`, browsers (Debian's Chromium) against a real server.
 */
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summaryReporter.ts'],
    projects: [
      {
        // Components render with Preact, as in the browser (vite.config.ts).
        resolve: { alias: REACT_ON_PREACT },
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'client/**/*.test.ts', 'server/**/*.test.ts'],
          environment: 'node',
          testTimeout: 15_000,
        },
      },
      {
        test: {
          name: 'server',
          include: ['test/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          retry: process.env.CI ? 1 : 0,
        },
      },
    ],
  },
});
