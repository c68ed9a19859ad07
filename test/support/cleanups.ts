import { afterEach } from 'vitest';

/**
 * Undo steps for the tests of one file (close a server, destroy a client, remove a folder): each
 * test pushes what it started, and after every test they run, the last pushed first, even when
 * the test failed.
 */
export function cleanupStack(): (() => unknown)[] {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  return cleanups;
}
