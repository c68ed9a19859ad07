import * as Y from 'yjs';
import { ROOM_GRACE_MS, STORAGE_RETRY_MS } from '../../shared/limits';
import type { CloseEvent } from '../../shared/closeCodes';
import type { DocumentStore } from '../storage/documentStore';
import type { Logger } from '../logger';
import { errorCode, errorMessage } from './errorDetails';
import { HttpError } from '../httpError';
import { FlushScheduler } from './flushScheduler';
import type { ServerOrigin } from './origins';
import { Room, type PendingUpdate, type RoomHooks, type UpdateGuard } from './room';

/**
 * A policy's document cannot be opened right now: loading it from storage failed, or its
 * storage refused a write less than STORAGE_RETRY_MS ago. Connections get StorageFailure (4503),
 * API callers a 503.
 */
export class StorageUnavailableError extends HttpError {
  override readonly name = 'StorageUnavailableError';

  /** `reason` is for the log; the caller is told only that saving fails for now. */
  constructor(
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(503, 'The server cannot save changes to this policy right now. Try again shortly.', undefined, options);
  }
}

/**
 * A change the server makes to a live document (filling placeholders, inserting a clause, a
 * comment mark): applied as `origin`, stored before anyone else sees it, and a
 * StorageUnavailableError naming `what` (for the log) when storage refused it, in which case the
 * room has closed.
 */
export function storeServerChange(room: Room, origin: ServerOrigin, change: () => void, what: string, alongside?: () => void): void {
  room.doc.transact(change, origin);
  room.flush(alongside);
  if (room.closed) throw new StorageUnavailableError(`${what} could not be stored`);
}

/** A document `withDocument` loaded from disk (no room had it open). */
export interface StoredCopy {
  /** Keeps `reading()` (what was read out of this copy) with the stored document; see DocumentStore.keepReading. */
  keepReading(reading: () => string): boolean;
}

/**
 * The open rooms. A room is opened (loaded from disk) by its first connection and dropped
 * a grace period after its last one leaves, so memory follows the policies in use,
 * not every policy ever opened.
 */
export class Rooms {
  private readonly rooms = new Map<string, Room>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly changeListeners = new Set<(room: Room) => void>();
  private readonly openListeners = new Set<(room: Room) => void>();
  /** When storage last refused a write, per policy (ms since the epoch). */
  private readonly storageFailedAt = new Map<string, number>();
  /** One per store: every room's updates of a turn go to disk in one transaction. */
  private readonly scheduler: FlushScheduler<PendingUpdate>;
  /** What the server reads out of a room's document, kept with the snapshot when the room unloads (restingReading.ts). */
  private reader: ((room: Room) => string) | null = null;

  constructor(
    private readonly store: DocumentStore,
    private readonly logger: Logger,
    private readonly graceMs = ROOM_GRACE_MS,
    private readonly guard?: UpdateGuard,
  ) {
    this.scheduler = new FlushScheduler(store);
  }

  /**
   * The open room for a policy, opening it from disk if needed. Throws StorageUnavailableError
   * when the document cannot be loaded or its storage failed moments ago.
   */
  open(policyId: string): Room {
    const timer = this.unloadTimers.get(policyId);
    if (timer) {
      clearTimeout(timer);
      this.unloadTimers.delete(policyId);
    }
    let room = this.rooms.get(policyId);
    if (!room) {
      const failedAt = this.storageFailedAt.get(policyId);
      if (failedAt !== undefined) {
        if (Date.now() - failedAt < STORAGE_RETRY_MS) throw new StorageUnavailableError(`storage failed ${Date.now() - failedAt} ms ago`);
        this.storageFailedAt.delete(policyId);
      }
      const hooks: RoomHooks = {
        ...(this.guard ? { guard: this.guard } : {}),
        scheduler: this.scheduler,
        onChange: (changed) => {
          for (const listener of this.changeListeners) {
            try {
              listener(changed);
            } catch (error) {
              this.logger.error('room.change_listener_failed', { policy: changed.policyId, error });
            }
          }
        },
        onStorageFailure: (failed) => {
          this.storageFailedAt.set(failed.policyId, Date.now());
          if (this.rooms.get(failed.policyId) === failed) this.rooms.delete(failed.policyId);
          failed.dispose();
        },
      };
      try {
        room = new Room(policyId, this.store, this.logger, hooks);
      } catch (error) {
        this.logger.error('room.open_failed', { policy: policyId, code: errorCode(error), error });
        throw new StorageUnavailableError(`cannot load the document: ${errorMessage(error)}`, { cause: error });
      }
      this.rooms.set(policyId, room);
      this.logger.info('room.opened', { policy: policyId });
      try {
        this.guard?.opened?.(room);
      } catch (error) {
        this.logger.error('room.repair_failed', { policy: policyId, error });
      }
      for (const listener of this.openListeners) {
        try {
          listener(room);
        } catch (error) {
          this.logger.error('room.open_listener_failed', { policy: policyId, error });
        }
      }
    }
    return room;
  }

