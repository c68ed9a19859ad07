import type { Worker } from 'node:worker_threads';
import { startTypeScriptWorker } from '../workers';
import type { ExportFormat, ExportInput } from './exportModel';

export interface RenderRequest {
  id: number;
  input: ExportInput;
  format: ExportFormat;
}

export type RenderReply = { id: number; body: Uint8Array } | { id: number; error: string };

/** The worker could not start or died: the caller renders in its own thread instead. */
export class ExportWorkerUnavailable extends Error {}

/** A worker nobody asked anything of for this long is stopped, giving back its memory (fonts, caches). */
const IDLE_MS = 30_000;

interface Job {
  resolve: (body: Buffer) => void;
  reject: (error: Error) => void;
}

let worker: Worker | null = null;
let idleTimer: NodeJS.Timeout | undefined;
let nextId = 1;
const jobs = new Map<number, Job>();

function startWorker(): Worker {
  const started = startTypeScriptWorker(new URL('./renderWorker.ts', import.meta.url));
  // Never what keeps the process alive: the server's own sockets do that.
  started.unref();
  started.on('message', (reply: RenderReply) => {
    const job = jobs.get(reply.id);
    if (!job) return;
    jobs.delete(reply.id);
    if ('error' in reply) job.reject(new Error(reply.error));
    else job.resolve(Buffer.from(reply.body.buffer, reply.body.byteOffset, reply.body.byteLength));
    if (jobs.size === 0) scheduleIdleStop(started);
  });
  const fail = (error: unknown) => {
    if (worker === started) worker = null;
    for (const job of jobs.values()) job.reject(new ExportWorkerUnavailable(error instanceof Error ? error.message : String(error)));
    jobs.clear();
  };
  started.on('error', fail);
  started.on('exit', (code) => fail(new Error(`export worker exited with code ${code}`)));
  return started;
}

function scheduleIdleStop(current: Worker): void {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    if (worker !== current || jobs.size > 0) return;
    worker = null;
    void current.terminate();
  }, IDLE_MS);
  idleTimer.unref();
}

/**
 * Renders an export in the export worker. Rejects with ExportWorkerUnavailable when the worker
 * can't start or dies mid-way, and with the renderer's own error when rendering failed.
 */
export function renderInWorker(input: ExportInput, format: ExportFormat): Promise<Buffer> {
  clearTimeout(idleTimer);
  let current: Worker;
  try {
    worker ??= startWorker();
    current = worker;
  } catch (error) {
    return Promise.reject(new ExportWorkerUnavailable(error instanceof Error ? error.message : String(error)));
  }
  const id = nextId++;
  return new Promise<Buffer>((resolve, reject) => {
    jobs.set(id, { resolve, reject });
    try {
      current.postMessage({ id, input, format } satisfies RenderRequest);
    } catch (error) {
      // The input could not be copied to the worker (it never holds anything but data, but be safe).
      jobs.delete(id);
      reject(new ExportWorkerUnavailable(error instanceof Error ? error.message : String(error)));
    }
  });
}
