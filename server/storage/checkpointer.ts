import type { Worker } from 'node:worker_threads';
import { startTypeScriptWorker } from '../workers';
import type { Logger } from '../logger';
import type { SqliteDatabase } from './database';

/** How often the checkpoint worker copies committed pages back into the database file (ms). */
export const CHECKPOINT_INTERVAL_MS = 1_000;

/**
 * How long after the server starts the worker starts (ms). Until then the server's connection
 * checkpoints by SQLite's default, which a server only reaches after some thousand edits; a
 * server that runs for a moment (a command, a test) never pays for starting a thread.
 */
export const CHECKPOINT_WORKER_START_MS = 5_000;

/**
 * SQLite's own default: the connection that commits copies the WAL back once it holds this many
 * pages. The server goes back to it whenever the checkpoint worker is not running.
 */
export const MAIN_THREAD_CHECKPOINT_PAGES = 1_000;

export interface CheckpointWorkerData extends Record<string, unknown> {
  file: string;
  intervalMs: number;
}

export type CheckpointMessage =
  | { kind: 'ready' }
  | { kind: 'checkpointed' }
  | { kind: 'refused'; error: string }
  | { kind: 'failed'; error: string }
  | { kind: 'done' };

/**
 * Moves SQLite's checkpoints off the server's event loop.
 *
 * In WAL mode every commit appends pages to `accord.db-wal`, and by default the connection that
 * commits copies them back into `accord.db` once the WAL holds 1,000 pages, with an fsync of each
 * file, in the middle of whatever commit crossed the line. On the server that commit is an edit
 * being stored before it is relayed, so every room waited for the copy: 3–5 ms on this machine's
 * disk, far more on a slow or busy one. Here a worker thread with its own connection does the
 * copying once a second (`checkpointWorker.ts`), and the server's connection never checkpoints
 * once the worker is ready (it starts a few seconds after the server, CHECKPOINT_WORKER_START_MS).
 *
 * Durability does not change: a commit is durable once it is in the WAL, checkpointed or not.
 * If the worker cannot start or dies, the server's connection checkpoints as before and the
 * log says so.
 */
export class Checkpointer {
  private worker: Worker | null = null;
  private starting: NodeJS.Timeout | null = null;
  private stopping: Promise<void> | null = null;
  private running = false;
  private refusedBefore = false;
  private readonly rounds: (() => void)[] = [];
  /** Rounds that copied pages since the start. */
  copiedRounds = 0;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly logger: Logger,
    options: { intervalMs?: number; startAfterMs?: number } = {},
  ) {
    const workerData: CheckpointWorkerData = { file: db.name, intervalMs: options.intervalMs ?? CHECKPOINT_INTERVAL_MS };
    const startAfterMs = options.startAfterMs ?? CHECKPOINT_WORKER_START_MS;
    if (startAfterMs <= 0) {
      this.start(workerData);
      return;
    }
    this.starting = setTimeout(() => {
      this.starting = null;
      this.start(workerData);
    }, startAfterMs);
    this.starting.unref();
  }

  private start(workerData: CheckpointWorkerData): void {
    if (this.stopping || !this.db.open) return;
    let worker: Worker;
    try {
      worker = startTypeScriptWorker(new URL('./checkpointWorker.ts', import.meta.url), workerData);
    } catch (error) {
      this.onMainThread(error);
      return;
    }
    this.worker = worker;
    // Never what keeps the process alive: the server's own sockets do that.
    worker.unref();
    worker.on('message', (message: CheckpointMessage) => this.received(message));
    worker.on('error', (error) => this.lost(worker, error));
    worker.on('exit', (code) => this.lost(worker, new Error(`checkpoint worker exited with code ${code}`)));
  }

  /** True while the worker does the checkpoints and the server's connection does none. */
  get offThread(): boolean {
    return this.running;
  }

  /** Runs one checkpoint round now and resolves when it is done (at once when no worker runs). */
  checkpointNow(): Promise<void> {
    const worker = this.worker;
    if (!worker || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      this.rounds.push(resolve);
      worker.postMessage('checkpoint');
    });
  }

  /** Stops the worker, before the server closes its own connection (which then checkpoints the rest). */
  stop(): Promise<void> {
    this.stopping ??= this.stopWorker();
    return this.stopping;
  }

  private async stopWorker(): Promise<void> {
    if (this.starting) clearTimeout(this.starting);
    this.starting = null;
    const worker = this.worker;
    this.worker = null;
    this.running = false;
    this.settleRounds();
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    try {
      worker.postMessage('stop');
    } catch {
      await worker.terminate();
    }
    await exited;
  }

  private received(message: CheckpointMessage): void {
    switch (message.kind) {
      case 'ready':
        if (this.stopping || !this.db.open) return;
        this.db.pragma('wal_autocheckpoint = 0');
        this.running = true;
        return;
      case 'checkpointed':
        this.copiedRounds += 1;
        this.refusedBefore = false;
        return;
      case 'refused':
        // Logged once per stretch of refusals, not once a second.
        if (!this.refusedBefore) this.logger.warn('storage.checkpoint_refused', { error: message.error });
        this.refusedBefore = true;
        return;
      case 'failed':
        // The worker could not open the database; its exit follows and hands checkpoints back.
        this.logger.warn('storage.checkpoint_worker_failed', { error: message.error });
        return;
      case 'done':
        this.rounds.shift()?.();
        return;
    }
  }

  private lost(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.onMainThread(error);
  }

  /** No worker: the server's own connection checkpoints again, as SQLite does by default. */
  private onMainThread(error: unknown): void {
    this.running = false;
    this.settleRounds();
    if (this.stopping) return;
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${MAIN_THREAD_CHECKPOINT_PAGES}`);
    this.logger.warn('storage.checkpoints_on_main_thread', { error: error instanceof Error ? error.message : String(error) });
  }

  private settleRounds(): void {
    for (const resolve of this.rounds.splice(0)) resolve();
  }
}
