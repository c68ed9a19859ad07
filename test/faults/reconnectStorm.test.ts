import fs from 'node:fs';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { MAX_CLIENTS_PER_POLICY } from '../../shared/limits';
import { temporaryDataDir } from '../support/accordServer';
import { freePort, startChildServer, type ChildServer } from '../support/childServer';
import { call, createPolicy, signUpAdmin } from '../support/session';
import { allText, faultClient, figure, HEAVY, markerCounts, SEED, seededRandom, storedDoc, typeInto, waitFor, whenSynced, type FaultClient } from './support/faultKit';
import { cleanupStack } from '../support/cleanups';

const cleanups = cleanupStack();

const CLIENTS = 200;
/** Default: 200 people over 4 policies. Heavy: all 200 in one policy (the per-policy limit) and three restarts. */
const POLICIES = HEAVY ? 1 : 4;
const RESTARTS = HEAVY ? 3 : 1;
/** Reconnect back-off of the clients: full jitter, ceiling doubling from 100 ms up to 1 s. */
const BACKOFF = { baseMs: 100, maxMs: 1_000 };
/** Everyone must be back and synced this soon after the new server is listening. */
const RECONNECT_BOUND_MS = 15_000;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

describe('reconnect storm: the server restarts under 200 connected clients', () => {
  it(
    'all reconnect within a bounded time, nobody gets the document twice, the server stays up',
    async () => {
      expect(CLIENTS / POLICIES).toBeLessThanOrEqual(MAX_CLIENTS_PER_POLICY);
      const dataDir = temporaryDataDir('accord-storm-');
      cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
      const port = await freePort();
      let server: ChildServer = await startChildServer(dataDir, {}, { port });
      cleanups.push(() => server.kill());
      const admin = await signUpAdmin(server.url);
      const policyIds: string[] = [];
      for (let index = 0; index < POLICIES; index += 1) {
        policyIds.push(await createPolicy(server.url, admin, { title: `Storm ${index}`, templateId: 'corporate-enterprise', organization: 'Acme' }));
      }

      const clients: FaultClient[] = [];
      for (let index = 0; index < CLIENTS; index += 1) {
        const client = faultClient(server.url, policyIds[index % POLICIES]!, admin.cookie, { name: `s${index}`, random: seededRandom(SEED + 7 * index), ...BACKOFF });
        clients.push(client);
        cleanups.push(() => client.destroy());
      }
      await Promise.all(clients.map((client) => whenSynced(client, 30_000)));
      const policyOf = (index: number) => policyIds[index % POLICIES]!;

      const reconnectTimes: number[] = [];
      const spreads: number[] = [];
      const attemptsWhileDown: number[] = [];
      let offlineEdits = 0;
      for (let restart = 0; restart < RESTARTS; restart += 1) {
        const connectionsBefore = clients.map((client) => client.connections);
        const graceful = restart % 2 === 0;
        if (graceful) expect(await server.stop()).toBe(0);
        else await server.kill();

        // While the server is down, every tenth person keeps typing.
        clients.forEach((client, index) => {
          if (index % 10 === restart % 10) {
            typeInto(client.doc, 1, `⟦storm${restart}-s${index}⟧ `);
            offlineEdits += 1;
          }
        });

        const attempts = { during: 0 };
        const countAttempt = ({ status }: { status: string }) => {
          if (status === 'connecting') attempts.during += 1;
        };
        clients.forEach((client) => client.provider.on('status', countAttempt));
        server = await startChildServer(dataDir, {}, { port });
        const listeningAt = Date.now();
        clients.forEach((client) => client.provider.off('status', countAttempt));
        attemptsWhileDown.push(attempts.during);
        const backAt = new Array<number>(CLIENTS).fill(0);
        await waitFor(
          () => {
            clients.forEach((client, index) => {
              if (!backAt[index] && client.connections > connectionsBefore[index]! && client.provider.synced) backAt[index] = Date.now();
            });
            return backAt.every(Boolean);
          },
          RECONNECT_BOUND_MS,
          `all ${CLIENTS} clients reconnect after restart ${restart}`,
          10,
        );
        const times = backAt.map((at) => at - listeningAt);
        reconnectTimes.push(...times);
        spreads.push(Math.max(...times) - Math.min(...times));

        const health = await call(server.url, '/api/health');
        expect(health.status).toBe(200);
        expect(server.process.exitCode).toBeNull();
      }

      // Converged: every client holds exactly the stored document, and each offline edit appears once.
      for (const [index, policyId] of policyIds.entries()) {
        const members = clients.filter((_client, member) => policyOf(member) === policyId);
        let stored = storedDoc(dataDir, policyId);
        await waitFor(
          () => {
            stored.destroy();
            stored = storedDoc(dataDir, policyId);
            const xml = stored.getXmlFragment('default').toString();
            return members.every((client) => client.text() === xml);
          },
          20_000,
          `clients of policy ${index} converge`,
        );
        const counts = markerCounts(allText(stored));
        for (const [marker, count] of counts) expect(count, `${marker} appears once`).toBe(1);
        for (const client of members) expect(markerCounts(allText(client.doc))).toEqual(counts);

        // Receiving the whole document again changes nothing: Yjs applies each update once.
        const probe = members[0]!;
        const xmlBefore = probe.text();
        let changes = 0;
        const count = () => (changes += 1);
        probe.doc.on('update', count);
        Y.applyUpdate(probe.doc, Y.encodeStateAsUpdate(stored));
        Y.applyUpdate(probe.doc, Y.encodeStateAsUpdate(stored));
        probe.doc.off('update', count);
        expect(changes).toBe(0);
        expect(probe.text()).toBe(xmlBefore);
        stored.destroy();
      }
      expect(offlineEdits).toBeGreaterThan(0);

      // The server's own log: how the herd arrived (connections per 100 ms at the busiest moment).
      const connectedAt = server
        .output()
        .split('\n')
        .filter((line) => line.includes('"collab.connected"'))
        .map((line) => Date.parse(JSON.parse(line).time as string));
      const perWindow = new Map<number, number>();
      for (const at of connectedAt) perWindow.set(Math.floor(at / 100), (perWindow.get(Math.floor(at / 100)) ?? 0) + 1);

      figure('reconnect storm', {
        clients: CLIENTS,
        policies: POLICIES,
        restarts: RESTARTS,
        backoff: BACKOFF,
        reconnectMs: { p50: percentile(reconnectTimes, 50), p95: percentile(reconnectTimes, 95), max: Math.max(...reconnectTimes) },
        spreadMs: spreads,
        connectAttemptsWhileDown: attemptsWhileDown,
        busiest100msConnections: Math.max(...perWindow.values()),
        offlineEditsMerged: offlineEdits,
        duplicated: 0,
      });
      expect(Math.max(...reconnectTimes)).toBeLessThan(RECONNECT_BOUND_MS);
    },
    HEAVY ? 300_000 : 90_000,
  );
});
