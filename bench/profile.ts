/**
 * Summarizes a V8 .cpuprofile (from `npm run bench -- --profile accord`): where the time goes,
 * by package, by function (self time) and by function including callees.
 *
 *   npx tsx bench/profile.ts bench/results/profiles/<process>/<file>.cpuprofile [--top 25]
 *   npx tsx bench/profile.ts <file> --callers <functionName>   # who calls it, and how much time goes through each caller
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `node_modules/<package>`, a project file, or a V8/Node category. */
function owner(url: string): string {
  if (!url) return '(native / idle / gc)';
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const modules = file.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = file.slice(modules + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (file.startsWith('node:')) return 'node (core)';
  return path.relative(root, file);
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = owner(url);
  return `${functionName || '(anonymous)'} ${where}${url && !where.startsWith('(') ? `:${lineNumber + 1}` : ''}`;
}

/** Who calls functions named `name`, with the time spent in them per caller. */
export function callers(profile: CpuProfile, name: string, top = 15): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const totals = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    // The outermost frame of that name in this stack, and the frame that called it.
    let found: number | undefined;
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      if (byId.get(current)!.callFrame.functionName === name) found = current;
    }
    if (found === undefined) return;
    const caller = parent.get(found);
    const key = caller === undefined ? '(root)' : label(byId.get(caller)!);
    totals.set(key, (totals.get(key) ?? 0) + delta);
  });
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, micros]) => `  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${key}`)
    .join('\n');
}

export function summarize(profile: CpuProfile, top = 25): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const packages = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const node = byId.get(id)!;
    const name = node.callFrame.functionName;
    if (name === '(idle)' || name === '(program)') {
      idle += name === '(idle)' ? delta : 0;
      if (name === '(idle)') return;
    }
    total += delta;
    self.set(label(node), (self.get(label(node)) ?? 0) + delta);
    packages.set(owner(node.callFrame.url), (packages.get(owner(node.callFrame.url)) ?? 0) + delta);
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const key = label(byId.get(current)!);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + delta);
    }
  });

  const ms = (micros: number) => `${(micros / 1000).toFixed(0).padStart(7)} ms ${((micros / total) * 100).toFixed(1).padStart(5)}%`;
  const list = (map: Map<string, number>, filter: (key: string) => boolean = () => true) =>
    [...map]
      .filter(([key]) => filter(key))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, micros]) => `  ${ms(micros)}  ${key}`)
      .join('\n');
  return [
    `busy ${(total / 1000).toFixed(0)} ms (idle ${(idle / 1000).toFixed(0)} ms not counted)`,
    '\nSelf time by package or file:',
    list(packages),
    '\nSelf time by function:',
    list(self),
    '\nTime including callees, Accord code only:',
    list(inclusive, (key) => /\s(server|shared)\//.test(key)),
    '\nTime including callees, everything:',
    list(inclusive, (key) => !key.startsWith('(root)') && !key.includes('(native')),
  ].join('\n');
}

const file = process.argv[2];
if (file) {
  const option = (name: string) => {
    const index = process.argv.indexOf(`--${name}`);
    return index > 0 ? process.argv[index + 1] : undefined;
  };
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const callersOf = option('callers');
  console.log(callersOf ? `Callers of ${callersOf}:\n${callers(profile, callersOf)}` : summarize(profile, Number(option('top') ?? 25)));
}
