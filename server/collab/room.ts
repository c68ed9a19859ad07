import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as CloseEvents from '../../shared/closeCodes';
import type { CloseEvent } from '../../shared/closeCodes';
import { COMPACTION_THRESHOLD } from '../../shared/limits';
import { DOCUMENT_FIELD } from '../../shared/sections';
import type { DocumentStore, StoredUpdate } from '../storage/documentStore';
import type { Logger } from '../logger';
import { AwarenessBudget, sanitizeAwarenessUpdate } from './awarenessIdentity';
import type { CollabConnection } from './connection';
import { LOAD_ORIGIN, originAccount, originConnection, transactionOrigin, type TransactionOrigin } from './origins';
import { awarenessFrame, decodeClientFrame, permissionDeniedFrame, ProtocolError, syncStep1Frame, syncStep2Frame, updateFrame, type ClientMessage } from './protocol';
import { errorCode, errorMessage } from './errorDetails';
import { FlushScheduler, type FlushTarget } from './flushScheduler';
import { touchedSections } from './touchedSections';
import { UpdateGate, type GateLimits, type UpdateGuard } from './updateGate';

export type { UpdateGuard } from './updateGate';
export type { CollabConnection, RoomSocket } from './connection';

export interface RoomHooks {
  /** After updates were stored and relayed. */
  onChange?: (room: Room) => void;
  guard?: UpdateGuard;
  /** Limits other than shared/limits' (for tests of the limits on small documents). */
  limits?: Partial<GateLimits>;
  /** Storage refused a write: the room has closed every connection and must be dropped. */
  onStorageFailure?: (room: Room, error: unknown) => void;
  /** Shared by the rooms of one store, so updates of every room in one turn are written in one transaction (the room's own otherwise). */
  scheduler?: FlushScheduler<PendingUpdate>;
}

/** An update waiting to be stored, with the transaction origin it will be relayed by. */
export type PendingUpdate = StoredUpdate & { origin: TransactionOrigin };


/**
 * One open policy: its Y.Doc, its awareness and the connections editing it.
 * Every update is written to the store before anyone else receives it; updates arriving
 * in one event-loop turn are written in one transaction, then relayed. The room speaks to its
 * connections through `RoomSocket` and to disk through `DocumentStore`, so it runs the same
 * over `ws` and SQLite as over in-memory sockets and storage in unit tests.
 */
export class Room implements FlushTarget<PendingUpdate> {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Set<CollabConnection>();
  private pending: PendingUpdate[] = [];
  private readonly scheduler: FlushScheduler<PendingUpdate>;
  private logLength: number;
  private approximateBytes = 0;
  private readonly gate: UpdateGate;
  /** Each connection's presence budget (rate and drop logging). */
  private readonly awarenessBudgets = new WeakMap<CollabConnection, AwarenessBudget>();
  /** Set once the room closed (shutdown, idle or a storage failure); a closed room handles nothing more. */
  closed = false;
  /** A client's update being applied, to be stored and relayed as received (see the constructor). */
  private applyingRaw: { update: Uint8Array; connection: CollabConnection; recorded?: { entry: PendingUpdate; before: Map<number, number> } } | null = null;

