import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { temporaryDataDir } from '../support/accordServer';
import { freePort, startChildServer, type ChildServer } from '../support/childServer';
import { call, createPolicy, signUpAdmin, signUpInvited, type Session } from '../support/session';
import { allText, faultClient, integrityCheck, figure, HEAVY, markerCounts, randomInt, SEED, seededRandom, sleep, storedDoc, typeInto, waitFor, whenSynced, type FaultClient } from './support/faultKit';
import { cleanupStack } from '../support/cleanups';

const cleanups = cleanupStack();

const ROUNDS = HEAVY ? 24 : 3;
const CLIENTS = 20;
const POLICIES = 4;

/** The author of a marker ⟦c7-12⟧ is client 7. */
const authorOf = (marker: string) => Number(/^⟦c(\d+)-/.exec(marker)![1]);

describe('crash: SIGKILL at random moments while 20 people edit', () => {
  it(
    `loses no relayed edit over ${ROUNDS} kill/restart rounds; clients converge; sign-offs and audit intact`,
    async () => {
      const random = seededRandom(SEED);
      const dataDir = temporaryDataDir('accord-crash-');
      cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
      const port = await freePort();
      let server: ChildServer = await startChildServer(dataDir, {}, { port });
      cleanups.push(() => server.kill());

      const admin = await signUpAdmin(server.url);
      const marketing = await signUpInvited(server.url, admin, 'marketing');
      const hr = await signUpInvited(server.url, admin, 'hr');
      const sessions: Session[] = [admin, marketing, hr];
      const policyIds: string[] = [];
      for (let index = 0; index < POLICIES; index += 1) {
        policyIds.push(await createPolicy(server.url, admin, { title: `Crash policy ${index}`, templateId: 'small-business', organization: 'Acme' }));
      }

      // A sign-off before any crash: marketing and HR endorse section 0 of the first policy.
      const signed = policyIds[0]!;
      const before = await call(server.url, `/api/policies/${signed}`, { cookie: admin.cookie });
      const section = before.body.sections[0];
      expect([section.owner, ...section.approvers].sort()).toEqual(['hr', 'marketing']);
      for (const signer of [marketing, hr]) {
        const response = await call(server.url, `/api/policies/${signed}/sections/${section.id}/signoffs`, { json: { hash: section.hash, comment: 'Before the crashes' }, cookie: signer.cookie });
        expect(response.status).toBe(201);
      }
      const auditBefore = (await call(server.url, `/api/policies/${signed}/audit`, { cookie: admin.cookie })).body;
      const stateBefore = (await call(server.url, `/api/policies/${signed}`, { cookie: admin.cookie })).body;
      expect(auditBefore).toHaveLength(2);

      const clients: FaultClient[] = [];
      const policyOf: string[] = [];
      for (let index = 0; index < CLIENTS; index += 1) {
        const policyId = policyIds[index % POLICIES]!;
        policyOf.push(policyId);
        const client = faultClient(server.url, policyId, sessions[index % sessions.length]!.cookie, { name: `c${index}`, random: seededRandom(SEED + index + 1) });
        clients.push(client);
        cleanups.push(() => client.destroy());
      }
      await Promise.all(clients.map((client) => whenSynced(client)));

      // Everyone types markers ⟦c<client>-<n>⟧ into sections other than the signed one, on their own seeded rhythm.
      const typed = clients.map(() => 0);
      let typing = true;
      const typists = clients.map(async (client, index) => {
        const rhythm = seededRandom(SEED * 31 + index);
        const sections = 1 + randomInt(rhythm, 0, 4);
        while (typing) {
          typeInto(client.doc, 1 + ((sections + typed[index]!) % 5), `⟦c${index}-${typed[index]}⟧ `);
          typed[index]! += 1;
          await sleep(randomInt(rhythm, 40, 200));
        }
      });

      let receivedChecked = 0;
      for (let round = 0; round < ROUNDS; round += 1) {
        await sleep(randomInt(random, 150, 1200));
        await server.kill();

        // Every edit a client received from the server (another author's marker) must already be on disk.
        for (const policyId of policyIds) {
          const stored = storedDoc(dataDir, policyId);
          const onDisk = markerCounts(allText(stored));
          stored.destroy();
          for (const [marker, count] of onDisk) expect(count, `${marker} stored once`).toBe(1);
          clients.forEach((client, index) => {
            if (policyOf[index] !== policyId) return;
            for (const marker of markerCounts(allText(client.doc)).keys()) {
              if (authorOf(marker) === index) continue;
              expect(onDisk.has(marker), `round ${round}: ${marker}, received by c${index}, is on disk`).toBe(true);
              receivedChecked += 1;
            }
          });
        }

        server = await startChildServer(dataDir, {}, { port });
        await Promise.all(clients.map((client) => whenSynced(client, 20_000)));
      }

      typing = false;
      await Promise.all(typists);

      // Everyone converges on what is stored, and every marker anyone typed is there exactly once.
      const totalTyped = typed.reduce((sum, count) => sum + count, 0);
      for (const policyId of policyIds) {
        const members = clients.filter((_client, index) => policyOf[index] === policyId);
        await waitFor(
          () => {
            const stored = storedDoc(dataDir, policyId);
            const xml = stored.getXmlFragment('default').toString();
            stored.destroy();
            return members.every((client) => client.text() === xml);
          },
          20_000,
          `clients of ${policyId} converge on the stored document`,
        );
        const stored = storedDoc(dataDir, policyId);
        const onDisk = markerCounts(allText(stored));
        stored.destroy();
        clients.forEach((_client, index) => {
          if (policyOf[index] !== policyId) return;
          for (let n = 0; n < typed[index]!; n += 1) expect(onDisk.get(`⟦c${index}-${n}⟧`), `⟦c${index}-${n}⟧ stored once`).toBe(1);
        });
      }

      const auditAfter = (await call(server.url, `/api/policies/${signed}/audit`, { cookie: admin.cookie })).body;
      const stateAfter = (await call(server.url, `/api/policies/${signed}`, { cookie: admin.cookie })).body;
      expect(auditAfter).toEqual(auditBefore);
      expect(stateAfter.sections[0]).toMatchObject({ id: section.id, hash: section.hash, status: stateBefore.sections[0].status, signoffs: stateBefore.sections[0].signoffs });
      expect(stateAfter.sections[0].signoffs.filter((signoff: { valid: boolean }) => signoff.valid)).toHaveLength(2);
      expect(integrityCheck(dataDir)).toBe('ok');

      figure('crash', { rounds: ROUNDS, clients: CLIENTS, policies: POLICIES, editsTyped: totalTyped, receivedEditsCheckedOnDisk: receivedChecked, lost: 0 });
    },
    HEAVY ? 600_000 : 60_000,
  );
});
