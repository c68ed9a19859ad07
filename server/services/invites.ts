import { randomBytes } from 'node:crypto';
import { digestSecret } from './secretDigest';
import type { InviteStatus, Role } from '../../shared/api/users';
import { randomId } from '../../shared/ids';
import type { Clock } from '../clock';
import { HttpError } from '../httpError';
import type { SqliteDatabase } from '../storage/database';
import { DepartmentError, type DepartmentService } from './departments';

/** An invite as stored (never its token: only the token's hash is kept). */
export interface InviteRecord {
  id: string;
  email: string | null;
  department: string;
  role: Role;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  usedBy: string | null;
  revokedAt: number | null;
  sentAt: number | null;
  sendCount: number;
  status: InviteStatus;
}

/** A new link for an invite: the one moment its token exists outside the hash. */
export interface InviteLink {
  invite: InviteRecord;
  token: string;
}

interface InviteRow {
  id: string;
  token_hash: string;
  email: string | null;
  department: string;
  role: Role;
  created_by: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  used_by: string | null;
  revoked_at: number | null;
  sent_at: number | null;
  send_count: number;
}

export class InviteError extends HttpError {
  constructor(status: number, message: string, field?: string) {
    super(status, message, field ? { field } : undefined);
  }
}


const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export interface InviteServiceOptions {
  clock: Clock;
  ttlMs: number;
  departments: DepartmentService;
}

/**
 * Invites: a one-time link fixing department and role, optionally bound to an e-mail address.
 * Tokens are random and stored hashed; a new link for an invite replaces its token, so the old
 * link stops working. Every change here is one transaction: nothing is ever half-created.
 */
export class InviteService {
  private readonly db: SqliteDatabase;
  private readonly clock: Clock;
  private readonly ttlMs: number;
  private readonly departments: DepartmentService;
  private readonly insert;
  private readonly byHash;
  private readonly byId;
  private readonly pendingFor;
  private readonly revokeStatement;
  private readonly setToken;
  private readonly use;
  private readonly markSentStatement;
  private readonly all;
  private readonly accountFor;
  private readonly nameOf;

  constructor(db: SqliteDatabase, options: InviteServiceOptions) {
    this.db = db;
    this.clock = options.clock;
    this.ttlMs = options.ttlMs;
    this.departments = options.departments;
    this.insert = db.prepare<[string, string, string | null, string, Role, string, number, number]>(
      'INSERT INTO invites (id, token_hash, email, department, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.byHash = db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE token_hash = ?');
    this.byId = db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE id = ?');
    this.pendingFor = db.prepare<[string, number], InviteRow>('SELECT * FROM invites WHERE email = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC, rowid DESC');
    this.revokeStatement = db.prepare<[number, string]>('UPDATE invites SET revoked_at = ? WHERE id = ?');
    this.setToken = db.prepare<[string, number, string]>('UPDATE invites SET token_hash = ?, expires_at = ? WHERE id = ?');
    this.use = db.prepare<[number, string, string]>('UPDATE invites SET used_at = ?, used_by = ? WHERE id = ?');
    this.markSentStatement = db.prepare<[number, string]>('UPDATE invites SET sent_at = ?, send_count = send_count + 1 WHERE id = ?');
    this.all = db.prepare<[], InviteRow>('SELECT * FROM invites ORDER BY created_at DESC, rowid DESC LIMIT 1000');
    this.accountFor = db.prepare<[string], { id: string }>('SELECT id FROM users WHERE email = ?');
    this.nameOf = db.prepare<[string], { name: string }>('SELECT name FROM users WHERE id = ?');
  }

  private now(): number {
    return this.clock.now();
  }

  private record(row: InviteRow): InviteRecord {
    const status: InviteStatus = row.used_at !== null ? 'accepted' : row.revoked_at !== null ? 'revoked' : row.expires_at <= this.now() ? 'expired' : 'pending';
    return {
      id: row.id,
      email: row.email,
      department: row.department,
      role: row.role,
      createdBy: row.created_by,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      usedAt: row.used_at,
      usedBy: row.used_by,
      revokedAt: row.revoked_at,
      sentAt: row.sent_at,
      sendCount: row.send_count,
      status,
    };
  }

  private assertAssignable(department: string): void {
    try {
      this.departments.assertAssignable(department, 'department');
    } catch (error) {
      if (error instanceof DepartmentError) throw new InviteError(error.status, error.message, error.field);
      throw error;
    }
  }

  /**
   * Invites each address (trimmed, lowercased, duplicates dropped), or makes one link tied to
   * no address when `emails` is null. Refuses the whole request (409, naming every one) when an
   * address already has an account; an address with a pending invite gets a new one and the old
   * link stops working.
   */
  create(input: { emails: string[] | null; department: string; role: Role; createdBy: string; field?: 'email' | 'emails' }): InviteLink[] {
    this.assertAssignable(input.department);
    const emails = input.emails === null ? [null] : [...new Set(input.emails.map((email) => email.trim().toLowerCase()))];
    return this.db.transaction(() => {
      const taken = emails.filter((email): email is string => email !== null && this.accountFor.get(email) !== undefined);
      if (taken.length > 0) {
        const list = taken.join(', ');
        const field = input.field ?? 'emails';
        throw new InviteError(
          409,
          taken.length === 1
            ? `${field}: ${list} already has an account, so it needs no invite. Remove it and try again; nothing was sent.`
            : `${field}: these addresses already have an account, so they need no invite: ${list}. Remove them and try again; nothing was sent.`,
          field,
        );
      }
      const now = this.now();
      return emails.map((email) => {
        if (email) for (const old of this.pendingFor.all(email, now)) this.revokeStatement.run(now, old.id);
        const token = randomBytes(24).toString('base64url');
        const id = randomId(18);
        this.insert.run(id, digestSecret(token), email, input.department, input.role, input.createdBy, now, now + this.ttlMs);
        return { invite: this.record(this.byId.get(id)!), token };
      });
    })();
  }

