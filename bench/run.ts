/**
 * `npm run bench`: Accord against the y-websocket reference server and Hocuspocus 4.
 * Starts each server in its own process, drives them in turn from one load process, prints
 * one side-by-side table, and writes raw JSON and an SVG chart into bench/results/.
 *
 *   npm run bench                      # 50, 200, 500, 1000 clients × 20 s, 1 round
 *   npm run bench -- --quick           # 20 and 50 clients × 5 s
 *   npm run bench -- --steps 50,200 --seconds 20 --rounds 3 [--rate 2] [--servers accord,reference]
 *   npm run bench -- --profile accord  # also writes a .cpuprofile of that server (or of `load`)
 *   npm run bench -- --no-extras | --extras-only
 *   npm run bench -- --doc blank       # rooms start as a blank policy instead of the corporate template
 *   npm run bench -- --size-clients 200 | --no-size   # Accord on 300-section policies against 14 at that many clients (default 200; --quick 50)
 *   npm run bench -- --watchers 0      # Accord rooms without the editor page's status event stream (default 1 per room)
 *   npm run bench -- --load-threads 1 --quiet-wait 60 | --no-wait-quiet
 *   npm run bench -- --servers accord --accord-experiment statement-cache   # what-if inside Accord's process, see servers/accord.ts
 *   npm run bench -- --reference-persistence   # the reference keeps every update (its YPERSISTENCE, y-leveldb), as Accord does
 *   npm run bench -- --report bench/results/results-<stamp>.json [more.json]     # table + chart-report.svg again, from saved runs
 *   npm run bench -- --page-weight     # only the JavaScript each page loads in Chromium (about a minute), with its files
 *
 * A benchmark, not a test: it reports its aims and always exits 0, and it stops by itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderChart } from './chart';
import type { Extras } from './openAndExport';
import { describePageWeight } from './pageWeight';
import { foreignCores, LARGE_POLICY_SECTIONS, readCpuTicks, SERVER_NAMES, type FromLoad, type FromServer, type ServerName, type ServerRequest, type StepResult, type StepTask, type ToLoad, type ToServer } from './shared';
import { aggregate, renderMarkdownTable, renderTable, type Figures } from './stats';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(root, 'bench/results');

// ---- options ------------------------------------------------------------------------------

interface Options {
  steps: number[];
  seconds: number;
  rounds: number;
  rate: number;
  perRoom: number;
  servers: ServerName[];
  /** Processes to run under --cpu-prof: server names, `load` and/or `extras`. */
  profile: string[];
  extras: boolean;
  load: boolean;
  loadThreads: number;
  doc: 'blank' | 'template';
  /** Clients of the policy-size phase (Accord on 300-section policies against template ones); 0 skips it. */
  sizeClients: number;
  /** Accord: event-stream subscribers per room (an open editor page has one). */
  watchersPerRoom: number;
  /** A what-if experiment applied inside the Accord server process (see bench/servers/accord.ts). */
  accordExperiment: string | undefined;
  /** Before each step, wait up to this many seconds until other processes leave the CPUs alone. */
  quietWaitSeconds: number;
  /** `--pin`: each server on CPU 0 and the load generator on CPU 1 (taskset), so they never share a core. */
  pin: boolean;
  /** `--reference-persistence`: the reference server keeps every update with its built-in y-leveldb persistence. */
  referencePersistence: boolean;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const list = (text: string | undefined) => (text ? text.split(',').map((part) => part.trim()).filter(Boolean) : undefined);
  const numbers = (text: string | undefined) => list(text)?.map(Number).filter((n) => Number.isFinite(n) && n > 0);
  const servers = (list(value('servers')) ?? [...SERVER_NAMES]).filter((name): name is ServerName => (SERVER_NAMES as readonly string[]).includes(name));
  return {
    steps: numbers(value('steps')) ?? (quick ? [20, 50] : [50, 200, 500, 1000]),
    seconds: Number(value('seconds') ?? (quick ? 5 : 20)),
    rounds: Math.max(1, Number(value('rounds') ?? 1)),
    rate: Number(value('rate') ?? 2),
    perRoom: Number(value('per-room') ?? 10),
    servers,
    profile: (list(value('profile')) ?? []).filter((name) => name === 'load' || name === 'extras' || (SERVER_NAMES as readonly string[]).includes(name)),
    extras: !argv.includes('--no-extras'),
    load: !argv.includes('--extras-only'),
    loadThreads: Number(value('load-threads') ?? Math.min(2, os.cpus().length)),
    doc: value('doc') === 'blank' ? 'blank' : 'template',
    sizeClients: argv.includes('--no-size') ? 0 : Number(value('size-clients') ?? (quick ? 50 : 200)),
    watchersPerRoom: Number(value('watchers') ?? 1),
    accordExperiment: value('accord-experiment'),
    quietWaitSeconds: argv.includes('--no-wait-quiet') ? 0 : Number(value('quiet-wait') ?? 60),
    pin: argv.includes('--pin'),
    referencePersistence: argv.includes('--reference-persistence'),
  };
}

