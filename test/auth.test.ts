import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountService } from '../server/services/accounts';
import { openDatabase } from '../server/storage/database';
import { personColor } from '../shared/personColor';
import { startTestServer, temporaryDataDir } from './support/accordServer';
import { connectClient, eventually, firstParagraphText, synced, typeInFirstSection, upgradeStatus, type TestClient } from './support/collabClient';
import { ManualClock } from './support/manualClock';
import { cleanupStack } from './support/cleanups';
import {
  call,
  createInvite,
  createPolicy,
  login,
  sessionCookieOf,
  sessionToken,
  signUpAdmin,
  signUpInvited,
  type Session,
} from './support/session';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

const PASSWORD = 'correct horse battery';
const WRONG_CREDENTIALS = 'Email or password is incorrect';

const cleanups = cleanupStack();

/** Every key anywhere in a JSON value. */
function allKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(allKeys);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => [key, ...allKeys(inner)]);
  return [];
}

function collabUrl(server: TestServer, policyId: string): string {
  return server.url.replace(/^http/, 'ws') + '/collab/' + policyId;
}

describe('the first account', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('becomes an admin in the department it chose; /api/me shows the account without any password hash', async () => {
    expect((await call(server.url, '/api/health')).body).toMatchObject({ ok: true, setupNeeded: true });

    const signup = await call(server.url, '/api/auth/signup', { json: { email: 'First@Example.org', name: 'Fiona First', password: PASSWORD, department: 'legal' } });
    expect(signup.status).toBe(201);
    expect(signup.body).toMatchObject({ email: 'first@example.org', name: 'Fiona First', department: 'legal', role: 'admin' });
    const cookie = sessionCookieOf(signup.headers);
    expect(cookie).not.toBeNull();

    const me = await call(server.url, '/api/me', { cookie: cookie! });
    expect(me.status).toBe(200);
    expect(Object.keys(me.body).sort()).toEqual(['department', 'email', 'id', 'name', 'role']);
    expect(me.body).toEqual({ id: signup.body.id, email: 'first@example.org', name: 'Fiona First', department: 'legal', role: 'admin' });
    for (const body of [me.body, signup.body]) {
      expect(allKeys(body).filter((key) => /password|hash/i.test(key))).toEqual([]);
    }

    expect((await call(server.url, '/api/health')).body).toMatchObject({ ok: true, setupNeeded: false });
  });
});

