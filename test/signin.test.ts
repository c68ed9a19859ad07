import { describe, expect, it } from 'vitest';
import { startTestServer, startTestServerUntil, figures } from './support/accordServer';
import { ManualClock } from './support/manualClock';
import { callFrom, signUpAdmin } from './support/session';
import { cleanupStack } from './support/cleanups';

/**
 * Sign-in under attack, against a real server on port 0. Different loopback addresses stand for
 * different people: 127.0.0.2 is the one guessing, 127.0.0.3 the owner of the account.
 */

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

const PASSWORD = 'correct horse battery';
const WRONG = 'not the password at all';
const ATTACKER = '127.0.0.2';
const OWNER = '127.0.0.3';

const cleanups = cleanupStack();

const server = (options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> => startTestServerUntil(cleanups, options);

/**
 * Watches the real password check (it still runs): how many ran, how many at once, how many said yes.
 * Only instrumentation; the server's own code decides everything.
 */
function watchPasswordChecks(target: TestServer) {
  const stats = { checks: 0, inFlight: 0, maxInFlight: 0, accepted: 0 };
  const original = target.accounts.verifyCredentials.bind(target.accounts);
  target.accounts.verifyCredentials = async (email: string, password: string) => {
    stats.checks += 1;
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    try {
      const user = await original(email, password);
      if (user) stats.accepted += 1;
      return user;
    } finally {
      stats.inFlight -= 1;
    }
  };
  return stats;
}

function login(target: TestServer, email: string, password: string, from: string, headers: Record<string, string> = {}) {
  return callFrom(target.url, '/api/auth/login', { json: { email, password }, localAddress: from, headers });
}

function tally(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

describe('guessing one account', () => {
  it('40 concurrent wrong passwords: one checked at a time, none accepted, the rest told to wait; the owner still gets in from another address', async () => {
    const target = await server();
    const admin = await signUpAdmin(target.url);
    const stats = watchPasswordChecks(target);

    const answers = await Promise.all(Array.from({ length: 40 }, () => login(target, admin.user.email, WRONG, ATTACKER)));
    const counts = tally(answers.map((answer) => answer.status));
    expect(stats.accepted).toBe(0);
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(0);
    expect(stats.maxInFlight).toBeLessThanOrEqual(1);
    // Counted before checking: at most the free failures and the one that starts the delay were checked.
    expect(stats.checks).toBeLessThanOrEqual(3);
    expect(counts[429] ?? 0).toBeGreaterThanOrEqual(37);
    for (const answer of answers.filter((one) => one.status === 429)) {
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(answer.body.error).toMatch(/^Too many attempts/);
    }

    const attack = { statuses: counts, passwordChecks: stats.checks, maxInFlight: stats.maxInFlight, accepted: stats.accepted };

    // The owner, elsewhere, is not stopped by someone else's failures.
    const started = Date.now();
    const owner = await login(target, admin.user.email, PASSWORD, OWNER);
    const ownerMs = Date.now() - started;
    expect(owner.status).toBe(200);
    expect(owner.cookie).not.toBeNull();
    figures('40 concurrent wrong passwords', { ...attack, ownerStatus: owner.status, ownerMs });
  });

  it("an outsider's wrong passwords, even while they keep trying from several addresses, never refuse the owner's right one", async () => {
    const target = await server();
    const admin = await signUpAdmin(target.url);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect([401, 429]).toContain((await login(target, admin.user.email, WRONG, ATTACKER)).status);
    }
    // The outsider is being delayed now…
    const delayed = await login(target, admin.user.email, WRONG, ATTACKER);
    expect(delayed.status).toBe(429);

    // …and keeps hammering from five addresses while the owner signs in.
    const stats = watchPasswordChecks(target);
    const storm = Promise.all(
      ['127.0.0.2', '127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7'].flatMap((address) =>
        Array.from({ length: 8 }, () => login(target, admin.user.email, WRONG, address)),
      ),
    );
    const started = Date.now();
    const owner = await login(target, admin.user.email, PASSWORD, OWNER);
    const ownerMs = Date.now() - started;
    const stormAnswers = await storm;
    expect(owner.status).toBe(200);
    expect(owner.cookie).not.toBeNull();
    expect(stormAnswers.filter((answer) => answer.status === 200)).toHaveLength(0);
    expect(stats.maxInFlight).toBeLessThanOrEqual(1);
    figures('owner during a storm from 5 addresses', { ownerStatus: owner.status, ownerMs, storm: tally(stormAnswers.map((answer) => answer.status)), passwordChecks: stats.checks, maxInFlight: stats.maxInFlight });
  });

  it('delays grow for that account from that address (capped), the right password waits its turn there, then works', async () => {
    const clock = new ManualClock();
    const target = await server({ authLimits: { freeFailures: 2, delayMs: 250, maxDelayMs: 1_000 }, clock });
    const admin = await signUpAdmin(target.url);
    expect((await login(target, admin.user.email, WRONG, ATTACKER)).status).toBe(401);
    expect((await login(target, admin.user.email, WRONG, ATTACKER)).status).toBe(401);

    const delays: number[] = [];
    for (let round = 0; round < 4; round += 1) {
      // Wrong once more: this failure sets the next delay.
      const failed = await login(target, admin.user.email, WRONG, ATTACKER);
      expect(failed.status, `round ${round}`).toBe(401);
      const waiting = await login(target, admin.user.email, PASSWORD, ATTACKER);
      expect(waiting.status, `round ${round}: the right password waits out the delay too`).toBe(429);
      expect(waiting.cookie).toBeNull();
      expect(Number(waiting.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      delays.push(waiting.body.retryAfterMs);
      clock.advance(waiting.body.retryAfterMs - 1);
      expect((await login(target, admin.user.email, PASSWORD, ATTACKER)).status, `round ${round}: 1 ms before the delay ends`).toBe(429);
      clock.advance(1);
    }
    // Doubling from 250 ms, capped at 1 s (no time passes on the manual clock between the failure and the question).
    expect(delays).toEqual([250, 500, 1_000, 1_000]);

    const after = await login(target, admin.user.email, PASSWORD, ATTACKER);
    expect(after.status).toBe(200);
    // Success clears the record of that pair: the next mistake is free again.
    expect((await login(target, admin.user.email, WRONG, ATTACKER)).status).toBe(401);
    figures('growing delay', { retryAfterMs: delays });
  });
});

describe('the per-address budget', () => {
  it('stops an address that fails too often across accounts, and only that address', async () => {
    const target = await server({ authLimits: { perIp: 10 } });
    const admin = await signUpAdmin(target.url);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 14; attempt += 1) {
      statuses.push((await login(target, `guess-${attempt}@example.org`, WRONG, ATTACKER)).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(4).fill(429));
    const fromThere = await login(target, admin.user.email, PASSWORD, ATTACKER);
    expect(fromThere.status).toBe(429);
    expect(fromThere.body.error).toMatch(/^Too many attempts/);
    const elsewhere = await login(target, admin.user.email, PASSWORD, OWNER);
    expect(elsewhere.status).toBe(200);
    figures('per-address budget 10', { statuses: tally(statuses), ownerElsewhere: elsewhere.status });
  });

  it('behind a proxy (trustProxy), each forwarded client has its own budget; without it, forged X-Forwarded-For changes nothing', async () => {
    const proxied = await server({ authLimits: { perIp: 5 }, trustProxy: 'loopback' });
    const admin = await signUpAdmin(proxied.url);
    const guesser = { 'x-forwarded-for': '203.0.113.7' };
    const colleague = { 'x-forwarded-for': '203.0.113.8' };
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) statuses.push((await login(proxied, `guess-${attempt}@example.org`, WRONG, '127.0.0.1', guesser)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const behindSameProxy = await login(proxied, admin.user.email, PASSWORD, '127.0.0.1', colleague);
    expect(behindSameProxy.status).toBe(200);

    const direct = await server({ authLimits: { perIp: 5 } });
    const directStatuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      directStatuses.push((await login(direct, `guess-${attempt}@example.org`, WRONG, ATTACKER, { 'x-forwarded-for': `198.51.100.${attempt}` })).status);
    }
    expect(directStatuses).toEqual([401, 401, 401, 401, 401, 429]);
    figures('behind a proxy', { guesser: tally(statuses), colleagueBehindSameProxy: behindSameProxy.status, forgedForwardedFor: tally(directStatuses) });
  });
});
