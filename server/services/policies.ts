import type { JSONContent } from '@tiptap/core';
import { randomId } from '../../shared/ids';
import { readSections } from '../../shared/sections';
import { policyStatus } from '../../shared/signoffRules';
import { HttpError } from '../httpError';
import type { SqliteDatabase } from '../storage/database';
import type { DocumentStore } from '../storage/documentStore';
import { buildPolicyUpdate } from './policyDocuments';
import type { Person, Sharing } from './policyAccess';
import { PolicyAccess } from './policyAccess';
import { PolicySummaries, type PolicySummary } from './policySummaries';
import type { Actor, RequirementService } from './requirements';
import type { Inspection } from '../collab/sectionGuard';
import type { UpdateGuard } from '../collab/room';
import { DatabaseFull } from '../../shared/closeCodes';

export interface PolicyRecord {
  id: string;
  title: string;
  organization: string;
  templateId: string | null;
  gradeTarget: number;
  /** Who may see it: everyone in the organization, or its members only. */
  sharing: Sharing;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  /** The day of the next review (`YYYY-MM-DD`), or null when none is set. */
  reviewBy: string | null;
}

interface PolicyRow {
  id: string;
  title: string;
  organization: string;
  template_id: string | null;
  grade_target: number;
  sharing: Sharing;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  review_by: string | null;
}

function toRecord(row: PolicyRow): PolicyRecord {
  return {
    id: row.id,
    title: row.title,
    organization: row.organization,
    templateId: row.template_id,
    gradeTarget: row.grade_target,
    sharing: row.sharing,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    reviewBy: row.review_by,
  };
}

/** Limits an operator can set (ACCORD_MAX_POLICIES_PER_ACCOUNT, ACCORD_MAX_DATABASE_MB). */
export interface Quotas {
  /** Policies one account may create. */
  policiesPerAccount?: number;
  /** Size of the database file past which nothing new is added. */
  databaseBytes?: number;
  /** The meter of that size, when the caller shares one (with the collaboration rooms). */
  databaseQuota?: DatabaseQuota;
}

/** A quota was reached; nothing was stored. `status` is the HTTP answer (403 or 507). */
/** A quota refusal: 403 past the policies one account may create, 507 past the database size. Logged as it is answered. */
export class QuotaError extends HttpError {
  override logEvent = 'policy.quota_reached';

  constructor(
    override readonly status: 403 | 507,
    message: string,
  ) {
    super(status, message);
  }
}

/** How long a measured database size is trusted (ms): measuring is cheap, but not free on every keystroke. */
const SIZE_CACHE_MS = 1_000;

/**
 * The database's size against the operator's limit: page_count × page_size (two pragmas, no
 * file system call), measured at most once a second.
 */
export class DatabaseQuota {
  private measuredAt = -Infinity;
  private bytes = 0;

  constructor(
    private readonly db: SqliteDatabase,
    readonly limitBytes: number | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** The database's size in bytes, as measured within the last second. */
  size(): number {
    const now = this.now();
    if (now - this.measuredAt >= SIZE_CACHE_MS) {
      this.bytes = (this.db.pragma('page_count', { simple: true }) as number) * (this.db.pragma('page_size', { simple: true }) as number);
      this.measuredAt = now;
    }
    return this.bytes;
  }

  /** True when the database is past the limit, so nothing that adds data may be stored. */
  full(): boolean {
    return this.limitBytes !== undefined && this.size() >= this.limitBytes;
  }

  /** What an operator's limit means to the person refused. */
  message(): string {
    const mb = Math.round(((this.limitBytes ?? 0) / (1024 * 1024)) * 10) / 10;
    return `The server has reached the storage limit its administrator set (${mb} MB), so nothing new can be saved. Ask your administrator to make room.`;
  }
}

/** The room guard, refusing every document update while the database is past its size limit. */
export function quotaGuard(guard: UpdateGuard, quota: DatabaseQuota): UpdateGuard {
  return {
    ...guard,
    inspect(room, connection, decoded): Inspection {
      if (quota.full()) return { refuse: true, close: DatabaseFull, detail: `database at ${quota.size()} bytes, limit ${quota.limitBytes}` };
      return guard.inspect(room, connection, decoded);
    },
  };
}

/** Policy records: the list people choose from. The content itself lives in the document store. */
export class PolicyService {
  /** Who may see and change each policy. */
  readonly access: PolicyAccess;
  readonly databaseQuota: DatabaseQuota;
  private readonly insert;
  private readonly selectOne;
  private readonly selectAll;
  private readonly updateTitleStatement;
  private readonly selectVisible;
  private readonly updateGradeTarget;
  private readonly readReviewReminders;
  private readonly updateReviewBy;
  private readonly countCreatedBy;
  private readonly summaries: PolicySummaries;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly store: DocumentStore,
    private readonly requirements: RequirementService,
    private readonly quotas: Quotas = {},
  ) {
    this.access = new PolicyAccess(db);
    this.databaseQuota = quotas.databaseQuota ?? new DatabaseQuota(db, quotas.databaseBytes);
    this.insert = db.prepare(
      'INSERT INTO policies (id, title, organization, template_id, created_by, created_at, updated_at, requirements_seeded) VALUES (@id, @title, @organization, @templateId, @createdBy, @now, @now, 1)',
    );
    this.selectOne = db.prepare<[string], PolicyRow>('SELECT * FROM policies WHERE id = ?');
    this.selectAll = db.prepare<[], PolicyRow>('SELECT * FROM policies ORDER BY updated_at DESC, id');
    this.updateTitleStatement = db.prepare<[string, string, string]>('UPDATE policies SET title = ?, updated_at = ? WHERE id = ?');
    this.selectVisible = db.prepare<[string], PolicyRow>(
      "SELECT * FROM policies WHERE sharing = 'organization' OR id IN (SELECT policy_id FROM policy_members WHERE user_id = ?) ORDER BY updated_at DESC, id",
    );
    this.updateGradeTarget = db.prepare<[number, string]>('UPDATE policies SET grade_target = ? WHERE id = ?');
    this.updateReviewBy = db.prepare<[string | null, string]>('UPDATE policies SET review_by = ? WHERE id = ?');
    this.readReviewReminders = db.prepare<[string, string]>("UPDATE notifications SET read_at = ? WHERE policy_id = ? AND kind = 'review_due' AND read_at IS NULL");
    this.countCreatedBy = db.prepare<[string], { count: number }>('SELECT COUNT(*) AS count FROM policies WHERE created_by = ?');
    this.summaries = new PolicySummaries(db);
  }

