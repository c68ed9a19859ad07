import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { oidcErrorMessage, PASSWORDS_OFF_MESSAGE } from '../shared/api/oidc';
import { readOidcSettings, type OidcSettings } from '../server/auth/oidc';
import { NO_PASSWORD_HASH } from '../server/auth/oidcAccounts';
import type { AccordOptions } from '../server/app';
import { createLogger } from '../server/logger';
import { safeReturnTo } from '../server/routes/oidc';
import { hasPassword } from '../server/services/passwords';
import { hashPassword, verifyPassword } from '../server/services/passwords';
import { digestSecret } from '../server/services/secretDigest';
import { databaseFile } from '../server/storage/database';
import { startTestServerUntil } from './support/accordServer';
import { cleanupStack } from './support/cleanups';
import { startOidcProvider, TEST_CLIENT, type TestAccount, type TestProvider } from './support/oidcProvider';
import { call, signUpAdmin, signUpInvited } from './support/session';
import { linkIn, TestSmtpServer } from './support/smtp';

const cleanups = cleanupStack();

const PEOPLE = (): Record<string, TestAccount> => ({
  hana: { email: 'hana@example.org', email_verified: true, name: 'Hana HR', department: 'HR' },
  mia: { email: 'mia@example.org', email_verified: true, name: 'Mia Marketing', department: 'Marketing' },
  gus: { email: 'gus@example.org', email_verified: true, name: 'Gus Groups', groups: ['Everyone', 'legal-team'] },
  olga: { email: 'olga@example.org', email_verified: true, name: 'Olga Outside', department: 'Facilities' },
  una: { email: 'una@example.org', email_verified: false, name: 'Una Unverified', department: 'Marketing' },
});

function settingsFor(issuer: string, more: Partial<OidcSettings> = {}): OidcSettings {
  return {
    issuer,
    clientId: TEST_CLIENT.id,
    clientSecret: TEST_CLIENT.secret,
    name: 'Example ID',
    newUsers: 'refuse',
    departmentClaim: null,
    departmentMap: new Map(),
    defaultDepartment: null,
    defaultRole: 'editor',
    emailVerifiedClaim: 'email_verified',
    only: false,
    ...more,
  };
}

/** An OpenID provider and an Accord that trusts it, with Accord's log lines kept for the assertions. */
async function setup(more: Partial<OidcSettings> = {}, people = PEOPLE(), server: Partial<AccordOptions> = {}) {
  const provider = await startOidcProvider(people);
  cleanups.push(() => provider.close());
  const log: string[] = [];
  const accord = await startTestServerUntil(cleanups, { oidc: settingsFor(provider.issuer, more), logger: createLogger({ write: (line) => log.push(line) }), ...server });
  provider.allowRedirect(`${accord.url}/api/auth/oidc/callback`);
  return { provider, accord, log, people };
}