describe('invites, roles and departments', () => {
  let server: TestServer;
  let admin: Session;
  let editor: Session;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await signUpAdmin(server.url, 'communications');
    editor = await signUpInvited(server.url, admin, 'hr', 'editor', 'Hana HR');
  });
  afterAll(() => server.close());

  it('refuses sign-up without an invite once the first account exists', async () => {
    const withoutInvite = await call(server.url, '/api/auth/signup', { json: { email: 'walk-in@example.org', name: 'Walk In', password: PASSWORD, department: 'legal' } });
    expect(withoutInvite.status).toBe(403);
    expect(sessionCookieOf(withoutInvite.headers)).toBeNull();
    const bogusInvite = await call(server.url, '/api/auth/signup', { json: { email: 'walk-in@example.org', name: 'Walk In', password: PASSWORD, invite: 'not-a-real-invite' } });
    expect(bogusInvite.status).toBe(403);
    expect((await login(server.url, 'walk-in@example.org')).status).toBe(401);
  });

  it('takes department and role from the invite, whatever the body asks for, and an invite works once', async () => {
    const token = await createInvite(server.url, admin, 'marketing', 'viewer');
    const first = await call(server.url, '/api/auth/signup', {
      json: { email: 'mia@example.org', name: 'Mia Marketing', password: PASSWORD, department: 'legal', invite: token },
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ department: 'marketing', role: 'viewer' });
    const me = await call(server.url, '/api/me', { cookie: sessionCookieOf(first.headers)! });
    expect(me.body).toMatchObject({ department: 'marketing', role: 'viewer' });

    const again = await call(server.url, '/api/auth/signup', { json: { email: 'max@example.org', name: 'Max Again', password: PASSWORD, invite: token } });
    expect(again.status).toBe(403);
    expect((await call(server.url, `/api/auth/invites/${token}`)).status).toBe(404);
  });

  it('lets only admins create invites, list people, change department or role, and remove people', async () => {
    const target = await signUpInvited(server.url, admin, 'it', 'editor', 'Ivan IT');

    const attempts = [
      call(server.url, '/api/invites', { json: { department: 'legal', role: 'admin' }, cookie: editor.cookie }),
      call(server.url, '/api/invites', { cookie: editor.cookie }),
      call(server.url, '/api/users', { cookie: editor.cookie }),
      call(server.url, `/api/users/${target.user.id}`, { method: 'PATCH', json: { department: 'legal' }, cookie: editor.cookie }),
      call(server.url, `/api/users/${target.user.id}`, { method: 'PATCH', json: { role: 'admin' }, cookie: editor.cookie }),
      call(server.url, `/api/users/${target.user.id}`, { method: 'DELETE', cookie: editor.cookie }),
    ];
    for (const attempt of await Promise.all(attempts)) {
      expect(attempt.status).toBe(403);
      expect(typeof attempt.body.error).toBe('string');
    }
    // Nothing happened to the person the editor tried to change.
    expect((await call(server.url, '/api/me', { cookie: target.cookie })).body).toMatchObject({ department: 'it', role: 'editor' });

    // The same requests work for an admin.
    expect((await call(server.url, '/api/users', { cookie: admin.cookie })).status).toBe(200);
    expect((await call(server.url, '/api/invites', { json: { department: 'legal', role: 'editor' }, cookie: admin.cookie })).status).toBe(201);
    const changed = await call(server.url, `/api/users/${target.user.id}`, { method: 'PATCH', json: { department: 'legal' }, cookie: admin.cookie });
    expect(changed).toMatchObject({ status: 200, body: { department: 'legal', role: 'editor' } });
    const removed = await call(server.url, `/api/users/${target.user.id}`, { method: 'DELETE', cookie: admin.cookie });
    expect(removed.status).toBe(200);
    // Removing a person ends their sessions.
    expect((await call(server.url, '/api/me', { cookie: target.cookie })).status).toBe(401);
  });

  it('lets no editor change their own department', async () => {
    const response = await call(server.url, `/api/users/${editor.user.id}`, { method: 'PATCH', json: { department: 'legal' }, cookie: editor.cookie });
    expect(response.status).toBe(403);
    expect((await call(server.url, '/api/me', { cookie: editor.cookie })).body.department).toBe('hr');
  });

  it('lets no admin change their own department either', async () => {
    // Departments decide who may sign off a section, so changing one's own department would let
    // a person sign for another department.
    const response = await call(server.url, `/api/users/${admin.user.id}`, { method: 'PATCH', json: { department: 'legal' }, cookie: admin.cookie });
    const after = (await call(server.url, '/api/me', { cookie: admin.cookie })).body.department;
    if (after !== 'communications') {
      // Put it back so the other tests in this block see the department they expect.
      server.accounts.updateUser(admin.user.id, { department: 'communications' });
    }
    expect(response.status).toBe(403);
    expect(after).toBe('communications');
  });

  it('keeps the last admin: they cannot demote or remove themselves (409), but can once there is another admin', async () => {
    const demote = await call(server.url, `/api/users/${admin.user.id}`, { method: 'PATCH', json: { role: 'editor' }, cookie: admin.cookie });
    expect(demote.status).toBe(409);
    const remove = await call(server.url, `/api/users/${admin.user.id}`, { method: 'DELETE', cookie: admin.cookie });
    expect(remove.status).toBe(409);
    expect((await call(server.url, '/api/me', { cookie: admin.cookie })).body.role).toBe('admin');

    // The rule is about the last admin only: with a second admin, an admin may step down.
    const second = await signUpInvited(server.url, admin, 'legal', 'admin', 'Second Admin');
    const stepDown = await call(server.url, `/api/users/${second.user.id}`, { method: 'PATCH', json: { role: 'editor' }, cookie: second.cookie });
    expect(stepDown).toMatchObject({ status: 200, body: { role: 'editor' } });
  });

  it('lets editors read and write policies; only the people routes are admin-only', async () => {
    const templates = await call(server.url, '/api/templates', { cookie: editor.cookie });
    expect(templates.status).toBe(200);
    const list = await call(server.url, '/api/policies', { cookie: editor.cookie });
    expect(list.status).toBe(200);
    const created = await call(server.url, '/api/policies', { json: { title: 'Editor policy' }, cookie: editor.cookie });
    expect(created.status).toBe(201);
  });
});

