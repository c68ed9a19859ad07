import { describe, expect, it } from 'vitest';
import { AccountError } from './accounts';
import { assertPasswordAllowed, passwordProblem } from './passwordRules';

describe('password rules', () => {
  it('accepts a few unrelated words', () => {
    expect(passwordProblem('violet tractor marmalade')).toBeNull();
    expect(passwordProblem('Kettle-orbit-57-lantern', { email: 'ada@example.org', name: 'Ada Admin' })).toBeNull();
  });

  it('keeps the length limits', () => {
    expect(passwordProblem('short1!')).toMatch(/at least 10/);
    expect(passwordProblem('x'.repeat(150) + 'y'.repeat(51))).toMatch(/at most 200/);
  });

  it('refuses common passwords whatever their case', () => {
    for (const password of ['password123', 'Password123!', 'QWERTYUIOP', 'iloveyou2024', 'football12345', 'P@$$w0rd123']) {
      expect(passwordProblem(password), password).toMatch(/list of commonly used passwords/);
    }
  });

  it('refuses repeats and runs', () => {
    for (const password of ['aaaaaaaaaa', 'abcabcabcabc', '1234567890', '0987654321', 'abcdefghijk', '12121212121212']) {
      expect(passwordProblem(password), password).toMatch(/simple pattern/);
    }
  });

  it('refuses the person’s own e-mail or name', () => {
    expect(passwordProblem('Hana.Hofmann@example.org', { email: 'hana.hofmann@example.org' })).toMatch(/e-mail/);
    expect(passwordProblem('hana.hofmann', { email: 'hana.hofmann@example.org' })).toMatch(/e-mail/);
    expect(passwordProblem('Hana Hofmann', { name: 'Hana Hofmann' })).toMatch(/your name/);
  });

  it('throws a 400 naming the field', () => {
    let error: unknown;
    try {
      assertPasswordAllowed('password123', {}, 'newPassword');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AccountError);
    expect((error as AccountError).status).toBe(400);
    expect((error as AccountError).field).toBe('newPassword');
    expect((error as AccountError).message).toMatch(/^newPassword: This password is on a list/);
  });
});
