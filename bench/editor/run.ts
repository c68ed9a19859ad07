/**
 * `npm run bench:editor`: typing in real Chromium, Accord's editor against stock TipTap
 * (StarterKit + Collaboration + CollaborationCaret over y-websocket to the reference server),
 * on the same content: the corporate template's 14 sections and 300 generated sections.
 *
 *   npm run bench:editor                       # 120 key presses per run, 14 and 300 sections, 1 round
 *   npm run bench:editor -- --quick            # 40 key presses, 14 and 300 sections
 *   npm run bench:editor -- --keys 200 --sizes 14,150,300 --rounds 3 [--editors accord,stock]
 *
 * For each run a second person is connected (a stock y-websocket client in this process, with
 * presence). The caret goes to the end of the first paragraph; ten keys are typed and erased to
 * warm up; then the keys are pressed one by one with 30–60 ms between them (the same gaps for
 * both editors). Inside the page, identical for both: a capturing `keydown` listener takes the
 * event's timestamp, and a requestAnimationFrame followed by a MessageChannel message marks the
 * frame after it (key press → next paint); a MutationObserver marks the first DOM change after
 * it (key press → text in the page); a PerformanceObserver counts long tasks. On Accord's page
 * it also watches the first section's sign-off chip and outline entry (signed → stale, because
 * the signed text changed) and its reading-level badge, so the live UI is seen updating.
 *
 * A benchmark, not a test: it reports its aims, always exits 0 and stops by itself.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JSONContent } from '@tiptap/core';
import { getSchema } from '@tiptap/core';
import { TableKit } from '@tiptap/extension-table';
import StarterKit from '@tiptap/starter-kit';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { WebSocket, WebSocketServer } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { setupWSConnection } from '@y/websocket-server/utils';
import { startAccord, type AccordServer } from '../../server/app';
import { createLogger } from '../../server/logger';
import { call, createPolicy, signUpAdmin, signUpInvited, type Session } from '../../test/support/session';
import { accordClientDir, launchChromium } from '../browser';
import { ORGANIZATION, policyJSON, sectionCount, stockJSON, TEMPLATE_ID, templatePolicyJSON } from '../content';
import { HOST } from '../shared';
import { Samples } from '../stats';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const resultsDir = path.join(root, 'bench/results');
const EDITORS = ['accord', 'stock'] as const;
type EditorName = (typeof EDITORS)[number];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (value: number | null | undefined, digits = 1) => (value !== null && value !== undefined && Number.isFinite(value) ? value.toFixed(digits) : '–');

// ---- options ------------------------------------------------------------------------------

interface Options {
  keys: number;
  /** 14 stands for the corporate template; any other number for that many generated sections. */
  sizes: number[];
  rounds: number;
  editors: EditorName[];
  gapMs: [number, number];
}

function parseOptions(argv: string[]): Options {
  const value = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const numbers = (text: string | undefined) => text?.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  const editors = (value('editors')?.split(',') ?? [...EDITORS]).filter((name): name is EditorName => (EDITORS as readonly string[]).includes(name));
  return {
    keys: Math.min(1000, Number(value('keys') ?? (quick ? 40 : 120))),
    sizes: numbers(value('sizes')) ?? [14, 300],
    rounds: Math.max(1, Number(value('rounds') ?? 1)),
    editors: editors.length ? editors : [...EDITORS],
    gapMs: [30, 60],
  };
}

// ---- what is typed ------------------------------------------------------------------------

/** Long words with no full stop, so the reading level visibly moves as they are typed. */
function typedText(keys: number): string {
  const words = ['organisational', 'accountability', 'responsibilities', 'communications', 'comprehensively', 'documentation'];
  let text = '';
  for (let index = 0; text.length < keys; index++) text += ` ${words[index % words.length]}`;
  return text.slice(0, keys);
}

/** The same pseudo-random gaps for every run (mulberry32). */
function gaps(count: number, [low, high]: [number, number]): number[] {
  let state = 17;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => Math.round(low + next() * (high - low)));
}

// ---- in the page --------------------------------------------------------------------------

interface KeyRecord {
  key: string;
  /** keydown → the frame after it was painted (ms). */
  paint: number | null;
  /** keydown → first DOM change after it (ms). */
  input: number | null;
  start: number;
}
interface LiveSample {
  at: number;
  chip: string | null;
  outline: string | null;
  grade: string | null;
}
interface PageRecord {
  keys: KeyRecord[];
  longTasks: { start: number; duration: number }[];
  live: LiveSample[];
}
type BenchWindow = Window & {
  __bench: PageRecord & { typing: boolean; watch(sectionId: string, department: string): void };
};

