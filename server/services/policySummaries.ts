import { isPartlySigned, requiredDepartments, type PolicyStatus, type SectionStatus, type SignoffView } from '../../shared/signoffRules';
import type { SqliteDatabase } from '../storage/database';

/** What the policy list shows of a policy's sign-off state, kept in SQLite so the list opens no document. */
export interface PolicySummary {
  status: PolicyStatus;
  sectionCount: number;
  signedCount: number;
  /** Sections waiting for sign-off that some of their departments have signed. */
  partlyCount: number;
}

type SummarizedSection = { status: SectionStatus; owner: string; approvers: readonly string[]; signoffs: readonly SignoffView[] };

/** The summary of a computed state: its status, how many sections it has, how many are signed and how many partly. */
export function summaryOf(state: { status: PolicyStatus; sections: readonly SummarizedSection[] }): PolicySummary {
  let signedCount = 0;
  let partlyCount = 0;
  for (const section of state.sections) {
    if (section.status === 'signed') signedCount += 1;
    else if (isPartlySigned(section.status, requiredDepartments(section), section.signoffs)) partlyCount += 1;
  }
  return { status: state.status, sectionCount: state.sections.length, signedCount, partlyCount };
}

interface SummaryRow {
  policy_id: string;
  status: PolicyStatus;
  section_count: number;
  signed_count: number;
  partly_count: number;
}

/**
 * The `policy_summaries` table: one row per policy, rewritten whenever the server computes the
 * policy's state and it differs from the row (sign-offs, requirement changes, edits that change a
 * status, sections added or removed). A policy without a row is summarized once, on demand.
 */
export class PolicySummaries {
  private readonly upsert;
  private readonly selectAll;
  private readonly selectBehind;
  private readonly touch;
  /** The row as last written by this process, so an unchanged state writes nothing. */
  private readonly written = new Map<string, string>();

  constructor(db: SqliteDatabase) {
    this.upsert = db.prepare<[string, PolicyStatus, number, number, number, string]>(
      `INSERT INTO policy_summaries (policy_id, status, section_count, signed_count, partly_count, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(policy_id) DO UPDATE SET status = excluded.status, section_count = excluded.section_count, signed_count = excluded.signed_count, partly_count = excluded.partly_count, updated_at = excluded.updated_at`,
    );
    this.selectAll = db.prepare<[], SummaryRow>('SELECT policy_id, status, section_count, signed_count, partly_count FROM policy_summaries');
    this.selectBehind = db.prepare<[], { policy_id: string }>(
      `SELECT s.policy_id FROM policy_summaries s
       WHERE EXISTS (SELECT 1 FROM updates u WHERE u.policy_id = s.policy_id AND u.at > s.updated_at)
          OR EXISTS (SELECT 1 FROM snapshots n WHERE n.policy_id = s.policy_id AND n.created_at > s.updated_at)`,
    );
    this.touch = db.prepare<[string, string]>('UPDATE policy_summaries SET updated_at = ? WHERE policy_id = ?');
  }

  /**
   * Policies whose document was stored after their summary was last written or checked. Edits that
   * change no status leave the row alone, so most of these are fine; but a server stopped between
   * an edit and its status check (within the check's delay) leaves a summary behind, and only a
   * fresh look at the document tells which.
   */
  behind(): string[] {
    return this.selectBehind.all().map((row) => row.policy_id);
  }

  /** Marks a policy's summary as checked against its document now (after its state was computed). */
  checked(policyId: string): void {
    this.touch.run(new Date().toISOString(), policyId);
  }

  /** Stores a policy's summary when it differs from what this process wrote last. */
  write(policyId: string, summary: PolicySummary): void {
    const key = `${summary.status}/${summary.sectionCount}/${summary.signedCount}/${summary.partlyCount}`;
    if (this.written.get(policyId) === key) return;
    this.upsert.run(policyId, summary.status, summary.sectionCount, summary.signedCount, summary.partlyCount, new Date().toISOString());
    this.written.set(policyId, key);
  }

  /** Every stored summary, by policy id. */
  all(): Map<string, PolicySummary> {
    const summaries = new Map<string, PolicySummary>();
    for (const row of this.selectAll.all()) summaries.set(row.policy_id, { status: row.status, sectionCount: row.section_count, signedCount: row.signed_count, partlyCount: row.partly_count });
    return summaries;
  }
}
