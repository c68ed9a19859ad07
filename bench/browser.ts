/**
 * What the browser benchmarks share: Debian's Chromium through playwright-core (never a
 * downloaded browser), the built Accord client, and the gzip size of the JavaScript a page loads.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { builtClientDir } from '../test/e2e/support/clientBuild';

export const CHROMIUM_PATH = process.env.ACCORD_E2E_CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`Chromium is not installed at ${CHROMIUM_PATH} (apt-get install chromium, or set ACCORD_E2E_CHROMIUM)`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    timeout: 60_000,
  });
}

/**
 * A production `vite build` of the client in a temporary folder, keyed by the sources (the
 * e2e tests' build, shared with them), so dist/ is never touched.
 */
export function accordClientDir(): string {
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    return builtClientDir();
  } finally {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  }
}

/** Same-origin JavaScript files a page requested, by path, in the order they arrived. */
export function recordScripts(page: Page, origin: string): { paths: string[]; lastAt: () => number } {
  const paths: string[] = [];
  let last = Date.now();
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin !== origin || !/\.m?js$/.test(url.pathname)) return;
    last = Date.now();
    if (!paths.includes(url.pathname)) paths.push(url.pathname);
  });
  return { paths, lastAt: () => last };
}

/** Waits until no new script has arrived for `quietMs` (at most `timeoutMs`). */
export async function scriptsSettled(recorder: { lastAt: () => number }, quietMs = 800, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() - recorder.lastAt() < quietMs && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

export interface ScriptFile {
  path: string;
  bytes: number;
  gzipBytes: number;
}

/** Raw and gzip sizes of served files, read from the client folder. */
export function scriptSizes(clientDir: string, paths: readonly string[]): ScriptFile[] {
  return paths.map((file) => {
    const data = fs.readFileSync(path.join(clientDir, file));
    return { path: file, bytes: data.byteLength, gzipBytes: zlib.gzipSync(data, { level: 9 }).byteLength };
  });
}