/**
 * Installed before any page script, identically on both pages. Plain JavaScript in a string:
 * a function would be serialized after tsx's transform, with helpers the page does not have.
 */
const INSTRUMENT = String.raw`(() => {
  const bench = { keys: [], longTasks: [], live: [], typing: false };
  // Polled, not observed: a MutationObserver over the whole editor would add work to every key
  // press of one page only.
  bench.watch = (sectionId, department) => {
    const read = () => {
      const section = document.querySelector('.policy-section[data-section-id="' + sectionId + '"]');
      const chip = section && section.querySelector('.signoff-chips .chip[data-department="' + department + '"]');
      const outline = document.querySelector('[data-outline-section="' + sectionId + '"]');
      const badge = section && section.querySelector('.reading-badge');
      return {
        chip: chip ? chip.getAttribute('data-state') : null,
        outline: outline ? outline.className : null,
        grade: badge ? badge.getAttribute('aria-label') : null,
      };
    };
    let last = '';
    setInterval(() => {
      const now = read();
      const key = JSON.stringify(now);
      if (key !== last) bench.live.push(Object.assign({ at: performance.now() }, now));
      last = key;
    }, 20);
  };
  window.__bench = bench;
  let awaitingMutation = null;
  new MutationObserver(() => {
    if (awaitingMutation) awaitingMutation.input = performance.now() - awaitingMutation.start;
    awaitingMutation = null;
  }).observe(document, { subtree: true, childList: true, characterData: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('keydown', (event) => {
    if (!bench.typing) return;
    const record = { key: event.key, start: event.timeStamp, paint: null, input: null };
    bench.keys.push(record);
    awaitingMutation = record;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { record.paint = performance.now() - record.start; };
      channel.port2.postMessage(null);
    });
  }, true);
})();`;

// ---- the servers -------------------------------------------------------------------------

/** The reference y-websocket server (@y/websocket-server's setupWSConnection) that also serves the stock page. */
async function startReference(pageDir: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = path.join(pageDir, pathname === '/' ? 'index.html' : path.normalize(pathname).replace(/^([/\\])+/, ''));
    if (!file.startsWith(pageDir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.html') ? 'text/html' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream';
    response.writeHead(200, { 'Content-Type': type });
    fs.createReadStream(file).pipe(response);
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => wss.handleUpgrade(request, socket, head, (ws) => setupWSConnection(ws, request)));
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  return {
    url: `http://${HOST}:${(server.address() as AddressInfo).port}`,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The stock page, built with vite (no CDN) into a temporary folder. */
async function buildStockPage(outDir: string): Promise<void> {
  await build({
    root: path.join(root, 'bench/editor/stock'),
    configFile: false,
    logLevel: 'warn',
    mode: 'production',
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  });
}

/** A second person: the stock y-websocket client with presence, kept open while the typist types. */
async function secondPerson(wsUrl: string, room: string, cookie: string | null, seed: Uint8Array | null): Promise<{ doc: Y.Doc; close(): void }> {
  const doc = new Y.Doc();
  class CookieWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, cookie ? { headers: { Cookie: cookie } } : {});
    }
  }
  const provider = new WebsocketProvider(wsUrl, room, doc, { WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket, disableBc: true });
  provider.awareness.setLocalStateField('user', { name: 'Second person', color: '#b35900' });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the second person did not sync within 30 s')), 30_000);
    provider.on('sync', (synced: boolean) => {
      if (!synced) return;
      clearTimeout(timer);
      resolve();
    });
  });
  // The reference server starts rooms empty: the second person lays the content down first.
  if (seed && doc.getXmlFragment('default').length === 0) Y.applyUpdate(doc, seed);
  return {
    doc,
    close() {
      provider.destroy();
      doc.destroy();
    },
  };
}

// ---- one run ------------------------------------------------------------------------------

