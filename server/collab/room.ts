import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import * as CloseEvents from '../../shared/closeCodes';
import type { CloseEvent } from '../../shared/closeCodes';
import { COMPACTION_THRESHOLD, MAX_DOCUMENT_BYTES, MAX_NESTING_DEPTH, MAX_SECTIONS_PER_POLICY } from '../../shared/limits';
import { messageAuth, messageAwareness, messageQueryAwareness, messageSync } from '../../shared/protocol';
import { DOCUMENT_FIELD } from '../../shared/sections';
import type { DocumentStore, StoredUpdate } from '../storage/documentStore';
import type { Logger } from '../logger';
import { AwarenessBudget, sanitizeAwarenessUpdate, type Identity } from './awarenessIdentity';
import { ServerOrigin } from './origins';
import type { Inspection } from './sectionGuard';
import { touchedSections } from './touchedSections';
import { checkUpdate, heldBackBytes, type RuleBreak } from './updateRules';

/** One person's WebSocket in a room. */
export interface CollabConnection {
  socket: WebSocket;
  /** Identity from the account; null until accounts exist or for scripts. */
  identity: Identity | null;
  /** Viewers receive the document but none of their document updates are applied. */
  readOnly: boolean;
  /** Awareness client ids this connection has announced, removed when it leaves. */
  awarenessIds: Set<number>;
  userId: string | null;
  /** Admins may delete any section; others only those their department owns. Refreshed with the access check. */
  admin?: boolean;
  /**
   * Asks again what this connection may do, before each document update is applied, so a
   * role changed or a session ended while connected takes effect at once: 'read' ignores
   * the update (as for viewers), 'none' closes the connection with Unauthorized.
   */
  checkAccess?: () => 'write' | 'read' | 'none';
}

/** Origin of updates replayed from disk; they are not written again. */
const LOAD_ORIGIN = Symbol('load');

class ProtocolError extends Error {
  constructor(readonly close: CloseEvent, message: string) {
    super(message);
  }
}

/**
 * Rules a client's document update must pass besides the limits: decided before the update is
 * applied (it cannot be taken back out afterwards), with a repair step after it was applied.
 */
export interface UpdateGuard {
  inspect(room: Room, connection: CollabConnection, decoded: ReturnType<typeof Y.decodeUpdate>): Inspection;
  applied(room: Room, connection: CollabConnection, inspection: Extract<Inspection, { refuse: false }>): void;
  /** When a room has loaded: brings what the document mirrors back in line with the server's records, should a write have been lost. */
  opened?(room: Room): void;
}

export interface RoomHooks {
  /** After updates were stored and relayed. */
  onChange?: (room: Room) => void;
  guard?: UpdateGuard;
  /** Storage refused a write: the room has closed every connection and must be dropped. */
  onStorageFailure?: (room: Room, error: Error) => void;
}

/**
 * One open policy: its Y.Doc, its awareness and the connections editing it.
 * Every update is written to the store before anyone else receives it; updates arriving
 * in one event-loop turn are written in one transaction, then relayed.
 */
export class Room {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Set<CollabConnection>();
  private pending: (StoredUpdate & { origin: unknown })[] = [];
  private flushScheduled = false;
  private logLength: number;
  private approximateBytes = 0;
  /** Each connection's presence budget (rate and drop logging). */
  private readonly awarenessBudgets = new WeakMap<CollabConnection, AwarenessBudget>();
  /** Set once the room closed (shutdown, idle or a storage failure); a closed room handles nothing more. */
  closed = false;

