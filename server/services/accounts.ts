import { randomBytes } from 'node:crypto';
import type { DepartmentId } from '../../shared/departments';
import { randomId } from '../../shared/ids';
import { systemClock, type Clock } from '../clock';
import type { SqliteDatabase } from '../storage/database';
import { HttpError } from '../httpError';
import { DepartmentError, DepartmentService } from './departments';
import { digestSecret } from './secretDigest';
import { hashPassword, verifyPassword, UNKNOWN_ACCOUNT_HASH } from './passwords';
import { InviteService } from './invites';
import type { Role } from '../../shared/api/users';

export { ROLES, type Role } from '../../shared/api/users';

export interface User {
  id: string;
  email: string;
  name: string;
  department: DepartmentId;
  role: Role;
  createdAt: string;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  department: string;
  role: Role;
  password_hash: string;
  created_at: string;
}

export interface Invite {
  department: DepartmentId;
  role: Role;
  expiresAt: number;
}

export class AccountError extends HttpError {
  constructor(
    status: number,
    message: string,
    readonly field?: string,
  ) {
    super(status, message, field ? { field } : undefined);
  }
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    // Kept as stored, even for an archived or unknown department: where someone was is history.
    department: row.department,
    role: row.role,
    createdAt: row.created_at,
  };
}


export interface AccountOptions {
  sessionTtlMs?: number;
  /** The organization's departments; one over the same database when not given. */
  departments?: DepartmentService;
  inviteTtlMs?: number;
  /** Where session and invite expiry read the time; the system clock when not given. */
  clock?: Clock;
}

/** Users, sessions and invites. */
export class AccountService {
  private readonly sessionTtlMs: number;
  private readonly inviteTtlMs: number;
  /** The time sessions and invites expire by; the sign-in limiter reads it too. */
  readonly clock: Clock;
  /** The organization's departments, which people are given. */
  readonly departments: DepartmentService;
  private version = 0;
  private readonly accessListeners = new Set<(userId: string) => void>();
  /** Fires at the earliest session expiry, so sessions that run out are ended as they do. */
  private cancelExpiry: (() => void) | undefined;
  private expiryAt = Infinity;
  private closed = false;
  // Statements are prepared once: preparing costs more than running them (userForSession runs on every request).
  private readonly nextExpiry;
  private readonly expiredUsers;
  private readonly deleteExpired;
  private readonly anyUser;
  private readonly emailTaken;
  private readonly insertUser;
  private readonly userByEmail;
  private readonly insertSession;
  private readonly sessionUser;
  private readonly deleteSession;
  /** Invites by link or address (server/services/invites.ts). */
  readonly invites: InviteService;
  private readonly userById;
  private readonly allUsers;
  private readonly admins;
  private readonly setDepartmentAndRole;
  private readonly deleteUser;