  /** Invites, pending first (newest first), then accepted (latest first), then revoked and expired ones. */
  list(): InviteRecord[] {
    const order: Record<InviteStatus, number> = { pending: 0, accepted: 1, revoked: 2, expired: 2 };
    return this.all
      .all()
      .map((row) => this.record(row))
      .sort((a, b) => order[a.status] - order[b.status] || (a.status === 'accepted' ? (b.usedAt ?? 0) - (a.usedAt ?? 0) : 0));
  }

  get(id: string): InviteRecord | null {
    const row = this.byId.get(id);
    return row ? this.record(row) : null;
  }

  /**
   * A new link for a pending or expired invite (the old one stops working), valid for the full
   * time again. Accepted and revoked invites keep their state; an address that has an account
   * since needs no invite.
   */
  renew(id: string): InviteLink {
    return this.db.transaction(() => {
      const row = this.byId.get(id);
      if (!row) throw new InviteError(404, 'There is no invite with this id. It may have been replaced by a newer invite; reload the list.');
      const invite = this.record(row);
      if (invite.status === 'accepted') throw new InviteError(409, `This invite was accepted already${invite.email ? ` (${invite.email} has an account)` : ''}; it needs no new link.`);
      if (invite.status === 'revoked') throw new InviteError(409, 'This invite was withdrawn. Invite the person again to send a new link.');
      if (invite.email && this.accountFor.get(invite.email)) throw new InviteError(409, `${invite.email} has an account now, so the invite needs no new link.`);
      this.assertAssignable(invite.department);
      const token = randomBytes(24).toString('base64url');
      this.setToken.run(digestSecret(token), this.now() + this.ttlMs, id);
      return { invite: this.record(this.byId.get(id)!), token };
    })();
  }

  /** Withdraws a pending (or expired) invite: its link then says so. */
  revoke(id: string): InviteRecord {
    return this.db.transaction(() => {
      const row = this.byId.get(id);
      if (!row) throw new InviteError(404, 'There is no invite with this id. It may have been replaced by a newer invite; reload the list.');
      const invite = this.record(row);
      if (invite.status === 'accepted') throw new InviteError(409, 'This invite was accepted already. To take access away, remove the person from the list of people.');
      if (invite.status !== 'revoked') this.revokeStatement.run(this.now(), id);
      return this.record(this.byId.get(id)!);
    })();
  }

  /** Notes that the invite's link was put in the outbox. */
  markSent(id: string): void {
    this.markSentStatement.run(this.now(), id);
  }

  /** The invite a link stands for, if it can still be used; null otherwise. */
  findUsable(token: string): InviteRecord | null {
    const row = this.byHash.get(digestSecret(token));
    if (!row) return null;
    const invite = this.record(row);
    return invite.status === 'pending' ? invite : null;
  }

  /**
   * The invite a link stands for, or an error (with `status`) that says, in plain words, why it
   * cannot be used: unknown, used, withdrawn, or expired and whom to ask.
   */
  check(token: string, status = 404): InviteRecord {
    const row = this.byHash.get(digestSecret(token));
    if (!row) throw new InviteError(status, 'This invite link is not known. Check that the whole link was copied, or ask an admin of your organization for a new one.', 'invite');
    const invite = this.record(row);
    const inviter = this.nameOf.get(invite.createdBy)?.name ?? 'an admin of your organization';
    if (invite.status === 'accepted') throw new InviteError(status, 'This invite has been used already, so it is not valid any more. If it was you, sign in instead.', 'invite');
    if (invite.status === 'revoked') throw new InviteError(status, `This invite was withdrawn. If you think that is a mistake, ask ${inviter} for a new one.`, 'invite');
    if (invite.status === 'expired') throw new InviteError(status, `This invite expired on ${dateFormat.format(invite.expiresAt)}. Ask ${inviter} to send you a new one.`, 'invite');
    return invite;
  }

  /**
   * Uses an invite for the account being created (call inside the sign-up's transaction).
   * An address-bound invite works for its address only.
   */
  claim(token: string, email: string, userId: string): InviteRecord {
    const invite = this.check(token, 403);
    if (invite.email && invite.email.toLowerCase() !== email.trim().toLowerCase()) {
      throw new InviteError(403, `email: this invite is for ${invite.email}. Sign up with that address, or ask for an invite to yours.`, 'email');
    }
    this.markUsed(invite.id, userId);
    return invite;
  }

  /**
   * The newest pending invite for this address, or null: single sign-on accepts it without the
   * link, since the provider has verified the address.
   */
  pendingForEmail(email: string): InviteRecord | null {
    const row = this.pendingFor.get(email, this.now());
    return row ? this.record(row) : null;
  }

  /** Marks an invite used by the account it created (call inside that account's transaction). */
  markUsed(id: string, userId: string): void {
    this.use.run(this.now(), userId, id);
  }
}
