/**
 * The reference server: @y/websocket-server's own setupWSConnection on a plain http + ws
 * server, documents in memory, exactly as its bundled server.js runs it (but on loopback).
 * With BENCH_REFERENCE_PERSISTENCE=1 (`npm run bench -- --reference-persistence`) it also keeps
 * every update with its own built-in persistence (YPERSISTENCE: y-leveldb in a temporary
 * folder, each update written after it is relayed), for a peer that keeps what it is sent.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { documentMarkerIds, HOST, type InspectResult } from '../shared';
import { serveBench } from './serverProcess';

// The package reads YPERSISTENCE when it is first imported, so it is set before that import.
const persistenceDir = process.env.BENCH_REFERENCE_PERSISTENCE === '1' ? fs.mkdtempSync(path.join(os.tmpdir(), 'reference-leveldb-')) : null;
if (persistenceDir) process.env.YPERSISTENCE = persistenceDir;
const { docs, getPersistence, setupWSConnection } = await import('@y/websocket-server/utils');

await serveBench(async () => {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/plain' });
    response.end('okay');
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, (ws) => setupWSConnection(ws, request));
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${HOST}:${port}`,
    openDocs: () => docs.size,
    async inspect(rooms: string[]): Promise<InspectResult> {
      const result: InspectResult = { rooms: {} };
      for (const name of rooms) {
        const doc = docs.get(name);
        result.rooms[name] = doc ? { markers: documentMarkerIds(doc), fromDisk: false } : null;
      }
      return result;
    },
    // Without persistence the reference server keeps every document forever; between steps
    // the benchmark drops the ones nobody uses, as Accord and Hocuspocus do themselves.
    cleanup() {
      for (const [name, doc] of docs) {
        if (doc.conns.size > 0) continue;
        docs.delete(name);
        doc.destroy();
      }
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (persistenceDir) {
        await (getPersistence() as { provider: { destroy(): Promise<void> } } | null)?.provider.destroy();
        fs.rmSync(persistenceDir, { recursive: true, force: true });
      }
    },
  };
});
