import { expect } from 'vitest';

/**
 * `expect.poll` with timings that suit a browser talking to a server: retried every 50 ms for
 * up to 10 s (vitest's default of 1 s is too tight when the machine is busy).
 */
export function poll<T>(check: () => T | Promise<T>, options: { timeout?: number; interval?: number; message?: string } = {}) {
  return expect.poll(check, { timeout: 10_000, interval: 50, ...options });
}
