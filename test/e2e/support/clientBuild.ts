import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const SOURCE_DIRS = ['client', 'shared'];
const SOURCE_FILES = ['vite.config.ts', 'package.json', 'package-lock.json'];
const CACHE_PREFIX = 'accord-e2e-client-';

function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!/\.test\.tsx?$/.test(entry.name)) files.push(full);
    }
  };
  for (const dir of SOURCE_DIRS) walk(path.join(ROOT, dir));
  for (const file of SOURCE_FILES) if (fs.existsSync(path.join(ROOT, file))) files.push(path.join(ROOT, file));
  return files.sort();
}

/** A fingerprint of everything that goes into the browser bundle. */
function sourceFingerprint(files: string[]): string {
  const hash = createHash('sha256');
  hash.update('production build v2\0');
  for (const file of files) {
    hash.update(path.relative(ROOT, file));
    hash.update('\0');
    hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** True when a built client folder is complete: its index.html and every asset it points at exist. */
function isCompleteBuild(dir: string): boolean {
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) return false;
  const html = fs.readFileSync(index, 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+)"/g)].map((match) => match[1]!);
  return assets.length > 0 && assets.every((asset) => fs.existsSync(path.join(dir, asset)));
}

/** Moves a finished build into place; when another run got there first, keeps theirs. */
function publish(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (error) {
    fs.rmSync(from, { recursive: true, force: true });
    if (!isCompleteBuild(to)) throw error;
  }
}

/** Removes cached builds of older sources that nobody has touched for a day. */
function pruneOldBuilds(keep: string): void {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(CACHE_PREFIX)) continue;
    const full = path.join(os.tmpdir(), name);
    if (full === keep) continue;
    try {
      if (fs.statSync(full).mtimeMs < dayAgo) fs.rmSync(full, { recursive: true, force: true });
    } catch {
      // another run is pruning it too
    }
  }
}

let cached: string | null = null;

/**
 * The folder of a client build that matches the current sources.
 *
 * Builds are kept under the system temp folder, keyed by a fingerprint of client/, shared/ and
 * the build configuration, so every test file of a run (and later runs with the same sources)
 * share one build. When `dist/client` is newer than every source it is copied from there;
 * otherwise `vite build` runs into a private folder first, so a build someone else runs into
 * dist/client at the same time can never be picked up half-written. ACCORD_E2E_CLIENT_DIR
 * points at a ready build instead.
 */
export function builtClientDir(): string {
  if (cached) return cached;
  const override = process.env.ACCORD_E2E_CLIENT_DIR;
  if (override) {
    if (!isCompleteBuild(override)) throw new Error(`ACCORD_E2E_CLIENT_DIR=${override} holds no complete client build`);
    return (cached = override);
  }
  const files = sourceFiles();
  const target = path.join(os.tmpdir(), CACHE_PREFIX + sourceFingerprint(files));
  if (isCompleteBuild(target)) return (cached = target);

  const staging = path.join(os.tmpdir(), `accord-e2e-build-${process.pid}-${Date.now()}`);
  const dist = path.join(ROOT, 'dist/client');
  const newestSource = Math.max(...files.map((file) => fs.statSync(file).mtimeMs));
  if (isCompleteBuild(dist) && fs.statSync(path.join(dist, 'index.html')).mtimeMs > newestSource) {
    fs.cpSync(dist, staging, { recursive: true });
    if (isCompleteBuild(staging)) {
      publish(staging, target);
      pruneOldBuilds(target);
      return (cached = target);
    }
    fs.rmSync(staging, { recursive: true, force: true });
  }

  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--outDir', staging, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: ROOT,
    // vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
    timeout: 150_000,
  });
  if (result.status !== 0 || !isCompleteBuild(staging)) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw new Error(`vite build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  publish(staging, target);
  pruneOldBuilds(target);
  return (cached = target);
}
