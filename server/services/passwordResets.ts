import { randomBytes } from 'node:crypto';
import { composeMail, validFor } from '../mail/messages';
import type { OutgoingMail, Outbox } from '../mail/outbox';
import type { SqliteDatabase } from '../storage/database';
import { AccountError, type AccountService, type User } from './accounts';
import { digestSecret } from './secretDigest';
import { hashPassword, hasPassword } from './passwords';
import { assertPasswordAllowed } from './passwordRules';
import type { SessionService } from './sessions';

/** How long a reset link works. */
export const PASSWORD_RESET_TTL_MS = 30 * 60_000;
/** Links one account may have waiting at once: more requests send nothing (nobody's inbox gets flooded). */
const MAX_PENDING_RESETS = 3;

/** Where mail goes: the outbox (`server/mail/outbox.ts`, sent in the background) and the organization's name for messages. */
export interface MailQueue {
  outbox: Pick<Outbox, 'configured' | 'enqueue'>;
  organization: () => string;
}

/**
 * Whether an account signs in with single sign-on, so a reset link is not for it: it has no
 * password, or it is linked to the provider. Linked accounts stay out even with a real password:
 * before `NO_PASSWORD_HASH`, accounts single sign-on created got a random scrypt hash, which looks
 * like a real one, and a reset link would give them a password nobody chose to allow.
 */
function signsInWithProvider(row: { password_hash: string; oidc_subject: string | null }): boolean {
  return row.oidc_subject !== null || !hasPassword(row.password_hash);
}

/** The admin's refusal when local passwords are off (ACCORD_OIDC_ONLY) and the person is not the break-glass admin. */
const PASSWORDS_OFF_FOR_RESETS = (name: string) =>
  `${name} cannot be sent a reset link: local passwords are turned off on this server (single sign-on only), and only the first admin, the break-glass account, keeps one. ${name} signs in with the button on the sign-in page.`;

interface ResetRow {
  user_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/**
 * Single-use password reset links (issue 20): asked for on the sign-in page ("Forgot password")
 * or sent by an admin. A link works once, for 30 minutes; using one sets the password, voids
 * the person's other links and ends all their sessions. Tokens are stored hashed.
 */
export class PasswordResetService {
  private readonly insert;
  private readonly byToken;
  private readonly pendingCount;
  private readonly userRow;
  private readonly setPasswordHash;
  private readonly voidPending;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly accounts: AccountService,
    private readonly sessions: SessionService,
    private readonly mail: MailQueue | null,
    /** Whether this account may use a local password at all (false for all but the break-glass admin when ACCORD_OIDC_ONLY is set). */
    private readonly mayUsePassword: (userId: string) => boolean = () => true,
  ) {
    this.insert = db.prepare<[string, string, string | null, number, number]>('INSERT INTO password_resets (token_hash, user_id, requested_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)');
    this.byToken = db.prepare<[string], ResetRow>('SELECT user_id, created_at, expires_at, used_at FROM password_resets WHERE token_hash = ?');
    this.pendingCount = db.prepare<[string, number], { count: number }>('SELECT COUNT(*) AS count FROM password_resets WHERE user_id = ? AND used_at IS NULL AND expires_at > ?');
    this.userRow = db.prepare<[string], { id: string; email: string; name: string; password_hash: string; oidc_subject: string | null }>('SELECT id, email, name, password_hash, oidc_subject FROM users WHERE email = ?');
    this.setPasswordHash = db.prepare<[string, string]>('UPDATE users SET password_hash = ? WHERE id = ?');
    this.voidPending = db.prepare<[number, string]>('UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL');
  }

  private now(): number {
    return this.accounts.clock.now();
  }

  /** Whether mail is set up, so links can be e-mailed rather than shown. */
  get mailEnabled(): boolean {
    return this.mail?.outbox.configured ?? false;
  }

  private create(userId: string, requestedBy: string | null): { token: string; expiresAt: number } {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + PASSWORD_RESET_TTL_MS;
    this.insert.run(digestSecret(token), userId, requestedBy, this.now(), expiresAt);
    return { token, expiresAt };
  }

