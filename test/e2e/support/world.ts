import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createLogger } from '../../../server/logger';
import { startTestServer } from '../../support/accordServer';
import type { Session } from '../../support/session';
import { launchBrowser } from './browser';
import { builtClientDir, ROOT } from './clientBuild';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** One person at their own browser: a context (cookies, storage, network) and a page. */
export interface Person {
  label: string;
  session: Session | null;
  context: BrowserContext;
  page: Page;
  /** Console messages, page errors and failed requests of every page of this context. */
  log: string[];
}

export interface World {
  /** This test's Accord server (fresh data folder, serving the built client). */
  readonly server: TestServer;
  readonly url: string;
  readonly browser: Browser;
  /** A new browser context (signed in as `session` when given) with one page open. */
  person(label: string, session?: Session | null, options?: BrowserContextOptions): Promise<Person>;
}

export const DEFAULT_VIEWPORT = { width: 1280, height: 800 };
const ARTIFACTS = path.join(ROOT, 'test-results/e2e');

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120) || 'test';
}

function watch(page: Page, log: string[], label: string): void {
  const stamp = () => new Date().toISOString().slice(11, 23);
  page.on('console', (message) => log.push(`${stamp()} [${label}] console.${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => log.push(`${stamp()} [${label}] page error: ${error.stack ?? error.message}`));
  page.on('requestfailed', (request) => log.push(`${stamp()} [${label}] request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`));
  page.on('crash', () => log.push(`${stamp()} [${label}] page crashed`));
}

/**
 * The set-up every browser test shares: one Chromium per test file, and per test a fresh
 * Accord server and fresh browser contexts. When a test fails it leaves, under
 * test-results/e2e/<test name>/, a screenshot of every open page, the console log of every
 * person and the server's log.
 */
export function useWorld(): World {
  let browser: Browser | null = null;
  let clientDir = '';
  let server: TestServer | null = null;
  let serverLog: string[] = [];
  let people: Person[] = [];

  beforeAll(async () => {
    clientDir = builtClientDir();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    const log: string[] = [];
    serverLog = log;
    people = [];
    server = await startTestServer({ clientDir, logger: createLogger({ write: (line) => log.push(line) }) });
  });

  afterEach(async ({ task }) => {
    try {
      if (task.result?.state === 'fail') await saveArtifacts(task.name, people, serverLog);
    } finally {
      await Promise.all(people.map((person) => person.context.close().catch(() => undefined)));
      people = [];
      if (server) {
        await server.close();
        fs.rmSync(server.dataDir, { recursive: true, force: true });
        server = null;
      }
    }
  });

  const world: World = {
    get server() {
      if (!server) throw new Error('no server: use the world inside a test');
      return server;
    },
    get url() {
      return world.server.url;
    },
    get browser() {
      if (!browser) throw new Error('no browser: use the world inside a test');
      return browser;
    },
    async person(label, session = null, options = {}) {
      const context = await world.browser.newContext({ viewport: DEFAULT_VIEWPORT, deviceScaleFactor: 1, ...options });
      context.setDefaultTimeout(15_000);
      if (session) {
        const separator = session.cookie.indexOf('=');
        await context.addCookies([{ name: session.cookie.slice(0, separator), value: session.cookie.slice(separator + 1), url: world.url }]);
      }
      const log: string[] = [];
      let pages = 0;
      context.on('page', (page) => watch(page, log, `${label}#${++pages}`));
      const page = await context.newPage();
      const person: Person = { label, session, context, page, log };
      people.push(person);
      return person;
    },
  };
  return world;
}

async function saveArtifacts(testName: string, people: Person[], serverLog: string[]): Promise<void> {
  const dir = path.join(ARTIFACTS, safeName(testName));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const person of people) {
    const pages = person.context.pages();
    for (const [index, page] of pages.entries()) {
      const file = path.join(dir, `${safeName(person.label)}${pages.length > 1 ? `-${index + 1}` : ''}.png`);
      await page.screenshot({ path: file, fullPage: false, timeout: 10_000 }).catch((error: Error) => person.log.push(`(screenshot failed: ${error.message})`));
      person.log.push(`(page ${index + 1} was at ${page.url()})`);
    }
    fs.writeFileSync(path.join(dir, `${safeName(person.label)}-console.log`), person.log.join('\n') + '\n');
  }
  fs.writeFileSync(path.join(dir, 'server.log'), serverLog.join('\n') + '\n');
  console.warn(`[e2e] "${testName}" failed; screenshots and logs are in ${path.relative(ROOT, dir)}/`);
}