  get(policyId: string): Room | undefined {
    return this.rooms.get(policyId);
  }

  get openCount(): number {
    return this.rooms.size;
  }

  /** Called when a connection leaves: schedules unloading once nobody is left. */
  release(room: Room): void {
    if (room.connections.size > 0 || room.closed) return;
    if (this.unloadTimers.has(room.policyId)) return;
    this.unloadTimers.set(
      room.policyId,
      setTimeout(() => {
        this.unloadTimers.delete(room.policyId);
        if (room.connections.size > 0 || this.rooms.get(room.policyId) !== room) return;
        this.rooms.delete(room.policyId);
        this.putToRest(room);
        room.close({ code: 1000, reason: 'idle' });
        this.logger.info('room.unloaded', { policy: room.policyId });
      }, this.graceMs),
    );
  }

  /**
   * Runs `read` on the live document of a policy: the open room's, or a copy loaded from disk.
   * Only stored content is ever read: when the open room cannot store what it holds, it is
   * dropped and the copy on disk is read instead.
   */
  withDocument<T>(policyId: string, read: (doc: Y.Doc, stored?: StoredCopy) => T): T {
    const room = this.rooms.get(policyId);
    if (room && !room.closed) {
      room.flush();
      if (!room.closed) return read(room.doc);
    }
    const doc = new Y.Doc();
    try {
      const loaded = this.store.load(policyId);
      for (const update of loaded.updates) Y.applyUpdate(doc, update);
      return read(doc, {
        // Called within `read`, so nothing was logged since the load.
        keepReading: (reading) => this.store.keepReading(policyId, loaded.logLength, reading),
      });
    } finally {
      doc.destroy();
    }
  }

  /** Sets what is read out of a document when its room unloads, to be kept with its snapshot. */
  readWith(reader: (room: Room) => string): void {
    this.reader = reader;
  }

  /**
   * A room unloads: what the server reads out of its document is kept with the stored document,
   * so the policy is read without loading it until someone edits it again. Failing here costs
   * only that.
   */
  private putToRest(room: Room): void {
    const reader = this.reader;
    if (!reader) return;
    // Whatever waits is stored first, so the document in memory is exactly the stored one.
    room.flush();
    if (room.closed) return;
    try {
      this.store.keepReading(room.policyId, room.loggedSinceSnapshot, () => reader(room));
    } catch (error) {
      this.logger.warn('room.reading_not_kept', { policy: room.policyId, error });
    }
  }

  /** What was last read out of a policy's stored document, if it is still exactly that document (DocumentStore.keptReading). */
  keptReading(policyId: string): string | null {
    return this.store.keptReading(policyId);
  }

  /** Subscribes to stored changes of any room (for live status). */
  onChange(listener: (room: Room) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Subscribes to rooms being opened (loaded from disk). */
  onOpen(listener: (room: Room) => void): () => void {
    this.openListeners.add(listener);
    return () => this.openListeners.delete(listener);
  }

  /** Closes every room (on shutdown), each put to rest the way an idle room is when it unloads. */
  closeAll(closeEvent: CloseEvent): void {
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    for (const room of this.rooms.values()) {
      this.putToRest(room);
      room.close(closeEvent);
    }
    this.rooms.clear();
  }
}
