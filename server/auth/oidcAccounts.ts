import type { OidcErrorCode } from '../../shared/api/oidc';
import type { Role } from '../../shared/api/users';
import type { AccountService, User } from '../services/accounts';
import { digestSecret } from '../services/secretDigest';
import type { SqliteDatabase } from '../storage/database';
import { departmentFromClaim, type OidcIdentity, type OidcSettings } from './oidc';

/** How long a started sign-in may take to come back from the provider. */
export const OIDC_LOGIN_TTL_MS = 10 * 60_000;


/**
 * What an account single sign-on creates stores instead of a password hash: not a hash at all, so
 * no password matches it and `hasPassword` says the account has none (profile, resets, sign-in).
 * Sign-in still takes as long for it as for any account (`AccountService.verifyCredentials`
 * compares against the unknown-account hash), so timing does not tell who signs in with the provider.
 */
export const NO_PASSWORD_HASH = 'none$single-sign-on';

/** Sign-ins under way: state (hashed), nonce and PKCE verifier, each used once and for ten minutes at most. */
export class OidcLogins {
  private readonly insert;
  private readonly take;
  private readonly prune;

  constructor(
    db: SqliteDatabase,
    private readonly now: () => number,
  ) {
    this.insert = db.prepare<[string, string, string, string, number]>('INSERT INTO oidc_logins (state_hash, nonce, code_verifier, return_to, created_at) VALUES (?, ?, ?, ?, ?)');
    this.take = db.prepare<[string], { nonce: string; code_verifier: string; return_to: string | null; created_at: number }>('DELETE FROM oidc_logins WHERE state_hash = ? RETURNING nonce, code_verifier, return_to, created_at');
    this.prune = db.prepare<[number]>('DELETE FROM oidc_logins WHERE created_at <= ?');
  }

  save(login: { state: string; nonce: string; codeVerifier: string; returnTo: string }): void {
    this.prune.run(this.now() - OIDC_LOGIN_TTL_MS);
    this.insert.run(digestSecret(login.state), login.nonce, login.codeVerifier, login.returnTo, this.now());
  }

  /** The sign-in this state started, removed so it cannot be used twice; null when unknown, used or expired. */
  use(state: string): { nonce: string; codeVerifier: string; returnTo: string } | null {
    const row = this.take.get(digestSecret(state));
    if (!row || row.created_at <= this.now() - OIDC_LOGIN_TTL_MS) return null;
    return { nonce: row.nonce, codeVerifier: row.code_verifier, returnTo: row.return_to ?? '/' };
  }
}

export type SsoMatch = { ok: true; user: User; how: 'subject' | 'email' | 'invite' | 'created' } | { ok: false; code: OidcErrorCode; reason: string };

/**
 * Finds or makes the account for a person the provider vouches for: by subject first, then by
 * verified e-mail (linking the subject), then by a pending invite for that address, then per
 * ACCORD_OIDC_NEW_USERS. Writes happen in one transaction, so nothing is half created.
 */
export class SsoAccounts {
  private readonly bySubject;
  private readonly byEmail;
  private readonly linkSubject;
  private readonly firstAdmin;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly accounts: AccountService,
    private readonly settings: OidcSettings,
  ) {
    this.bySubject = db.prepare<[string], { id: string }>('SELECT id FROM users WHERE oidc_subject = ?');
    this.byEmail = db.prepare<[string], { id: string; oidc_subject: string | null }>('SELECT id, oidc_subject FROM users WHERE email = ?');
    this.linkSubject = db.prepare<[string, string]>('UPDATE users SET oidc_subject = ? WHERE id = ?');
    this.firstAdmin = db.prepare<[], { id: string }>("SELECT id FROM users WHERE role = 'admin' ORDER BY created_at, rowid LIMIT 1");
  }

  match(identity: OidcIdentity): SsoMatch {
    if (!identity.email || !identity.emailVerified) return { ok: false, code: 'email_unverified', reason: identity.email ? `${this.settings.emailVerifiedClaim} is not true` : 'no email claim' };
    const email = identity.email;
    return this.db.transaction((): SsoMatch => {
      const known = this.bySubject.get(identity.subject);
      if (known) return { ok: true, user: this.accounts.getUser(known.id)!, how: 'subject' };
      const sameEmail = this.byEmail.get(email);
      if (sameEmail) {
        if (sameEmail.oidc_subject) return { ok: false, code: 'linked_elsewhere', reason: 'the account is linked to another subject' };
        this.linkSubject.run(identity.subject, sameEmail.id);
        return { ok: true, user: this.accounts.getUser(sameEmail.id)!, how: 'email' };
      }
      const invite = this.accounts.invites.pendingForEmail(email);
      if (invite && this.accounts.departments.isAssignable(invite.department)) {
        const user = this.create(identity, email, invite.department, invite.role);
        this.accounts.invites.markUsed(invite.id, user.id);
        return { ok: true, user, how: 'invite' };
      }
      if (this.settings.newUsers === 'refuse') return { ok: false, code: 'no_account', reason: 'no account, no invite, new people refused' };
      const department = departmentFromClaim(this.settings, identity.claims);
      if (!department || !this.accounts.departments.isAssignable(department)) return { ok: false, code: 'no_department', reason: department ? `department ${department} cannot be given people` : 'no department claim mapped' };
      return { ok: true, user: this.create(identity, email, department, this.settings.defaultRole), how: 'created' };
    })();
  }

  private create(identity: OidcIdentity, email: string, department: string, role: Role): User {
    const name = identity.name ?? email.split('@')[0]!;
    return this.accounts.insertAccount({ email, name, department, role, passwordHash: NO_PASSWORD_HASH, oidcSubject: identity.subject });
  }

  /**
   * The break-glass admin of ACCORD_OIDC_ONLY: the earliest-created admin, who may still sign in
   * with a password so the organization is not locked out when the provider is down or misconfigured.
   */
  breakGlassAdmin(): string | null {
    return this.firstAdmin.get()?.id ?? null;
  }
}
