import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { describe, test } from 'vitest';

/** Debian's Chromium; the tests never download a browser. */
export const CHROMIUM_PATH = process.env.ACCORD_E2E_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    timeout: 60_000,
  });
}

/**
 * A browser suite. Without Chromium it is skipped with a plain warning, except under CI,
 * where a missing browser is a failure.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (!hasChromium && inCI) {
    describe(name, () => {
      test('needs Chromium', () => {
        throw new Error(`Chromium is required in CI: nothing at ${CHROMIUM_PATH}. Install Debian's chromium package (apt-get install chromium).`);
      });
    });
    return;
  }
  if (!hasChromium) {
    console.warn(`[e2e] skipped "${name}": Chromium is not installed at ${CHROMIUM_PATH} (install Debian's chromium package, or set ACCORD_E2E_CHROMIUM).`);
  }
  describe.skipIf(!hasChromium)(name, body);
}
