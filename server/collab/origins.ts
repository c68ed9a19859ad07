import { CollabConnection } from './connection';

/**
 * Transaction origins: every change to a room's document says where it came from, so the room
 * knows whether to store it, whom to relay it to and whose change to record it as.
 */

/** Updates replayed from storage while a room loads: already stored, never written again. */
export class LoadOrigin {
  readonly kind = 'load';
}

/** The one load origin. */
export const LOAD_ORIGIN = new LoadOrigin();

/** Why the server itself changed a document. */
export type ServerChangeReason =
  /** The owner and approvers mirror after `PUT .../requirements`. */
  | 'requirements'
  /** Repair after a structural update, or when a room opens. */
  | 'repair'
  /** The start-up upgrade of old policies. */
  | 'migration'
  /** A REST write into the document, such as an inventory entry. */
  | 'inventory'
  /** A comment thread's mark, added or removed through the comments API. */
  | 'comments'
  /** Placeholder values filled in through `PUT .../placeholders`. */
  | 'placeholders';

/**
 * The origin of a change the server itself makes to a room's document: the mirror of owners and
 * approvers after a REST call, a repair after a structural update, a REST write. `userId` is the
 * account whose action caused the change; it is recorded as the change's author.
 */
export class ServerOrigin {
  readonly kind = 'server';

  constructor(
    readonly reason: ServerChangeReason,
    readonly userId: string | null,
  ) {}
}

/**
 * Every origin a room's document sees. A client's update has its connection as origin;
 * `null` is a write that named no origin (nobody's account is recorded for it).
 */
export type TransactionOrigin = LoadOrigin | ServerOrigin | CollabConnection | null;

/** The typed origin of a Yjs transaction; anything the server does not know is treated as `null`. */
export function transactionOrigin(origin: unknown): TransactionOrigin {
  if (origin instanceof LoadOrigin || origin instanceof ServerOrigin || origin instanceof CollabConnection) return origin;
  return null;
}

/** The account behind a change, recorded as its author; null when no account made it. */
export function originAccount(origin: TransactionOrigin): string | null {
  if (origin === null) return null;
  switch (origin.kind) {
    case 'load':
      return null;
    case 'server':
    case 'connection':
      return origin.userId;
  }
}

/** The connection a change came from, which is not sent its own change back. */
export function originConnection(origin: TransactionOrigin): CollabConnection | null {
  return origin instanceof CollabConnection ? origin : null;
}