  constructor(
    readonly policyId: string,
    private readonly store: DocumentStore,
    private readonly logger: Logger,
    private readonly hooks: RoomHooks = {},
  ) {
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
    this.doc.on('update', (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      if (origin === LOAD_ORIGIN) return;
      // Who sent it and which sections it touched are recorded with it: authorship is evidence, not a claim.
      const userId = origin instanceof ServerOrigin ? origin.userId : ((origin as Partial<CollabConnection> | null)?.userId ?? null);
      this.pending.push({ update, origin, userId, sections: touchedSections(transaction, fragment) });
      this.approximateBytes += update.byteLength;
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      if (origin && typeof origin === 'object' && 'awarenessIds' in origin) {
        const connection = origin as CollabConnection;
        for (const id of added) connection.awarenessIds.add(id);
        for (const id of removed) connection.awarenessIds.delete(id);
      }
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, messageAwareness);
      encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
      this.broadcast(encoding.toUint8Array(encoder), null);
    });
  }

  /**
   * Writes what arrived since the last flush, then relays it. Called at the end of the
   * event-loop turn, and before the document's state is sent to anyone, so nothing that
   * is not on disk ever leaves the server.
   */
  flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0 || this.closed) return;
    const batch = this.pending;
    this.pending = [];
    try {
      this.store.append(this.policyId, batch);
    } catch (error) {
      this.logger.error('storage.append_failed', {
        policy: this.policyId,
        updates: batch.length,
        code: (error as { code?: unknown }).code,
        error: (error as Error).message,
      });
      this.fail(error as Error);
      return;
    }
    this.logLength += batch.length;
    for (const { update, origin } of batch) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, messageSync);
      syncProtocol.writeUpdate(encoder, update);
      this.broadcast(encoding.toUint8Array(encoder), origin);
    }
    if (this.logLength >= COMPACTION_THRESHOLD) this.compact();
    try {
      this.hooks.onChange?.(this);
    } catch (error) {
      // Listeners (live status, the title in the list) must never undo a stored change.
      this.logger.error('room.change_listener_failed', { policy: this.policyId, error: (error as Error).message });
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
      this.logger.warn('storage.compact_failed', { policy: this.policyId, error: (error as Error).message });
    }
  }

  /**
   * Storage refused a write: the document in memory now holds changes that are not stored,
   * so it must not be used again. Every connection is closed with StorageFailure (their
   * editors keep the changes and send them again on reconnecting) and the room is dropped.
   */
  private fail(error: Error): void {
    this.closed = true;
    this.pending = [];
    this.logger.warn('room.storage_failed', { policy: this.policyId, connections: this.connections.size, close: CloseEvents.StorageFailure.code });
    for (const connection of this.connections) {
      connection.socket.close(CloseEvents.StorageFailure.code, CloseEvents.StorageFailure.reason);
    }
    this.hooks.onStorageFailure?.(this, error);
  }

  private broadcast(message: Uint8Array, except: unknown): void {
    for (const connection of this.connections) {
      if (connection !== except) send(connection, message);
    }
  }

  /** Adds a connection and starts the sync: our state vector, then everyone's presence. */
  addConnection(connection: CollabConnection): void {
    this.connections.add(connection);
    this.flush();
    if (this.closed) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    send(connection, encoding.toUint8Array(encoder));
    const states = this.awareness.getStates();
    if (states.size > 0) {
      const awarenessEncoder = encoding.createEncoder();
      encoding.writeVarUint(awarenessEncoder, messageAwareness);
      encoding.writeVarUint8Array(awarenessEncoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()]));
      send(connection, encoding.toUint8Array(awarenessEncoder));
    }
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
    try {
      this.readMessage(connection, data);
    } catch (error) {
      const close = error instanceof ProtocolError ? error.close : CloseEvents.MalformedMessage;
      // Garbage is 'hostile'; a well-formed change refused by a limit or a withdrawn right is not.
      const garbage = close === CloseEvents.MalformedMessage || close === CloseEvents.InvalidUpdate;
      this.logger.warn(garbage ? 'collab.hostile_message' : 'collab.update_refused', {
        policy: this.policyId,
        user: connection.userId,
        close: close.code,
        error: (error as Error).message,
      });
      connection.socket.close(close.code, close.reason);
      this.removeConnection(connection);
    }
  }

  private readMessage(connection: CollabConnection, data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    const messageType = decoding.readVarUint(decoder);
    switch (messageType) {
      case messageSync:
        this.readSyncMessage(connection, decoder);
        break;
      case messageAwareness: {
        const raw = decoding.readVarUint8Array(decoder);
        let budget = this.awarenessBudgets.get(connection);
        if (!budget) this.awarenessBudgets.set(connection, (budget = new AwarenessBudget()));
        // Past the rate limit the whole message is dropped unread; nothing of it is kept or relayed.
        if (!budget.take()) {
          this.awarenessDropped(connection, budget, 1, 'rate');
          break;
        }
        const sanitized = sanitizeAwarenessUpdate(raw, connection.identity, (clientId) => this.mayWriteAwareness(connection, clientId), { owned: connection.awarenessIds });
        const { tooManyIds, tooLarge } = sanitized.dropped;
        if (tooManyIds + tooLarge > 0) this.awarenessDropped(connection, budget, tooManyIds + tooLarge, tooLarge > 0 ? 'state too large' : 'too many client ids');
        if (sanitized.kept > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, sanitized.update, connection);
        break;
      }
      case messageQueryAwareness: {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, messageAwareness);
        encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]));
        send(connection, encoding.toUint8Array(encoder));
        break;
      }
      case messageAuth:
        // Authentication happens on the HTTP upgrade; y-websocket's auth message carries nothing for us.
        break;
      default:
        throw new ProtocolError(CloseEvents.MalformedMessage, `unknown message type ${messageType}`);
    }
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

  private readSyncMessage(connection: CollabConnection, decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder);
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      const stateVector = decoding.readVarUint8Array(decoder);
      this.flush();
      if (this.closed) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, messageSync);
      encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
      try {
        encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(this.doc, stateVector));
      } catch (error) {
        throw new ProtocolError(CloseEvents.MalformedMessage, `bad state vector: ${(error as Error).message}`);
      }
      send(connection, encoding.toUint8Array(encoder));
      return;
    }
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
      throw new ProtocolError(CloseEvents.MalformedMessage, `unknown sync message type ${syncType}`);
    }
    const update = decoding.readVarUint8Array(decoder);
    if (connection.checkAccess) {
      const access = connection.checkAccess();
      if (access === 'none') throw new ProtocolError(CloseEvents.Unauthorized, 'session ended or access withdrawn');
      connection.readOnly = access === 'read';
    }
    if (connection.readOnly) return;
    // Held-back updates (waiting for a dependency) count too: they take memory until they integrate.
    if (this.approximateBytes + heldBackBytes(this.doc) + update.byteLength > MAX_DOCUMENT_BYTES) {
      throw new ProtocolError(CloseEvents.DocumentTooLarge, 'document size limit reached');
    }
    let broken: RuleBreak | null;
    let inspection: Inspection | null = null;
    try {
      // Decoding first rejects truncated or garbled updates before they touch the document.
      const decoded = Y.decodeUpdate(update);
      // Checked before applying: an update cannot be taken back out of a Y.Doc once applied.
      broken = checkUpdate(this.doc, update, decoded, { maxSections: MAX_SECTIONS_PER_POLICY, maxDepth: MAX_NESTING_DEPTH });
      if (!broken) inspection = this.hooks.guard?.inspect(this, connection, decoded) ?? null;
      if (!broken && !inspection?.refuse) Y.applyUpdate(this.doc, update, connection);
    } catch (error) {
      throw new ProtocolError(CloseEvents.InvalidUpdate, `invalid update: ${(error as Error).message}`);
    }
    if (broken) {
      throw new ProtocolError(broken.rule === 'sections' ? CloseEvents.TooManySections : CloseEvents.InvalidUpdate, `update refused: ${broken.detail}`);
    }
    if (inspection?.refuse) throw new ProtocolError(inspection.close, `update refused: ${inspection.detail}`);
    if (inspection?.structural) {
      try {
        this.hooks.guard!.applied(this, connection, inspection);
      } catch (error) {
        // The change is applied and will be stored; the repair is tried again at the next structural change.
        this.logger.error('collab.repair_failed', { policy: this.policyId, user: connection.userId, error: (error as Error).message });
      }
    }
  }

  /** Closes every connection (used on shutdown) after writing what is pending. */
  close(closeEvent: CloseEvent): void {
    this.flush();
    if (!this.closed) {
      this.closed = true;
      for (const connection of this.connections) connection.socket.close(closeEvent.code, closeEvent.reason);
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

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

function send(connection: CollabConnection, message: Uint8Array): void {
  if (connection.socket.readyState !== connection.socket.OPEN) return;
  connection.socket.send(message, (error) => {
    if (error) connection.socket.terminate();
  });
}