  constructor(
    readonly policyId: string,
    private readonly store: DocumentStore,
    private readonly logger: Logger,
    private readonly hooks: RoomHooks = {},
  ) {
    this.gate = new UpdateGate(hooks.guard, hooks.limits);
    this.scheduler = hooks.scheduler ?? new FlushScheduler(store);
    this.awareness.setLocalState(null);
    try {
      const loaded = store.load(policyId);
      this.logLength = loaded.logLength;
      for (const update of loaded.updates) {
        Y.applyUpdate(this.doc, update, LOAD_ORIGIN);
        this.approximateBytes += update.byteLength;
      }
    } catch (error) {
      this.closed = true;
      this.dispose();
      throw error;
    }
    const fragment = this.doc.getXmlFragment(DOCUMENT_FIELD);
    const record = (update: Uint8Array, rawOrigin: unknown, transaction: Y.Transaction): PendingUpdate | null => {
      const origin = transactionOrigin(rawOrigin);
      if (origin === LOAD_ORIGIN) return null;
      // Who sent it and which sections it touched are recorded with it: authorship is evidence, not a claim.
      const entry: PendingUpdate = { update, origin, userId: originAccount(origin), sections: touchedSections(transaction, fragment) };
      this.pending.push(entry);
      this.approximateBytes += update.byteLength;
      this.scheduler.schedule(this);
      return entry;
    };
    const encoded = (update: Uint8Array, rawOrigin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => record(update, rawOrigin, transaction);
    // Yjs encodes a transaction's update only while the document has an 'update' listener, and it
    // decides that right after 'afterTransactionCleanup' of the same transaction. A client's
    // typing is stored and relayed as the bytes the gate inspected, so no listener is needed for
    // it; every other transaction (sync step 2, the server's own changes, anything while the
    // document holds updates back for a missing dependency) is encoded by Yjs.
    this.doc.on('update', encoded);
    this.doc.on('afterTransactionCleanup', (transaction: Y.Transaction) => {
      const raw = this.applyingRaw;
      // Held-back updates (missing a dependency) stay in memory and are never stored or relayed as received.
      if (raw && !raw.recorded && transaction.origin === raw.connection && !holdsBack(this.doc)) {
        this.doc.off('update', encoded);
        raw.recorded = { entry: record(raw.update, raw.connection, transaction)!, before: transaction.beforeState };
      } else if (!this.doc._observers.has('update')) {
        this.doc.on('update', encoded);
      }
    });
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, rawOrigin: unknown) => {
      const connection = originConnection(transactionOrigin(rawOrigin));
      if (connection) {
        for (const id of added) connection.awarenessIds.add(id);
        for (const id of removed) connection.awarenessIds.delete(id);
      }
      this.broadcast(awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...added, ...updated, ...removed])), null);
    });
  }

  /**
   * Writes what arrived since the last flush, then relays it. The scheduler does this for
   * every room at the end of the event-loop turn; the room does it itself before the
   * document's state is sent to anyone, so nothing that is not on disk ever leaves the server.
   * `alongside` (server data that belongs to a server change, such as its audit entry) is
   * written in the same transaction, so it is stored exactly when the change is.
   */
  flush(alongside?: () => void): void {
    const batch = this.takePending();
    if (this.closed) return;
    if (batch.length > 0 || alongside) this.scheduler.flushOne(this, batch, alongside);
  }

  /** How many updates are logged after the last snapshot. */
  get loggedSinceSnapshot(): number {
    return this.logLength;
  }

  /** For the scheduler: the updates waiting to be stored. */
  takePending(): PendingUpdate[] {
    if (this.closed) return [];
    const batch = this.pending;
    this.pending = [];
    return batch;
  }

  /** For the scheduler: storage refused `batch`, so the room closes. */
  storageFailed(batch: PendingUpdate[], error: unknown): void {
    this.logger.error('storage.append_failed', { policy: this.policyId, updates: batch.length, code: errorCode(error), error });
    this.fail(error);
  }

  /** For the scheduler: `batch` is committed; relay it. */
  stored(batch: PendingUpdate[]): void {
    this.logLength += batch.length;
    for (const { update, origin } of batch) this.broadcast(updateFrame(update), originConnection(origin));
    if (this.logLength >= COMPACTION_THRESHOLD) this.compact();
    try {
      this.hooks.onChange?.(this);
    } catch (error) {
      // Listeners (live status, the title in the list) must never undo a stored change.
      this.logger.error('room.change_listener_failed', { policy: this.policyId, error });
    }
  }

  /** Folds the update log into one snapshot. Content is the same before and after. */
  compact(): void {
    this.flush();
    // After a failed flush the document holds changes that are not stored; they must not reach the snapshot.
    if (this.closed) return;
    try {
      const snapshot = Y.encodeStateAsUpdate(this.doc);
      this.store.compact(this.policyId, snapshot);
      this.logLength = 0;
      this.approximateBytes = snapshot.byteLength;
    } catch (error) {
      // The log is still complete; compaction is only an optimisation.
      this.logger.warn('storage.compact_failed', { policy: this.policyId, error });
    }
  }

  /**
   * Storage refused a write: the document in memory now holds changes that are not stored,
   * so it must not be used again. Every connection is closed with StorageFailure (their
   * editors keep the changes and send them again on reconnecting) and the room is dropped.
   */
  private fail(error: unknown): void {
    this.closed = true;
    this.pending = [];
    this.logger.warn('room.storage_failed', { policy: this.policyId, connections: this.connections.size, close: CloseEvents.StorageFailure.code });
    for (const connection of this.connections) connection.close(CloseEvents.StorageFailure);
    this.hooks.onStorageFailure?.(this, error);
  }

  private broadcast(frame: Uint8Array, except: CollabConnection | null): void {
    for (const connection of this.connections) {
      if (connection !== except) connection.socket.send(frame);
    }
  }

  /** Everyone's presence, encoded. */
  private allAwareness(): Uint8Array {
    return awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]);
  }

  /** Adds a connection and starts the sync: our state vector, then everyone's presence. */
  addConnection(connection: CollabConnection): void {
    this.connections.add(connection);
    this.flush();
    if (this.closed) return;
    connection.socket.send(syncStep1Frame(Y.encodeStateVector(this.doc)));
    if (this.awareness.getStates().size > 0) connection.socket.send(awarenessFrame(this.allAwareness()));
  }

  removeConnection(connection: CollabConnection): void {
    if (!this.connections.delete(connection)) return;
    awarenessProtocol.removeAwarenessStates(this.awareness, [...connection.awarenessIds], null);
  }

  /**
   * Handles one frame from a connection. A frame that cannot be decoded or applied closes
   * that connection only, with a close code from shared/closeCodes.
   */
  handleMessage(connection: CollabConnection, data: Uint8Array): void {
    // Frames still arriving on a socket of a room that closed (e.g. after a storage failure) are dropped.
    if (this.closed || !this.connections.has(connection)) return;
    const decoded = decodeClientFrame(data);
    if (!decoded.ok) {
      this.refuse(connection, decoded.error.close, true, { error: decoded.error });
      return;
    }
    try {
      this.handle(connection, decoded.message);
    } catch (error) {
      // Only unreadable input throws here (an awareness payload that cannot be parsed, say).
      const close = error instanceof ProtocolError ? error.close : CloseEvents.MalformedMessage;
      this.refuse(connection, close, true, { error });
    }
  }

  /** Closes a connection whose frame was refused, and logs why. */
  private refuse(connection: CollabConnection, close: CloseEvent, hostile: boolean, fields: Record<string, unknown>): void {
    this.logger.warn(hostile ? 'collab.hostile_message' : 'collab.update_refused', { policy: this.policyId, user: connection.userId, close: close.code, ...fields });
    connection.close(close);
    this.removeConnection(connection);
  }

  private handle(connection: CollabConnection, message: ClientMessage): void {
    switch (message.type) {
      case 'sync-step-1':
        this.flush();
        if (this.closed) return;
        connection.socket.send(syncStep2Frame(this.missing(message.stateVector)));
        return;
      case 'sync-step-2':
        // Encoded again by Yjs: a client's answer to sync step 1 carries its whole delete set.
        this.receiveUpdate(connection, message.update, false);
        return;
      case 'update':
        this.receiveUpdate(connection, message.update, true);
        return;
      case 'awareness':
        this.receiveAwareness(connection, message.update);
        return;
      case 'query-awareness':
        connection.socket.send(awarenessFrame(this.allAwareness()));
        return;
      case 'auth':
        // Authentication happens on the HTTP upgrade; y-websocket's auth message carries nothing for us.
        return;
    }
  }

  /** What a client with `stateVector` misses of the document. */
  private missing(stateVector: Uint8Array): Uint8Array {
    try {
      return Y.encodeStateAsUpdate(this.doc, stateVector);
    } catch (error) {
      throw new ProtocolError('malformed', CloseEvents.MalformedMessage, `bad state vector: ${errorMessage(error)}`);
    }
  }

  /**
   * A client's document update: the gate decides, the room applies, drops or closes. With
   * `asReceived`, what is stored and relayed is the update exactly as received (and inspected),
   * which spares encoding it again; otherwise it is what the document took of it.
   */
  private receiveUpdate(connection: CollabConnection, update: Uint8Array, asReceived: boolean): void {
    const decision = this.gate.decide({ access: connection.refreshAccess(), update, room: this, connection, documentBytes: this.approximateBytes });
    switch (decision.kind) {
      case 'drop':
        // Said out loud, so the sender's editor locks instead of typing into the void.
        connection.socket.send(permissionDeniedFrame(CloseEvents.EditsRefusedReason));
        return;
      case 'close':
        this.refuse(connection, decision.close, decision.hostile, { detail: decision.reason });
        return;
      case 'apply': {
        // While the document holds updates back, this one may bring them in: Yjs then encodes what integrated.
        const raw: NonNullable<Room['applyingRaw']> | null = asReceived && !holdsBack(this.doc) ? { update: decision.update, connection } : null;
        try {
          this.applyingRaw = raw;
          Y.applyUpdate(this.doc, decision.update, connection);
        } catch (error) {
          // Whatever part of it the document took is stored and relayed, never the bytes that failed.
          if (raw?.recorded) raw.recorded.entry.update = Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(raw.recorded.before));
          this.refuse(connection, CloseEvents.InvalidUpdate, true, { error });
          return;
        } finally {
          this.applyingRaw = null;
        }
        if (!decision.repair) return;
        try {
          this.gate.repair(this, connection, decision.repair);
        } catch (error) {
          // The change is applied and will be stored; the repair is tried again at the next structural change.
          this.logger.error('collab.repair_failed', { policy: this.policyId, user: connection.userId, error });
        }
      }
    }
  }

  private receiveAwareness(connection: CollabConnection, raw: Uint8Array): void {
    let budget = this.awarenessBudgets.get(connection);
    if (!budget) this.awarenessBudgets.set(connection, (budget = new AwarenessBudget()));
    // Past the rate limit the whole message is dropped unread; nothing of it is kept or relayed.
    if (!budget.take()) {
      this.awarenessDropped(connection, budget, 1, 'rate');
      return;
    }
    const sanitized = sanitizeAwarenessUpdate(raw, connection.identity, (clientId) => this.mayWriteAwareness(connection, clientId), { owned: connection.awarenessIds });
    const { tooManyIds, tooLarge } = sanitized.dropped;
    if (tooManyIds + tooLarge > 0) this.awarenessDropped(connection, budget, tooManyIds + tooLarge, tooLarge > 0 ? 'state too large' : 'too many client ids');
    if (sanitized.kept > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, sanitized.update, connection);
  }

  /** Logs dropped presence at most once per connection per minute. */
  private awarenessDropped(connection: CollabConnection, budget: AwarenessBudget, count: number, reason: string): void {
    const toLog = budget.dropped(count);
    if (toLog > 0) this.logger.warn('collab.awareness_dropped', { policy: this.policyId, user: connection.userId, dropped: toLog, reason });
  }

  /** A connection may set the awareness of client ids it announced, or of ids nobody else has. */
  private mayWriteAwareness(connection: CollabConnection, clientId: number): boolean {
    if (connection.awarenessIds.has(clientId)) return true;
    for (const other of this.connections) if (other !== connection && other.awarenessIds.has(clientId)) return false;
    return true;
  }

  /** Closes every connection (used on shutdown) after writing what is pending. */
  close(closeEvent: CloseEvent): void {
    this.flush();
    if (!this.closed) {
      this.closed = true;
      for (const connection of this.connections) connection.close(closeEvent);
    }
    this.connections.clear();
    this.dispose();
  }

  private disposed = false;

  /** Frees the document and the awareness (and its timer). The room must be closed. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/** Whether the document holds back structs or deletions that wait for a missing dependency. */
function holdsBack(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
