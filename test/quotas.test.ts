import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DatabaseFull } from '../shared/closeCodes';
import { DatabaseQuota } from '../server/services/policies';
import { databaseFile, openDatabase } from '../server/storage/database';
import { startTestServer, temporaryDataDir } from './support/accordServer';
import { connectClient, eventually, firstParagraphText, synced, typeInFirstSection, type TestClient } from './support/collabClient';
import { call, createPolicy, signUpAdmin, signUpInvited, type Session } from './support/session';
import { cleanupStack } from './support/cleanups';

/**
 * Quotas an operator sets (issue #15, item 8). The attack: one account creating policies
 * without end, or anyone filling the disk through the API and the WebSocket. Past a quota
 * the request is refused with a clear error and nothing partial is stored.
 */

type TestServer = Awaited<ReturnType<typeof startTestServer>>;
const cleanups = cleanupStack();

async function serve(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const server = await startTestServer(options);
  cleanups.push(() => server.close());
  return server;
}

/** Runs `read` on a connection of our own to the data folder's database (read-only unless `writable`). */
function withDatabase<T>(dataDir: string, read: (db: Database.Database) => T, writable = false): T {
  const db = new Database(databaseFile(dataDir), { readonly: !writable });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** The database's size as SQLite counts it (page_count × page_size). */
function databaseBytes(dataDir: string): number {
  return withDatabase(dataDir, (db) => (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number));
}

/** A data folder holding one policy made from a template by a new admin, with no server running on it. */
async function storedPolicy(title: string): Promise<{ dataDir: string; admin: Session; policyId: string }> {
  const dataDir = temporaryDataDir();
  const first = await startTestServer({ dataDir });
  const admin = await signUpAdmin(first.url);
  const policyId = await createPolicy(first.url, admin, { title, templateId: 'small-business' });
  await first.close();
  return { dataDir, admin, policyId };
}

function client(server: TestServer, policyId: string, session: Session): TestClient & { closes: number[] } {
  const connection = connectClient(server.url, policyId, { headers: { cookie: session.cookie } });
  const closes: number[] = [];
  connection.provider.on('connection-close', (event: { code: number } | null) => {
    if (event) closes.push(event.code);
  });
  cleanups.push(() => connection.destroy());
  return Object.assign(connection, { closes });
}

describe('policies per account (ACCORD_MAX_POLICIES_PER_ACCOUNT)', () => {
  it('refuses the policy past the limit with 403 and a clear message, creating nothing, even for requests sent at once', async () => {
    const server = await serve({ quotas: { policiesPerAccount: 3 } });
    const admin = await signUpAdmin(server.url);
    const editor = await signUpInvited(server.url, admin, 'marketing', 'editor', 'Mia Marketing');
    const attempts = 20;
    const answers = await Promise.all(
      Array.from({ length: attempts }, (_, index) => call(server.url, '/api/policies', { json: { title: `Flood ${index}`, templateId: 'small-business' }, cookie: editor.cookie })),
    );
    const statuses = answers.map((answer) => answer.status);
    const created = statuses.filter((status) => status === 201).length;
    const refused = answers.filter((answer) => answer.status === 403);
    console.log(`${attempts} concurrent policy creations by one account, limit 3: ${created} created, ${refused.length} refused (403); policies stored: ${server.policies.list().length}`);
    expect(created).toBe(3);
    expect(refused.length).toBe(attempts - 3);
    expect(refused[0]!.body.error).toMatch(/You have created 3 policies, the most one person may create here \(3\)/);
    expect(server.policies.list()).toHaveLength(3);
    // Nothing partial: no requirements or document rows of refused policies.
    const db = openDatabase(server.dataDir);
    cleanups.push(() => db.close());
    const orphans = db.prepare('SELECT COUNT(*) AS count FROM section_requirements WHERE policy_id NOT IN (SELECT id FROM policies)').get() as { count: number };
    const members = db.prepare('SELECT COUNT(*) AS count FROM policy_members').get() as { count: number };
    expect(orphans.count).toBe(0);
    expect(members.count).toBe(3);
    // Another person has a quota of their own.
    expect((await call(server.url, '/api/policies', { json: { title: 'Mine' }, cookie: admin.cookie })).status).toBe(201);
  });

  it('without the setting, there is no limit', async () => {
    const server = await serve();
    const admin = await signUpAdmin(server.url);
    for (let index = 0; index < 5; index += 1) await createPolicy(server.url, admin, { title: `Policy ${index}` });
    expect(server.policies.list()).toHaveLength(5);
  });
});

describe('database size (ACCORD_MAX_DATABASE_MB)', () => {
  it('past the limit, new policies get 507 and document updates close with 4507; nothing is stored, reading and signing in still work', async () => {
    const { dataDir, admin, policyId } = await storedPolicy('Kept');
    const size = databaseBytes(dataDir);

    // The same data under a limit it is already past.
    const server = await serve({ dataDir, quotas: { databaseBytes: size - 1 } });
    const refused = await call(server.url, '/api/policies', { json: { title: 'One too many' }, cookie: admin.cookie });
    expect(refused.status).toBe(507);
    expect(refused.body.error).toMatch(/storage limit its administrator set/);
    expect(server.policies.list()).toHaveLength(1);
    // Every other change is refused whole too: a sign-off, an inventory entry, a change of who signs.
    const section = (await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie })).body.sections[0];
    const signoff = await call(server.url, `/api/policies/${policyId}/sections/${section.id}/signoffs`, { json: { hash: section.hash }, cookie: admin.cookie });
    expect(signoff.status).toBe(507);
    expect((await call(server.url, `/api/policies/${policyId}/audit`, { cookie: admin.cookie })).body).toEqual([]);
    const inventory = await call(server.url, `/api/policies/${policyId}/inventory`, { json: { platform: 'instagram', account: '@kept', responsible: 'Ada' }, cookie: admin.cookie });
    expect(inventory.status).toBe(507);

    const before = server.rooms.withDocument(policyId, (doc) => firstParagraphText(doc, 0));
    const editor = client(server, policyId, admin);
    await synced(editor);
    typeInFirstSection(editor.doc, 'This must not be stored. ');
    await eventually(() => expect(editor.closes).toContain(DatabaseFull.code));
    console.log(`database at ${size} bytes, limit ${size - 1}: POST /api/policies ${refused.status}, WebSocket update closed ${editor.closes[0]}`);
    expect(server.rooms.withDocument(policyId, (doc) => firstParagraphText(doc, 0))).toBe(before);
    expect((await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie })).status).toBe(200);
    expect((await call(server.url, `/api/policies/${policyId}/export?format=md`, { cookie: admin.cookie })).status).toBe(200);
  });

  it('past the limit, reading a policy stores no reading of it either', async () => {
    const { dataDir, admin, policyId } = await storedPolicy('Read only');
    const readings = () => withDatabase(dataDir, (db) => db.prepare('SELECT reading FROM snapshots').all() as { reading: Buffer | null }[]);
    withDatabase(dataDir, (db) => db.prepare('UPDATE snapshots SET reading = NULL, reading_log_length = NULL').run(), true);
    const size = databaseBytes(dataDir);

    const server = await serve({ dataDir, quotas: { databaseBytes: size - 1 } });
    for (let read = 0; read < 2; read += 1) expect((await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie })).status).toBe(200);
    await server.close();
    expect(readings()).toEqual([{ reading: null }]);

    // Under no limit the same read keeps one.
    const unlimited = await serve({ dataDir });
    expect((await call(unlimited.url, `/api/policies/${policyId}`, { cookie: admin.cookie })).status).toBe(200);
    await unlimited.close();
    expect(readings()[0]!.reading).not.toBeNull();
  });

  it('an editor who fills the database is refused once it is past the limit (within about a second)', async () => {
    const server = await serve();
    const admin = await signUpAdmin(server.url);
    const policyId = await createPolicy(server.url, admin, { title: 'Filling', templateId: 'small-business' });
    // Same data, now with a limit 256 kB above what it holds.
    const dataDir = server.dataDir;
    await server.close();
    const size = databaseBytes(dataDir);
    const limited = await serve({ dataDir, quotas: { databaseBytes: size + 256 * 1024 } });
    const editor = client(limited, policyId, admin);
    await synced(editor);
    // Under the limit: stored.
    typeInFirstSection(editor.doc, 'x'.repeat(400 * 1024));
    await eventually(() => expect(limited.rooms.withDocument(policyId, (doc) => firstParagraphText(doc, 0).length)).toBeGreaterThan(400 * 1024));
    // Keep typing until the measured size catches up; then every update is refused.
    await eventually(
      async () => {
        typeInFirstSection(editor.doc, 'more ');
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(editor.closes).toContain(DatabaseFull.code);
      },
      15_000,
      50,
    );
    const measured = databaseBytes(dataDir);
    console.log(`limit ${size + 256 * 1024} bytes; database grew to ${measured} bytes; next update closed ${DatabaseFull.code}`);
    expect(measured).toBeGreaterThanOrEqual(size + 256 * 1024);
    expect((await call(limited.url, '/api/policies', { json: { title: 'Past it' }, cookie: admin.cookie })).status).toBe(507);
  });

  it('measures the size with two pragmas at most once a second, not on every keystroke', () => {
    const db = openDatabase(temporaryDataDir());
    cleanups.push(() => db.close());
    let pragmas = 0;
    const pragma = db.pragma.bind(db);
    db.pragma = ((source: string, options?: { simple?: boolean }) => {
      pragmas += 1;
      return pragma(source, options);
    }) as typeof db.pragma;
    let now = 0;
    const quota = new DatabaseQuota(db, 10 * 1024 * 1024, () => now);
    for (let keystroke = 0; keystroke < 1000; keystroke += 1) {
      quota.full();
      now += 1; // 1000 keystrokes in one second
    }
    expect(pragmas).toBe(2);
    now += 1000;
    quota.full();
    expect(pragmas).toBe(4);
    expect(quota.full()).toBe(false);
  });
});