describe('an expired invite', () => {
  it('is refused (AccountService with a manual clock)', async () => {
    const db = openDatabase(temporaryDataDir());
    cleanups.push(() => db.close());
    const clock = new ManualClock();
    const accounts = new AccountService(db, { inviteTtlMs: 60_000, clock });
    const admin = await accounts.signup({ email: 'admin@example.org', name: 'Admin', password: PASSWORD, department: 'legal' });
    const fresh = accounts.createInvite({ department: 'hr', role: 'editor', createdBy: admin.id });
    const stale = accounts.createInvite({ department: 'hr', role: 'editor', createdBy: admin.id });

    clock.advance(59_999);
    expect(accounts.findInvite(stale.token)).not.toBeNull();
    const inTime = await accounts.signup({ email: 'in-time@example.org', name: 'In Time', password: PASSWORD, invite: fresh.token });
    expect(inTime).toMatchObject({ department: 'hr', role: 'editor' });

    clock.advance(2);
    expect(accounts.findInvite(stale.token)).toBeNull();
    await expect(accounts.signup({ email: 'late@example.org', name: 'Too Late', password: PASSWORD, invite: stale.token })).rejects.toMatchObject({ status: 403 });
    expect(accounts.listUsers().map((user) => user.email)).not.toContain('late@example.org');
  });
});

describe('viewers', () => {
  let server: TestServer;
  let viewer: Session;
  let policyId: string;
  let sectionId: string;
  let hash: string;
  beforeAll(async () => {
    server = await startTestServer();
    const admin = await signUpAdmin(server.url, 'communications');
    // A viewer of the very department that owns the section, so only the role can refuse them.
    viewer = await signUpInvited(server.url, admin, 'communications', 'viewer', 'Vera Viewer');
    policyId = await createPolicy(server.url, admin, { title: 'Viewer test' });
    const policy = await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie });
    sectionId = policy.body.sections[0].id;
    hash = policy.body.sections[0].hash;
  });
  afterAll(() => server.close());

  it('cannot create policies or sign off', async () => {
    const create = await call(server.url, '/api/policies', { json: { title: 'Not allowed' }, cookie: viewer.cookie });
    expect(create.status).toBe(403);
    const signoff = await call(server.url, `/api/policies/${policyId}/sections/${sectionId}/signoffs`, { json: { hash }, cookie: viewer.cookie });
    expect(signoff.status).toBe(403);
    expect(server.signoffs.audit(policyId)).toEqual([]);
    expect(server.policies.list()).toHaveLength(1);
  });

  it('can read policies', async () => {
    const list = await call(server.url, '/api/policies', { cookie: viewer.cookie });
    expect(list.status).toBe(200);
    expect(list.body.map((policy: { id: string }) => policy.id)).toEqual([policyId]);
    const one = await call(server.url, `/api/policies/${policyId}`, { cookie: viewer.cookie });
    expect(one.status).toBe(200);
    expect(one.body.sections[0].id).toBe(sectionId);
  });
});

