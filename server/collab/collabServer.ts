import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import * as CloseEvents from '../../shared/closeCodes';
import { MAX_CLIENTS_PER_POLICY, MAX_MESSAGE_BYTES } from '../../shared/limits';
import { COLLAB_PATH, POLICY_ID_PATTERN } from '../../shared/protocol';
import type { Logger } from '../logger';
import type { Identity } from './awarenessIdentity';
import { CollabConnection, type Access, type RoomSocket } from './connection';
import { errorCode } from './errorDetails';
import { permissionDeniedFrame } from './protocol';
import { StorageUnavailableError, type Rooms } from './rooms';

/**
 * However quiet the accounts are, an open connection re-checks its session this often (ms).
 * Every change of access is pushed (`onAccessChange`, which also fires when a session runs out,
 * from the accounts' expiry timer) and bumps `accessVersion`, so this is only a backstop for a
 * change made to the database behind the server's back. At 5 s it cost a session lookup per
 * connection every 5 s, about 4% of the server's CPU per edit at 200 clients.
 */
const ACCESS_RECHECK_MS = 60_000;

/** Who is connecting, decided from the HTTP upgrade request before the socket is accepted. */
export interface CollabPrincipal {
  userId: string | null;
  identity: Identity | null;
  readOnly: boolean;
  /** Admins may delete any section. */
  admin?: boolean;
}

export interface CollabServerOptions {
  rooms: Rooms;
  logger: Logger;
  /** Whether this person may open this policy (it exists and is shared with them); otherwise UnknownPolicy. */
  mayOpen: (policyId: string, principal: CollabPrincipal) => boolean;
  /**
   * Decides who may connect. Returning a number refuses the upgrade with that HTTP status
   * (401 without a session, 403 for a foreign origin).
   */
  authenticate: (request: IncomingMessage) => CollabPrincipal | number;
  /** Grows whenever an account or session changes; open connections re-check their access then. */
  accessVersion?: () => number;
  /**
   * Subscribes to changes of a person's access (removed, role or department changed, session
   * ended or expired); their open connections are re-authorized at once. Returns an unsubscribe.
   */
  onAccessChange?: (listener: (userId: string) => void) => () => void;
  /** Whether an account still exists: a connection whose session ended is closed with Unauthorized, one whose account was removed with AccessChanged. */
  userExists?: (userId: string) => boolean;
  /** Interval of WebSocket pings that find dead connections. */
  heartbeatMs?: number;
}

