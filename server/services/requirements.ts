import type { STRUCTURE_EVENT_KINDS } from '../../shared/api/audit';
import { normalizeApprovers, type SectionRequirement } from '../../shared/sections';
import type { SqliteDatabase } from '../storage/database';

/** Who did something the audit trail records: an account, named as it was at the time. */
export interface Actor {
  id: string | null;
  name: string;
  department: string | null;
}

/** The server's record of who must sign one section. */
export interface RequirementRecord extends SectionRequirement {
  sectionId: string;
  /** The section is not in the document any more (deleted); kept so an undo brings it back as it was. */
  removed: boolean;
}

export type StructureEventKind = (typeof STRUCTURE_EVENT_KINDS)[number];

/** One entry of the structural audit trail (beside sign-offs). */
export interface StructureEvent {
  id: number;
  policyId: string;
  kind: StructureEventKind;
  sectionId: string | null;
  sectionTitle: string;
  userId: string | null;
  userName: string;
  department: string | null;
  before: unknown;
  after: unknown;
  at: string;
}

interface RequirementRow {
  section_id: string;
  owner: string;
  approvers: string;
  removed_at: string | null;
}

interface AuditRow {
  id: number;
  policy_id: string;
  kind: StructureEventKind;
  section_id: string | null;
  section_title: string;
  user_id: string | null;
  user_name: string;
  department: string | null;
  before: string | null;
  after: string | null;
  at: string;
}

/** A requirement as one list: owner first, approvers without the owner, each once. */
export function normalizeRequirement(requirement: SectionRequirement): SectionRequirement {
  return { owner: requirement.owner, approvers: normalizeApprovers(requirement.approvers, requirement.owner) };
}

/** Whether two requirements ask the same departments (approver order does not matter). */
export function sameRequirement(a: SectionRequirement, b: SectionRequirement): boolean {
  return a.owner === b.owner && a.approvers.length === b.approvers.length && [...a.approvers].sort().join('\u0000') === [...b.approvers].sort().join('\u0000');
}

/**
 * Who must sign each section: server data, keyed by policy and section id. The shared
 * document holds only a mirror, written by the server. Every change is an audit event.
 * Kept in memory per policy after the first read, since the collaboration gate asks on
 * every structural change; every write goes through here, so the copy cannot go stale.
 */
export class RequirementService {
  private readonly cache = new Map<string, Map<string, RequirementRecord>>();
  private readonly selectAll;
  private readonly upsert;
  private readonly markRemoved;
  private readonly insertAudit;
  private readonly selectAudit;

  constructor(private readonly db: SqliteDatabase) {
    this.selectAll = db.prepare<[string], RequirementRow>('SELECT section_id, owner, approvers, removed_at FROM section_requirements WHERE policy_id = ?');
    this.upsert = db.prepare<[string, string, string, string, string]>(
      `INSERT INTO section_requirements (policy_id, section_id, owner, approvers, removed_at, updated_at) VALUES (?, ?, ?, ?, NULL, ?)
       ON CONFLICT(policy_id, section_id) DO UPDATE SET owner = excluded.owner, approvers = excluded.approvers, removed_at = NULL, updated_at = excluded.updated_at`,
    );
    this.markRemoved = db.prepare<[string, string, string, string]>('UPDATE section_requirements SET removed_at = ?, updated_at = ? WHERE policy_id = ? AND section_id = ?');
    this.insertAudit = db.prepare(
      'INSERT INTO policy_audit (policy_id, section_id, section_title, kind, user_id, user_name, department, before, after, at) VALUES (@policyId, @sectionId, @sectionTitle, @kind, @userId, @userName, @department, @before, @after, @at)',
    );
    this.selectAudit = db.prepare<[string], AuditRow>('SELECT * FROM policy_audit WHERE policy_id = ? ORDER BY id DESC');
  }

  /** Every requirement of a policy, removed sections included. */
  all(policyId: string): ReadonlyMap<string, RequirementRecord> {
    let records = this.cache.get(policyId);
    if (!records) {
      records = new Map();
      for (const row of this.selectAll.all(policyId)) {
        records.set(row.section_id, { sectionId: row.section_id, owner: row.owner, approvers: JSON.parse(row.approvers) as string[], removed: row.removed_at !== null });
      }
      this.cache.set(policyId, records);
    }
    return records;
  }

  /** The requirement of a section, removed or not. */
  get(policyId: string, sectionId: string): RequirementRecord | undefined {
    return this.all(policyId).get(sectionId);
  }

  /** The requirement of a section that is in the document now. */
  active(policyId: string, sectionId: string): RequirementRecord | undefined {
    const record = this.get(policyId, sectionId);
    return record && !record.removed ? record : undefined;
  }

