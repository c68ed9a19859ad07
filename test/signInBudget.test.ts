import { describe, expect, it } from 'vitest';
import type { SignInLimits } from '../server/services/rateLimiter';
import { startTestServerUntil } from './support/accordServer';
import { cleanupStack } from './support/cleanups';
import { callFrom, signUpAdmin } from './support/session';

/**
 * One sign-in limiter for the whole server: password guesses count against the same budget of the
 * network and of the account whether they go to sign-in, "Forgot password" or the profile's
 * current-password checks. 127.0.0.2 is the one guessing (holding a session it should not), 127.0.0.3 the owner.
 */

const cleanups = cleanupStack();
const PASSWORD = 'correct horse battery';
const WRONG = 'not the password at all';
const ATTACKER = '127.0.0.2';
const OWNER = '127.0.0.3';

async function setup(authLimits: Partial<SignInLimits>) {
  const server = await startTestServerUntil(cleanups, { authLimits });
  const admin = await signUpAdmin(server.url);
  const login = (password: string, from: string, email = admin.user.email) => callFrom(server.url, '/api/auth/login', { json: { email, password }, localAddress: from });
  const stolen = (await login(PASSWORD, OWNER)).cookie!;
  const changePassword = (currentPassword: string, from: string) => callFrom(server.url, '/api/me/password', { json: { currentPassword, newPassword: 'violet tractor marmalade' }, cookie: stolen, localAddress: from });
  const moveEmail = (currentPassword: string, from: string) => callFrom(server.url, '/api/me', { method: 'PATCH', json: { email: 'taken.over@example.org', currentPassword }, cookie: stolen, localAddress: from });
  const forgot = (from: string) => callFrom(server.url, '/api/auth/password-reset', { json: { email: 'someone@example.org' }, localAddress: from });
  return { server, admin, login, changePassword, moveEmail, forgot };
}

describe('one sign-in budget for the whole server', () => {
  it('a network that spent its budget on sign-in, reset requests and profile checks together is refused on each of them', async () => {
    const { login, changePassword, moveEmail, forgot } = await setup({ perIp: 4, freeFailures: 100 });
    expect((await login(WRONG, ATTACKER, 'guess-1@example.org')).status).toBe(401);
    expect((await forgot(ATTACKER)).status).toBe(200);
    expect((await changePassword(WRONG, ATTACKER)).status).toBe(403);
    expect((await moveEmail(WRONG, ATTACKER)).status).toBe(403);

    const signIn = await login(PASSWORD, ATTACKER);
    expect(signIn.status).toBe(429);
    expect(signIn.body.error).toMatch(/^Too many attempts from your network/);
    expect((await changePassword(PASSWORD, ATTACKER)).status).toBe(429);
    expect((await forgot(ATTACKER)).status).toBe(429);
    // Another network still has its own budget.
    expect((await login(PASSWORD, OWNER)).status).toBe(200);
  });

  it('wrong current passwords on the profile page count against the account as wrong sign-ins do', async () => {
    const { login, changePassword } = await setup({ perIp: 100, freeFailures: 2, delayMs: 60_000 });
    expect((await login(WRONG, ATTACKER)).status).toBe(401);
    expect((await login(WRONG, ATTACKER)).status).toBe(401);
    // The third guess is the first past the free ones, wherever it is made.
    expect((await changePassword(WRONG, ATTACKER)).status).toBe(403);
    const signIn = await login(PASSWORD, ATTACKER);
    expect(signIn.status).toBe(429);
    expect(signIn.body.error).toMatch(/^Too many attempts with a wrong password for this account/);
    expect((await changePassword(PASSWORD, ATTACKER)).status).toBe(429);
    // The owner, from their own network, is not held up by it.
    expect((await login(PASSWORD, OWNER)).status).toBe(200);
  });
});