interface Target {
  editor: EditorName;
  url: string;
  cookie: string | null;
  ready(page: Page): Promise<void>;
  paragraph(page: Page): ReturnType<Page['locator']>;
  /** Accord: the first section and the department whose sign-off the typing makes stale. */
  watch?: { sectionId: string; department: string };
  secondPerson(): Promise<{ doc: Y.Doc; close(): void }>;
  /** Before each run: puts the policy back as the run expects it (Accord: the first section signed); a note when it could not. */
  beforeRun?(): Promise<string | null>;
}

interface RunResult {
  editor: EditorName;
  sections: number;
  round: number;
  keys: number;
  paint: ReturnType<Samples['summary']>;
  input: ReturnType<Samples['summary']>;
  missingPaint: number;
  longTasks: { count: number; maxMs: number; totalMs: number };
  /** Accord only: ms from the first key until the chip / outline showed the sign-off as stale; from the last key until the reading level settled. */
  live: { signedBefore: boolean; chipStaleMs: number | null; outlineStaleMs: number | null; gradeChanges: number; gradeSettledMs: number | null } | null;
  /** The typed text reached the second person. */
  delivered: boolean;
  notes: string[];
}

async function runOnce(browser: Browser, target: Target, sections: number, round: number, options: Options): Promise<RunResult> {
  const notes: string[] = [];
  const setUp = await target.beforeRun?.();
  if (setUp) notes.push(setUp);
  const other = await target.secondPerson();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  let page: Page | null = null;
  try {
    context.setDefaultTimeout(30_000);
    if (target.cookie) {
      const separator = target.cookie.indexOf('=');
      await context.addCookies([{ name: target.cookie.slice(0, separator), value: target.cookie.slice(separator + 1), url: new URL(target.url).origin }]);
    }
    await context.addInitScript({ content: INSTRUMENT });
    page = await context.newPage();
    page.on('pageerror', (error) => notes.push(`page error: ${error.message.slice(0, 200)}`));
    await page.goto(target.url);
    await target.ready(page);
    if (target.watch) {
      const { sectionId, department } = target.watch;
      await page.evaluate(([id, dept]) => (window as unknown as BenchWindow).__bench.watch(id!, dept!), [sectionId, department]);
    }

    // The caret at the end of the first paragraph, as a person puts it there.
    const paragraph = target.paragraph(page);
    await paragraph.scrollIntoViewIfNeeded();
    const box = await paragraph.boundingBox();
    if (!box) throw new Error('the first paragraph is not visible');
    await paragraph.click({ position: { x: Math.max(1, box.width - 2), y: Math.max(1, box.height - 4) } });
    await page.keyboard.press('End');

    // Warm-up: typed and erased, so the text (and any sign-off on it) is as before.
    for (const character of 'warming up') await page.keyboard.type(character, { delay: 0 }).then(() => sleep(40));
    for (let index = 0; index < 'warming up'.length; index++) await page.keyboard.press('Backspace').then(() => sleep(40));
    await sleep(1500);

    const text = typedText(options.keys);
    const waits = gaps(text.length, options.gapMs);
    await page.evaluate(() => {
      (window as unknown as BenchWindow).__bench.typing = true;
    });
    for (const [index, character] of [...text].entries()) {
      await page.keyboard.type(character);
      await sleep(waits[index]!);
    }
    await sleep(1500);
    const record = await page.evaluate(() => {
      const bench = (window as unknown as BenchWindow).__bench;
      bench.typing = false;
      return { keys: bench.keys, longTasks: bench.longTasks, live: bench.live } satisfies PageRecord;
    });

    const paint = new Samples();
    const input = new Samples();
    for (const key of record.keys) {
      if (key.paint !== null) paint.push(key.paint);
      if (key.input !== null) input.push(key.input);
    }
    const firstKey = record.keys[0]?.start ?? 0;
    const lastKey = record.keys.at(-1)?.start ?? 0;
    const typingTasks = record.longTasks.filter((task) => task.start + task.duration >= firstKey && task.start <= lastKey + 1000);
    let live: RunResult['live'] = null;
    if (target.watch) {
      const before = record.live.filter((sample) => sample.at < firstKey).at(-1) ?? null;
      const after = record.live.filter((sample) => sample.at >= firstKey);
      const firstWhen = (test: (sample: LiveSample) => boolean) => {
        const found = after.find(test);
        return found ? found.at - firstKey : null;
      };
      const gradeSamples = after.filter((sample, index) => sample.grade !== (index === 0 ? before?.grade : after[index - 1]!.grade));
      const lastGrade = gradeSamples.at(-1);
      live = {
        signedBefore: before?.chip === 'signed',
        chipStaleMs: firstWhen((sample) => sample.chip === 'stale'),
        outlineStaleMs: firstWhen((sample) => /\bstatus-stale\b/.test(sample.outline ?? '')),
        gradeChanges: gradeSamples.length,
        gradeSettledMs: lastGrade ? Math.max(0, lastGrade.at - lastKey) : null,
      };
      if (!live.signedBefore) notes.push(`the chip was "${before?.chip ?? 'absent'}" before typing, not "signed"`);
    }
    const delivered = await (async () => {
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline) {
        if (other.doc.getXmlFragment('default').toString().includes(text.trim())) return true;
        await sleep(100);
      }
      return false;
    })();
    if (!delivered) notes.push('the second person did not receive the typed text within 5 s');
    return {
      editor: target.editor,
      sections,
      round,
      keys: record.keys.length,
      paint: paint.summary(),
      input: input.summary(),
      missingPaint: record.keys.length - paint.length,
      longTasks: { count: typingTasks.length, maxMs: Math.max(0, ...typingTasks.map((task) => task.duration)), totalMs: typingTasks.reduce((sum, task) => sum + task.duration, 0) },
      live,
      delivered,
      notes,
    };
  } catch (error) {
    // What the page showed, for the person reading the failure.
    const file = path.join(resultsDir, `editor-failure-${target.editor}-${sections}.png`);
    fs.mkdirSync(resultsDir, { recursive: true });
    await page?.screenshot({ path: file }).catch(() => {});
    throw new Error(`${(error as Error).message.split('\n')[0]} (screenshot: ${path.relative(root, file)})`);
  } finally {
    await context.close().catch(() => {});
    other.close();
  }
}

