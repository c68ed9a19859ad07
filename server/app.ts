import express from 'express';
import helmet from 'helmet';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GoingAway } from '../shared/closeCodes';
import { MAX_REQUEST_BODY } from '../shared/limits';
import { readTitleFromYDoc } from '../shared/sections';
import { CollabServer } from './collab/collabServer';
import { Rooms } from './collab/rooms';
import { errorHandler, notFoundRoute } from './httpError';
import { createLogger, type Logger } from './logger';
import { policyRoutes } from './routes/policies';
import { PolicyService } from './services/policies';
import { openDatabase } from './storage/database';
import { SqliteDocumentStore } from './storage/documentStore';

export interface AccordOptions {
  /** Folder of the SQLite database. */
  dataDir: string;
  port?: number;
  host?: string;
  /** Folder of the built client; not served when missing. */
  clientDir?: string;
  logger?: Logger;
  /** How long an empty room stays loaded (ms). */
  roomGraceMs?: number;
}

export interface AccordServer {
  url: string;
  port: number;
  rooms: Rooms;
  policies: PolicyService;
  logger: Logger;
  close(): Promise<void>;
}

const defaultClientDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/client');

/** Starts Accord: REST API, WebSocket collaboration and the built client, on one port. */
export async function startAccord(options: AccordOptions): Promise<AccordServer> {
  const logger = options.logger ?? createLogger();
  const db = openDatabase(options.dataDir);
  const store = new SqliteDocumentStore(db);
  const rooms = new Rooms(store, logger, options.roomGraceMs);
  const policies = new PolicyService(db, store);

  const lastTitles = new Map<string, string>();
  rooms.onChange((room) => {
    const title = readTitleFromYDoc(room.doc);
    if (lastTitles.get(room.policyId) === title) return;
    lastTitles.set(room.policyId, title);
    if (title.trim()) policies.touch(room.policyId, title.trim());
  });

  const app = express();
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'connect-src': ["'self'", 'ws:', 'wss:'],
          'img-src': ["'self'", 'data:'],
          'style-src': ["'self'", "'unsafe-inline'"],
          'frame-ancestors': ["'none'"],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use('/api', express.json({ limit: MAX_REQUEST_BODY }));
  app.get('/api/health', (_request, response) => {
    response.json({ ok: true });
  });
  app.use('/api/policies', policyRoutes({ policies, rooms }));
  app.use('/api', notFoundRoute);

  const clientDir = options.clientDir ?? defaultClientDir;
  if (fs.existsSync(path.join(clientDir, 'index.html'))) {
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    app.get(/^\/(?!api\/|collab\/).*/, (_request, response) => {
      response.setHeader('Cache-Control', 'no-cache');
      response.sendFile(path.join(clientDir, 'index.html'));
    });
  } else {
    app.get('/', (_request, response) => {
      response.type('text').send('Accord server is running. Build the client with `npm run build` to serve it here.');
    });
  }
  app.use(errorHandler(logger));

  const server = http.createServer(app);
  const collab = new CollabServer({
    rooms,
    logger,
    policyExists: (id) => policies.exists(id),
    authenticate: () => ({ userId: null, identity: null, readOnly: false }),
  });
  server.on('upgrade', (request, socket, head) => {
    socket.on('error', () => socket.destroy());
    if (!collab.handleUpgrade(request, socket, head)) socket.destroy();
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info('server.listening', { url, dataDir: options.dataDir });

  let closing: Promise<void> | null = null;
  return {
    url,
    port: address.port,
    rooms,
    policies,
    logger,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        rooms.closeAll(GoingAway);
        collab.close();
        server.closeAllConnections();
      }).then(() => {
        db.close();
        logger.info('server.stopped');
      });
      return closing;
    },
  };
}
