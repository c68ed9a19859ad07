/** Percentiles, medians and the one side-by-side table the benchmark prints. */
import { SERVER_NAMES, type LatencySummary, type ServerName, type StepResult } from './shared';

/** A growable list of numbers without boxing (a step collects up to a few hundred thousand samples). */
export class Samples {
  private data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  pushAll(values: ArrayLike<number>): void {
    for (let index = 0; index < values.length; index++) this.push(values[index]!);
  }

  /** A copy of the samples (to send to another thread). */
  values(): Float64Array {
    return this.data.slice(0, this.length);
  }

  summary(): LatencySummary {
    const sorted = this.data.slice(0, this.length).sort();
    return {
      count: this.length,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: this.length ? sorted[this.length - 1]! : NaN,
    };
  }
}

/** Nearest-rank percentile of sorted values; NaN when there are none. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function median(values: readonly number[]): number {
  const finite = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (finite.length === 0) return NaN;
  const middle = finite.length >> 1;
  return finite.length % 2 ? finite[middle]! : (finite[middle - 1]! + finite[middle]!) / 2;
}

/** The figures of one server at one load step: medians over rounds (sums for losses and errors). */
export interface Figures {
  clients: number;
  rounds: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  deliveredPerSecond: number;
  sentPerSecond: number;
  offeredPerSecond: number;
  cpuMicrosPerEdit: number;
  systemMicrosPerEdit: number;
  peakRssMb: number;
  connectionErrors: number;
  lostEdits: number;
  divergedClients: number;
  loadLoopDelayP99Ms: number;
  foreignCores: number;
}

export function aggregate(results: readonly StepResult[]): Map<number, Partial<Record<ServerName, Figures>>> {
  const byStep = new Map<number, Partial<Record<ServerName, Figures>>>();
  for (const clients of [...new Set(results.map((result) => result.clients))].sort((a, b) => a - b)) {
    const row: Partial<Record<ServerName, Figures>> = {};
    for (const server of SERVER_NAMES) {
      const runs = results.filter((result) => result.clients === clients && result.server === server);
      if (runs.length === 0) continue;
      const med = (pick: (result: StepResult) => number) => median(runs.map(pick));
      const sum = (pick: (result: StepResult) => number) => runs.reduce((total, result) => total + pick(result), 0);
      row[server] = {
        clients,
        rounds: runs.length,
        p50: med((r) => r.latency.p50),
        p95: med((r) => r.latency.p95),
        p99: med((r) => r.latency.p99),
        max: med((r) => r.latency.max),
        deliveredPerSecond: med((r) => r.deliveredPerSecond),
        sentPerSecond: med((r) => r.editsSent / r.seconds),
        offeredPerSecond: med((r) => r.clients * r.rate),
        cpuMicrosPerEdit: med((r) => r.serverCpuMicrosPerEdit),
        systemMicrosPerEdit: med((r) => r.serverSystemMicrosPerEdit),
        peakRssMb: med((r) => r.serverPeakRssMb),
        connectionErrors: sum((r) => r.connectionErrors),
        lostEdits: sum((r) => Math.max(r.missingAtClients, r.missingAtServer, r.missingOnDisk ?? 0)),
        divergedClients: sum((r) => r.divergedClients),
        loadLoopDelayP99Ms: med((r) => r.loadLoopDelayP99Ms),
        foreignCores: med((r) => r.foreignCores),
      };
    }
    byStep.set(clients, row);
  }
  return byStep;
}

function format(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return '–';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(digits);
}

function ratio(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '–';
  return `${(a / b).toFixed(2)}×`;
}

const ROWS: { label: string; pick: (figures: Figures) => number; digits?: number; ratio?: boolean }[] = [
  { label: 'latency p50 (ms)', pick: (f) => f.p50, digits: 2, ratio: true },
  { label: 'latency p95 (ms)', pick: (f) => f.p95, digits: 2, ratio: true },
  { label: 'latency p99 (ms)', pick: (f) => f.p99, digits: 2, ratio: true },
  { label: 'latency max (ms)', pick: (f) => f.max, digits: 1, ratio: true },
  { label: 'edits/s sent (generator)', pick: (f) => f.sentPerSecond },
  { label: 'edits/s delivered to all', pick: (f) => f.deliveredPerSecond, ratio: true },
  { label: 'server CPU µs/edit', pick: (f) => f.cpuMicrosPerEdit, ratio: true },
  { label: '  of which kernel µs/edit', pick: (f) => f.systemMicrosPerEdit, ratio: true },
  { label: 'server peak RSS (MB)', pick: (f) => f.peakRssMb, ratio: true },
  { label: 'connection errors', pick: (f) => f.connectionErrors, digits: 0 },
  { label: 'edits lost', pick: (f) => f.lostEdits, digits: 0 },
  { label: 'diverged clients', pick: (f) => f.divergedClients, digits: 0 },
  { label: 'load gen loop delay p99 (ms)', pick: (f) => f.loadLoopDelayP99Ms, digits: 1 },
  { label: 'other processes (cores)', pick: (f) => f.foreignCores, digits: 2 },
];

/** One table: the three servers side by side per load step, and Accord's ratio to each peer. */
export function renderTable(byStep: Map<number, Partial<Record<ServerName, Figures>>>): string {
  const header = ['clients', 'figure', 'accord', 'reference', 'hocuspocus', 'accord/ref', 'accord/hocus'];
  const lines: string[][] = [];
  for (const [clients, row] of byStep) {
    const offered = Object.values(row)[0]?.offeredPerSecond ?? NaN;
    ROWS.forEach((spec, index) => {
      const value = (server: ServerName) => (row[server] ? spec.pick(row[server]!) : undefined);
      const cell = (server: ServerName) => {
        const v = value(server);
        return v === undefined ? 'n/a' : format(v, spec.digits);
      };
      lines.push([
        index === 0 ? String(clients) : index === 1 ? `(${format(offered, 0)} offered/s)` : '',
        spec.label,
        cell('accord'),
        cell('reference'),
        cell('hocuspocus'),
        spec.ratio ? ratio(value('accord'), value('reference')) : '',
        spec.ratio ? ratio(value('accord'), value('hocuspocus')) : '',
      ]);
    });
    lines.push([]);
  }
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)));
  const render = (cells: string[]) =>
    cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd();
  return [render(header), widths.map((width) => '-'.repeat(width)).join('  '), ...lines.map((line) => (line.length ? render(line) : ''))].join('\n');
}

/** The same table as GitHub markdown, for docs/benchmarks.md. */
export function renderMarkdownTable(byStep: Map<number, Partial<Record<ServerName, Figures>>>): string {
  const out = ['| clients | figure | accord | reference | hocuspocus | accord/ref | accord/hocus |', '|---|---|--:|--:|--:|--:|--:|'];
  for (const [clients, row] of byStep) {
    ROWS.forEach((spec, index) => {
      const value = (server: ServerName) => (row[server] ? spec.pick(row[server]!) : undefined);
      const cell = (server: ServerName) => {
        const v = value(server);
        return v === undefined ? 'n/a' : format(v, spec.digits);
      };
      out.push(
        `| ${index === 0 ? clients : ''} | ${spec.label} | ${cell('accord')} | ${cell('reference')} | ${cell('hocuspocus')} | ${spec.ratio ? ratio(value('accord'), value('reference')) : ''} | ${spec.ratio ? ratio(value('accord'), value('hocuspocus')) : ''} |`,
      );
    });
  }
  return out.join('\n');
}
