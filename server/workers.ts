import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread running the TypeScript module `entry` (a URL beside the caller,
 * `new URL('./x.ts', import.meta.url)`), through the one bootstrap that registers the loader.
 * `data` reaches the worker as its `workerData`, with `entry` added.
 */
export function startTypeScriptWorker(entry: URL, data: Record<string, unknown> = {}): Worker {
  return new Worker(new URL('./workerBootstrap.mjs', import.meta.url), { workerData: { ...data, entry: entry.href } });
}
