import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { temporaryDataDir } from '../support/accordServer';
import { freePort, startChildServer, type ChildServer } from '../support/childServer';
import { call, createPolicy, signUpAdmin } from '../support/session';
import { allText, faultClient, figure, markerCounts, sleep, storedDoc, typeInto, waitFor, whenSynced, type FaultClient } from './support/faultKit';
import { cleanupStack } from '../support/cleanups';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cleanups = cleanupStack();

/** `npm run backup -- <file>` is `tsx server/backup.ts <file>`; run the same thing. */
function runBackup(dataDir: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/backup.ts'), ...args], { cwd: root, env: { ...process.env, ACCORD_DATA: dataDir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run backup', () => {
  it('copies the database consistently while the server writes; the copy restores', async () => {
    const dataDir = temporaryDataDir('accord-backup-');
    const backups = temporaryDataDir('accord-backups-');
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }), () => fs.rmSync(backups, { recursive: true, force: true }));
    const port = await freePort();
    let server: ChildServer = await startChildServer(dataDir, {}, { port });
    cleanups.push(() => server.kill());
    const admin = await signUpAdmin(server.url);
    const policyIds: string[] = [];
    for (let index = 0; index < 3; index += 1) policyIds.push(await createPolicy(server.url, admin, { title: `Backed up ${index}`, templateId: 'nonprofit-charity', organization: 'Acme' }));
    const section = (await call(server.url, `/api/policies/${policyIds[0]}`, { cookie: admin.cookie })).body.sections[0];
    const signer = await call(server.url, `/api/policies/${policyIds[0]}/sections/${section.id}/signoffs`, { json: { hash: section.hash }, cookie: admin.cookie });

    // People keep typing all through the backup.
    const clients: FaultClient[] = policyIds.map((policyId, index) => faultClient(server.url, policyId, admin.cookie, { name: `b${index}` }));
    clients.forEach((client) => cleanups.push(() => client.destroy()));
    await Promise.all(clients.map((client) => whenSynced(client)));
    let typing = true;
    let typed = 0;
    const typists = clients.map(async (client, index) => {
      while (typing) {
        typeInto(client.doc, 2, `⟦b${index}-${typed++}⟧ `);
        await sleep(5);
      }
    });
    await waitFor(() => allText(storedDoc(dataDir, policyIds[0]!)).includes('⟦b0-'), 5_000, 'typing reaches the disk');
    const markersBefore = policyIds.map((policyId) => new Set(markerCounts(allText(storedDoc(dataDir, policyId))).keys()));

    const file = path.join(backups, 'nightly', 'accord-backup.db');
    const result = await runBackup(dataDir, [file]);
    typing = false;
    await Promise.all(typists);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({ event: 'backup.done', file, policies: 3, users: 1 });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['accord-backup.db']); // no half-written leftovers

    // The copy is whole: integrity, every policy, and each document loads with what was stored before the backup began.
    const copy = new Database(file, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((copy.prepare('SELECT COUNT(*) AS count FROM policies').get() as { count: number }).count).toBe(3);
    expect((copy.prepare('SELECT COUNT(*) AS count FROM signoff_events').get() as { count: number }).count).toBe(signer.status === 201 ? 1 : 0);
    copy.close();
    const copyDir = temporaryDataDir('accord-restored-');
    cleanups.push(() => fs.rmSync(copyDir, { recursive: true, force: true }));
    fs.copyFileSync(file, path.join(copyDir, 'accord.db'));
    let checked = 0;
    policyIds.forEach((policyId, index) => {
      const restored = markerCounts(allText(storedDoc(copyDir, policyId)));
      for (const marker of markersBefore[index]!) expect(restored.get(marker), marker).toBe(1);
      checked += restored.size;
    });

    // Refuses to overwrite, and says how not to.
    const again = await runBackup(dataDir, [file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists.*--force/);
    expect((await runBackup(dataDir, [])).code).toBe(2);

    // Restore as the README says: stop, replace accord.db (and drop -wal/-shm), start.
    expect(await server.stop()).toBe(0);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(dataDir, `accord.db${suffix}`), { force: true });
    fs.copyFileSync(file, path.join(dataDir, 'accord.db'));
    server = await startChildServer(dataDir, {}, { port });
    const list = await call(server.url, '/api/policies', { cookie: admin.cookie });
    expect(list.status).toBe(200);
    expect(list.body.map((policy: { id: string }) => policy.id).sort()).toEqual([...policyIds].sort());
    const audit = await call(server.url, `/api/policies/${policyIds[0]}/audit`, { cookie: admin.cookie });
    expect(audit.body).toHaveLength(signer.status === 201 ? 1 : 0);
    figure('backup', { bytes: summary.bytes, policies: summary.policies, markersInCopy: checked, editsTypedDuringBackup: typed, restored: true });
  }, 60_000);
});
