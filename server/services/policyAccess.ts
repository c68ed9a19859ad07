import type { SqliteDatabase } from '../storage/database';
import type { Role, User } from './accounts';
import { SHARINGS } from '../../shared/api/policies';

/** Who may see a policy: every account of the organization, or only the members listed. */
export type Sharing = (typeof SHARINGS)[number];
export { SHARINGS };

/** A person's role on one policy. */
export type PolicyRole = 'admin' | 'editor' | 'commenter' | 'viewer';
export type MemberRole = 'editor' | 'commenter' | 'viewer';

/** How much each role may do, so a member role never lifts an account above its own. */
const RANK: Record<PolicyRole, number> = { viewer: 0, commenter: 1, editor: 2, admin: 3 };

/** Whether this role on a policy may write comments (everyone who reads it, except viewers). */
export function mayComment(role: PolicyRole | null): boolean {
  return role !== null && role !== 'viewer';
}

/** Whether this role on a policy may change it: its text, sign-offs, requirements, inventory, sharing. */
export function mayChange(role: PolicyRole | null): boolean {
  return role === 'admin' || role === 'editor';
}

/** What access decisions need to know of an account. */
export type Person = Pick<User, 'id' | 'role'>;

export interface PolicyMember {
  id: string;
  name: string;
  department: string;
  /** The role given on this policy. */
  role: MemberRole;
  /** What the person can do: a viewer account stays a viewer; admins can do everything. */
  effectiveRole: PolicyRole;
  addedBy: string | null;
  addedAt: string;
}

export interface SharingEvent {
  id: number;
  kind: 'sharing' | 'member_added' | 'member_changed' | 'member_removed';
  userId: string | null;
  userName: string;
  subjectId: string | null;
  subjectName: string;
  before: string | null;
  after: string | null;
  at: string;
}

/** The actor of a change, named as they were at the time. */
export type Actor = Pick<User, 'id' | 'name'>;

interface MemberRow {
  id: string;
  name: string;
  department: string;
  account_role: Role;
  role: MemberRole;
  added_by: string | null;
  added_at: string;
}

interface AuditRow {
  id: number;
  kind: SharingEvent['kind'];
  user_id: string | null;
  user_name: string;
  subject_id: string | null;
  subject_name: string;
  before: string | null;
  after: string | null;
  at: string;
}

function effective(accountRole: Role, memberRole: MemberRole): PolicyRole {
  if (accountRole === 'admin') return 'admin';
  return RANK[accountRole] < RANK[memberRole] ? accountRole : memberRole;
}

/**
 * Who may see and change each policy. Admins see every policy. A policy shared with the
 * `organization` gives each account its own role; one shared with `members` only the people
 * listed, with the role given there, never more than their account's role.
 * Every answer is one or two indexed lookups, so it is asked on each request.
 */
export class PolicyAccess {
  private readonly sharingOf;
  private readonly memberRole;
  private readonly accountRole;
  private readonly insertAudit;
  private readonly updateSharing;
  private readonly membersOf;
  private readonly accountName;
  private readonly insertMember;
  private readonly updateMember;
  private readonly deleteMember;
  private readonly peopleOf;
  private readonly everyone;
  private readonly auditOf;
  private changes = 0;
  private readonly listeners = new Set<(userIds: readonly string[] | null) => void>();