/** A browser's cookies, by origin (both servers are on 127.0.0.1; a browser would tell them apart by name and path). */
class CookieJar {
  private readonly jars = new Map<string, Map<string, string>>();
  header(url: URL): string {
    return [...(this.jars.get(url.origin) ?? new Map()).entries()].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  store(url: URL, headers: Headers): void {
    const jar = this.jars.get(url.origin) ?? new Map<string, string>();
    this.jars.set(url.origin, jar);
    for (const line of headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const gone = attributes.some((attribute) => /^\s*max-age=0/i.test(attribute) || /^\s*expires=Thu, 01 Jan 1970/i.test(attribute));
      if (gone) jar.delete(name);
      else jar.set(name, pair!.slice(at + 1).trim());
    }
  }
  get(origin: string, name: string): string | undefined {
    return this.jars.get(origin)?.get(name);
  }
}

interface Trip {
  /** Where the browser ended up on Accord (a page path, `/sign-in?error=…` or `/p/…`). */
  landing: string;
  jar: CookieJar;
  /** The provider's redirect back to Accord's callback, to replay. */
  callback: string | null;
  sessionCookie: string | null;
}

/** Follows the redirects of a single sign-on as a browser would, from Accord's start route to the page it lands on. */
async function signInWithSso(accord: { url: string }, options: { returnTo?: string; jar?: CookieJar; alterAuthorization?: (url: URL) => void; start?: string } = {}): Promise<Trip> {
  const jar = options.jar ?? new CookieJar();
  let url = new URL(options.start ?? `/api/auth/oidc/start${options.returnTo !== undefined ? `?returnTo=${encodeURIComponent(options.returnTo)}` : ''}`, accord.url);
  let callback: string | null = null;
  let altered = false;
  for (let hop = 0; hop < 20; hop += 1) {
    if (url.origin === new URL(accord.url).origin && !url.pathname.startsWith('/api/')) {
      const session = jar.get(url.origin, 'accord_session');
      return { landing: url.pathname + url.search, jar, callback, sessionCookie: session ? `accord_session=${session}` : null };
    }
    if (options.alterAuthorization && !altered && url.origin !== new URL(accord.url).origin) {
      options.alterAuthorization(url);
      altered = true;
    }
    if (url.pathname === '/api/auth/oidc/callback') callback = url.href;
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header(url) } });
    jar.store(url, response.headers);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) throw new Error(`${url.href} answered ${response.status} without a redirect: ${(await response.text()).slice(0, 300)}`);
    url = new URL(location, url);
  }
  throw new Error('too many redirects');
}

async function me(accord: { url: string }, cookie: string | null) {
  return call(accord.url, '/api/me', cookie ? { cookie } : {});
}

function refusals(log: string[]): { code: string; reason: string }[] {
  return log.map((line) => JSON.parse(line) as { event: string; code: string; reason: string }).filter((entry) => entry.event === 'auth.oidc_refused');
}