  /** Ids of the sections the records hold as in the document. */
  activeIds(policyId: string): string[] {
    return [...this.all(policyId).values()].filter((record) => !record.removed).map((record) => record.sectionId);
  }

  /** Records the requirements a new policy starts with (from its template), without audit events. */
  seed(policyId: string, sections: readonly (SectionRequirement & { id: string })[]): void {
    const at = new Date().toISOString();
    this.db.transaction(() => {
      for (const section of sections) this.write(policyId, section.id, normalizeRequirement(section), at);
    })();
  }

  /** Changes who must sign a section; returns the requirement before and after. */
  change(policyId: string, sectionId: string, next: SectionRequirement, actor: Actor, sectionTitle: string): { before: SectionRequirement; after: SectionRequirement } {
    const current = this.active(policyId, sectionId);
    if (!current) throw new Error(`no section ${sectionId} in policy ${policyId}`);
    const before = { owner: current.owner, approvers: [...current.approvers] };
    const after = normalizeRequirement(next);
    const at = new Date().toISOString();
    this.db.transaction(() => {
      this.write(policyId, sectionId, after, at);
      this.audit(policyId, { kind: 'requirements', sectionId, sectionTitle, actor, before, after, at });
    })();
    return { before, after };
  }

  /** A section appeared in the document: new (owned as given) or back after a deletion (as it was). */
  added(policyId: string, sectionId: string, requirement: SectionRequirement, actor: Actor, sectionTitle: string): RequirementRecord {
    const existing = this.get(policyId, sectionId);
    const at = new Date().toISOString();
    const next = existing ? { owner: existing.owner, approvers: existing.approvers } : normalizeRequirement(requirement);
    this.db.transaction(() => {
      this.write(policyId, sectionId, next, at);
      this.audit(policyId, { kind: existing ? 'section_restored' : 'section_added', sectionId, sectionTitle, actor, before: null, after: next, at });
    })();
    return this.get(policyId, sectionId)!;
  }

  /** A section left the document. Its requirement is kept, marked removed. */
  removed(policyId: string, sectionId: string, actor: Actor, sectionTitle: string): void {
    const existing = this.active(policyId, sectionId);
    if (!existing) return;
    const at = new Date().toISOString();
    this.db.transaction(() => {
      this.markRemoved.run(at, at, policyId, sectionId);
      this.audit(policyId, { kind: 'section_removed', sectionId, sectionTitle, actor, before: { owner: existing.owner, approvers: existing.approvers }, after: null, at });
    })();
    this.cache.delete(policyId);
  }

  /** Appends an audit event that is not about one section's requirement (an endorsement). */
  record(policyId: string, event: { kind: StructureEventKind; actor: Actor; before?: unknown; after?: unknown; sectionId?: string; sectionTitle?: string }): void {
    this.audit(policyId, { kind: event.kind, sectionId: event.sectionId ?? null, sectionTitle: event.sectionTitle ?? '', actor: event.actor, before: event.before ?? null, after: event.after ?? null, at: new Date().toISOString() });
  }

  /** The structural audit trail, newest first. */
  history(policyId: string): StructureEvent[] {
    return this.selectAudit.all(policyId).map((row) => ({
      id: row.id,
      policyId: row.policy_id,
      kind: row.kind,
      sectionId: row.section_id,
      sectionTitle: row.section_title,
      userId: row.user_id,
      userName: row.user_name,
      department: row.department,
      before: row.before === null ? null : JSON.parse(row.before),
      after: row.after === null ? null : JSON.parse(row.after),
      at: row.at,
    }));
  }

  private write(policyId: string, sectionId: string, requirement: SectionRequirement, at: string): void {
    this.upsert.run(policyId, sectionId, requirement.owner, JSON.stringify(requirement.approvers), at);
    // Read again next time rather than patch the copy: a transaction that fails later leaves no wrong copy behind.
    this.cache.delete(policyId);
  }

  private audit(
    policyId: string,
    event: { kind: StructureEventKind; sectionId: string | null; sectionTitle: string; actor: Actor; before: unknown; after: unknown; at: string },
  ): void {
    this.insertAudit.run({
      policyId,
      sectionId: event.sectionId,
      sectionTitle: event.sectionTitle,
      kind: event.kind,
      userId: event.actor.id,
      userName: event.actor.name,
      department: event.actor.department,
      before: event.before === null ? null : JSON.stringify(event.before),
      after: event.after === null ? null : JSON.stringify(event.after),
      at: event.at,
    });
  }
}