  constructor(private readonly db: SqliteDatabase) {
    this.sharingOf = db.prepare<[string], { sharing: Sharing }>('SELECT sharing FROM policies WHERE id = ?');
    this.memberRole = db.prepare<[string, string], { role: MemberRole }>('SELECT role FROM policy_members WHERE policy_id = ? AND user_id = ?');
    this.accountRole = db.prepare<[string], { role: Role }>('SELECT role FROM users WHERE id = ?');
    this.insertAudit = db.prepare(
      'INSERT INTO sharing_audit (policy_id, kind, user_id, user_name, subject_id, subject_name, before, after, at) VALUES (@policyId, @kind, @userId, @userName, @subjectId, @subjectName, @before, @after, @at)',
    );
    this.updateSharing = db.prepare<[Sharing, string]>('UPDATE policies SET sharing = ? WHERE id = ?');
    this.membersOf = db.prepare<[string], MemberRow>(
      `SELECT users.id, users.name, users.department, users.role AS account_role, policy_members.role, policy_members.added_by, policy_members.added_at
       FROM policy_members JOIN users ON users.id = policy_members.user_id
       WHERE policy_members.policy_id = ? ORDER BY users.name COLLATE NOCASE, users.id`,
    );
    this.accountName = db.prepare<[string], { name: string }>('SELECT name FROM users WHERE id = ?');
    this.insertMember = db.prepare<[string, string, MemberRole, string | null, string]>('INSERT INTO policy_members (policy_id, user_id, role, added_by, added_at) VALUES (?, ?, ?, ?, ?)');
    this.updateMember = db.prepare<[MemberRole, string, string]>('UPDATE policy_members SET role = ? WHERE policy_id = ? AND user_id = ?');
    this.deleteMember = db.prepare<[string, string]>('DELETE FROM policy_members WHERE policy_id = ? AND user_id = ?');
    this.peopleOf = db.prepare<[string], { id: string }>('SELECT id FROM users WHERE department = ? ORDER BY id');
    this.everyone = db.prepare<[], { id: string; name: string; department: string }>('SELECT id, name, department FROM users ORDER BY name COLLATE NOCASE, id');
    this.auditOf = db.prepare<[string], AuditRow>('SELECT * FROM sharing_audit WHERE policy_id = ? ORDER BY id');
  }

  /** Grows with every change of sharing or members, so open connections know to check again. */
  get version(): number {
    return this.changes;
  }