describe('signing in', () => {
  let server: TestServer;
  let admin: Session;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await signUpAdmin(server.url);
  });
  afterAll(() => server.close());

  it('answers a wrong password exactly like an unknown email', async () => {
    const wrongPassword = await login(server.url, admin.user.email, 'not the password at all');
    const unknownEmail = await login(server.url, 'nobody-here@example.org', PASSWORD);
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body).toEqual({ error: WRONG_CREDENTIALS });
    expect(unknownEmail.body).toEqual(wrongPassword.body);
    expect(wrongPassword.cookie).toBeNull();
    const right = await login(server.url, admin.user.email);
    expect(right.status).toBe(200);
    expect(right.cookie).not.toBeNull();
  });

  it('sets the session cookie HttpOnly and SameSite=Lax', async () => {
    const response = await call(server.url, '/api/auth/login', { json: { email: admin.user.email, password: PASSWORD } });
    const setCookie = response.headers.getSetCookie().find((value) => value.startsWith('accord_session='));
    expect(setCookie).toBeDefined();
    const attributes = setCookie!.split(';').map((part) => part.trim().toLowerCase());
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('samesite=lax');
  });

  it('ends the session on logout: the same cookie is refused afterwards', async () => {
    const session = await login(server.url, admin.user.email);
    expect((await call(server.url, '/api/me', { cookie: session.cookie! })).status).toBe(200);
    const logout = await call(server.url, '/api/auth/logout', { method: 'POST', cookie: session.cookie! });
    expect(logout.status).toBe(200);
    const after = await call(server.url, '/api/me', { cookie: session.cookie! });
    expect(after.status).toBe(401);
    expect((await call(server.url, '/api/policies', { cookie: session.cookie! })).status).toBe(401);
    // Other sessions of the same person are not affected.
    expect((await call(server.url, '/api/me', { cookie: admin.cookie })).status).toBe(200);
  });

  it('requires a session on every API route except health, login, sign-up and invite lookup', async () => {
    for (const path of ['/api/policies', '/api/templates', '/api/departments', '/api/users', '/api/invites', '/api/me', '/api/policies/abcdefgh12345678/audit']) {
      const response = await call(server.url, path);
      expect(response.status, path).toBe(401);
      expect(response.headers.get('content-type'), path).toMatch(/application\/json/);
      expect(typeof response.body.error, path).toBe('string');
    }
    const forged = await call(server.url, '/api/policies', { cookie: 'accord_session=made-up-session-id' });
    expect(forged.status).toBe(401);

    expect((await call(server.url, '/api/health')).status).toBe(200);
    expect((await login(server.url, admin.user.email)).status).toBe(200);
    expect((await call(server.url, '/api/auth/invites/unknown-invite-token')).status).toBe(404);
    // Sign-up is reachable without a session (it answers with its own rule, not "please sign in").
    expect((await call(server.url, '/api/auth/signup', { json: { email: 'x@example.org', name: 'X', password: PASSWORD } })).status).toBe(403);
  });
});

describe('rate limits on sign-in', () => {
  it('delays one account from one address after repeated wrong passwords, even for the right password there, but not a colleague with an invite', async () => {
    const server = await startTestServer({ authLimits: { perIp: 5, freeFailures: 2, delayMs: 60_000, windowMs: 60_000 } });
    cleanups.push(() => server.close());
    const admin = await signUpAdmin(server.url);

    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await login(server.url, admin.user.email, 'wrong password!')).status).toBe(401);
    }
    const throttled = await login(server.url, admin.user.email, 'wrong password!');
    expect(throttled.status).toBe(429);
    const retryAfter = throttled.headers.get('retry-after');
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);

    const rightPassword = await login(server.url, admin.user.email);
    expect(rightPassword.status).toBe(429);
    expect(rightPassword.cookie).toBeNull();

    // The IP has 3 failures; two more (on another account, which stays under its own limit) reach the IP limit.
    expect((await login(server.url, 'stranger@example.org', 'wrong password!')).status).toBe(401);
    expect((await login(server.url, 'stranger@example.org', 'wrong password!')).status).toBe(401);
    expect((await login(server.url, 'another-stranger@example.org', 'wrong password!')).status).toBe(429);
    expect((await call(server.url, '/api/auth/signup', { json: { email: 'guess@example.org', name: 'Guess', password: PASSWORD, invite: 'guessed-token' } })).status).toBe(429);

    // A colleague behind the same IP with a real invite still gets in.
    const token = await createInvite(server.url, admin, 'hr');
    const colleague = await call(server.url, '/api/auth/signup', { json: { email: 'colleague@example.org', name: 'Colleague', password: PASSWORD, invite: token } });
    expect(colleague.status).toBe(201);
    expect(colleague.body).toMatchObject({ department: 'hr', role: 'editor' });
  });

  it('lets the account in again once the delay has passed', async () => {
    const clock = new ManualClock();
    const server = await startTestServer({ authLimits: { perIp: 100, freeFailures: 1, delayMs: 800 }, clock });
    cleanups.push(() => server.close());
    const admin = await signUpAdmin(server.url);
    expect((await login(server.url, admin.user.email, 'wrong password!')).status).toBe(401);
    expect((await login(server.url, admin.user.email, 'wrong password!')).status).toBe(401);
    expect((await login(server.url, admin.user.email)).status).toBe(429);
    clock.advance(799);
    expect((await login(server.url, admin.user.email)).status).toBe(429);
    clock.advance(1);
    const later = await login(server.url, admin.user.email);
    expect(later.status).toBe(200);
    expect(later.cookie).not.toBeNull();
  });
});

