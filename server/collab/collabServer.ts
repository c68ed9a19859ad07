import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import * as CloseEvents from '../../shared/closeCodes';
import { MAX_CLIENTS_PER_POLICY, MAX_MESSAGE_BYTES } from '../../shared/limits';
import { COLLAB_PATH, POLICY_ID_PATTERN } from '../../shared/protocol';
import type { Logger } from '../logger';
import type { Identity } from './awarenessIdentity';
import type { CollabConnection } from './room';
import type { Rooms } from './rooms';

/** Who is connecting, decided from the HTTP upgrade request before the socket is accepted. */
export interface CollabPrincipal {
  userId: string | null;
  identity: Identity | null;
  readOnly: boolean;
}

export interface CollabServerOptions {
  rooms: Rooms;
  logger: Logger;
  policyExists: (policyId: string) => boolean;
  /**
   * Decides who may connect. Returning a number refuses the upgrade with that HTTP status
   * (401 without a session, 403 for a foreign origin).
   */
  authenticate: (request: IncomingMessage) => CollabPrincipal | number;
  /** Interval of WebSocket pings that find dead connections. */
  heartbeatMs?: number;
}

/** The WebSocket side of Accord: `/collab/:policyId`, the y-websocket protocol, on the HTTP server's port. */
export class CollabServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private readonly heartbeat: NodeJS.Timeout;
  private readonly alive = new WeakSet<WebSocket>();

  constructor(private readonly options: CollabServerOptions) {
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

  /** Handles an HTTP upgrade; returns false when the path is not ours. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(COLLAB_PATH + '/')) return false;
    const principal = this.options.authenticate(request);
    if (typeof principal === 'number') {
      const text = principal === 401 ? 'Unauthorized' : 'Forbidden';
      socket.end(`HTTP/1.1 ${principal} ${text}\r\nConnection: close\r\nContent-Type: application/json\r\n\r\n{"error":"${text}"}`);
      return true;
    }
    const policyId = decodeURIComponent(url.pathname.slice(COLLAB_PATH.length + 1));
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, policyId, principal));
    return true;
  }

  private accept(socket: WebSocket, policyId: string, principal: CollabPrincipal): void {
    const { rooms, logger } = this.options;
    if (!POLICY_ID_PATTERN.test(policyId) || !this.options.policyExists(policyId)) {
      socket.close(CloseEvents.UnknownPolicy.code, CloseEvents.UnknownPolicy.reason);
      return;
    }
    const room = rooms.open(policyId);
    if (room.connections.size >= MAX_CLIENTS_PER_POLICY) {
      socket.close(CloseEvents.RoomFull.code, CloseEvents.RoomFull.reason);
      rooms.release(room);
      return;
    }
    const connection: CollabConnection = {
      socket,
      identity: principal.identity,
      readOnly: principal.readOnly,
      awarenessIds: new Set(),
      userId: principal.userId,
    };
    socket.binaryType = 'nodebuffer';
    this.alive.add(socket);
    socket.on('pong', () => this.alive.add(socket));
    socket.on('message', (data: Buffer, isBinary) => {
      this.alive.add(socket);
      if (!isBinary && data.length === 0) return;
      room.handleMessage(connection, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    });
    socket.on('error', (error) => {
      logger.warn('collab.socket_error', { policy: policyId, error: error.message });
    });
    socket.on('close', (code, reason) => {
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
    for (const socket of this.wss.clients) socket.close(CloseEvents.GoingAway.code, CloseEvents.GoingAway.reason);
    this.wss.close();
  }
}