// ---- child processes ------------------------------------------------------------------------

const children = new Set<ChildProcess>();

/**
 * A TypeScript file in its own Node process with IPC. The shell raises the soft limit on open
 * files to the hard limit first: 1000 clients need 1000 sockets in the load process and 1000 in
 * the server.
 */
function spawnTs(file: string, label: string, nodeArgs: string[] = [], env: Record<string, string> = {}, cpus?: string): ChildProcess {
  const pinned = cpus ? `taskset -c ${cpus} ` : '';
  const child = spawn(
    '/bin/sh',
    ['-c', `ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec ${pinned}"$0" "$@"`, process.execPath, '--expose-gc', ...nodeArgs, '--import', 'tsx', path.join(root, file)],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: { ...process.env, NODE_ENV: 'production', ...env } },
  );
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.on('error', (error) => process.stderr.write(`  [${label}] ${error.message}\n`));
  const forward = (stream: NodeJS.ReadableStream | null) => {
    let buffered = '';
    stream?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) process.stderr.write(`  [${label}] ${line.slice(0, 400)}\n`);
    });
  };
  forward(child.stdout);
  forward(child.stderr);
  return child;
}

function stopChild(child: ChildProcess, message: unknown, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.send(message as object);
    else child.kill('SIGTERM');
  });
}

interface ServerHandle {
  name: ServerName;
  child: ChildProcess;
  url: string;
  request(request: ServerRequest): Promise<unknown>;
}

const profileArgs = (options: Options, name: string) =>
  // One folder per process: Node writes one profile per thread (the module loader has its own); the main thread's is the largest.
  options.profile.includes(name) ? ['--cpu-prof', '--cpu-prof-dir', path.join(resultsDir, 'profiles', name)] : [];

async function startServer(name: ServerName, options: Options): Promise<ServerHandle> {
  const env: Record<string, string> =
    name === 'accord' && options.accordExperiment ? { BENCH_ACCORD_EXPERIMENT: options.accordExperiment } : name === 'reference' && options.referencePersistence ? { BENCH_REFERENCE_PERSISTENCE: '1' } : {};
  // BENCH_SERVER_NODE_ARGS: extra Node flags for the servers, e.g. `--perf-basic-prof` to read their CPU with `perf record -p <pid>`.
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawnTs(`bench/servers/${name}.ts`, name, [...extra, ...profileArgs(options, name)], env, options.pin ? '0' : undefined);
  let nextId = 1;
  const pending = new Map<number, (message: Extract<FromServer, { type: 'response' }>) => void>();
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s`)), 60_000);
    child.on('message', (message: FromServer) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message.url);
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`${name} failed to start: ${message.error}`));
      } else if (message.type === 'response') {
        pending.get(message.id)?.(message);
        pending.delete(message.id);
      }
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
  return {
    name,
    child,
    url,
    request(request) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        if (!child.connected) return reject(new Error(`${name} is not running`));
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${name} did not answer ${request.kind} within 120 s`));
        }, 120_000);
        pending.set(id, (message) => {
          clearTimeout(timer);
          if (message.error) reject(new Error(message.error));
          else resolve(message.result);
        });
        child.send({ type: 'request', id, request } satisfies ToServer);
      });
    },
  };
}

