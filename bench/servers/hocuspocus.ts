/** Hocuspocus 4 with its defaults, documents in memory, on loopback. */
import { Server } from '@hocuspocus/server';
import { documentMarkerIds, HOST, type InspectResult } from '../shared';
import { serveBench } from './serverProcess';

await serveBench(async () => {
  const server = new Server({ port: 0, address: HOST, quiet: true, stopOnSignals: false });
  await server.listen();

  return {
    url: `http://${HOST}:${server.address.port}`,
    openDocs: () => server.hocuspocus.getDocumentsCount(),
    async inspect(rooms: string[]): Promise<InspectResult> {
      const result: InspectResult = { rooms: {} };
      for (const name of rooms) {
        const doc = server.hocuspocus.documents.get(name);
        result.rooms[name] = doc ? { markers: documentMarkerIds(doc), fromDisk: false } : null;
      }
      return result;
    },
    close: () => server.destroy(),
  };
});