// ---- set-up per content size ------------------------------------------------------------

interface Prepared {
  sections: number;
  accord: Target;
  stock: Target;
}

function contentFor(size: number): JSONContent {
  return size === 14 ? templatePolicyJSON('Bench policy') : policyJSON('Bench policy', size);
}

async function prepare(size: number, accord: AccordServer, admin: Session, reference: { url: string }): Promise<Prepared> {
  const content = contentFor(size);
  const sections = sectionCount(content);
  const policyId =
    size === 14
      ? await createPolicy(accord.url, admin, { title: 'Bench policy', templateId: TEMPLATE_ID, organization: ORGANIZATION })
      : accord.policies.create({ title: 'Bench policy', organization: ORGANIZATION, content, createdBy: { id: admin.user.id, name: admin.user.name } }).id;
  const detail = await call(accord.url, `/api/policies/${policyId}`, { cookie: admin.cookie });
  const first = detail.body?.sections?.[0] as { id: string; owner: string; hash: string } | undefined;
  if (!first) throw new Error(`GET /api/policies/${policyId} answered ${detail.status} without sections`);
  // The owner's department signs the first section, so typing in it makes the sign-off stale.
  // Every run types into it, so it is signed again (its text as it is then) before each run.
  const signer = await signUpInvited(accord.url, admin, first.owner as Session['user']['department'], 'editor', 'Owner signer');
  const signFirst = async (): Promise<string | null> => {
    const now = await call(accord.url, `/api/policies/${policyId}`, { cookie: signer.cookie });
    const section = (now.body?.sections as { id: string; hash: string; status?: string }[] | undefined)?.find((candidate) => candidate.id === first.id);
    if (!section) return `GET /api/policies/${policyId} answered ${now.status} without the first section`;
    const signed = await call(accord.url, `/api/policies/${policyId}/sections/${first.id}/signoffs`, { json: { hash: section.hash }, cookie: signer.cookie });
    return signed.status === 201 || signed.status === 200 ? null : `sign-off answered ${signed.status}`;
  };

  const stockSeed = Y.encodeStateAsUpdate(prosemirrorJSONToYDoc(getSchema([StarterKit.configure({ undoRedo: false }), TableKit.configure({ table: { resizable: false } })]), stockJSON(content), 'default'));
  const room = `stock-${size}-${Date.now()}`;
  const wsReference = reference.url.replace(/^http/, 'ws');
  return {
    sections,
    accord: {
      editor: 'accord',
      url: `${accord.url}/p/${policyId}`,
      cookie: admin.cookie,
      async ready(page) {
        await page.locator('.policy-editor .policy-section').first().waitFor();
        await page.locator('.policy-tools [data-connection="connected"]').waitFor();
        await page.locator(`.policy-section[data-section-id="${first.id}"] .signoff-chips .chip[data-department="${first.owner}"][data-state="signed"]`).waitFor({ timeout: 10_000 }).catch(() => {});
      },
      paragraph: (page) => page.locator('.policy-editor .policy-section').first().locator('.section-body p:not(li p)').first(),
      watch: { sectionId: first.id, department: first.owner },
      secondPerson: () => secondPerson(`${accord.url.replace(/^http/, 'ws')}/collab`, policyId, signer.cookie, null),
      beforeRun: signFirst,
    },
    stock: {
      editor: 'stock',
      url: `${reference.url}/?ws=${encodeURIComponent(wsReference)}&room=${encodeURIComponent(room)}`,
      cookie: null,
      async ready(page) {
        await page.locator('body[data-synced="true"]').waitFor();
        await page.locator('.ProseMirror > p').first().waitFor();
      },
      paragraph: (page) => page.locator('.ProseMirror > p').first(),
      secondPerson: () => secondPerson(wsReference, room, null, stockSeed),
    },
  };
}

