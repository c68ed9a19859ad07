import type { CloseEvent } from '../../shared/closeCodes';
import type { Identity } from './awarenessIdentity';

/**
 * What a room needs of a client's socket. `collabServer.ts` adapts a `ws` WebSocket to it;
 * unit tests use an in-memory one.
 */
export interface RoomSocket {
  /** Sends one binary frame; a closed socket drops it, a failed send ends the socket. */
  send(frame: Uint8Array): void;
  /** Closes with a code and reason from shared/closeCodes. */
  close(code: number, reason: string): void;
  /** Drops the connection at once, without a close handshake (a dead peer, a failed send). */
  terminate(): void;
}

/** What a person may do in a policy right now. */
export type Access = 'write' | 'read' | 'none';

export interface ConnectionInit {
  socket: RoomSocket;
  identity: Identity | null;
  readOnly: boolean;
  userId: string | null;
  admin?: boolean;
  checkAccess?: () => Access;
}

/** One person's socket in a room. It is also the transaction origin of the updates it sends. */
export class CollabConnection {
  readonly kind = 'connection';
  readonly socket: RoomSocket;
  /** Identity from the account; null for scripts without one. */
  identity: Identity | null;
  /** Viewers receive the document but none of their document updates are applied. */
  readOnly: boolean;
  /** Awareness client ids this connection has announced, removed when it leaves. */
  readonly awarenessIds = new Set<number>();
  readonly userId: string | null;
  /** Admins may delete any section; others only those their department owns. Refreshed with the access check. */
  admin: boolean;
  /**
   * Asks again what this connection may do, before each document update is applied, so a
   * role changed or a session ended while connected takes effect at once.
   */
  private readonly checkAccess: (() => Access) | undefined;

  constructor(init: ConnectionInit) {
    this.socket = init.socket;
    this.identity = init.identity;
    this.readOnly = init.readOnly;
    this.userId = init.userId;
    this.admin = init.admin ?? false;
    this.checkAccess = init.checkAccess;
  }

  /** Checks access again ('read' makes the connection read-only, as for viewers) and returns it. */
  refreshAccess(): Access {
    if (!this.checkAccess) return this.readOnly ? 'read' : 'write';
    const access = this.checkAccess();
    if (access !== 'none') this.readOnly = access === 'read';
    return access;
  }

  close(close: CloseEvent): void {
    this.socket.close(close.code, close.reason);
  }
}