  /**
   * Creates a policy whose document is `content`, stored as its first snapshot, with the owners
   * and approvers of its sections recorded as server data, in one transaction. Its creator
   * becomes a member (editor). Past a quota, a QuotaError and nothing stored.
   */
  create(input: { title: string; organization?: string; templateId?: string | null; content: JSONContent; createdBy?: { id: string; name: string } }): PolicyRecord {
    if (this.databaseQuota.full()) throw new QuotaError(507, this.databaseQuota.message());
    const id = randomId();
    const update = buildPolicyUpdate(input.content);
    const now = new Date().toISOString();
    const creator = input.createdBy ?? null;
    this.db.transaction(() => {
      const limit = this.quotas.policiesPerAccount;
      if (creator && limit !== undefined) {
        const { count } = this.countCreatedBy.get(creator.id)!;
        if (count >= limit) {
          throw new QuotaError(403, `You have created ${count} ${count === 1 ? 'policy' : 'policies'}, the most one person may create here (${limit}). Ask an admin to raise the limit, or work in an existing policy.`);
        }
      }
      this.insert.run({ id, title: input.title, organization: input.organization ?? '', templateId: input.templateId ?? null, createdBy: creator?.id ?? null, now });
      this.store.compact(id, update);
      const sections = readSections(input.content);
      this.requirements.seed(id, sections);
      // Nothing is signed yet: the list knows this without opening the document.
      this.summaries.write(id, { status: policyStatus(sections.map(() => 'pending')), sectionCount: sections.length, signedCount: 0, partlyCount: 0 });
      if (creator) this.access.addMembers(id, [creator.id], 'editor', creator, { replace: false });
    })();
    return this.get(id)!;
  }

  get(id: string): PolicyRecord | null {
    const row = this.selectOne.get(id);
    return row ? toRecord(row) : null;
  }

  exists(id: string): boolean {
    return this.selectOne.get(id) !== undefined;
  }

  list(): PolicyRecord[] {
    return this.selectAll.all().map(toRecord);
  }

  /** The policies this person may see: all for admins; otherwise those shared with the organization and those they are a member of. */
  listFor(user: Person): PolicyRecord[] {
    if (user.role === 'admin') return this.list();
    return this.selectVisible.all(user.id).map(toRecord);
  }

  /** The stored sign-off summary of every policy that has one (see PolicySummaries), by policy id. */
  summaryById(): Map<string, PolicySummary> {
    return this.summaries.all();
  }

  /** The reading-level target (a grade) the policy's sections are measured against. */
  setGradeTarget(id: string, grade: number): void {
    this.updateGradeTarget.run(grade, id);
  }

  /**
   * Sets (or, with null, clears) the day of the policy's next review; a change is written to the
   * audit trail in the same transaction, naming who made it, and the review reminders waiting
   * unread in people's bells are marked read. Setting the day it already has
   * changes nothing and records nothing.
   */
  setReviewBy(id: string, reviewBy: string | null, actor: Actor): { before: string | null; changed: boolean } {
    return this.db.transaction(() => {
      const before = this.selectOne.get(id)?.review_by ?? null;
      if (before === reviewBy) return { before, changed: false };
      this.updateReviewBy.run(reviewBy, id);
      // The reminders in people's bells were about the day just replaced: they were acted on.
      this.readReviewReminders.run(new Date().toISOString(), id);
      this.requirements.record(id, { kind: 'review_date_set', actor, before: { reviewBy: before }, after: { reviewBy } });
      return { before, changed: true };
    })();
  }

  /** Keeps the list's title in step with the title typed into the document. */
  touch(id: string, title: string): void {
    this.updateTitleStatement.run(title, new Date().toISOString(), id);
  }
}