// ---- report ---------------------------------------------------------------------------------

function median(values: number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function report(results: RunResult[], options: Options): string[] {
  const lines: string[] = [];
  const header = ['sections', 'editor', 'key→paint p50', 'p95', 'max', 'key→DOM p95', 'p95 ÷ stock', 'long tasks (n / max ms)', 'live UI (chip / outline stale, grade settled)'];
  const rows: string[][] = [];
  const verdicts: string[] = [];
  for (const size of [...new Set(results.map((result) => result.sections))]) {
    const of = (editor: EditorName) => results.filter((result) => result.sections === size && result.editor === editor);
    const p95 = (editor: EditorName) => median(of(editor).map((result) => result.paint.p95));
    for (const editor of options.editors) {
      const runs = of(editor);
      if (!runs.length) continue;
      const ratio = editor === 'accord' ? p95('accord') / p95('stock') : NaN;
      const live = runs.map((run) => run.live).filter((entry) => entry !== null);
      rows.push([
        String(size),
        editor,
        `${fmt(median(runs.map((run) => run.paint.p50)))} ms`,
        `${fmt(p95(editor))} ms`,
        `${fmt(Math.max(...runs.map((run) => run.paint.max)))} ms`,
        `${fmt(median(runs.map((run) => run.input.p95)))} ms`,
        editor === 'accord' ? `${fmt(ratio, 2)}×` : '',
        `${runs.reduce((sum, run) => sum + run.longTasks.count, 0)} / ${fmt(Math.max(...runs.map((run) => run.longTasks.maxMs)), 0)}`,
        live.length ? live.map((entry) => `${fmt(entry.chipStaleMs, 0)} / ${fmt(entry.outlineStaleMs, 0)}, ${fmt(entry.gradeSettledMs, 0)} ms`).join('; ') : '',
      ]);
    }
    const accordRuns = of('accord');
    if (accordRuns.length && of('stock').length) {
      const ratio = p95('accord') / p95('stock');
      verdicts.push(`${size} sections: key press p95 within 1.2× of stock TipTap: ${ratio <= 1.2 ? 'met' : 'NOT met'} (${fmt(p95('accord'))} vs ${fmt(p95('stock'))} ms, ${fmt(ratio, 2)}×)`);
    }
    if (size >= 300 && accordRuns.length) {
      const tasks = accordRuns.reduce((sum, run) => sum + run.longTasks.count, 0);
      verdicts.push(`${size} sections: no long task over 50 ms while typing in Accord: ${tasks === 0 ? 'met' : 'NOT met'} (${tasks}, up to ${fmt(Math.max(...accordRuns.map((run) => run.longTasks.maxMs)), 0)} ms)`);
    }
    for (const run of accordRuns) {
      if (!run.live) continue;
      const { chipStaleMs, outlineStaleMs, gradeSettledMs, gradeChanges, signedBefore } = run.live;
      const ok = signedBefore && chipStaleMs !== null && chipStaleMs <= 300 && outlineStaleMs !== null && outlineStaleMs <= 300 && gradeChanges > 0 && gradeSettledMs !== null && gradeSettledMs <= 300;
      verdicts.push(
        `${size} sections, round ${run.round + 1}: chips, outline and reading level update live (≤ 300 ms): ${ok ? 'met' : 'NOT met'} ` +
          `(chip stale after ${fmt(chipStaleMs, 0)} ms, outline after ${fmt(outlineStaleMs, 0)} ms, reading level changed ${gradeChanges}× and settled ${fmt(gradeSettledMs, 0)} ms after the last key${signedBefore ? '' : '; the section was not signed before typing'})`,
      );
    }
  }
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  lines.push(line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line), '', 'Aims (reported, never enforced):', ...verdicts.map((verdict) => `  ${verdict}`));
  for (const result of results) if (result.notes.length) lines.push(`  note (${result.editor}, ${result.sections} sections): ${result.notes.join('; ')}`);
  return lines;
}