describe('session expiry', () => {
  it('refuses a session once its time is up', async () => {
    const clock = new ManualClock();
    const server = await startTestServer({ sessionTtlMs: 300, clock });
    cleanups.push(() => server.close());
    const admin = await signUpAdmin(server.url);
    clock.advance(299);
    expect((await call(server.url, '/api/me', { cookie: admin.cookie })).status).toBe(200);
    clock.advance(1);
    const expired = await call(server.url, '/api/me', { cookie: admin.cookie });
    expect(expired.status).toBe(401);
    expect(typeof expired.body.error).toBe('string');
    expect((await call(server.url, '/api/policies', { cookie: admin.cookie })).status).toBe(401);
  });
});

describe('requests from other websites', () => {
  let server: TestServer;
  let admin: Session;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await signUpAdmin(server.url);
  });
  afterAll(() => server.close());

  it('refuses a POST with a foreign Origin and accepts scripts (no Origin) and our own origin', async () => {
    const foreign = await call(server.url, '/api/policies', { json: { title: 'Forged' }, cookie: admin.cookie, headers: { origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    const opaque = await call(server.url, '/api/policies', { json: { title: 'Forged' }, cookie: admin.cookie, headers: { origin: 'null' } });
    expect(opaque.status).toBe(403);
    expect(server.policies.list()).toHaveLength(0);

    const script = await call(server.url, '/api/policies', { json: { title: 'From a script' }, cookie: admin.cookie });
    expect(script.status).toBe(201);
    const ours = await call(server.url, '/api/policies', { json: { title: 'From our page' }, cookie: admin.cookie, headers: { origin: server.url } });
    expect(ours.status).toBe(201);
    expect(server.policies.list().map((policy) => policy.title).sort()).toEqual(['From a script', 'From our page']);
  });

  it('sends security headers on pages and the API', async () => {
    for (const path of ['/', '/api/health']) {
      const response = await fetch(server.url + path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });
});

describe('WebSocket access', () => {
  let server: TestServer;
  let admin: Session;
  let editor: Session;
  let viewer: Session;
  let policyId: string;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
    editor = await signUpInvited(server.url, admin, 'communications', 'editor', 'Edda Editor');
    viewer = await signUpInvited(server.url, admin, 'communications', 'viewer', 'Vic Viewer');
    policyId = await createPolicy(server.url, admin, { title: 'Collab access' });
  });
  afterAll(() => server.close());

  function client(session: Session): TestClient {
    const created = connectClient(server.url, policyId, { headers: { cookie: session.cookie } });
    cleanups.push(() => created.destroy());
    return created;
  }

  it('refuses an upgrade without a session (401) or from a foreign origin (403), before the upgrade', async () => {
    expect(await upgradeStatus(collabUrl(server, policyId))).toBe(401);
    expect(await upgradeStatus(collabUrl(server, policyId), { headers: { cookie: 'accord_session=made-up' } })).toBe(401);
    expect(await upgradeStatus(collabUrl(server, policyId), { headers: { cookie: admin.cookie }, origin: 'http://evil.example' })).toBe(403);
    // The same cookie without a foreign origin is let in.
    expect(await upgradeStatus(collabUrl(server, policyId), { headers: { cookie: admin.cookie } })).toBe(101);
    expect(await upgradeStatus(collabUrl(server, policyId), { headers: { cookie: admin.cookie }, origin: server.url })).toBe(101);
  });

  it('takes the session id from Authorization: Bearer for scripts, never from ?token= in the URL', async () => {
    const token = sessionToken(admin.cookie);
    expect(await upgradeStatus(collabUrl(server, policyId), { headers: { authorization: `Bearer ${token}` } })).toBe(101);
    expect(await upgradeStatus(collabUrl(server, policyId), { headers: { authorization: 'Bearer not-a-session' } })).toBe(401);
    expect(await upgradeStatus(`${collabUrl(server, policyId)}?token=${encodeURIComponent(token)}`)).toBe(401);
  });

  it("does not apply a viewer's document updates, applies an editor's, and keeps the viewer connected", async () => {
    const editorClient = client(editor);
    const viewerClient = client(viewer);
    await Promise.all([synced(editorClient), synced(viewerClient)]);

    typeInFirstSection(viewerClient.doc, 'VIEWER-WAS-HERE ');
    // Presence travels on the same socket after the edit: once the editor sees it, the server has read the edit.
    viewerClient.provider.awareness.setLocalStateField('marker', 'after-viewer-typed');
    typeInFirstSection(editorClient.doc, 'EDITOR-WAS-HERE ');
    await eventually(() => {
      expect(editorClient.provider.awareness.getStates().get(viewerClient.doc.clientID)?.marker).toBe('after-viewer-typed');
      expect(firstParagraphText(viewerClient.doc)).toContain('EDITOR-WAS-HERE');
    });

    const stored = server.rooms.withDocument(policyId, (doc) => firstParagraphText(doc));
    expect(stored).toContain('EDITOR-WAS-HERE');
    expect(stored).not.toContain('VIEWER-WAS-HERE');
    expect(firstParagraphText(editorClient.doc)).not.toContain('VIEWER-WAS-HERE');

    const late = client(admin);
    await synced(late);
    await eventually(() => expect(firstParagraphText(late.doc)).toContain('EDITOR-WAS-HERE'));
    expect(firstParagraphText(late.doc)).not.toContain('VIEWER-WAS-HERE');

    expect(viewerClient.provider.wsconnected).toBe(true);
  });

  it('stops applying the document updates of an editor who is made a viewer while connected', async () => {
    const demoted = await signUpInvited(server.url, admin, 'communications', 'editor', 'Dora Demoted');
    const demotedClient = client(demoted);
    const watcher = client(admin);
    await Promise.all([synced(demotedClient), synced(watcher)]);
    typeInFirstSection(demotedClient.doc, 'WHILE-EDITOR ');
    await eventually(() => expect(server.rooms.withDocument(policyId, (doc) => firstParagraphText(doc))).toContain('WHILE-EDITOR'));

    const changed = await call(server.url, `/api/users/${demoted.user.id}`, { method: 'PATCH', json: { role: 'viewer' }, cookie: admin.cookie });
    expect(changed).toMatchObject({ status: 200, body: { role: 'viewer' } });
    // The REST API already treats them as a viewer.
    expect((await call(server.url, '/api/policies', { json: { title: 'Not any more' }, cookie: demoted.cookie })).status).toBe(403);

    typeInFirstSection(demotedClient.doc, 'AFTER-DEMOTION ');
    demotedClient.provider.awareness.setLocalStateField('marker', 'after-demotion');
    await eventually(() => expect(watcher.provider.awareness.getStates().get(demotedClient.doc.clientID)?.marker).toBe('after-demotion'));
    expect(server.rooms.withDocument(policyId, (doc) => firstParagraphText(doc))).not.toContain('AFTER-DEMOTION');
  });

  it("shows every client under its account's real name and colour, whatever it claims", async () => {
    const forger = client(editor);
    const watcher = client(admin);
    await Promise.all([synced(forger), synced(watcher)]);
    forger.provider.awareness.setLocalState({ user: { name: 'Somebody Else', color: '#000' }, marker: 'forged' });
    await eventually(() => {
      const state = watcher.provider.awareness.getStates().get(forger.doc.clientID);
      expect(state?.marker).toBe('forged');
      expect(state?.user).toMatchObject({ name: 'Edda Editor', color: personColor(editor.user.id) });
    });
    expect(watcher.provider.awareness.getStates().get(forger.doc.clientID)?.user.name).not.toBe('Somebody Else');
  });
});
