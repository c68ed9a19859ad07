/**
 * The measurements besides load, run in their own process (so RSS deltas are Accord's alone):
 * opening a 300-section policy cold from disk (and GET /api/policies/:id of it), memory per open
 * policy, DOCX and PDF export of a 200-section policy, GET /api/policies with 200 policies, the
 * size of the client's JavaScript after gzip, and what each page loads in Chromium (pageWeight.ts).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { startAccord, type AccordServer } from '../server/app';
import { createLogger } from '../server/logger';
import { call, signUpAdmin } from '../test/support/session';
import { policyJSON, templatePolicyJSON } from './content';
import { measurePageWeight, type PageWeight } from './pageWeight';
import { median } from './stats';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** A full collection, twice, with a pause so freed pages go back to the system before RSS is read. */
async function settle(): Promise<void> {
  for (let pass = 0; pass < 2; pass++) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
const mb = (bytes: number) => bytes / 1024 / 1024;

export interface Extras {
  open300: {
    sections: number;
    storedBytes: number;
    /** rooms.open() of the snapshot-only policy, first time in a fresh server process. */
    coldOpenMs: number;
    /** rooms.open() again in the same process (median of 5), document not in memory. */
    reopenMedianMs: number;
    /** The same with 400 small updates in the log (compaction folds them at 500). */
    coldOpenWithLogMs: number;
    /** Encoding the whole state for the first client (sync step 2). */
    firstSyncEncodeMs: number;
    /** signoffs.state(): what GET /api/policies/:id and every post-edit status check compute. */
    stateMs: number;
    /** The same for a typical template policy (median over 50). */
    stateTypicalMs: number;
    /** A y-websocket client in a fresh server process: connect until synced. */
    clientSyncedMs: number;
    /**
     * GET /api/policies/:id of the 300-section policy, first request for it after a restart, nobody
     * has it open (after one GET of a small policy, so the route's code is compiled). Its stored
     * document was read before (the room left its reading when it closed), so the kept reading answers.
     */
    getPolicyMs: number;
    /** GET /api/policies/:id of a 300-section policy whose stored document was never read yet: it is loaded and read whole. */
    getPolicyUnreadMs: number;
    /** GET /api/policies/:id again, document open (median of 5): what every page load after the first costs. */
    getPolicyWarmMs: number;
  } | { error: string };
  memory: {
    policies: number;
    sectionsEach: number;
    rssPerPolicyKb: number;
    heapPerPolicyKb: number;
    rss300SectionsMb: number;
  } | { error: string };
  export200: { docxMs: number; docxWarmMs: number; docxBytes: number; pdfMs: number; pdfWarmMs: number; pdfBytes: number; inputFrom: string } | { skipped: string } | { error: string };
  clientJs: { source: string; files: { name: string; bytes: number; gzipBytes: number }[]; totalBytes: number; totalGzipBytes: number } | { error: string };
  /** GET /api/policies with 200 template policies, in a freshly started server (no room open). */
  list200?: {
    policies: number;
    listed: number;
    firstMs: number;
    warmMedianMs: number;
    /** Rooms open after the requests (the list should open none). */
    roomsOpened: number;
    /** DocumentStore.load calls during the first request: stored documents read (null: the store could not be watched). */
    documentsLoaded: number | null;
  } | { error: string };
  /** JavaScript each page of the app requests, in Chromium (older result files lack it). */
  pageWeight?: PageWeight;
}

// ---- documents ---------------------------------------------------------------------------

async function timed<T>(run: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

function start(dataDir: string): Promise<AccordServer> {
  return startAccord({ dataDir, port: 0, host: '127.0.0.1', logger: createLogger({ quiet: true, write: () => {} }), clientDir: path.join(dataDir, 'no-client') });
}

function clientSynced(url: string, policyId: string, cookie: string): Promise<number> {
  const doc = new Y.Doc();
  class CookieWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: { Cookie: cookie } });
    }
  }
  const started = performance.now();
  const provider = new WebsocketProvider(url.replace(/^http/, 'ws') + '/collab', policyId, doc, {
    WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('client did not sync within 30 s')), 30_000);
    provider.on('sync', (synced: boolean) => {
      if (!synced) return;
      clearTimeout(timer);
      const ms = performance.now() - started;
      provider.destroy();
      doc.destroy();
      resolve(ms);
    });
  });
}

