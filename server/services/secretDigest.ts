import { createHash } from 'node:crypto';

/** Session ids and every other secret token (invites, password resets, single sign-on states) are stored hashed: a copy of the database lets nobody in. */
export function digestSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