describe('single sign-on with OpenID Connect', () => {
  it('signs an existing account in by its verified e-mail, links it, and knows it by subject after an e-mail change', async () => {
    const { accord, provider, log, people } = await setup();
    const admin = await signUpAdmin(accord.url);
    const invited = await signUpInvited(accord.url, admin, 'hr', 'editor', 'Hana HR');
    people.hana!.email = invited.user.email;
    provider.signInAs('hana');

    const trip = await signInWithSso(accord, { returnTo: '/p/abc123' });
    expect(trip.landing).toBe('/p/abc123');
    const answer = await me(accord, trip.sessionCookie);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: invited.user.id, department: 'hr', role: 'editor' });
    expect(trip.jar.get(new URL(accord.url).origin, 'accord_sso'), 'the state cookie is cleared').toBeUndefined();

    // The provider's e-mail changes; the subject still finds the same account.
    people.hana!.email = 'hana.new@example.org';
    const again = await signInWithSso(accord);
    expect(again.landing).toBe('/');
    expect((await me(accord, again.sessionCookie)).body.id).toBe(invited.user.id);
    expect((await call(accord.url, '/api/users', { cookie: admin.cookie })).body).toHaveLength(2);

    const logins = log.map((line) => JSON.parse(line)).filter((entry) => entry.event === 'auth.oidc_login');
    expect(logins.map((entry) => entry.matched)).toEqual(['email', 'subject']);
    expect(log.join('\n'), 'no token in the log').not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  });

  it('refuses a person without an account by default, and creates nobody', async () => {
    const { accord, provider, log } = await setup();
    const admin = await signUpAdmin(accord.url);
    provider.signInAs('mia');
    const trip = await signInWithSso(accord);
    expect(trip.landing).toBe('/sign-in?error=no_account');
    expect(trip.sessionCookie).toBeNull();
    expect(oidcErrorMessage('no_account', 'Example ID')).toBe('Your organization has not given you an Accord account yet. Ask an admin to invite you.');
    expect((await call(accord.url, '/api/users', { cookie: admin.cookie })).body).toHaveLength(1);
    expect(refusals(log).map((entry) => entry.code)).toEqual(['no_account']);
  });

  it('lets a person with a pending invite for their address in, with the invite’s department and role', async () => {
    const { accord, provider } = await setup();
    const admin = await signUpAdmin(accord.url);
    const invite = await call(accord.url, '/api/invites', { json: { department: 'legal', role: 'commenter' }, cookie: admin.cookie });
    expect(invite.status).toBe(201);
    // Invites by address come with the mail work of issue 20; the column is there already.
    const db = new Database(databaseFile(accord.dataDir));
    db.prepare('UPDATE invites SET email = ?').run('mia@example.org');
    db.close();
    provider.signInAs('mia');
    const trip = await signInWithSso(accord);
    expect(trip.landing).toBe('/');
    expect((await me(accord, trip.sessionCookie)).body).toMatchObject({ email: 'mia@example.org', name: 'Mia Marketing', department: 'legal', role: 'commenter' });
    // Used: the invite is gone from the pending list.
    expect((await call(accord.url, '/api/invites', { cookie: admin.cookie })).body).toEqual([]);
  });

  it('with ACCORD_OIDC_NEW_USERS=claim, places new people in the department their claim maps to, and refuses an unmapped one', async () => {
    const map = new Map([['marketing', 'marketing'], ['hr', 'hr'], ['legal-team', 'legal']]);
    const { accord, provider, log } = await setup({ newUsers: 'claim', departmentClaim: 'department', departmentMap: map, defaultRole: 'commenter' });
    await signUpAdmin(accord.url);
    provider.signInAs('mia');
    const trip = await signInWithSso(accord);
    expect(trip.landing).toBe('/');
    const person = (await me(accord, trip.sessionCookie)).body;
    expect(person).toMatchObject({ email: 'mia@example.org', name: 'Mia Marketing', department: 'marketing', role: 'commenter' });
    // The account has no password anyone could know.
    expect((await call(accord.url, '/api/auth/login', { json: { email: 'mia@example.org', password: 'correct horse battery' } })).status).toBe(401);

    provider.signInAs('olga');
    expect((await signInWithSso(accord)).landing).toBe('/sign-in?error=no_department');
    expect(refusals(log).map((entry) => entry.code)).toEqual(['no_department']);
  });

  it('reads a list claim such as groups, and falls back to the default department', async () => {
    const { accord, provider } = await setup({ newUsers: 'claim', departmentClaim: 'groups', departmentMap: new Map([['legal-team', 'legal']]), defaultDepartment: 'customer-service' });
    await signUpAdmin(accord.url);
    provider.signInAs('gus');
    const gus = await signInWithSso(accord);
    expect((await me(accord, gus.sessionCookie)).body.department).toBe('legal');
    provider.signInAs('olga');
    const olga = await signInWithSso(accord);
    expect((await me(accord, olga.sessionCookie)).body).toMatchObject({ department: 'customer-service', role: 'editor' });
  });

  it('refuses an e-mail address the provider has not verified, even with claim on', async () => {
    const { accord, provider, log } = await setup({ newUsers: 'claim', departmentClaim: 'department', departmentMap: new Map([['marketing', 'marketing']]) });
    await signUpAdmin(accord.url);
    provider.signInAs('una');
    const trip = await signInWithSso(accord);
    expect(trip.landing).toBe('/sign-in?error=email_unverified');
    expect(trip.sessionCookie).toBeNull();
    expect(refusals(log)).toEqual([{ code: 'email_unverified', reason: 'email_verified is not true' }].map((entry) => expect.objectContaining(entry)));
  });

  it('reads another verified-e-mail claim when told to (Entra ID: xms_edov)', async () => {
    const people = PEOPLE();
    people.una!.xms_edov = true;
    const { accord, provider } = await setup({ emailVerifiedClaim: 'xms_edov' }, people);
    const admin = await signUpAdmin(accord.url);
    people.una!.email = admin.user.email;
    provider.signInAs('una');
    expect((await signInWithSso(accord)).landing).toBe('/');
    // Without that claim, a token with only email_verified is not enough any more.
    people.hana!.email = admin.user.email;
    provider.signInAs('hana');
    expect((await signInWithSso(accord)).landing).toBe('/sign-in?error=email_unverified');
  });

  it('refuses a reused state, an unknown one, and one this browser did not start', async () => {
    const { accord, provider, people } = await setup();
    const admin = await signUpAdmin(accord.url);
    people.hana!.email = admin.user.email;
    provider.signInAs('hana');
    const first = await signInWithSso(accord);
    expect(first.landing).toBe('/');
    // The same callback again (state used): refused, no new session.
    const replay = await fetch(first.callback!, { redirect: 'manual', headers: { cookie: first.jar.header(new URL(accord.url)) } });
    expect(replay.status).toBe(302);
    expect(replay.headers.get('location')).toBe('/sign-in?error=expired');
    expect(replay.headers.getSetCookie().some((line) => line.startsWith('accord_session='))).toBe(false);

    const unknown = await fetch(`${accord.url}/api/auth/oidc/callback?state=made-up&code=made-up`, { redirect: 'manual' });
    expect(unknown.headers.get('location')).toBe('/sign-in?error=expired');
    expect(await unknown.text()).not.toMatch(/at .*\.ts|Error:/);

    // Someone else's callback link (login CSRF): the state is real, but this browser never started it.
    const planted = await startedElsewhere(accord);
    const csrf = await fetch(planted, { redirect: 'manual' });
    expect(csrf.headers.get('location')).toBe('/sign-in?error=expired');
    expect(csrf.headers.getSetCookie().some((line) => line.startsWith('accord_session='))).toBe(false);
  });

  // Each case names the check that must catch it (openid-client's reason, in the log).
  const forgeries: [string, Parameters<TestProvider['forge']>[0], ((url: URL) => void) | undefined, RegExp][] = [
    ['a bad signature', { foreignKey: true }, undefined, /JWT signature verification failed/],
    ['a wrong nonce', null, (url) => url.searchParams.set('nonce', 'not-the-nonce-accord-sent'), /"nonce" claim/],
    ['a wrong audience (a token issued for another app)', { claims: (claims) => ({ ...claims, aud: 'another-app', azp: 'another-app' }) }, undefined, /"aud" \(audience\)/],
    ['an expired token', { claims: (claims) => ({ ...claims, iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }) }, undefined, /"exp" \(expiration time\)/],
    ['another issuer', { claims: (claims) => ({ ...claims, iss: 'https://login.evil.example' }) }, undefined, /"iss" \(issuer\)/],
  ];
  for (const [name, forgery, alterAuthorization, reason] of forgeries) {
    it(`refuses an ID token with ${name}, with a plain message and no session`, async () => {
      const { accord, provider, log, people } = await setup();
      const admin = await signUpAdmin(accord.url);
      people.hana!.email = admin.user.email;
      provider.signInAs('hana');
      provider.forge(forgery);
      const trip = await signInWithSso(accord, alterAuthorization ? { alterAuthorization } : {});
      expect(trip.landing).toBe('/sign-in?error=token_invalid');
      expect(trip.sessionCookie).toBeNull();
      expect(oidcErrorMessage('token_invalid', 'Example ID')).toMatch(/^Accord could not confirm your sign-in: the answer from Example ID did not check out\./);
      expect(refusals(log).map((entry) => entry.code)).toEqual(['token_invalid']);
      expect(refusals(log)[0]!.reason).toMatch(reason);
      // Nothing was linked: the real token signs the admin in by e-mail (not by a subject stored on the way).
      provider.forge(null);
      expect((await signInWithSso(accord)).landing).toBe('/');
      expect(log.map((line) => JSON.parse(line)).filter((entry) => entry.event === 'auth.oidc_login').map((entry) => entry.matched)).toEqual(['email']);
    });
  }

  it('says the provider cannot be reached, logs why, and keeps serving', async () => {
    const log: string[] = [];
    const accord = await startTestServerUntil(cleanups, { oidc: settingsFor('http://127.0.0.1:9/'), logger: createLogger({ write: (line) => log.push(line) }) });
    expect((await call(accord.url, '/api/auth/methods')).body).toEqual({ password: true, oidc: { name: 'Example ID' } });
    const trip = await signInWithSso(accord);
    expect(trip.landing).toBe('/sign-in?error=provider_unreachable');
    expect(log.some((line) => JSON.parse(line).event === 'auth.oidc_discovery_failed')).toBe(true);
    expect((await call(accord.url, '/api/health')).status).toBe(200);
  });

  it('without single sign-on set up: password only, and the start route says so', async () => {
    const accord = await startTestServerUntil(cleanups);
    expect((await call(accord.url, '/api/auth/methods')).body).toEqual({ password: true, oidc: null });
    expect((await signInWithSso(accord)).landing).toBe('/sign-in?error=not_configured');
  });

  it('with ACCORD_OIDC_ONLY, refuses passwords (403) except for the first admin, and still signs people in with the provider', async () => {
    const { accord, provider } = await setup({ only: true });
    expect((await call(accord.url, '/api/auth/methods')).body).toEqual({ password: false, oidc: { name: 'Example ID' } });
    const admin = await signUpAdmin(accord.url);
    const second = await call(accord.url, '/api/invites', { json: { department: 'hr', role: 'admin' }, cookie: admin.cookie });
    const refusedSignup = await call(accord.url, '/api/auth/signup', { json: { email: 'hana@example.org', name: 'Hana', password: 'correct horse battery', invite: second.body.token } });
    expect(refusedSignup.status).toBe(403);
    expect(refusedSignup.body.error).toBe(PASSWORDS_OFF_MESSAGE);
    // The invited address signs in with the provider instead (pending invite for the address).
    const db = new Database(databaseFile(accord.dataDir));
    db.prepare('UPDATE invites SET email = ?').run('hana@example.org');
    db.close();
    provider.signInAs('hana');
    const hana = await signInWithSso(accord);
    expect((await me(accord, hana.sessionCookie)).body).toMatchObject({ email: 'hana@example.org', role: 'admin' });

    const breakGlass = await call(accord.url, '/api/auth/login', { json: { email: admin.user.email, password: 'correct horse battery' } });
    expect(breakGlass.status).toBe(200);
    const wrong = await call(accord.url, '/api/auth/login', { json: { email: admin.user.email, password: 'not the password' } });
    expect(wrong.status).toBe(403);
    const hanaWithPassword = await call(accord.url, '/api/auth/login', { json: { email: 'hana@example.org', password: 'anything at all' } });
    expect(hanaWithPassword.status).toBe(403);
    expect(hanaWithPassword.body.error).toBe(PASSWORDS_OFF_MESSAGE);
  });

  it('lets two sign-ins started in two tabs of one browser each finish', async () => {
    const { accord, provider, people } = await setup();
    const admin = await signUpAdmin(accord.url);
    people.hana!.email = admin.user.email;
    provider.signInAs('hana');
    const jar = new CookieJar();
    const begin = async () => {
      const url = new URL('/api/auth/oidc/start', accord.url);
      const response = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header(url) } });
      jar.store(url, response.headers);
      return new URL(response.headers.get('location')!, url).href;
    };
    const first = await begin();
    const second = await begin();
    const firstTrip = await signInWithSso(accord, { jar, start: first });
    expect((await me(accord, firstTrip.sessionCookie)).body).toMatchObject({ email: admin.user.email });
    const secondTrip = await signInWithSso(accord, { jar, start: second });
    expect((await me(accord, secondTrip.sessionCookie)).status).toBe(200);
  });

  it('follows only same-site return paths', async () => {
    expect(safeReturnTo('/p/abc?x=1#s')).toBe('/p/abc?x=1#s');
    for (const bad of ['//evil.example/p', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '', undefined, ['/p/a'], '/p/\u0000x']) expect(safeReturnTo(bad), String(bad)).toBe('/');
    const { accord, provider, people } = await setup();
    const admin = await signUpAdmin(accord.url);
    people.hana!.email = admin.user.email;
    provider.signInAs('hana');
    expect((await signInWithSso(accord, { returnTo: '//evil.example/steal' })).landing).toBe('/');
  });
});