interface LoadHandle {
  child: ChildProcess;
  run(task: StepTask, timeoutMs: number): Promise<StepResult>;
}

async function startLoad(servers: Map<ServerName, ServerHandle>, options: Options): Promise<LoadHandle> {
  const child = spawnTs('bench/loadClient.ts', 'load', profileArgs(options, 'load'), { BENCH_LOAD_THREADS: String(options.loadThreads) }, options.pin ? '1' : undefined);
  let current: { resolve: (result: StepResult) => void; reject: (error: Error) => void } | null = null;
  child.on('message', (message: FromLoad) => {
    switch (message.type) {
      case 'serverRequest': {
        const server = servers.get(message.server);
        const reply = (answer: { result?: unknown; error?: string }) => {
          if (child.connected) child.send({ type: 'serverResponse', id: message.id, ...answer } satisfies ToLoad);
        };
        if (!server) reply({ error: `no server ${message.server}` });
        else server.request(message.request).then((result) => reply({ result }), (error: Error) => reply({ error: error.message }));
        break;
      }
      case 'stepResult':
        current?.resolve(message.result);
        break;
      case 'stepFailed':
        current?.reject(new Error(message.error));
        break;
    }
  });
  child.once('exit', (code) => current?.reject(new Error(`load process exited with ${code}`)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('load process did not start within 60 s')), 60_000);
    child.on('message', (message: FromLoad) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    child,
    run(task, timeoutMs) {
      return new Promise<StepResult>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`step timed out after ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
        current = {
          resolve: (result) => {
            clearTimeout(timer);
            current = null;
            resolve(result);
          },
          reject: (error) => {
            clearTimeout(timer);
            current = null;
            reject(error);
          },
        };
        if (!child.connected) return current.reject(new Error('load process is not running'));
        child.send({ type: 'step', task } satisfies ToLoad);
      });
    },
  };
}

function runExtras(options: Options): Promise<Extras | null> {
  const child = spawnTs('bench/openAndExport.ts', 'extras', profileArgs(options, 'extras'));
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      console.log('extras: timed out after 12 minutes');
      child.kill('SIGKILL');
      resolve(null);
    }, 12 * 60_000);
    let extras: Extras | null = null;
    child.on('message', (message: { type: string; extras?: Extras }) => {
      if (message.type === 'extras' && message.extras) extras = message.extras;
    });
    // Resolve on exit, so a CPU profile has been written by then.
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(extras);
    });
  });
}

/** Our own processes: the orchestrator and every child (servers, load process). */
const benchPids = () => [process.pid, ...[...children].map((child) => child.pid).filter((pid): pid is number => pid !== undefined)];

/**
 * Waits until processes outside the benchmark use less than a third of a core (checked over
 * 2-second windows, for at most `seconds`): on a shared 2-core machine, a test suite running
 * beside the benchmark would otherwise decide the figures.
 */
async function waitForQuiet(pids: number[], seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  let said = false;
  while (Date.now() < deadline) {
    const before = readCpuTicks(pids);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const other = foreignCores(before, readCpuTicks(pids));
    if (!(other > 0.33)) return;
    if (!said) console.log(`  (waiting for other processes to leave the CPUs: they use ${other.toFixed(2)} cores)`);
    said = true;
  }
  console.log(`  (the machine did not quiet down within ${seconds} s; measuring anyway)`);
}

// ---- reporting ------------------------------------------------------------------------------

const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

function describeExtras(extras: Extras | null): string[] {
  if (!extras) return ['extras: not measured (the process failed or timed out)'];
  const lines: string[] = [];
  const open = extras.open300;
  if ('error' in open) lines.push(`open 300 sections: failed (${open.error})`);
  else {
    lines.push(
      `open 300-section policy (${(open.storedBytes / 1024).toFixed(0)} KB) cold from disk: rooms.open ${fmt(open.coldOpenMs)} ms (re-open median ${fmt(open.reopenMedianMs)} ms; with 400 logged updates ${fmt(open.coldOpenWithLogMs)} ms)`,
      `   first sync encode ${fmt(open.firstSyncEncodeMs)} ms, client connect→synced ${fmt(open.clientSyncedMs)} ms, GET /api/policies/:id ${fmt(open.getPolicyMs)} ms (then ${fmt(open.getPolicyWarmMs)} ms; a policy never read before ${fmt(open.getPolicyUnreadMs)} ms)`,
      `   signoffs.state (recomputed ≤150 ms after every edit burst): ${fmt(open.stateMs)} ms for 300 sections, ${fmt(open.stateTypicalMs, 2)} ms for a template policy`,
    );
  }
  const memory = extras.memory;
  if ('error' in memory) lines.push(`memory per open policy: failed (${memory.error})`);
  else
    lines.push(
      `memory per open policy (${memory.policies} template policies, ~${memory.sectionsEach} sections): RSS ${fmt(memory.rssPerPolicyKb, 0)} KB, heap ${fmt(memory.heapPerPolicyKb, 0)} KB; the 300-section policy: ${fmt(memory.rss300SectionsMb)} MB RSS`,
    );
  const exp = extras.export200;
  if ('skipped' in exp) lines.push(`export 200 sections: ${exp.skipped}`);
  else if ('error' in exp) lines.push(`export 200 sections: failed (${exp.error})`);
  else
    lines.push(
      `export 200 sections: DOCX ${fmt(exp.docxMs, 0)} ms first, ${fmt(exp.docxWarmMs, 0)} ms warm (${(exp.docxBytes / 1024).toFixed(0)} KB); PDF ${fmt(exp.pdfMs, 0)} ms first, ${fmt(exp.pdfWarmMs, 0)} ms warm (${(exp.pdfBytes / 1024).toFixed(0)} KB)`,
    );
  const js = extras.clientJs;
  if ('error' in js) lines.push(`client JS: ${js.error}`);
  else lines.push(`client JS, every file of the build: ${(js.totalGzipBytes / 1000).toFixed(1)} kB gzip (${(js.totalBytes / 1000).toFixed(0)} kB raw, ${js.files.length} file(s), ${js.source})`);
  const list = extras.list200;
  if (list && 'error' in list) lines.push(`GET /api/policies with 200 policies: failed (${list.error})`);
  else if (list)
    lines.push(
      `GET /api/policies with ${list.policies} policies, fresh server: ${fmt(list.firstMs)} ms first, ${fmt(list.warmMedianMs)} ms warm (${list.listed} listed; ` +
        `${list.roomsOpened} room(s) left open, ${list.documentsLoaded ?? '?'} stored document(s) read by the first request)`,
    );
  if (extras.pageWeight) lines.push('JavaScript each page loads (Chromium, fresh cache; gzip level 9, kB = 1000 bytes):', ...describePageWeight(extras.pageWeight));
  return lines;
}

/** Accord on 300-section policies and on template ones, same clients, same run. */
export interface PolicySizeResult {
  clients: number;
  template: StepResult | null;
  large: StepResult | null;
}

function aims(byStep: Map<number, Partial<Record<ServerName, Figures>>>, extras: Extras | null, size: PolicySizeResult | null): string[] {
  const verdict = (ok: boolean | null) => (ok === null ? 'not measured' : ok ? 'met' : 'NOT met');
  const at = (clients: number) => byStep.get(clients);
  const a500 = at(500)?.accord;
  const a1000 = at(1000)?.accord;
  const cpuAim = (clients: number) => {
    const row = at(clients);
    const accord = row?.accord?.cpuMicrosPerEdit;
    const reference = row?.reference?.cpuMicrosPerEdit;
    const hocuspocus = row?.hocuspocus?.cpuMicrosPerEdit;
    const ok = accord === undefined || reference === undefined || hocuspocus === undefined ? null : accord <= hocuspocus && accord <= 1.3 * reference;
    const detail =
      accord === undefined
        ? ''
        : ` (accord ${fmt(accord)} µs = ${fmt(accord / (reference ?? NaN), 2)}× reference ${fmt(reference ?? NaN)} µs, ${fmt(accord / (hocuspocus ?? NaN), 2)}× hocuspocus ${fmt(hocuspocus ?? NaN)} µs)`;
    return `${clients} clients, Accord CPU per edit ≤ Hocuspocus's and ≤ 1.3× the reference's: ${verdict(ok)}${detail}`;
  };
  const open = extras && !('error' in extras.open300) ? extras.open300 : null;
  const exp = extras && 'docxMs' in extras.export200 ? extras.export200 : null;
  const list = extras?.list200 && !('error' in extras.list200) ? extras.list200 : null;
  const sizeRatio = size?.template && size.large ? size.large.serverCpuMicrosPerEdit / size.template.serverCpuMicrosPerEdit : null;
  const weight = extras?.pageWeight && !('error' in extras.pageWeight) ? extras.pageWeight : null;
  return [
    cpuAim(200),
    cpuAim(500),
    `500 clients, Accord p99 < 50 ms: ${verdict(a500 ? a500.p99 < 50 : null)}${a500 ? ` (${fmt(a500.p99, 2)} ms)` : ''}`,
    `1000 clients, Accord p99 < 100 ms and nothing lost: ${verdict(a1000 ? a1000.p99 < 100 && a1000.lostEdits === 0 && a1000.divergedClients === 0 : null)}${a1000 ? ` (${fmt(a1000.p99, 2)} ms, ${a1000.lostEdits} lost)` : ''}`,
    `${size?.clients ?? '–'} clients, Accord CPU per edit in ${LARGE_POLICY_SECTIONS}-section policies ≤ 1.2× template ones: ${verdict(sizeRatio === null ? null : sizeRatio <= 1.2)}` +
      (size && sizeRatio !== null ? ` (${fmt(size.large!.serverCpuMicrosPerEdit)} µs vs ${fmt(size.template!.serverCpuMicrosPerEdit)} µs: ${fmt(sizeRatio, 2)}×; p99 ${fmt(size.large!.latency.p99, 2)} vs ${fmt(size.template!.latency.p99, 2)} ms)` : ''),
    `open 300 sections < 200 ms: ${verdict(open ? open.coldOpenMs < 200 : null)}${open ? ` (${fmt(open.coldOpenMs)} ms)` : ''}`,
    `GET /api/policies/:id of 300 sections < 50 ms: first ${verdict(open ? open.getPolicyMs < 50 : null)}, warm ${verdict(open ? open.getPolicyWarmMs < 50 : null)}` +
      (open ? ` (${fmt(open.getPolicyMs)} ms first, ${fmt(open.getPolicyWarmMs)} ms warm; never read before, not judged: ${fmt(open.getPolicyUnreadMs)} ms)` : ''),
    `GET /api/policies with 200 policies < 100 ms without opening their documents: ${verdict(list ? list.firstMs < 100 && list.roomsOpened === 0 && list.documentsLoaded === 0 : null)}` +
      (list ? ` (${fmt(list.firstMs)} ms first, ${fmt(list.warmMedianMs)} ms warm; ${list.roomsOpened} room(s) opened, ${list.documentsLoaded ?? 'unknown'} document(s) read)` : ''),
    `exports of 200 sections < 2 s: ${verdict(exp ? exp.docxMs < 2000 && exp.pdfMs < 2000 : null)}${exp ? ` (DOCX ${fmt(exp.docxMs, 0)} ms, PDF ${fmt(exp.pdfMs, 0)} ms)` : ''}`,
    ...(weight ? describePageWeight(weight).map((line) => `JS ${line.trim()}`) : ['JS per page: not measured']),
    'typing (key press p95 ≤ 1.2× stock TipTap, long tasks, live UI): see `npm run bench:editor`',
  ];
}

// ---- main ---------------------------------------------------------------------------------

/** `--page-weight`: only what each page loads in Chromium (pageWeight.ts), in this process, file by file. */
async function pageWeightOnly(): Promise<void> {
  const { measurePageWeight, describePageWeightFiles } = await import('./pageWeight');
  const weight = await measurePageWeight().catch((error: Error) => ({ error: error.message }));
  console.log('JavaScript each page loads (Chromium, fresh cache; gzip level 9, kB = 1000 bytes):');
  console.log([...describePageWeight(weight), '', ...describePageWeightFiles(weight)].join('\n'));
}

/** `--report <results.json> [more.json…]`: the table (and its markdown) again from saved results, pooled. */
function report(files: string[]): void {
  const saved = files.map((file) => JSON.parse(fs.readFileSync(file, 'utf8')) as { results: StepResult[]; extras: Extras | null; policySize?: PolicySizeResult | null });
  const byStep = aggregate(saved.flatMap((entry) => entry.results));
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, 'chart-report.svg'), renderChart(byStep, `pooled from ${files.map((file) => path.basename(file)).join(', ')}`));
  console.log(renderTable(byStep));
  console.log(`\n${renderMarkdownTable(byStep)}\n`);
  const extras = saved.map((entry) => entry.extras).find((entry) => entry) ?? null;
  if (extras) console.log(describeExtras(extras).join('\n'));
  const size = saved.map((entry) => entry.policySize).find((entry) => entry) ?? null;
  for (const line of aims(byStep, extras, size)) console.log(`  ${line}`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--report') return report(argv.slice(1));
  if (argv.includes('--page-weight')) return pageWeightOnly();
  const options = parseOptions(argv);
  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemGb: +(os.totalmem() / 1024 ** 3).toFixed(1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  console.log(`Accord benchmark — ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.totalMemGb} GB, Node ${machine.node}`);
  console.log(
    `steps ${options.steps.join(', ')} clients × ${options.seconds} s × ${options.rounds} round(s), ${options.rate} edits/s per client, ${options.perRoom} clients per room, ` +
      `${options.doc === 'template' ? 'rooms start from the corporate template' : 'rooms start as a blank policy'}, ` +
      `${options.watchersPerRoom} status event stream(s) per Accord room, ${options.loadThreads} load thread(s); servers: ${options.servers.join(', ')}` +
        (options.accordExperiment ? `; EXPERIMENT in Accord: ${options.accordExperiment}` : '') +
        (options.referencePersistence ? '; the reference persists every update (YPERSISTENCE, y-leveldb)' : ''),
  );

  // Everything must end by itself, whatever happens.
  const perStepMs = (clients: number) => (options.seconds + 60 + clients / 10) * 1000;
  const sizeMs = options.sizeClients > 0 && options.servers.includes('accord') ? 2 * (perStepMs(options.sizeClients) + options.quietWaitSeconds * 1000 + 60_000) : 0;
  const runsMs = sizeMs + options.steps.reduce((sum, clients) => sum + (perStepMs(clients) + options.quietWaitSeconds * 1000 + 2000) * options.rounds * options.servers.length, 0);
  const budgetMs = (options.load ? runsMs + options.servers.length * 120_000 : 0) + 16 * 60_000;
  const watchdog = setTimeout(() => {
    console.log(`\nbenchmark stopped by its watchdog after ${Math.round(budgetMs / 60_000)} minutes`);
    for (const child of children) child.kill('SIGKILL');
    process.exit(0);
  }, budgetMs);
  watchdog.unref();

  const results: StepResult[] = [];
  const failures: { server: ServerName; clients: number; round: number; error: string }[] = [];
  let policySize: PolicySizeResult | null = null;
  const saveResults = (extras: Extras | null) => {
    const byStep = aggregate(results);
    const report = { machine, options, startedAt: stamp, results, failures, aggregated: Object.fromEntries(byStep), policySize, extras };
    fs.writeFileSync(path.join(resultsDir, `results-${stamp}.json`), JSON.stringify(report, null, 2));
    fs.writeFileSync(path.join(resultsDir, 'latest.json'), JSON.stringify(report, null, 2));
    if (byStep.size > 0) {
      const svg = renderChart(byStep, `${machine.cpus} CPUs, Node ${machine.node}, ${options.seconds} s per step, ${options.rate} edits/s per client, ${stamp}`);
      fs.writeFileSync(path.join(resultsDir, `chart-${stamp}.svg`), svg);
      fs.writeFileSync(path.join(resultsDir, 'chart.svg'), svg);
      fs.writeFileSync(path.join(resultsDir, 'latest-table.md'), renderMarkdownTable(byStep) + '\n');
    }
    return byStep;
  };

  if (options.load) {
    const servers = new Map<ServerName, ServerHandle>();
    try {
      for (const handle of await Promise.all(options.servers.map((name) => startServer(name, options)))) servers.set(handle.name, handle);
      let load = await startLoad(servers, options);
      // A short unrecorded warm-up per server: JIT, first SQLite pages and first sessions are
      // not what the ladder should measure.
      for (const name of options.servers) {
        const task: StepTask = {
          server: name,
          url: servers.get(name)!.url,
          clients: 20,
          clientsPerRoom: options.perRoom,
          seconds: 3,
          rate: options.rate,
          round: -1,
          roomPrefix: `warm${name.slice(0, 3)}`,
          benchPids: benchPids(),
          doc: options.doc,
          watchersPerRoom: options.watchersPerRoom,
        };
        await load.run(task, 120_000).then(
          () => console.log(`${name.padEnd(10)} warmed up`),
          (error: Error) => console.log(`${name.padEnd(10)} warm-up failed: ${error.message.split('\n')[0]}`),
        );
      }
      for (const [stepIndex, clients] of options.steps.entries()) {
        for (let round = 0; round < options.rounds; round++) {
          // Rotate the order so drift (heat, page cache, GC) hits every server alike.
          const shift = (stepIndex + round) % options.servers.length;
          const order = [...options.servers.slice(shift), ...options.servers.slice(0, shift)];
          for (const name of order) {
            const task: StepTask = {
              server: name,
              url: servers.get(name)!.url,
              clients,
              clientsPerRoom: options.perRoom,
              seconds: options.seconds,
              rate: options.rate,
              round,
              roomPrefix: `s${clients}r${round}${name.slice(0, 3)}`,
              benchPids: benchPids(),
              doc: options.doc,
              watchersPerRoom: options.watchersPerRoom,
            };
            if (options.quietWaitSeconds > 0) await waitForQuiet(benchPids(), options.quietWaitSeconds);
            const started = Date.now();
            try {
              const result = await load.run(task, perStepMs(clients) + 60_000);
              results.push(result);
              console.log(
                `${name.padEnd(10)} ${String(clients).padStart(5)} clients, round ${round + 1}: p50 ${fmt(result.latency.p50, 2)} ms, p99 ${fmt(result.latency.p99, 2)} ms, ` +
                  `${fmt(result.deliveredPerSecond, 0)}/${clients * options.rate} edits/s, ${fmt(result.serverCpuMicrosPerEdit, 0)} µs CPU/edit, ` +
                  `peak ${fmt(result.serverPeakRssMb, 0)} MB, errors ${result.connectionErrors}, lost ${Math.max(result.missingAtClients, result.missingAtServer, result.missingOnDisk ?? 0)}, ` +
                  `load gen loop p99 ${fmt(result.loadLoopDelayP99Ms, 0)} ms, other processes ${fmt(result.foreignCores, 2)} cores` +
                  ` (${Math.round((Date.now() - started) / 1000)} s)${result.notes.length ? `\n           notes: ${result.notes.join('; ')}` : ''}`,
              );
            } catch (error) {
              const message = (error as Error).message.split('\n')[0]!;
              failures.push({ server: name, clients, round, error: message });
              console.log(`${name.padEnd(10)} ${String(clients).padStart(5)} clients, round ${round + 1}: FAILED — ${message}`);
              // A stuck load process is replaced so later steps still run.
              load.child.kill('SIGKILL');
              load = await startLoad(servers, options);
            }
          }
        }
      }
      // The cost of an edit must not grow with the policy: Accord alone, template policies then
      // 300-section ones at the same number of clients, back to back.
      if (options.sizeClients > 0 && servers.has('accord')) {
        const clients = options.sizeClients;
        policySize = { clients, template: null, large: null };
        for (const doc of ['template', 'large'] as const) {
          const task: StepTask = {
            server: 'accord',
            url: servers.get('accord')!.url,
            clients,
            clientsPerRoom: options.perRoom,
            seconds: options.seconds,
            rate: options.rate,
            round: 0,
            roomPrefix: `size${doc}${clients}`,
            benchPids: benchPids(),
            doc,
            watchersPerRoom: options.watchersPerRoom,
          };
          if (options.quietWaitSeconds > 0) await waitForQuiet(benchPids(), options.quietWaitSeconds);
          const label = doc === 'large' ? `${LARGE_POLICY_SECTIONS} sections` : 'template (14)';
          try {
            const result = await load.run(task, perStepMs(clients) + 120_000);
            policySize[doc] = result;
            console.log(
              `accord     ${String(clients).padStart(5)} clients, ${label.padEnd(14)}: p50 ${fmt(result.latency.p50, 2)} ms, p99 ${fmt(result.latency.p99, 2)} ms, ` +
                `${fmt(result.serverCpuMicrosPerEdit, 0)} µs CPU/edit, errors ${result.connectionErrors}, lost ${Math.max(result.missingAtClients, result.missingAtServer, result.missingOnDisk ?? 0)}` +
                `${result.notes.length ? `\n           notes: ${result.notes.join('; ')}` : ''}`,
            );
          } catch (error) {
            const message = (error as Error).message.split('\n')[0]!;
            failures.push({ server: 'accord', clients, round: 0, error: `${label}: ${message}` });
            console.log(`accord     ${String(clients).padStart(5)} clients, ${label}: FAILED — ${message}`);
            load.child.kill('SIGKILL');
            load = await startLoad(servers, options);
          }
        }
        if (policySize.template && policySize.large) {
          console.log(`           CPU per edit, ${LARGE_POLICY_SECTIONS} sections ÷ template: ${fmt(policySize.large.serverCpuMicrosPerEdit / policySize.template.serverCpuMicrosPerEdit, 2)}×`);
        }
      }
      await stopChild(load.child, { type: 'exit' } satisfies ToLoad);
    } catch (error) {
      console.log(`benchmark aborted: ${(error as Error).message}`);
    } finally {
      await Promise.all([...servers.values()].map((server) => stopChild(server.child, { type: 'shutdown' } satisfies ToServer)));
    }
  }

  let byStep = saveResults(null);
  if (byStep.size > 0) {
    console.log(`\nMedians over ${options.rounds} round(s); ratios are Accord ÷ peer (latency, CPU, memory: lower is better; edits/s: higher is better).\n`);
    console.log(renderTable(byStep));
  }

  let extras: Extras | null = null;
  if (options.extras) {
    console.log('\nMeasuring open time, memory per policy, exports, the policy list, client size and JS per page…');
    extras = await runExtras(options);
    byStep = saveResults(extras);
    console.log(describeExtras(extras).join('\n'));
  }

  console.log('\nAims (reported, never enforced):');
  for (const line of aims(byStep, extras, policySize)) console.log(`  ${line}`);
  if (failures.length) console.log(`\n${failures.length} step(s) failed: ${failures.map((f) => `${f.server}@${f.clients}`).join(', ')}`);
  if (options.profile.length) console.log(`\nCPU profiles: ${path.relative(root, path.join(resultsDir, 'profiles'))}/ (summarize with: npx tsx bench/profile.ts <file>)`);
  console.log(`\nRaw results: ${path.relative(root, path.join(resultsDir, `results-${stamp}.json`))}; chart: ${path.relative(root, path.join(resultsDir, `chart-${stamp}.svg`))}`);
}

main()
  .catch((error: Error) => console.log(`benchmark error: ${error.stack ?? error.message}`))
  .finally(() => {
    for (const child of children) child.kill('SIGKILL');
    process.exit(0);
  });