/** The WebSocket side of Accord: `/collab/:policyId`, the y-websocket protocol, on the HTTP server's port. */
export class CollabServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private readonly heartbeat: NodeJS.Timeout;
  private readonly alive = new WeakSet<WebSocket>();
  /** Open connections per user, each with the function that checks its access again. */
  private readonly byUser = new Map<string, Set<() => void>>();
  private readonly stopWatchingAccess: (() => void) | undefined;

  constructor(private readonly options: CollabServerOptions) {
    this.stopWatchingAccess = options.onAccessChange?.((userId) => {
      for (const reauthorize of [...(this.byUser.get(userId) ?? [])]) reauthorize();
    });
    this.heartbeat = setInterval(() => {
      for (const socket of this.wss.clients) {
        if (!this.alive.has(socket)) {
          socket.terminate();
          continue;
        }
        this.alive.delete(socket);
        socket.ping();
      }
    }, options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  /**
   * Handles an HTTP upgrade; returns false when the path is not ours. Never throws: whatever
   * the request holds, it is answered (refused with an HTTP status, or accepted and closed
   * with a close code), so no upgrade request can take the server down.
   */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://localhost');
    } catch {
      return false;
    }
    if (!url.pathname.startsWith(COLLAB_PATH + '/')) return false;
    let principal: CollabPrincipal | number;
    try {
      principal = this.options.authenticate(request);
    } catch (error) {
      this.options.logger.error('collab.auth_failed', { error, code: errorCode(error) });
      refuseUpgrade(socket, 503, 'Service Unavailable', 'The server cannot reach its storage right now. Try again shortly.');
      return true;
    }
    if (typeof principal === 'number') {
      const text = principal === 401 ? 'Unauthorized' : 'Forbidden';
      this.options.logger.warn('collab.refused', { status: principal });
      refuseUpgrade(socket, principal, text, text);
      return true;
    }
    let policyId: string;
    try {
      policyId = decodeURIComponent(url.pathname.slice(COLLAB_PATH.length + 1));
    } catch {
      policyId = ''; // malformed percent-encoding: no policy has such an id
    }
    const accepted = principal;
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      try {
        this.accept(ws, policyId, accepted, request);
      } catch (error) {
        this.options.logger.error('collab.accept_failed', { policy: policyId, error });
        ws.close(CloseEvents.InternalError.code, CloseEvents.InternalError.reason);
      }
    });
    return true;
  }

  private accept(socket: WebSocket, policyId: string, principal: CollabPrincipal, request: IncomingMessage): void {
    const { rooms, logger } = this.options;
    const refuse = (close: CloseEvents.CloseEvent, fields: Record<string, unknown> = {}) => {
      logger.warn('collab.refused', { policy: policyId.slice(0, 80), user: principal.userId, close: close.code, reason: close.reason, ...fields });
      socket.close(close.code, close.reason);
    };
    let room;
    try {
      if (!POLICY_ID_PATTERN.test(policyId) || !this.options.mayOpen(policyId, principal)) {
        refuse(CloseEvents.UnknownPolicy);
        return;
      }
      room = rooms.open(policyId);
    } catch (error) {
      refuse(CloseEvents.StorageFailure, { error });
      if (!(error instanceof StorageUnavailableError)) logger.error('collab.open_failed', { policy: policyId, error });
      return;
    }
    if (room.connections.size >= MAX_CLIENTS_PER_POLICY) {
      refuse(CloseEvents.RoomFull, { limit: MAX_CLIENTS_PER_POLICY });
      rooms.release(room);
      return;
    }
    const access: { version: number; checkedAt: number; result: Access } = {
      version: this.options.accessVersion?.() ?? 0,
      checkedAt: Date.now(),
      result: principal.readOnly ? 'read' : 'write',
    };
    const connection: CollabConnection = new CollabConnection({
      socket: roomSocket(socket),
      identity: principal.identity,
      readOnly: principal.readOnly,
      userId: principal.userId,
      admin: principal.admin ?? false,
      // The session and role are read again before each document update (one indexed lookup).
      checkAccess: (): Access => {
        // Asking the database on every keystroke is costly; ask again when any account, session or
        // sharing changed (expiry included), and once a minute as a backstop.
        const version = this.options.accessVersion?.() ?? 0;
        const now = Date.now();
        if (access.version === version && now - access.checkedAt < ACCESS_RECHECK_MS) return access.result;
        try {
          const fresh = this.options.authenticate(request);
          const result = typeof fresh === 'number' || fresh.userId !== principal.userId || !this.options.mayOpen(policyId, fresh) ? 'none' : fresh.readOnly ? 'read' : 'write';
          Object.assign(access, { version, checkedAt: now, result });
          // A new department or role decides what this person may delete and whose the sections they create are.
          if (typeof fresh !== 'number') {
            connection.admin = fresh.admin ?? false;
            if (fresh.identity) connection.identity = fresh.identity;
          }
          return result;
        } catch {
          // Storage cannot be read: keep what was decided at connection; the write itself will tell.
          return connection.readOnly ? 'read' : 'write';
        }
      },
    });
    // Told that this person's access changed: decide again now, without waiting for their next update.
    const reauthorize = () => {
      let fresh: CollabPrincipal | number;
      try {
        fresh = this.options.authenticate(request);
      } catch (error) {
        logger.warn('collab.reauth_failed', { policy: policyId, user: principal.userId, error });
        return;
      }
      if (typeof fresh === 'number' || fresh.userId !== principal.userId || !this.options.mayOpen(policyId, fresh)) {
        // Signed out or expired: "sign in again"; removed, or refused for another reason: "your access changed".
        const sessionEnded = fresh === 401 && principal.userId !== null && (this.options.userExists?.(principal.userId) ?? false);
        const close = sessionEnded ? CloseEvents.Unauthorized : CloseEvents.AccessChanged;
        logger.info('collab.access_ended', { policy: policyId, user: principal.userId, close: close.code });
        socket.close(close.code, close.reason);
        // Nothing more reaches them, even before their client answers the close.
        room.removeConnection(connection);
        return;
      }
      const result = fresh.readOnly ? 'read' : 'write';
      const before = { readOnly: connection.readOnly, admin: connection.admin ?? false, department: connection.identity?.department };
      Object.assign(access, { version: this.options.accessVersion?.() ?? 0, checkedAt: Date.now(), result });
      connection.readOnly = fresh.readOnly;
      connection.admin = fresh.admin ?? false;
      if (fresh.identity) connection.identity = fresh.identity;
      if (before.readOnly !== connection.readOnly || before.admin !== connection.admin || before.department !== connection.identity?.department) {
        // The connection stays (a viewer still reads); the page is told so it asks /api/me what it may do now.
        connection.socket.send(permissionDeniedFrame(CloseEvents.AccessChanged.reason));
        logger.info('collab.access_changed', { policy: policyId, user: principal.userId, readOnly: connection.readOnly });
      }
    };
    if (principal.userId !== null) {
      const set = this.byUser.get(principal.userId) ?? new Set();
      set.add(reauthorize);
      this.byUser.set(principal.userId, set);
    }
    socket.binaryType = 'nodebuffer';
    this.alive.add(socket);
    socket.on('pong', () => this.alive.add(socket));
    socket.on('message', (data: Buffer, isBinary) => {
      this.alive.add(socket);
      if (!isBinary && data.length === 0) return;
      try {
        room.handleMessage(connection, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      } catch (error) {
        // handleMessage answers bad input itself; this is a bug, not the client's fault. Keep serving the others.
        logger.error('collab.message_failed', { policy: policyId, user: principal.userId, error, stack: error instanceof Error ? error.stack : undefined });
        socket.close(CloseEvents.InternalError.code, CloseEvents.InternalError.reason);
      }
    });
    socket.on('error', (error) => {
      logger.warn('collab.socket_error', { policy: policyId, error });
    });
    socket.on('close', (code, reason) => {
      if (principal.userId !== null) {
        const set = this.byUser.get(principal.userId);
        set?.delete(reauthorize);
        if (set?.size === 0) this.byUser.delete(principal.userId);
      }
      room.removeConnection(connection);
      rooms.release(room);
      logger.info('collab.closed', { policy: policyId, user: principal.userId, code, reason: reason.toString() });
    });
    room.addConnection(connection);
    logger.info('collab.connected', { policy: policyId, user: principal.userId, readOnly: principal.readOnly });
  }

  get connectionCount(): number {
    return this.wss.clients.size;
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.stopWatchingAccess?.();
    for (const socket of this.wss.clients) socket.close(CloseEvents.GoingAway.code, CloseEvents.GoingAway.reason);
    this.wss.close();
  }
}

/** A `ws` WebSocket as a room sees it: frames to a closed socket are dropped, a failed send ends the socket. */
function roomSocket(socket: WebSocket): RoomSocket {
  return {
    send(frame) {
      if (socket.readyState !== socket.OPEN) return;
      socket.send(frame, (error) => {
        if (error) socket.terminate();
      });
    },
    close(code, reason) {
      socket.close(code, reason);
    },
    terminate() {
      socket.terminate();
    },
  };
}

/** Answers an upgrade request with an HTTP error and a JSON body, then closes the socket. */
function refuseUpgrade(socket: Duplex, status: number, statusText: string, message: string): void {
  const body = JSON.stringify({ error: message });
  socket.end(`HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}
