/**
 * The reference server: @y/websocket-server's own setupWSConnection on a plain http + ws
 * server, documents in memory, exactly as its bundled server.js runs it (but on loopback).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { docs, setupWSConnection } from '@y/websocket-server/utils';
import { documentMarkerIds, HOST, type InspectResult } from '../shared';
import { serveBench } from './serverProcess';

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
    },
  };
});
