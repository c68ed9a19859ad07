import * as Y from 'yjs';
import * as CloseEvents from '../../shared/closeCodes';
import type { CloseEvent } from '../../shared/closeCodes';
import { MAX_DOCUMENT_BYTES, MAX_NESTING_DEPTH, MAX_SECTIONS_PER_POLICY } from '../../shared/limits';
import type { Access, CollabConnection } from './connection';
import type { Room } from './room';
import type { Inspection } from './sectionGuard';
import { checkUpdate, heldBackBytes } from './updateRules';
import { errorMessage } from './errorDetails';

/** An accepted inspection: what the guard's repair step needs after the update was applied. */
export type AcceptedInspection = Extract<Inspection, { refuse: false }>;

/**
 * Rules a client's document update must pass besides the limits: decided before the update is
 * applied (it cannot be taken back out afterwards), with a repair step after it was applied.
 */
export interface UpdateGuard {
  inspect(room: Room, connection: CollabConnection, decoded: ReturnType<typeof Y.decodeUpdate>): Inspection;
  applied(room: Room, connection: CollabConnection, inspection: AcceptedInspection): void;
  /** When a room has loaded: brings what the document mirrors back in line with the server's records, should a write have been lost. */
  opened?(room: Room): void;
}

/** What the room does with a client's document update. */
export type UpdateDecision =
  /** Apply it; with `repair`, run the guard's repair step after applying. */
  | { kind: 'apply'; update: Uint8Array; repair: AcceptedInspection | null }
  /** Ignore it, keep the connection: a viewer's or a read-only connection's update. */
  | { kind: 'drop'; reason: 'read-only' }
  /**
   * Refuse it and close the connection. `hostile` marks garbage (undecodable), as opposed to a
   * well-formed change refused by a limit, a rule or a withdrawn right.
   */
  | { kind: 'close'; close: CloseEvent; reason: string; hostile: boolean };

/** What the gate needs to know of the room. */
export interface GateInput {
  /** What the sender may do now (already re-checked). */
  access: Access;
  update: Uint8Array;
  room: Room;
  connection: CollabConnection;
  /** Bytes the room's document holds (stored log plus snapshot, roughly). */
  documentBytes: number;
}

export interface GateLimits {
  maxDocumentBytes: number;
  maxSections: number;
  maxDepth: number;
}

const DEFAULT_LIMITS: GateLimits = { maxDocumentBytes: MAX_DOCUMENT_BYTES, maxSections: MAX_SECTIONS_PER_POLICY, maxDepth: MAX_NESTING_DEPTH };

/** Garbage is 'hostile'; a well-formed change refused by a limit or a withdrawn right is not. */
const refuse = (close: CloseEvent, reason: string): UpdateDecision => ({
  kind: 'close',
  close,
  reason,
  hostile: close === CloseEvents.MalformedMessage || close === CloseEvents.InvalidUpdate,
});

/**
 * Every rule a client's document update must pass, in order: access (none closes, read drops),
 * the document size, the update's own validity, the limits of `updateRules.ts` and the guard's
 * schema and requirement rules. Nothing is applied here.
 */
export class UpdateGate {
  private readonly limits: GateLimits;

  constructor(
    private readonly guard?: UpdateGuard,
    limits: Partial<GateLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  decide({ access, update, room, connection, documentBytes }: GateInput): UpdateDecision {
    if (access === 'none') return refuse(CloseEvents.Unauthorized, 'session ended or access withdrawn');
    if (access === 'read') return { kind: 'drop', reason: 'read-only' };
    // Held-back updates (waiting for a dependency) count too: they take memory until they integrate.
    if (documentBytes + heldBackBytes(room.doc) + update.byteLength > this.limits.maxDocumentBytes) {
      return refuse(CloseEvents.DocumentTooLarge, 'document size limit reached');
    }
    try {
      // Decoding first rejects truncated or garbled updates before they touch the document.
      const decoded = Y.decodeUpdate(update);
      const broken = checkUpdate(room.doc, update, decoded, { maxSections: this.limits.maxSections, maxDepth: this.limits.maxDepth });
      if (broken) {
        return refuse(broken.rule === 'sections' ? CloseEvents.TooManySections : CloseEvents.InvalidUpdate, `update refused: ${broken.detail}`);
      }
      const inspection = this.guard?.inspect(room, connection, decoded) ?? null;
      if (inspection?.refuse) return refuse(inspection.close, `update refused: ${inspection.detail}`);
      return { kind: 'apply', update, repair: inspection?.structural ? inspection : null };
    } catch (error) {
      return refuse(CloseEvents.InvalidUpdate, `invalid update: ${errorMessage(error)}`);
    }
  }

  /** After an 'apply' decision was applied: the guard's repair step (fresh ids, owners of new sections). */
  repair(room: Room, connection: CollabConnection, inspection: AcceptedInspection): void {
    this.guard?.applied(room, connection, inspection);
  }

  /** When a room has loaded. */
  opened(room: Room): void {
    this.guard?.opened?.(room);
  }
}