  /**
   * "Forgot password": when the address has an account with a password, e-mails it a link. Says
   * nothing about whether it did; an account that signs in with single sign-on is told so by
   * e-mail instead (only its owner reads that).
   */
  requestByEmail(email: string, origin: string): void {
    const row = this.userRow.get(email);
    if (!row || !this.mail) return;
    // Local passwords off (ACCORD_OIDC_ONLY): nothing at all for anyone but the break-glass admin.
    if (!this.mayUsePassword(row.id)) return;
    const organization = this.mail.organization();
    if (signsInWithProvider(row)) {
      this.mail.outbox.enqueue({
        kind: 'password-reset',
        to: row.email,
        ...composeMail({
          subject: 'About your Accord password',
          organization,
          paragraphs: [
            `Hello ${row.name},`,
            `Someone (hopefully you) asked to reset the password of your Accord account at ${organization}. Your account has no password of its own: you sign in with your organization's single sign-on, with the button on the sign-in page.`,
          ],
          action: { label: 'Go to the sign-in page', url: `${origin}/signin` },
          notes: ['If you did not ask for this, you can ignore this message.'],
        }),
      });
      return;
    }
    if (this.pendingCount.get(row.id, this.now())!.count >= MAX_PENDING_RESETS) return;
    const { token } = this.create(row.id, null);
    this.mail.outbox.enqueue(resetMail(row, `${origin}/reset-password/${token}`, null, organization));
  }

  /**
   * An admin sends someone a reset link. The person's sessions go on until the link is used.
   * Returns the link itself when mail is not set up, so the admin can hand it over.
   */
  sendByAdmin(user: User, admin: User, origin: string): { sent: boolean; url?: string; expiresAt: number } {
    const row = this.userRow.get(user.email);
    if (!row) throw new AccountError(404, 'No user with this id');
    if (!this.mayUsePassword(row.id)) throw new AccountError(409, PASSWORDS_OFF_FOR_RESETS(user.name));
    if (signsInWithProvider(row)) {
      throw new AccountError(409, `${user.name} signs in with single sign-on and has no password here. They sign in with the button on the sign-in page.`);
    }
    const { token, expiresAt } = this.create(user.id, admin.id);
    const url = `${origin}/reset-password/${token}`;
    if (!this.mail?.outbox.configured) return { sent: false, url, expiresAt };
    this.mail.outbox.enqueue(resetMail(row, url, admin.name, this.mail.organization()));
    return { sent: true, expiresAt };
  }

  /** The account a usable link is for; a plain 400 or 410 otherwise. */
  private usable(token: string): ResetRow {
    const row = this.byToken.get(digestSecret(token));
    if (!row) throw new AccountError(400, 'This reset link is not valid. Check that you opened the whole link from the e-mail, or ask for a new one on the sign-in page.');
    if (row.used_at !== null) throw new AccountError(410, 'This reset link has been used already, or a newer one was used since. Ask for a new one on the sign-in page.');
    if (row.expires_at <= this.now()) throw new AccountError(410, 'This reset link has expired: links work for 30 minutes. Ask for a new one on the sign-in page.');
    return row;
  }

  /**
   * Sets a new password with a reset link: checks the rules, voids every unused link of the
   * person (this one included) and ends all their sessions. Returns the account.
   */
  async complete(token: string, password: string): Promise<User> {
    const row = this.usable(token);
    const user = this.accounts.getUser(row.user_id);
    if (!user) throw new AccountError(410, 'The account of this reset link no longer exists.');
    // A link sent before local passwords were turned off (ACCORD_OIDC_ONLY) no longer works.
    if (!this.mayUsePassword(user.id)) throw new AccountError(410, 'This reset link no longer works: your organization now signs everyone in with single sign-on. Use the button on the sign-in page.');
    assertPasswordAllowed(password, { email: user.email, name: user.name });
    const passwordHash = await hashPassword(password);
    this.db.transaction(() => {
      // Checked again: another request may have used the link while the password was hashed.
      this.usable(token);
      this.setPasswordHash.run(passwordHash, user.id);
      this.voidPending.run(this.now(), user.id);
    })();
    this.sessions.endAll(user.id);
    return user;
  }

  /** After a password change elsewhere (profile), links asked for before stop working. */
  voidLinksOf(userId: string): void {
    this.voidPending.run(this.now(), userId);
  }
}

function resetMail(person: { email: string; name: string }, url: string, adminName: string | null, organization: string): OutgoingMail {
  const why = adminName
    ? `${adminName}, an admin of ${organization}, sent you a link to choose a new password for your Accord account.`
    : `Someone (hopefully you) asked to reset the password of your Accord account at ${organization}.`;
  const after = adminName
    ? 'Until you use it, your current password keeps working. Using it signs you out on every device.'
    : 'If you did not ask for this, you can ignore this message: your password stays as it is.';
  return {
    kind: 'password-reset',
    to: person.email,
    ...composeMail({
      subject: 'Choose a new password for Accord',
      organization,
      paragraphs: [`Hello ${person.name},`, `${why} Open the link to choose one.`],
      action: { label: 'Choose a new password', url },
      notes: [`The link works once, for ${validFor(PASSWORD_RESET_TTL_MS)}.`, after],
    }),
  };
}
