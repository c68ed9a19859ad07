/**
 * What each page of the app actually loads: the client is built with vite into a temporary
 * folder and served by a real Accord server; Chromium opens each page in a fresh context
 * (empty cache) and every same-origin .js response is counted once, at its gzip size.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startAccord } from '../server/app';
import { createLogger } from '../server/logger';
import { createPolicy, signUpAdmin, type Session } from '../test/support/session';
import { accordClientDir, launchChromium, recordScripts, scriptSizes, scriptsSettled, type ScriptFile } from './browser';
import { ORGANIZATION, TEMPLATE_ID } from './content';

export const PAGE_NAMES = ['sign-in', 'policy list', 'editor', 'editor + export menu', 'dashboard', 'inventory'] as const;
export type PageName = (typeof PAGE_NAMES)[number];

/** gzip kB (1000 bytes) aims of issue 17; pages without one are judged by "loads only when used". */
export const PAGE_AIMS_KB: Partial<Record<PageName, number>> = { 'sign-in': 120, 'policy list': 120, editor: 260 };

export interface PageLoad {
  page: PageName;
  files: ScriptFile[];
  gzipBytes: number;
  bytes: number;
  /** gzip bytes of files this page loaded that neither the policy list nor the editor page did. */
  ownGzipBytes: number;
}

export type PageWeight = { clientDir: string; pages: PageLoad[] } | { error: string };

async function withContext<T>(browser: Browser, url: string, session: Session | null, run: (context: BrowserContext, page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    if (session) {
      const separator = session.cookie.indexOf('=');
      await context.addCookies([{ name: session.cookie.slice(0, separator), value: session.cookie.slice(separator + 1), url }]);
    }
    context.setDefaultTimeout(20_000);
    return await run(context, await context.newPage());
  } finally {
    await context.close();
  }
}

export async function measurePageWeight(): Promise<PageWeight> {
  const clientDir = accordClientDir();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-bench-pages-'));
  const server = await startAccord({ dataDir, port: 0, host: '127.0.0.1', logger: createLogger({ quiet: true, write: () => {} }), clientDir });
  let browser: Browser | null = null;
  try {
    const admin = await signUpAdmin(server.url);
    const policyId = await createPolicy(server.url, admin, { title: 'Bench policy', templateId: TEMPLATE_ID, organization: ORGANIZATION });
    browser = await launchChromium();
    const origin = new URL(server.url).origin;
    const loaded = new Map<PageName, string[]>();

    const open = async (name: PageName, session: Session | null, pathname: string, ready: (page: Page) => Promise<unknown>, then?: { name: PageName; act: (page: Page) => Promise<unknown> }) =>
      withContext(browser!, server.url, session, async (_context, page) => {
        const scripts = recordScripts(page, origin);
        await page.goto(server.url + pathname);
        await ready(page);
        await scriptsSettled(scripts);
        loaded.set(name, [...scripts.paths]);
        if (then) {
          await then.act(page);
          await scriptsSettled(scripts);
          loaded.set(then.name, [...scripts.paths]);
        }
      });

    await open('sign-in', null, '/', (page) => page.locator('form').first().waitFor());
    await open('policy list', admin, '/', (page) => page.locator('.app-header').waitFor());
    await open(
      'editor',
      admin,
      `/p/${policyId}`,
      async (page) => {
        await page.locator('.policy-editor .policy-section').first().waitFor();
        await page.locator('.policy-tools [data-connection="connected"]').waitFor();
      },
      {
        name: 'editor + export menu',
        act: async (page) => {
          await page.locator('.export-menu > button').click();
          await page.locator('.export-menu .menu-panel').waitFor();
        },
      },
    );
    await open('dashboard', admin, `/p/${policyId}/dashboard`, (page) => page.locator('.dashboard').waitFor());
    await open('inventory', admin, `/p/${policyId}/inventory`, (page) => page.locator('.app-header').waitFor());

    const common = new Set([...(loaded.get('policy list') ?? []), ...(loaded.get('editor') ?? [])]);
    const pages = PAGE_NAMES.filter((name) => loaded.has(name)).map((name): PageLoad => {
      const files = scriptSizes(clientDir, loaded.get(name)!);
      return {
        page: name,
        files,
        gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0),
        bytes: files.reduce((sum, file) => sum + file.bytes, 0),
        ownGzipBytes: files.filter((file) => !common.has(file.path)).reduce((sum, file) => sum + file.gzipBytes, 0),
      };
    });
    return { clientDir, pages };
  } finally {
    await browser?.close().catch(() => {});
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** kB as vite prints them (1000 bytes). */
const kb = (bytes: number) => (bytes / 1000).toFixed(1);

/** One line per page: gzip JS against its aim, or whether its own code loads only there. */
export function describePageWeight(weight: PageWeight): string[] {
  if ('error' in weight) return [`JS per page: not measured (${weight.error})`];
  return weight.pages.map((load) => {
    const aim = PAGE_AIMS_KB[load.page];
    const head = `  ${load.page.padEnd(22)} ${kb(load.gzipBytes).padStart(7)} kB gzip (${kb(load.bytes)} kB raw, ${load.files.length} file(s))`;
    if (aim !== undefined) return `${head}; aim ≤ ${aim} kB: ${load.gzipBytes <= aim * 1000 ? 'met' : 'NOT met'}`;
    // Export, dashboard and inventory code should be in chunks the list and the editor never load.
    return `${head}; loads ${kb(load.ownGzipBytes)} kB of its own code; only when used: ${load.ownGzipBytes > 0 ? 'met' : 'NOT met (its code is in what every page loads)'}`;
  });
}

/** Each page's files, largest first: where its gzip kB go. */
export function describePageWeightFiles(weight: PageWeight): string[] {
  if ('error' in weight) return [];
  return weight.pages.flatMap((load) => [
    `${load.page}:`,
    ...[...load.files].sort((a, b) => b.gzipBytes - a.gzipBytes).map((file) => `  ${kb(file.gzipBytes).padStart(7)} kB gzip ${kb(file.bytes).padStart(8)} kB raw  ${file.path}`),
  ]);
}