  constructor(
    private readonly db: SqliteDatabase,
    options: AccountOptions = {},
  ) {
    this.sessionTtlMs = options.sessionTtlMs ?? 14 * 24 * 3600_000;
    this.inviteTtlMs = options.inviteTtlMs ?? 7 * 24 * 3600_000;
    this.clock = options.clock ?? systemClock;
    this.departments = options.departments ?? new DepartmentService(db);
    this.nextExpiry = db.prepare<[], { next: number | null }>('SELECT MIN(expires_at) AS next FROM sessions');
    this.expiredUsers = db.prepare<[number], { user_id: string }>('SELECT DISTINCT user_id FROM sessions WHERE expires_at <= ?');
    this.deleteExpired = db.prepare<[number]>('DELETE FROM sessions WHERE expires_at <= ?');
    this.anyUser = db.prepare<[], unknown>('SELECT 1 FROM users LIMIT 1');
    this.emailTaken = db.prepare<[string], unknown>('SELECT 1 FROM users WHERE email = ?');
    this.insertUser = db.prepare<[string, string, string, string, Role, string, string, string | null]>(
      'INSERT INTO users (id, email, name, department, role, password_hash, created_at, oidc_subject) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.userByEmail = db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?');
    this.insertSession = db.prepare<[string, string, number, number, string | null, number]>(
      'INSERT INTO sessions (id_hash, user_id, created_at, expires_at, user_agent, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.sessionUser = db.prepare<[string, number], UserRow>('SELECT users.* FROM sessions JOIN users ON users.id = sessions.user_id WHERE sessions.id_hash = ? AND sessions.expires_at > ?');
    this.deleteSession = db.prepare<[string], { user_id: string }>('DELETE FROM sessions WHERE id_hash = ? RETURNING user_id');
    this.invites = new InviteService(db, { clock: this.clock, ttlMs: this.inviteTtlMs, departments: this.departments });
    this.userById = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
    this.allUsers = db.prepare<[], UserRow>('SELECT * FROM users ORDER BY name COLLATE NOCASE');
    this.admins = db.prepare<[], { count: number }>("SELECT COUNT(*) AS count FROM users WHERE role = 'admin'");
    this.setDepartmentAndRole = db.prepare<[string, Role, string]>('UPDATE users SET department = ?, role = ? WHERE id = ?');
    this.deleteUser = db.prepare<[string]>('DELETE FROM users WHERE id = ?');
  }

  /** Throws a 400 naming the department field unless people may be given this department (it exists and is not archived). */
  private assertAssignable(department: string): void {
    try {
      this.departments.assertAssignable(department, 'department');
    } catch (error) {
      if (error instanceof DepartmentError) throw new AccountError(error.status, error.message, error.field);
      throw error;
    }
  }

  /** Grows whenever a role, department, user or session changes, so open connections know to check again. */
  get accessVersion(): number {
    return this.version;
  }

  /**
   * Calls `listener` with a user's id whenever their access may have changed: they were removed,
   * their role or department changed, or one of their sessions ended (sign-out) or expired.
   * Listeners re-check what that person's open connections may do. Returns an unsubscribe.
   */
  onAccessChange(listener: (userId: string) => void): () => void {
    this.accessListeners.add(listener);
    this.scheduleExpiry();
    return () => this.accessListeners.delete(listener);
  }

  private accessChanged(userId: string): void {
    this.version += 1;
    for (const listener of this.accessListeners) {
      try {
        listener(userId);
      } catch {
        // One listener failing must not keep the others from closing what they hold.
      }
    }
  }

  /** Arms the timer for the earliest session expiry (only while someone listens). */
  private scheduleExpiry(): void {
    if (this.closed || this.accessListeners.size === 0) return;
    const row = this.nextExpiry.get()!;
    const next = row.next ?? Infinity;
    if (next === this.expiryAt && this.cancelExpiry) return;
    this.cancelExpiry?.();
    this.cancelExpiry = undefined;
    this.expiryAt = next;
    if (next === Infinity) return;
    // Timers cannot wait longer than about 24 days; a day at a time is plenty.
    const delay = Math.min(Math.max(0, next - this.now()) + 1, 24 * 3600_000);
    this.cancelExpiry = this.clock.setTimer(delay, () => {
      this.cancelExpiry = undefined;
      this.expiryAt = Infinity;
      try {
        this.expireSessions();
      } catch {
        // The database is closing or unreadable; the next request or prune tries again.
      }
    });
  }

  private now(): number {
    return this.clock.now();
  }

  /** Deletes sessions that have run out and tells the listeners whose they were. */
  private expireSessions(): void {
    if (this.closed) return;
    const now = this.now();
    const expired = this.expiredUsers.all(now);
    this.deleteExpired.run(now);
    for (const { user_id } of expired) this.accessChanged(user_id);
    this.scheduleExpiry();
  }

  /** Stops the expiry timer; call before closing the database. */
  close(): void {
    this.closed = true;
    this.cancelExpiry?.();
    this.cancelExpiry = undefined;
  }

  get sessionTtl(): number {
    return this.sessionTtlMs;
  }

  hasUsers(): boolean {
    return this.anyUser.get() !== undefined;
  }

  /**
   * Creates an account. The very first account becomes an admin in the department it chooses;
   * every later one needs an invite, which fixes department and role.
   */
  async signup(input: { email: string; name: string; password: string; department?: string; invite?: string }): Promise<User> {
    const passwordHash = await hashPassword(input.password);
    const id = randomId();
    const createdAt = new Date(this.now()).toISOString();
    return this.db.transaction(() => {
      let department: DepartmentId;
      let role: Role;
      if (!this.hasUsers()) {
        if (!input.department) throw new AccountError(400, 'department: choose the department you work in', 'department');
        this.assertAssignable(input.department);
        department = input.department;
        role = 'admin';
      } else {
        // Says why an invite cannot be used (unknown, used, withdrawn, expired, another address).
        const invite = input.invite ? this.invites.claim(input.invite, input.email, id) : null;
        if (!invite) throw new AccountError(403, 'Sign-up needs a valid invite. Ask an admin of your organization for an invite link.', 'invite');
        if (!this.departments.isAssignable(invite.department)) {
          const name = this.departments.get(invite.department)?.name ?? invite.department;
          throw new AccountError(400, `invite: this invite is for ${name}, which has been archived since, so it can no longer be given people. Ask an admin for a new invite.`, 'invite');
        }
        department = invite.department;
        role = invite.role;
      }
      if (this.emailTaken.get(input.email)) {
        throw new AccountError(409, 'email: an account with this email already exists; sign in instead', 'email');
      }
      return this.insertAccount({ id, email: input.email, name: input.name, department, role, passwordHash, createdAt });
    })();
  }

  /**
   * Writes a new account row, the one place accounts are created (sign-up, single sign-on). The
   * caller has checked the department and the invite, inside its own transaction.
   */
  insertAccount(input: { id?: string; email: string; name: string; department: DepartmentId; role: Role; passwordHash: string; oidcSubject?: string; createdAt?: string }): User {
    const id = input.id ?? randomId();
    const createdAt = input.createdAt ?? new Date(this.now()).toISOString();
    this.insertUser.run(id, input.email, input.name, input.department, input.role, input.passwordHash, createdAt, input.oidcSubject ?? null);
    return this.getUser(id)!;
  }

  /** The account for these credentials, or null; takes as long for unknown emails as for wrong passwords. */
  async verifyCredentials(email: string, password: string): Promise<User | null> {
    const row = this.userByEmail.get(email);
    // An account without a password (single sign-on made it) is never right, and as slow as a wrong password (verifyPassword).
    const valid = await verifyPassword(password, row?.password_hash ?? UNKNOWN_ACCOUNT_HASH);
    return row && valid ? toUser(row) : null;
  }

  /**
   * Starts a session; returns the secret id that goes into the cookie. `userAgent` (the browser's
   * User-Agent header) is kept so the person's list of sessions can name the device.
   */
  createSession(userId: string, options: { userAgent?: string | undefined } = {}): { id: string; expiresAt: number } {
    const id = randomBytes(32).toString('base64url');
    const now = this.now();
    const expiresAt = now + this.sessionTtlMs;
    this.insertSession.run(digestSecret(id), userId, now, expiresAt, options.userAgent?.slice(0, 512) ?? null, now);
    if (expiresAt < this.expiryAt) this.scheduleExpiry();
    return { id, expiresAt };
  }

  /** The user of a live session, or null when the session is unknown, ended or expired. */
  userForSession(sessionId: string | undefined): User | null {
    return this.sessionFor(sessionId)?.user ?? null;
  }

  /**
   * A live session's user and the hash its row is stored under (what the sessions service keys
   * "last seen" by), or null. A request's session is resolved once, so its id is hashed once.
   */
  sessionFor(sessionId: string | undefined): { user: User; idHash: string } | null {
    if (!sessionId) return null;
    const idHash = digestSecret(sessionId);
    const row = this.sessionUser.get(idHash, this.now());
    return row ? { user: toUser(row), idHash } : null;
  }

  endSession(sessionId: string): void {
    const row = this.deleteSession.get(digestSecret(sessionId));
    if (row) this.accessChanged(row.user_id);
    else this.version += 1;
  }

  /**
   * Tells the listeners that sessions of this person ended some other way (sign out everywhere,
   * a password reset or change), so their open connections are checked again as at sign-out.
   */
  sessionsEnded(userId: string): void {
    this.accessChanged(userId);
  }

  /** Removes expired sessions, telling the listeners whose they were; run now and then. */
  pruneSessions(): void {
    this.expireSessions();
  }

  /** An invite to join in a department; refused (400) when the department is unknown or archived. */
  createInvite(input: { department: DepartmentId; role: Role; createdBy: string }): { token: string; expiresAt: number } {
    const [link] = this.invites.create({ emails: null, ...input });
    return { token: link!.token, expiresAt: link!.invite.expiresAt };
  }

  /** An unused, unexpired, not withdrawn invite, or null. */
  findInvite(token: string): Invite | null {
    const invite = this.invites.findUsable(token);
    return invite ? { department: invite.department, role: invite.role, expiresAt: invite.expiresAt } : null;
  }

  getUser(id: string): User | null {
    const row = this.userById.get(id);
    return row ? toUser(row) : null;
  }

  listUsers(): User[] {
    return this.allUsers.all().map(toUser);
  }

  private adminCount(): number {
    return this.admins.get()!.count;
  }

  /**
   * Changes a user's department or role. The last admin cannot stop being one. A new department
   * must be assignable (exists, not archived); someone already in an archived department keeps it.
   */
  updateUser(id: string, changes: { department?: DepartmentId; role?: Role }): User {
    const updated = this.db.transaction(() => {
      const user = this.getUser(id);
      if (!user) throw new AccountError(404, 'No user with this id');
      if (changes.department !== undefined && changes.department !== user.department) this.assertAssignable(changes.department);
      if (user.role === 'admin' && changes.role && changes.role !== 'admin' && this.adminCount() <= 1) {
        throw new AccountError(409, 'role: this is the only admin; make someone else an admin first', 'role');
      }
      this.setDepartmentAndRole.run(changes.department ?? user.department, changes.role ?? user.role, id);
      return this.getUser(id)!;
    })();
    this.accessChanged(id);
    return updated;
  }

  /** Removes a user and ends their sessions. Their past sign-offs stay in the history. */
  removeUser(id: string): void {
    this.db.transaction(() => {
      const user = this.getUser(id);
      if (!user) throw new AccountError(404, 'No user with this id');
      if (user.role === 'admin' && this.adminCount() <= 1) throw new AccountError(409, 'This is the only admin and cannot be removed');
      this.deleteUser.run(id);
    })();
    // Told after the change is committed, so listeners read the new state.
    this.accessChanged(id);
  }
}