  /**
   * Subscribes to changes of who may open which policy: the ids of the people concerned, or
   * null when the sharing setting changed and anyone may be. Called after the change is committed.
   */
  onChange(listener: (userIds: readonly string[] | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(userIds: readonly string[] | null): void {
    for (const listener of this.listeners) listener(userIds);
  }

  /** The person's role on the policy, or null when they may not know it exists (or it does not). */
  roleOn(policyId: string, user: Person): PolicyRole | null {
    const policy = this.sharingOf.get(policyId);
    if (!policy) return null;
    if (user.role === 'admin') return 'admin';
    if (policy.sharing === 'organization') return user.role;
    const member = this.memberRole.get(policyId, user.id);
    return member ? effective(user.role, member.role) : null;
  }

  /** Whether this account may open the policy's live document (checked at each WebSocket upgrade). */
  mayOpen(policyId: string, userId: string | null): boolean {
    const person = this.person(userId);
    return person !== null && this.roleOn(policyId, person) !== null;
  }

  /** Whether the live document of the policy in a `/collab/<id>` URL is read-only for this account. */
  readOnlyOnCollab(url: string | undefined, user: Person): boolean {
    if (user.role === 'viewer' || user.role === 'commenter') return true;
    let policyId = '';
    try {
      policyId = decodeURIComponent(new URL(url ?? '/', 'http://localhost').pathname.split('/').pop() ?? '');
    } catch {
      // no policy has such an id; the connection is refused on opening
    }
    return !mayChange(this.roleOn(policyId, user));
  }

  /** Admins and the policy's editors by membership may change who it is shared with. */
  mayManage(policyId: string, user: Person): boolean {
    if (user.role === 'admin') return this.sharingOf.get(policyId) !== undefined;
    if (user.role !== 'editor') return false;
    return this.memberRole.get(policyId, user.id)?.role === 'editor';
  }

  sharing(policyId: string): Sharing | null {
    return this.sharingOf.get(policyId)?.sharing ?? null;
  }

  setSharing(policyId: string, sharing: Sharing, actor: Actor): { before: Sharing; changed: boolean } {
    const result = this.db.transaction(() => {
      const before = this.sharing(policyId) ?? 'organization';
      if (before === sharing) return { before, changed: false };
      this.updateSharing.run(sharing, policyId);
      this.audit(policyId, 'sharing', actor, null, '', before, sharing);
      this.changes += 1;
      return { before, changed: true };
    })();
    if (result.changed) this.notify(null);
    return result;
  }

  members(policyId: string): PolicyMember[] {
    return this.membersOf
      .all(policyId)
      .map((row) => ({
        id: row.id,
        name: row.name,
        department: row.department,
        role: row.role,
        effectiveRole: effective(row.account_role, row.role),
        addedBy: row.added_by,
        addedAt: row.added_at,
      }));
  }

  /**
   * Adds people (or changes the role of one already listed, when `replace`). Returns the ids
   * added or changed. People already listed keep their role unless `replace`.
   */
  addMembers(policyId: string, userIds: readonly string[], role: MemberRole, actor: Actor | null, options: { replace: boolean }): string[] {
    const added = this.db.transaction(() => {
      const changed: string[] = [];
      const now = new Date().toISOString();
      for (const userId of userIds) {
        const user = this.accountName.get(userId);
        if (!user) continue;
        const current = this.memberRole.get(policyId, userId)?.role;
        if (current === role || (current !== undefined && !options.replace)) continue;
        if (current === undefined) {
          this.insertMember.run(policyId, userId, role, actor?.id ?? null, now);
          this.audit(policyId, 'member_added', actor, userId, user.name, null, role);
        } else {
          this.updateMember.run(role, policyId, userId);
          this.audit(policyId, 'member_changed', actor, userId, user.name, current, role);
        }
        changed.push(userId);
      }
      if (changed.length > 0) this.changes += 1;
      return changed;
    })();
    if (added.length > 0) this.notify(added);
    return added;
  }

  /** Removes a member; false when they were not one. */
  removeMember(policyId: string, userId: string, actor: Actor): boolean {
    const removed = this.db.transaction(() => {
      const current = this.memberRole.get(policyId, userId)?.role;
      if (current === undefined) return false;
      const name = this.accountName.get(userId)?.name ?? '';
      this.deleteMember.run(policyId, userId);
      this.audit(policyId, 'member_removed', actor, userId, name, current, null);
      this.changes += 1;
      return true;
    })();
    if (removed) this.notify([userId]);
    return removed;
  }

  /** Whether an account with this id exists. */
  isPerson(userId: string): boolean {
    return this.accountRole.get(userId) !== undefined;
  }

  /** Ids of everyone now in a department. */
  peopleIn(department: string): string[] {
    return this.peopleOf
      .all(department)
      .map((row) => row.id);
  }

  /** Every account, as a Share dialog lists them (no email, no role). */
  people(): { id: string; name: string; department: string }[] {
    return this.everyone.all();
  }

  /** Changes of sharing and members, oldest first. */
  history(policyId: string): SharingEvent[] {
    return this.auditOf
      .all(policyId)
      .map((row) => ({
        id: row.id,
        kind: row.kind,
        userId: row.user_id,
        userName: row.user_name,
        subjectId: row.subject_id,
        subjectName: row.subject_name,
        before: row.before,
        after: row.after,
        at: row.at,
      }));
  }

  private person(userId: string | null): Person | null {
    if (!userId) return null;
    const row = this.accountRole.get(userId);
    return row ? { id: userId, role: row.role } : null;
  }

  private audit(policyId: string, kind: SharingEvent['kind'], actor: Actor | null, subjectId: string | null, subjectName: string, before: string | null, after: string | null): void {
    this.insertAudit.run({ policyId, kind, userId: actor?.id ?? null, userName: actor?.name ?? '', subjectId, subjectName, before, after, at: new Date().toISOString() });
  }
}