/** Starts a sign-in in one browser and stops before Accord's callback: the link an attacker would plant. */
async function startedElsewhere(accord: { url: string }): Promise<string> {
  const jar = new CookieJar();
  let url = new URL('/api/auth/oidc/start', accord.url);
  for (let hop = 0; hop < 20; hop += 1) {
    if (url.pathname === '/api/auth/oidc/callback') return url.href;
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header(url) } });
    jar.store(url, response.headers);
    url = new URL(response.headers.get('location')!, url);
  }
  throw new Error('never reached the callback');
}

async function smtpServer(): Promise<TestSmtpServer> {
  const smtp = await TestSmtpServer.start();
  cleanups.push(() => smtp.stop());
  return smtp;
}

const NEW_PASSWORD = 'violet tractor marmalade';

describe('passwords of single sign-on accounts', () => {
  it('an account single sign-on created has no password: the profile and reset links say so instead of asking for one', async () => {
    const smtp = await smtpServer();
    const { accord, provider } = await setup({ newUsers: 'claim', departmentClaim: 'department', departmentMap: new Map([['marketing', 'marketing']]) }, PEOPLE(), { mail: { smtpUrl: smtp.url } });
    const admin = await signUpAdmin(accord.url);
    provider.signInAs('mia');
    const mia = (await signInWithSso(accord)).sessionCookie!;
    const miaId = (await me(accord, mia)).body.id as string;

    const moved = await call(accord.url, '/api/me', { method: 'PATCH', json: { email: 'mia.new@example.org' }, cookie: mia });
    expect(moved.status).toBe(400);
    expect(moved.body).toMatchObject({ field: 'email' });
    expect(moved.body.error).toMatch(/signs in with single sign-on, so its e-mail address comes from your organization/);
    const movedWithGuess = await call(accord.url, '/api/me', { method: 'PATCH', json: { email: 'mia.new@example.org', currentPassword: 'a guess' }, cookie: mia });
    expect(movedWithGuess.body).toMatchObject({ field: 'email' });
    expect((await me(accord, mia)).body.email).toBe('mia@example.org');
    // The name is still hers to change.
    expect((await call(accord.url, '/api/me', { method: 'PATCH', json: { name: 'Mia M.' }, cookie: mia })).status).toBe(200);

    const changed = await call(accord.url, '/api/me/password', { json: { currentPassword: 'a guess', newPassword: NEW_PASSWORD }, cookie: mia });
    expect(changed.status).toBe(400);
    expect(changed.body).toMatchObject({ field: 'currentPassword', error: 'currentPassword: your account signs in with single sign-on and has no password here to change.' });

    expect((await call(accord.url, '/api/auth/password-reset', { json: { email: 'mia@example.org' } })).status).toBe(200);
    const told = await smtp.waitForMessage((mail) => mail.to.includes('mia@example.org'));
    expect(told.subject).toBe('About your Accord password');
    expect(told.text).not.toContain('/reset-password/');
    const byAdmin = await call(accord.url, `/api/users/${miaId}/password-reset`, { json: {}, cookie: admin.cookie });
    expect(byAdmin.status).toBe(409);
    expect(byAdmin.body.error).toMatch(/signs in with single sign-on and has no password here/);
    expect((await call(accord.url, '/api/auth/login', { json: { email: 'mia@example.org', password: 'none$single-sign-on' } })).status).toBe(401);
  });

  it('a password account linked to single sign-on by its e-mail keeps its password: signs in, changes its e-mail and its password with it', async () => {
    const { accord, provider, people } = await setup();
    const admin = await signUpAdmin(accord.url);
    const invited = await signUpInvited(accord.url, admin, 'hr', 'editor', 'Hana HR');
    people.hana!.email = invited.user.email;
    provider.signInAs('hana');
    const sso = (await signInWithSso(accord)).sessionCookie!;
    expect((await me(accord, sso)).body.id).toBe(invited.user.id);

    expect((await call(accord.url, '/api/auth/login', { json: { email: invited.user.email, password: 'correct horse battery' } })).status).toBe(200);
    const noPassword = await call(accord.url, '/api/me', { method: 'PATCH', json: { email: 'hana.hr@example.org' }, cookie: sso });
    expect(noPassword.body).toMatchObject({ field: 'currentPassword' });
    const moved = await call(accord.url, '/api/me', { method: 'PATCH', json: { email: 'hana.hr@example.org', currentPassword: 'correct horse battery' }, cookie: sso });
    expect(moved.status).toBe(200);
    expect(moved.body.email).toBe('hana.hr@example.org');
    const changed = await call(accord.url, '/api/me/password', { json: { currentPassword: 'correct horse battery', newPassword: NEW_PASSWORD }, cookie: sso });
    expect(changed.status).toBe(200);
    expect((await call(accord.url, '/api/auth/login', { json: { email: 'hana.hr@example.org', password: NEW_PASSWORD } })).status).toBe(200);
    // No reset link though: it signs in with the provider whenever it forgets the password.
    expect((await call(accord.url, `/api/users/${invited.user.id}/password-reset`, { json: {}, cookie: admin.cookie })).status).toBe(409);
  });

  it('with ACCORD_OIDC_ONLY, only the break-glass admin gets reset links: others get nothing by mail and a refusal from the admin route', async () => {
    const smtp = await smtpServer();
    const { accord } = await setup({ only: true }, PEOPLE(), { mail: { smtpUrl: smtp.url } });
    const breakGlass = await signUpAdmin(accord.url);
    // A second admin with a password of her own (as made before ACCORD_OIDC_ONLY was turned on): not the break-glass account.
    const db = new Database(databaseFile(accord.dataDir));
    db.prepare("INSERT INTO users (id, email, name, department, role, password_hash, created_at) SELECT 'pat-id', 'pat@example.org', 'Pat Password', 'hr', 'admin', password_hash, ? FROM users WHERE id = ?").run(new Date(Date.now() + 60_000).toISOString(), breakGlass.user.id);
    // A link she was sent before.
    db.prepare('INSERT INTO password_resets (token_hash, user_id, requested_by, created_at, expires_at) VALUES (?, ?, NULL, ?, ?)').run(digestSecret('an-old-link'), 'pat-id', Date.now(), Date.now() + 600_000);
    db.close();

    const unknown = await call(accord.url, '/api/auth/password-reset', { json: { email: 'nobody@example.org' } });
    const pat = await call(accord.url, '/api/auth/password-reset', { json: { email: 'pat@example.org' } });
    expect(pat.status).toBe(unknown.status);
    expect(pat.body).toEqual({ ...unknown.body, message: (unknown.body.message as string).replace('nobody@example.org', 'pat@example.org') });
    expect((await call(accord.url, '/api/auth/password-reset', { json: { email: breakGlass.user.email } })).status).toBe(200);
    const link = linkIn(await smtp.waitForMessage((mail) => mail.to.includes(breakGlass.user.email)), '/reset-password/');
    // Mail leaves in order: by the time the break-glass link arrived, anything for Pat would have too.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.to('pat@example.org')).toEqual([]);

    const refused = await call(accord.url, '/api/users/pat-id/password-reset', { json: {}, cookie: breakGlass.cookie });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('Pat Password cannot be sent a reset link: local passwords are turned off on this server (single sign-on only), and only the first admin, the break-glass account, keeps one. Pat Password signs in with the button on the sign-in page.');
    const oldLink = await call(accord.url, '/api/auth/password-reset/an-old-link', { json: { password: NEW_PASSWORD } });
    expect(oldLink.status).toBe(410);
    expect(oldLink.body.error).toMatch(/single sign-on/);
    expect(smtp.to('pat@example.org')).toEqual([]);

    const own = await call(accord.url, `/api/users/${breakGlass.user.id}/password-reset`, { json: {}, cookie: breakGlass.cookie });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ sent: true });
    const done = await call(accord.url, new URL(link).pathname.replace('/reset-password/', '/api/auth/password-reset/'), { json: { password: NEW_PASSWORD } });
    expect(done.status).toBe(200);
    expect((await call(accord.url, '/api/auth/login', { json: { email: breakGlass.user.email, password: NEW_PASSWORD } })).status).toBe(200);
  });
});