// ---- measurements --------------------------------------------------------------------------

async function measureOpenAndMemory(): Promise<Pick<Extras, 'open300' | 'memory'>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-bench-open-'));
  try {
    // Build and store everything through a running server.
    let server = await start(dataDir);
    const admin = await signUpAdmin(server.url);
    const big = server.policies.create({ title: 'Three hundred sections', content: policyJSON('Three hundred sections', 300) });
    const bigWithLog = server.policies.create({ title: 'Three hundred sections, logged edits', content: policyJSON('Logged', 300) });
    const storedBytes = Y.encodeStateAsUpdate(server.rooms.open(big.id).doc).byteLength;
    // 400 separate stored updates: what a busy policy holds between two compactions (at 500).
    const room = server.rooms.open(bigWithLog.id);
    const fragment = room.doc.getXmlFragment('default');
    for (let edit = 0; edit < 400; edit++) {
      const section = fragment.get(1 + (edit % 300)) as Y.XmlElement;
      const paragraph = section.get(1) as Y.XmlElement;
      (paragraph.get(0) as Y.XmlText).insert(0, `edit ${edit} `);
      room.flush();
    }
    const templates = (await call<{ id: string }[]>(server.url, '/api/templates', { cookie: admin.cookie })).body;
    const typical: string[] = [];
    for (let index = 0; index < 51; index++) {
      const response = await call(server.url, '/api/policies', { json: { title: `Typical ${index}`, templateId: templates[index % templates.length]!.id }, cookie: admin.cookie });
      typical.push(response.body.id);
    }
    await server.close();

    // Restart: the first open in a fresh process, then re-opens.
    server = await start(dataDir);
    const cold = await timed(() => server.rooms.open(big.id));
    const encode = await timed(() => Y.encodeStateAsUpdate(cold.value.doc));
    const state = await timed(() => server.signoffs.state(big.id));
    const reopen: number[] = [];
    for (let run = 0; run < 5; run++) {
      server.rooms.closeAll({ code: 1000, reason: 'bench' });
      reopen.push((await timed(() => server.rooms.open(big.id))).ms);
    }
    server.rooms.closeAll({ code: 1000, reason: 'bench' });
    const coldWithLog = await timed(() => server.rooms.open(bigWithLog.id));
    server.rooms.closeAll({ code: 1000, reason: 'bench' });
    await server.close();

    // Restart: what a person waits for, over the network, on a cold document.
    server = await start(dataDir);
    const clientSyncedMs = await clientSynced(server.url, big.id, admin.cookie);
    server.rooms.closeAll({ code: 1000, reason: 'bench' });
    // One GET of a small policy first, so the figure is the 300-section document's and not the route's first compile in this process.
    await call(server.url, `/api/policies/${typical[0]!}`, { cookie: admin.cookie });
    const getPolicy = await timed(() => call(server.url, `/api/policies/${big.id}`, { cookie: admin.cookie }));
    const getPolicyWarm: number[] = [];
    for (let round = 0; round < 5; round += 1) getPolicyWarm.push((await timed(() => call(server.url, `/api/policies/${big.id}`, { cookie: admin.cookie }))).ms);
    const unread = server.policies.create({ title: 'Never read', content: policyJSON('Never read', 300) });
    const getPolicyUnread = await timed(() => call(server.url, `/api/policies/${unread.id}`, { cookie: admin.cookie }));
    await server.close();

    // Restart: memory of 50 open typical policies, then of the 300-section one.
    server = await start(dataDir);
    server.rooms.open(typical[50]!); // warms the code paths so the delta is documents, not code
    await settle();
    const before = process.memoryUsage();
    for (const id of typical.slice(0, 50)) server.rooms.open(id);
    await settle();
    const after = process.memoryUsage();
    const sectionsEach = median(typical.slice(0, 50).map((id) => server.rooms.get(id)!.doc.getXmlFragment('default').length - 1));
    const stateTypical: number[] = [];
    for (const id of typical.slice(0, 50)) stateTypical.push((await timed(() => server.signoffs.state(id))).ms);
    server.rooms.closeAll({ code: 1000, reason: 'bench' });
    await settle();
    const beforeBig = process.memoryUsage.rss();
    server.rooms.open(big.id);
    await settle();
    const rss300SectionsMb = mb(process.memoryUsage.rss() - beforeBig);
    await server.close();

    return {
      open300: {
        sections: 300,
        storedBytes,
        coldOpenMs: cold.ms,
        reopenMedianMs: median(reopen),
        coldOpenWithLogMs: coldWithLog.ms,
        firstSyncEncodeMs: encode.ms,
        stateMs: state.ms,
        stateTypicalMs: median(stateTypical),
        clientSyncedMs,
        getPolicyMs: getPolicy.ms,
        getPolicyWarmMs: median(getPolicyWarm),
        getPolicyUnreadMs: getPolicyUnread.ms,
      },
      memory: {
        policies: 50,
        sectionsEach,
        rssPerPolicyKb: (after.rss - before.rss) / 50 / 1024,
        heapPerPolicyKb: (after.heapUsed - before.heapUsed) / 50 / 1024,
        rss300SectionsMb,
      },
    };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

interface ExportModule {
  exportPolicy(input: unknown, format: 'docx' | 'pdf'): Promise<{ body: Buffer }>;
}
interface PolicyExportModule {
  buildExportInput(deps: unknown, policy: unknown, version: 'current'): unknown;
}

async function measureExports(): Promise<Extras['export200']> {
  const exportPath = path.join(root, 'server/export/index.ts');
  if (!fs.existsSync(exportPath)) return { skipped: 'export module not present' };
  const exporter = (await import(pathToFileURL(exportPath).href)) as ExportModule;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-bench-export-'));
  const server = await start(dataDir);
  try {
    const policy = server.policies.create({ title: 'Two hundred sections', organization: 'Bench Org', content: policyJSON('Two hundred sections', 200) });
    // The server's own export input when it has one (sign-off state, readability, inventory)...
    let input: unknown = null;
    let inputFrom = 'server/services/policyExport.ts buildExportInput';
    const builderPath = path.join(root, 'server/services/policyExport.ts');
    if (fs.existsSync(builderPath)) {
      try {
        const builder = (await import(pathToFileURL(builderPath).href)) as PolicyExportModule;
        input = builder.buildExportInput({ rooms: server.rooms, signoffs: server.signoffs, departments: server.departments.list({ includeArchived: true }) }, policy, 'current');
      } catch {
        input = null;
      }
    }
    // ...otherwise the same shape from the sign-off state.
    if (!input) {
      inputFrom = 'bench: built from signoffs.state()';
      const state = server.signoffs.state(policy.id);
      input = {
        title: policy.title,
        organization: policy.organization,
        date: new Date().toISOString(),
        version: 'Draft',
        endorsed: false,
        fingerprint: state.fingerprint,
        sections: state.live.map((section, index) => ({ ...section, status: state.sections[index]!.status })),
        endorsement: state.sections.flatMap((section) =>
          section.approvers.map((department) => ({ sectionId: section.id, sectionTitle: section.title, department, status: 'pending' })),
        ),
      };
    }
    const run = async (format: 'docx' | 'pdf') => {
      const first = await timed(() => exporter.exportPolicy(input, format));
      const warm: number[] = [];
      for (let repeat = 0; repeat < 3; repeat++) warm.push((await timed(() => exporter.exportPolicy(input, format))).ms);
      return { ms: first.ms, warmMs: median(warm), bytes: first.value.body.byteLength };
    };
    const docx = await run('docx');
    const pdf = await run('pdf');
    return { docxMs: docx.ms, docxWarmMs: docx.warmMs, docxBytes: docx.bytes, pdfMs: pdf.ms, pdfWarmMs: pdf.warmMs, pdfBytes: pdf.bytes, inputFrom };
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Builds the client into a temporary folder (so dist/ is untouched); falls back to dist/client. */
function measureClientJs(): Extras['clientJs'] {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-bench-vite-'));
  try {
    let assets = path.join(outDir, 'assets');
    let source = 'fresh `vite build` into a temporary outDir';
    const build = spawnSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], { cwd: root, timeout: 240_000, encoding: 'utf8' });
    if (build.status !== 0 || !fs.existsSync(assets)) {
      assets = path.join(root, 'dist/client/assets');
      source = `dist/client/assets (vite build failed: ${(build.stderr || build.error?.message || '').trim().split('\n')[0] ?? ''})`;
      if (!fs.existsSync(assets)) return { error: 'vite build failed and dist/client/assets does not exist' };
    }
    const files = fs
      .readdirSync(assets)
      .filter((name) => name.endsWith('.js'))
      .map((name) => {
        const data = fs.readFileSync(path.join(assets, name));
        return { name, bytes: data.byteLength, gzipBytes: zlib.gzipSync(data).byteLength };
      });
    return {
      source,
      files,
      totalBytes: files.reduce((sum, file) => sum + file.bytes, 0),
      totalGzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0),
    };
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

/**
 * 200 policies made from the template through the policy service, then a restart so no room is
 * open, then the list as the policy-list page asks for it: first request and warm median of 5,
 * with the rooms it opened and the stored documents it read.
 */
async function measureList200(): Promise<NonNullable<Extras['list200']>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-bench-list-'));
  let server = await start(dataDir);
  try {
    const admin = await signUpAdmin(server.url);
    const policies = 200;
    for (let index = 0; index < policies; index++) {
      const title = `Policy ${index + 1}`;
      server.policies.create({ title, organization: 'Bench Org', templateId: 'corporate-enterprise', content: templatePolicyJSON(title), createdBy: { id: admin.user.id, name: admin.user.name } });
    }
    await server.close();

    server = await start(dataDir);
    // Rooms and the services share one DocumentStore; count its loads (a private field, read here only).
    const store = (server.rooms as unknown as { store?: { load?: (...args: unknown[]) => unknown } }).store;
    let documentsLoaded: number | null = null;
    if (store && typeof store.load === 'function') {
      const load = store.load.bind(store);
      documentsLoaded = 0;
      store.load = (...args: unknown[]) => {
        documentsLoaded! += 1;
        return load(...args);
      };
    }
    const first = await timed(() => call(server.url, '/api/policies', { cookie: admin.cookie }));
    const loadedByFirst = documentsLoaded;
    if (first.value.status !== 200) throw new Error(`GET /api/policies answered ${first.value.status}`);
    const warm: number[] = [];
    for (let round = 0; round < 5; round += 1) warm.push((await timed(() => call(server.url, '/api/policies', { cookie: admin.cookie }))).ms);
    return {
      policies,
      listed: Array.isArray(first.value.body) ? first.value.body.length : 0,
      firstMs: first.ms,
      warmMedianMs: median(warm),
      roomsOpened: server.rooms.openCount,
      documentsLoaded: loadedByFirst,
    };
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const failed = (error: unknown) => ({ error: (error as Error).message ?? String(error) });

async function main(): Promise<void> {
  const openAndMemory = await measureOpenAndMemory().catch((error) => ({ open300: failed(error), memory: failed(error) }));
  const export200 = await measureExports().catch(failed);
  let clientJs: Extras['clientJs'];
  try {
    clientJs = measureClientJs();
  } catch (error) {
    clientJs = failed(error);
  }
  const list200 = await measureList200().catch(failed);
  const pageWeight = await measurePageWeight().catch(failed);
  const extras: Extras = { ...openAndMemory, export200, clientJs, list200, pageWeight };
  if (process.send) process.send({ type: 'extras', extras }, () => process.exit(0));
  else {
    console.log(JSON.stringify(extras, null, 2));
    process.exit(0);
  }
}

process.on('disconnect', () => process.exit(1));
await main();