// ---- main ---------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version };
  console.log(`Accord editor benchmark — ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}`);
  console.log(`${options.keys} key presses per run, ${options.gapMs[0]}–${options.gapMs[1]} ms apart; sizes ${options.sizes.join(', ')} sections; ${options.rounds} round(s); editors ${options.editors.join(', ')}`);

  const watchdogMs = (5 + options.sizes.length * options.rounds * options.editors.length * (1 + (options.keys * 0.15) / 60)) * 60_000;
  const watchdog = setTimeout(() => {
    console.log(`editor benchmark stopped by its watchdog after ${Math.round(watchdogMs / 60_000)} minutes`);
    process.exit(0);
  }, watchdogMs);
  watchdog.unref();

  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-bench-editor-'));
  const cleanups: (() => Promise<unknown> | unknown)[] = [() => fs.rmSync(temp, { recursive: true, force: true })];
  const results: RunResult[] = [];
  try {
    console.log('building the Accord client and the stock page…');
    const clientDir = accordClientDir();
    const stockDir = path.join(temp, 'stock');
    await buildStockPage(stockDir);
    const reference = await startReference(stockDir);
    cleanups.unshift(() => reference.close());
    const accord = await startAccord({ dataDir: path.join(temp, 'data'), port: 0, host: HOST, logger: createLogger({ quiet: true, write: () => {} }), clientDir });
    cleanups.unshift(() => accord.close());
    const admin = await signUpAdmin(accord.url, 'communications', 'Typist');
    const browser = await launchChromium();
    cleanups.unshift(() => browser.close());

    for (const size of options.sizes) {
      const prepared = await prepare(size, accord, admin, reference);
      for (let round = 0; round < options.rounds; round++) {
        // Alternate which editor goes first, so drift hits both alike.
        const order = round % 2 ? [...options.editors].reverse() : options.editors;
        for (const editor of order) {
          try {
            const result = await runOnce(browser, prepared[editor], prepared.sections, round, options);
            results.push(result);
            console.log(
              `${editor.padEnd(6)} ${String(prepared.sections).padStart(4)} sections, round ${round + 1}: key→paint p50 ${fmt(result.paint.p50)} ms, p95 ${fmt(result.paint.p95)} ms, ` +
                `max ${fmt(result.paint.max)} ms; long tasks ${result.longTasks.count} (max ${fmt(result.longTasks.maxMs, 0)} ms)${result.notes.length ? `; ${result.notes.join('; ')}` : ''}`,
            );
          } catch (error) {
            console.log(`${editor.padEnd(6)} ${String(prepared.sections).padStart(4)} sections, round ${round + 1}: FAILED — ${(error as Error).message.split('\n')[0]}`);
          }
        }
      }
    }
  } catch (error) {
    console.log(`editor benchmark aborted: ${(error as Error).stack ?? (error as Error).message}`);
  } finally {
    for (const cleanup of cleanups) await Promise.resolve(cleanup()).catch(() => {});
  }

  if (results.length) {
    console.log('');
    for (const line of report(results, options)) console.log(line);
  }
  fs.mkdirSync(resultsDir, { recursive: true });
  const saved = JSON.stringify({ machine, options, startedAt: stamp, results }, null, 2);
  fs.writeFileSync(path.join(resultsDir, `editor-${stamp}.json`), saved);
  fs.writeFileSync(path.join(resultsDir, 'editor-latest.json'), saved);
  console.log(`\nRaw results: ${path.relative(root, path.join(resultsDir, `editor-${stamp}.json`))}`);
}

main()
  .catch((error: Error) => console.log(`editor benchmark error: ${error.stack ?? error.message}`))
  .finally(() => process.exit(0));
