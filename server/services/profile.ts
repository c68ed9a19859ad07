import type { NotificationSettings } from '../../shared/api/profile';
import type { SqliteDatabase } from '../storage/database';
import { AccountError, type AccountService, type User } from './accounts';
import { hashPassword, hasPassword, verifyPassword } from './passwords';
import { composeMail } from '../mail/messages';
import { type MailQueue, type PasswordResetService } from './passwordResets';
import { assertPasswordAllowed } from './passwordRules';
import type { SessionService } from './sessions';

export type EmailNotifications = NotificationSettings['email'];

/** The person's own account: name, e-mail, password and which notifications reach them by e-mail. */
export class ProfileService {
  private readonly emailElsewhere;
  private readonly setName;
  private readonly setEmail;
  private readonly passwordHashOf;
  private readonly setPasswordHash;
  private readonly settingOf;
  private readonly setSetting;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly accounts: AccountService,
    private readonly sessions: SessionService,
    private readonly resets: PasswordResetService,
    private readonly mail: MailQueue | null = null,
    /** Whether this account may use a local password at all (false for all but the break-glass admin when ACCORD_OIDC_ONLY is set). */
    private readonly mayUsePassword: (userId: string) => boolean = () => true,
  ) {
    // users.email is COLLATE NOCASE, so this compares without case.
    this.emailElsewhere = db.prepare<[string, string], unknown>('SELECT 1 FROM users WHERE email = ? AND id <> ?');
    this.setName = db.prepare<[string, string]>('UPDATE users SET name = ? WHERE id = ?');
    this.setEmail = db.prepare<[string, string]>('UPDATE users SET email = ? WHERE id = ?');
    this.passwordHashOf = db.prepare<[string], { password_hash: string; oidc_subject: string | null }>('SELECT password_hash, oidc_subject FROM users WHERE id = ?');
    this.setPasswordHash = db.prepare<[string, string]>('UPDATE users SET password_hash = ? WHERE id = ?');
    this.settingOf = db.prepare<[string], { email_notifications: EmailNotifications }>('SELECT email_notifications FROM users WHERE id = ?');
    this.setSetting = db.prepare<[EmailNotifications, string]>('UPDATE users SET email_notifications = ? WHERE id = ?');
  }

  /** Changes the name and/or e-mail; an address another account has (in any case) is a 409. */
  update(userId: string, changes: { name?: string | undefined; email?: string | undefined }): User {
    const before = this.accounts.getUser(userId);
    const updated = this.db.transaction(() => {
      if (changes.email !== undefined && this.emailElsewhere.get(changes.email, userId)) {
        throw new AccountError(409, 'email: another account already uses this e-mail address', 'email');
      }
      if (changes.name !== undefined) this.setName.run(changes.name, userId);
      if (changes.email !== undefined) this.setEmail.run(changes.email, userId);
      const user = this.accounts.getUser(userId);
      if (!user) throw new AccountError(404, 'Your account no longer exists.');
      return user;
    })();
    // The old address hears of the change, so someone who took over a session cannot move the account quietly.
    if (before && before.email.toLowerCase() !== updated.email.toLowerCase() && this.mail?.outbox.configured) {
      const organization = this.mail.organization();
      this.mail.outbox.enqueue({
        kind: 'email-changed',
        to: before.email,
        ...composeMail({
          subject: 'Your Accord e-mail address was changed',
          organization,
          paragraphs: [`Hello ${updated.name},`, `The e-mail address of your Accord account at ${organization} was changed from ${before.email} to ${updated.email}. You sign in with the new address from now on.`],
          notes: ['If you did not make this change, tell an admin of your organization at once: they can change it back and send you a password reset.'],
        }),
      });
    }
    return updated;
  }

  /**
   * Whether this account has a local password to check: not when single sign-on created it, nor
   * when local passwords are off for it (ACCORD_OIDC_ONLY). See `hasPassword` in passwordResets.ts
   * for what a password account linked to single sign-on keeps.
   */
  hasPassword(userId: string): boolean {
    return hasPassword(this.passwordHashOf.get(userId)?.password_hash) && this.mayUsePassword(userId);
  }

  /** Whether the account is linked to single sign-on (it may never have had a password of its own). */
  linkedToProvider(userId: string): boolean {
    return (this.passwordHashOf.get(userId)?.oidc_subject ?? null) !== null;
  }

  /** Whether the current password is right (false for an account without one). */
  async checkPassword(userId: string, password: string): Promise<boolean> {
    const stored = this.passwordHashOf.get(userId)?.password_hash;
    return this.hasPassword(userId) && verifyPassword(password, stored!);
  }

  /**
   * Sets a new password (the caller checked the current one), voids reset links asked for
   * before, and ends every other session of the person. Returns how many sessions ended.
   */
  async changePassword(user: User, newPassword: string, keepSessionId: string): Promise<number> {
    assertPasswordAllowed(newPassword, { email: user.email, name: user.name }, 'newPassword');
    const passwordHash = await hashPassword(newPassword);
    this.setPasswordHash.run(passwordHash, user.id);
    this.resets.voidLinksOf(user.id);
    return this.sessions.endOthers(user.id, keepSessionId);
  }

  emailNotifications(userId: string): EmailNotifications {
    return this.settingOf.get(userId)?.email_notifications ?? 'each';
  }

  setEmailNotifications(userId: string, choice: EmailNotifications): EmailNotifications {
    this.setSetting.run(choice, userId);
    return choice;
  }
}
