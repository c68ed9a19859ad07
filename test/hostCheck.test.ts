import { describe, expect, it } from 'vitest';
import { startTestServer, temporaryDataDir, startTestServerUntil, figures } from './support/accordServer';
import { startChildServer } from './support/childServer';
import { eventually, upgradeStatus } from './support/collabClient';
import { call, callFrom, createPolicy, signUpAdmin, sessionToken } from './support/session';
import { cleanupStack } from './support/cleanups';

/**
 * Which names the server answers to, who may create the first account, and how a session is
 * carried, against a real server on port 0.
 */

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

const PASSWORD = 'correct horse battery';

const cleanups = cleanupStack();

const server = (options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> => startTestServerUntil(cleanups, options);

function collabUrl(base: string, policyId: string): string {
  return base.replace(/^http/, 'ws') + '/collab/' + policyId;
}

describe('DNS rebinding: a foreign Host is refused', () => {
  it('refuses a POST whose Host and Origin are both the rebinding name (421), on the API, the pages and the WebSocket', async () => {
    const target = await server();
    const admin = await signUpAdmin(target.url);
    const policyId = await createPolicy(target.url, admin, { title: 'Existing' });
    const rebound = `rebind.attacker.example:${target.port}`;

    const forged = await callFrom(target.url, '/api/policies', { json: { title: 'Planted' }, cookie: admin.cookie, host: rebound, headers: { origin: `http://${rebound}` } });
    expect(forged.status).toBe(421);
    expect(forged.headers.get('content-type')).toMatch(/application\/json/);
    expect(forged.body.error).toMatch(/Accord/);
    expect(target.policies.list().map((policy) => policy.title)).toEqual(['Existing']);

    const read = await callFrom(target.url, `/api/policies/${policyId}`, { cookie: admin.cookie, host: rebound });
    expect(read.status).toBe(421);
    expect((await callFrom(target.url, '/', { host: rebound })).status).toBe(421);
    expect((await callFrom(target.url, '/api/health', { host: rebound })).status).toBe(421);
    const upgrade = await upgradeStatus(collabUrl(target.url, policyId), { headers: { cookie: admin.cookie, host: rebound }, origin: `http://${rebound}` });
    expect(upgrade).toBe(421);
    // The right port on another name, or a loopback name on another port, is no better.
    expect((await callFrom(target.url, '/api/health', { host: 'rebind.attacker.example' })).status).toBe(421);
    expect((await callFrom(target.url, '/api/health', { host: `127.0.0.1:${target.port + 1}` })).status).toBe(421);

    // Loopback names of our own port are fine, and their pages may call us.
    for (const host of [`127.0.0.1:${target.port}`, `localhost:${target.port}`, `[::1]:${target.port}`, `127.0.0.5:${target.port}`]) {
      expect((await callFrom(target.url, '/api/health', { host })).status, host).toBe(200);
    }
    const ours = await callFrom(target.url, '/api/policies', { json: { title: 'From our page' }, cookie: admin.cookie, host: `localhost:${target.port}`, headers: { origin: `http://localhost:${target.port}` } });
    expect(ours.status).toBe(201);
    // The Origin is compared with our own origins, never with the request's Host.
    const foreignOrigin = await callFrom(target.url, '/api/policies', { json: { title: 'Forged' }, cookie: admin.cookie, headers: { origin: `http://${rebound}` } });
    expect(foreignOrigin.status).toBe(403);
    expect(await upgradeStatus(collabUrl(target.url, policyId), { headers: { cookie: admin.cookie }, origin: `http://${rebound}` })).toBe(403);
    expect(await upgradeStatus(collabUrl(target.url, policyId), { headers: { cookie: admin.cookie }, origin: `http://localhost:${target.port}` })).toBe(101);
    figures('rebinding', { post: forged.status, get: read.status, upgrade, foreignOriginOwnHost: foreignOrigin.status });
  });

  it('on a fresh install, a rebinding page cannot create the admin account', async () => {
    const target = await server();
    const rebound = `rebind.attacker.example:${target.port}`;
    const signup = await callFrom(target.url, '/api/auth/signup', {
      json: { email: 'attacker@example.org', name: 'Attacker', password: PASSWORD, department: 'it' },
      host: rebound,
      headers: { origin: `http://${rebound}` },
    });
    expect(signup.status).toBe(421);
    expect(signup.cookie).toBeNull();
    expect(target.accounts.hasUsers()).toBe(false);
    expect((await call(target.url, '/api/health')).body).toMatchObject({ setupNeeded: true, setupTokenRequired: false });
    // The real first visitor still sets it up.
    const real = await call(target.url, '/api/auth/signup', { json: { email: 'first@example.org', name: 'First', password: PASSWORD, department: 'it' } });
    expect(real.status).toBe(201);
    figures('fresh install over rebinding', { attackerSignup: signup.status, realSignup: real.status });
  });

  it('with ACCORD_ORIGIN set, only its host is answered', async () => {
    const target = await server({ origin: 'https://policy.example.org' });
    expect((await callFrom(target.url, '/api/health', { host: 'policy.example.org' })).status).toBe(200);
    expect((await callFrom(target.url, '/api/health', { host: 'POLICY.example.org' })).status).toBe(200);
    const loopback = await callFrom(target.url, '/api/health');
    expect(loopback.status).toBe(421);
    expect(loopback.body.error).toContain('https://policy.example.org');
    expect((await callFrom(target.url, '/api/health', { host: 'policy.example.org.attacker.example' })).status).toBe(421);
  });
});

describe('the setup token on a listener open to the network', () => {
  it('is required for the first account, compared exactly, and void once that account exists', async () => {
    const target = await server({ host: '0.0.0.0' });
    const base = `http://127.0.0.1:${target.port}`;
    expect(target.setupToken).toMatch(/^[A-Za-z0-9_-]{24,}$/);
    expect((await call(base, '/api/health')).body).toMatchObject({ setupNeeded: true, setupTokenRequired: true });

    const first = { email: 'first@example.org', name: 'First', password: PASSWORD, department: 'it' };
    const without = await call(base, '/api/auth/signup', { json: first });
    expect(without.status).toBe(403);
    expect(without.body).toMatchObject({ field: 'setupToken' });
    expect(without.body.error).toMatch(/setup token/);
    const wrong = await call(base, '/api/auth/signup', { json: { ...first, setupToken: target.setupToken!.slice(0, -1) + (target.setupToken!.endsWith('A') ? 'B' : 'A') } });
    expect(wrong.status).toBe(403);
    expect(target.accounts.hasUsers()).toBe(false);

    const right = await call(base, '/api/auth/signup', { json: { ...first, setupToken: target.setupToken } });
    expect(right.status).toBe(201);
    expect(right.body).toMatchObject({ role: 'admin' });
    expect((await call(base, '/api/health')).body).toMatchObject({ setupNeeded: false, setupTokenRequired: false });

    const again = await call(base, '/api/auth/signup', { json: { ...first, email: 'second@example.org', setupToken: target.setupToken } });
    expect(again.status).toBe(403);
    expect(again.body).toMatchObject({ field: 'invite' });
    expect(target.accounts.listUsers()).toHaveLength(1);
    figures('setup token', { without: without.status, wrong: wrong.status, right: right.status, reused: again.status });
  });

  it('takes the token from the operator (ACCORD_SETUP_TOKEN) and needs none on loopback', async () => {
    const chosen = 'operator-chose-this-setup-token';
    const target = await server({ host: '0.0.0.0', setupToken: chosen });
    expect(target.setupToken).toBe(chosen);
    const base = `http://127.0.0.1:${target.port}`;
    expect((await call(base, '/api/auth/signup', { json: { email: 'a@example.org', name: 'A', password: PASSWORD, department: 'it', setupToken: chosen } })).status).toBe(201);

    const loopback = await server();
    expect(loopback.setupToken).toBeNull();
    expect((await call(loopback.url, '/api/health')).body).toMatchObject({ setupNeeded: true, setupTokenRequired: false });
  });

  it('npm start on 0.0.0.0 prints a token that creates the first account', async () => {
    const child = await startChildServer(temporaryDataDir(), { HOST: '0.0.0.0', ACCORD_SETUP_TOKEN: '' });
    cleanups.push(() => child.stop());
    let match: RegExpExecArray | null = null;
    await eventually(() => {
      match = /setup token: ([A-Za-z0-9_-]+)/.exec(child.output());
      expect(match, child.output()).not.toBeNull();
    });
    const base = `http://127.0.0.1:${child.port}`;
    expect((await call(base, '/api/auth/signup', { json: { email: 'a@example.org', name: 'A', password: PASSWORD, department: 'it' } })).status).toBe(403);
    expect((await call(base, '/api/auth/signup', { json: { email: 'a@example.org', name: 'A', password: PASSWORD, department: 'it', setupToken: match![1] } })).status).toBe(201);
  });
});

describe('sessions', () => {
  it('are read from the cookie or a bearer header, never from ?token= in a URL', async () => {
    const target = await server();
    const admin = await signUpAdmin(target.url);
    const policyId = await createPolicy(target.url, admin);
    const id = sessionToken(admin.cookie);

    const inUrl = await call(target.url, `/api/me?token=${encodeURIComponent(id)}`);
    expect(inUrl.status).toBe(401);
    const upgradeInUrl = await upgradeStatus(`${collabUrl(target.url, policyId)}?token=${encodeURIComponent(id)}`);
    expect(upgradeInUrl).toBe(401);

    expect((await call(target.url, '/api/me', { headers: { authorization: `Bearer ${id}` } })).status).toBe(200);
    expect(await upgradeStatus(collabUrl(target.url, policyId), { headers: { authorization: `Bearer ${id}` } })).toBe(101);
    expect(await upgradeStatus(collabUrl(target.url, policyId), { headers: { cookie: admin.cookie } })).toBe(101);
    figures('token in URL', { api: inUrl.status, upgrade: upgradeInUrl });
  });

  it('behind an https origin, the cookie is __Host-accord_session with Secure, and the plain name is not accepted', async () => {
    const target = await server({ origin: 'https://policy.example.org' });
    const host = 'policy.example.org';
    const signup = await callFrom(target.url, '/api/auth/signup', {
      json: { email: 'first@example.org', name: 'First', password: PASSWORD, department: 'it' },
      host,
      headers: { origin: 'https://policy.example.org' },
    });
    expect(signup.status).toBe(201);
    const setCookie = signup.setCookies.find((value) => value.startsWith('__Host-accord_session='));
    expect(setCookie, signup.setCookies.join(' | ')).toBeDefined();
    const attributes = setCookie!.split(';').slice(1).map((part) => part.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['secure', 'httponly', 'path=/', 'samesite=lax']));
    expect(attributes.some((attribute) => attribute.startsWith('domain='))).toBe(false);
    expect(signup.setCookies.some((value) => value.startsWith('accord_session='))).toBe(false);

    expect((await callFrom(target.url, '/api/me', { cookie: signup.cookie!, host })).status).toBe(200);
    const plain = `accord_session=${sessionToken(signup.cookie!)}`;
    expect((await callFrom(target.url, '/api/me', { cookie: plain, host })).status).toBe(401);

    const logout = await callFrom(target.url, '/api/auth/logout', { method: 'POST', cookie: signup.cookie!, host, headers: { origin: 'https://policy.example.org' } });
    expect(logout.status).toBe(200);
    expect(logout.setCookies.some((value) => value.startsWith('__Host-accord_session=;'))).toBe(true);
    expect((await callFrom(target.url, '/api/me', { cookie: signup.cookie!, host })).status).toBe(401);
    figures('https cookie', { setCookie: setCookie!.replace(/=[^;]+/, '=…') });
  });

  it('over plain http the cookie is accord_session without Secure', async () => {
    const target = await server();
    const signup = await callFrom(target.url, '/api/auth/signup', { json: { email: 'first@example.org', name: 'First', password: PASSWORD, department: 'it' } });
    const setCookie = signup.setCookies.find((value) => value.startsWith('accord_session='));
    expect(setCookie).toBeDefined();
    expect(setCookie!.toLowerCase()).not.toContain('secure');
  });

  it('signing in ends the session the browser already had (rotation)', async () => {
    const target = await server();
    const admin = await signUpAdmin(target.url);
    const relogin = await call(target.url, '/api/auth/login', { json: { email: admin.user.email, password: PASSWORD }, cookie: admin.cookie });
    expect(relogin.status).toBe(200);
    const fresh = relogin.headers.getSetCookie().find((value) => value.startsWith('accord_session='))!.split(';')[0]!;
    expect(fresh).not.toBe(admin.cookie);
    expect((await call(target.url, '/api/me', { cookie: admin.cookie })).status).toBe(401);
    expect((await call(target.url, '/api/me', { cookie: fresh })).status).toBe(200);
  });
});
