import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AccountError } from './accounts';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

let common: Set<string> | undefined;

/** The common-password list (common-passwords.txt beside this file), read once, lower case. */
function commonPasswords(): Set<string> {
  if (!common) {
    const text = fs.readFileSync(fileURLToPath(new URL('./common-passwords.txt', import.meta.url)), 'utf8');
    common = new Set(
      text
        .split('\n')
        .map((line) => line.trim().toLowerCase())
        .filter((line) => line && !line.startsWith('#')),
    );
  }
  return common;
}

/** Whether a password is one character, or one short block, over and over ("aaaaaaaaaa", "abcabcabcabc"). */
function isRepeat(password: string): boolean {
  for (let size = 1; size <= 4; size++) {
    if (password.length < size * 2) break;
    const block = password.slice(0, size);
    if (block.repeat(Math.ceil(password.length / size)).slice(0, password.length) === password) return true;
  }
  return false;
}

/** Whether a password is a run of neighbouring characters ("1234567890", "abcdefghij", "9876543210"). */
function isSequence(password: string): boolean {
  const codes = [...password].map((character) => character.codePointAt(0)!);
  for (const step of [1, -1]) {
    // Digits wrap around (…7890, 0987…), as they do on the keyboard.
    const follows = (previous: number, code: number) => code - previous === step || (step === 1 && previous === 57 && code === 48) || (step === -1 && previous === 48 && code === 57);
    if (codes.every((code, index) => index === 0 || follows(codes[index - 1]!, code))) return true;
  }
  return false;
}

/**
 * Why this password is refused, in words for the person choosing it, or null when it is fine.
 * `person` (their e-mail and name) is refused too, so nobody's password is their own address.
 */
export function passwordProblem(password: string, person: { email?: string; name?: string } = {}): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  const folded = password.normalize('NFKC').trim().toLowerCase();
  if (isRepeat(folded) || isSequence(folded)) return 'This password is a simple pattern (the same characters over and over, or a run like 1234567890), so it is easy to guess. Try a few unrelated words together.';
  const email = person.email?.trim().toLowerCase();
  const name = person.name?.trim().toLowerCase();
  const compact = folded.replace(/[\s._-]+/g, '');
  if (email && (folded === email || folded === email.split('@')[0])) return 'Your password cannot be your e-mail address. Try a few unrelated words together.';
  if (name && name.length > 0 && (folded === name || compact === name.replace(/[\s._-]+/g, ''))) return 'Your password cannot be your name. Try a few unrelated words together.';
  if (commonPasswords().has(folded) || commonPasswords().has(compact)) {
    return 'This password is on a list of commonly used passwords, so it is easy to guess. Try a few unrelated words together.';
  }
  return null;
}

/** Throws a 400 naming `field` (default `password`) when {@link passwordProblem} finds one. */
export function assertPasswordAllowed(password: string, person: { email?: string; name?: string } = {}, field = 'password'): void {
  const problem = passwordProblem(password, person);
  if (problem) throw new AccountError(400, `${field}: ${problem}`, field);
}
