import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// scrypt is memory-hard: N=2^15, r=8 needs 32 MiB per hash, which makes guessing in bulk costly.
const PARAMETERS = { N: 32768, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Hashes a password as `scrypt$N$r$p$salt$hash` (base64url), so parameters can grow later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMETERS);
  return ['scrypt', PARAMETERS.N, PARAMETERS.r, PARAMETERS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * Whether a stored hash is a password's. Accounts single sign-on created store
 * `NO_PASSWORD_HASH` (server/auth/oidcAccounts.ts) instead, and have no password anywhere: no
 * password sign-in, no current password to give on the profile page, no reset link.
 *
 * A password account later linked to single sign-on by its e-mail keeps its real password: it
 * may still sign in with it, change it and confirm an e-mail change with it, unless
 * ACCORD_OIDC_ONLY turns local passwords off (then only the break-glass admin keeps one). It gets
 * no reset link though (`signsInWithProvider` in passwordResets.ts): it can always sign in with
 * the provider.
 */
export function hasPassword(passwordHash: string | null | undefined): boolean {
  return typeof passwordHash === 'string' && passwordHash.startsWith('scrypt$');
}

/**
 * Checks a password against a stored hash in constant time. A stored value that is no password
 * (an account without one) is never right, and takes as long as a wrong password, so timing does
 * not tell which accounts have none.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const usable = hasPassword(stored);
  const [scheme, n, r, p, salt, hash] = (usable ? stored : UNKNOWN_ACCOUNT_HASH).split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return usable && key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash to compare against when the account does not exist, so timing does not reveal which emails are registered. */
export const UNKNOWN_ACCOUNT_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