describe('single sign-on settings', () => {
  const base = { ACCORD_OIDC_ISSUER: 'https://login.example.org/tenant/v2.0', ACCORD_OIDC_CLIENT_ID: 'id', ACCORD_OIDC_CLIENT_SECRET: 'secret' };
  it('reads the variables, with refuse as the default for new people', () => {
    expect(readOidcSettings({})).toBeNull();
    const settings = readOidcSettings({ ...base, ACCORD_OIDC_NAME: 'Microsoft', ACCORD_OIDC_NEW_USERS: 'claim', ACCORD_OIDC_DEPARTMENT_CLAIM: 'department', ACCORD_OIDC_DEPARTMENT_MAP: 'Marketing=marketing, Human Resources=hr', ACCORD_OIDC_ONLY: '1' })!;
    expect(settings).toMatchObject({ issuer: base.ACCORD_OIDC_ISSUER, name: 'Microsoft', newUsers: 'claim', departmentClaim: 'department', only: true, defaultRole: 'editor' });
    expect([...settings.departmentMap]).toEqual([['marketing', 'marketing'], ['human resources', 'hr']]);
    expect(readOidcSettings(base)).toMatchObject({ newUsers: 'refuse', only: false, emailVerifiedClaim: 'email_verified', name: 'single sign-on' });
    expect(readOidcSettings({ ...base, ACCORD_OIDC_EMAIL_VERIFIED_CLAIM: 'xms_edov' })?.emailVerifiedClaim).toBe('xms_edov');
  });
  it('names what is wrong', () => {
    expect(() => readOidcSettings({ ACCORD_OIDC_ISSUER: base.ACCORD_OIDC_ISSUER })).toThrow('Single sign-on needs ACCORD_OIDC_CLIENT_ID and ACCORD_OIDC_CLIENT_SECRET as well.');
    expect(() => readOidcSettings({ ...base, ACCORD_OIDC_ISSUER: 'http://login.example.org' })).toThrow(/must use https/);
    expect(() => readOidcSettings({ ...base, ACCORD_OIDC_NEW_USERS: 'maybe' })).toThrow(/"refuse" or "claim"/);
    expect(() => readOidcSettings({ ...base, ACCORD_OIDC_NEW_USERS: 'claim' })).toThrow(/ACCORD_OIDC_DEPARTMENT_CLAIM/);
    expect(() => readOidcSettings({ ...base, ACCORD_OIDC_DEPARTMENT_MAP: 'Marketing' })).toThrow(/ACCORD_OIDC_DEPARTMENT_MAP/);
    expect(() => readOidcSettings({ ...base, ACCORD_OIDC_DEFAULT_ROLE: 'admin' })).toThrow(/editor, commenter or viewer/);
    expect(() => readOidcSettings({ ACCORD_OIDC_ONLY: '1' })).toThrow(/ACCORD_OIDC_ONLY is set/);
  });
  it('gives SSO accounts a stored value no password matches, which counts as no password', async () => {
    expect(await verifyPassword('', NO_PASSWORD_HASH)).toBe(false);
    expect(await verifyPassword('single-sign-on', NO_PASSWORD_HASH)).toBe(false);
    expect(hasPassword(NO_PASSWORD_HASH)).toBe(false);
    expect(hasPassword(await hashPassword('correct horse battery'))).toBe(true);
  });
});
