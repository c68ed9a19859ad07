import type { JSONContent } from '@tiptap/core';
import {
  policyStatus,
  requiredDepartments,
  sectionStatus,
  signoffViews,
  type PolicyStatus,
  type SectionState,
  type Signoff,
  type SignoffView,
} from '../../shared/signoffRules';
import { policyFingerprint, readSections, yDocToJSON, type SectionInfo } from '../../shared/sections';
import type { Rooms } from '../collab/rooms';
import type { SqliteDatabase } from '../storage/database';
import { DepartmentService } from './departments';

/** A department's display name for a refusal message (only on that path); the id when unknown. */
function departmentName(db: SqliteDatabase, id: string): string {
  return new DepartmentService(db).get(id)?.name ?? id;
}
import type { User } from './accounts';

export class SignoffError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export interface SignoffEvent {
  id: number;
  policyId: string;
  sectionId: string;
  sectionTitle: string;
  department: string;
  action: 'signoff' | 'revoke';
  userId: string;
  userName: string;
  hash: string;
  comment: string;
  at: string;
}

interface EventRow {
  id: number;
  policy_id: string;
  section_id: string;
  section_title: string;
  department: string;
  action: 'signoff' | 'revoke';
  user_id: string;
  user_name: string;
  hash: string;
  comment: string;
  content: string;
  at: string;
}

export interface PolicyState {
  status: PolicyStatus;
  fingerprint: string;
  sections: SectionState[];
  /** Sections read from the live document, for callers that need text or content too. */
  live: SectionInfo[];
  document: JSONContent;
}

function toEvent(row: EventRow): SignoffEvent {
  return {
    id: row.id,
    policyId: row.policy_id,
    sectionId: row.section_id,
    sectionTitle: row.section_title,
    department: row.department,
    action: row.action,
    userId: row.user_id,
    userName: row.user_name,
    hash: row.hash,
    comment: row.comment,
    at: row.at,
  };
}

/**
 * Sign-offs: the only place they are made or kept. Every sign-off and revocation is a new row;
 * the current sign-off of a department on a section is its latest row, when that row signs.
 * Hashes are always computed here, from the server's own copy of the document.
 */
export class SignoffService {
  private readonly listeners = new Set<(policyId: string) => void>();
  /** Policies known to have sign-off history; edits to the others cannot change any endorsement. */
  private readonly withHistory = new Set<string>();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly rooms: Rooms,
  ) {}

  /** Subscribes to sign-off changes (for the live event stream). */
  onSignoffChange(listener: (policyId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether anyone ever signed or revoked anything on this policy (cached; it only ever becomes true). */
  hasHistory(policyId: string): boolean {
    if (this.withHistory.has(policyId)) return true;
    const found = this.db.prepare('SELECT 1 FROM signoff_events WHERE policy_id = ? LIMIT 1').get(policyId) !== undefined;
    if (found) this.withHistory.add(policyId);
    return found;
  }

  /** Current sign-offs per section id. */
  currentSignoffs(policyId: string): Map<string, Signoff[]> {
    const rows = this.db.prepare<[string], EventRow>('SELECT * FROM signoff_events WHERE policy_id = ? ORDER BY id').all(policyId);
    const latest = new Map<string, EventRow>();
    for (const row of rows) latest.set(`${row.section_id}\u0000${row.department}`, row);
    const bySection = new Map<string, Signoff[]>();
    for (const row of latest.values()) {
      if (row.action !== 'signoff') continue;
      const list = bySection.get(row.section_id) ?? [];
      list.push({ department: row.department, userId: row.user_id, userName: row.user_name, at: row.at, hash: row.hash, comment: row.comment });
      bySection.set(row.section_id, list);
    }
    return bySection;
  }

  /** The policy's sections with their sign-off state, as the server's live copy has them now. */
  state(policyId: string): PolicyState {
    const document = this.rooms.withDocument(policyId, yDocToJSON);
    const live = readSections(document);
    const current = this.currentSignoffs(policyId);
    const sections = live.map((section) => {
      const signoffs = current.get(section.id) ?? [];
      return {
        id: section.id,
        title: section.title,
        owner: section.owner,
        approvers: section.approvers,
        hash: section.hash,
        status: sectionStatus(section, signoffs),
        signoffs: signoffViews(section, signoffs),
      };
    });
    return { status: policyStatus(sections.map((section) => section.status)), fingerprint: policyFingerprint(live), sections, live, document };
  }

  /**
   * Signs a section for the user's department. `seenHash` is the hash of what the signer was
   * looking at; when it is not the server's current hash the sign-off is refused (409), so
   * nobody signs text they have not seen.
   */
  sign(policyId: string, sectionId: string, user: User, seenHash: string, comment: string): SignoffEvent {
    if (user.role === 'viewer') throw new SignoffError(403, 'Viewers cannot sign off');
    const section = this.findSection(policyId, sectionId);
    if (!requiredDepartments(section).includes(user.department)) {
      throw new SignoffError(403, `${departmentName(this.db, user.department)} is not asked to sign off this section`);
    }
    if (seenHash !== section.hash) {
      throw new SignoffError(409, 'This section changed while you were reading it. Review the current text and sign again.', { currentHash: section.hash });
    }
    const event = this.append(policyId, section, user, 'signoff', section.hash, comment);
    this.recordEndorsementIfComplete(policyId);
    this.notify(policyId);
    return event;
  }

  /** Withdraws the user's department's sign-off from a section. */
  revoke(policyId: string, sectionId: string, user: User): SignoffEvent {
    if (user.role === 'viewer') throw new SignoffError(403, 'Viewers cannot revoke sign-offs');
    const section = this.findSection(policyId, sectionId);
    const existing = (this.currentSignoffs(policyId).get(sectionId) ?? []).find((signoff) => signoff.department === user.department);
    if (!existing) throw new SignoffError(404, `${departmentName(this.db, user.department)} has no sign-off on this section to revoke`);
    const event = this.append(policyId, section, user, 'revoke', section.hash, '');
    this.notify(policyId);
    return event;
  }

  /** The full history, newest first. */
  audit(policyId: string): SignoffEvent[] {
    return this.db.prepare<[string], EventRow>('SELECT * FROM signoff_events WHERE policy_id = ? ORDER BY id DESC').all(policyId).map(toEvent);
  }

  /** What a department signed last on a section: its content then, for "what changed". */
  signedContent(policyId: string, sectionId: string, department: string): { title: string; content: JSONContent[]; text: string; at: string; userName: string } | null {
    const row = this.db
      .prepare<[string, string, string], EventRow>(
        "SELECT * FROM signoff_events WHERE policy_id = ? AND section_id = ? AND department = ? AND action = 'signoff' ORDER BY id DESC LIMIT 1",
      )
      .get(policyId, sectionId, department);
    if (!row) return null;
    const stored = JSON.parse(row.content) as { content: JSONContent[]; text: string };
    return { title: row.section_title, content: stored.content, text: stored.text, at: row.at, userName: row.user_name };
  }

  /** The last endorsed version, if the policy was ever endorsed. */
  lastEndorsed(policyId: string): { fingerprint: string; document: JSONContent; signoffs: Record<string, SignoffView[]>; at: string } | null {
    const row = this.db
      .prepare<[string], { fingerprint: string; document: string; signoffs: string; at: string }>(
        'SELECT fingerprint, document, signoffs, at FROM endorsed_versions WHERE policy_id = ? ORDER BY id DESC LIMIT 1',
      )
      .get(policyId);
    if (!row) return null;
    return { fingerprint: row.fingerprint, document: JSON.parse(row.document), signoffs: JSON.parse(row.signoffs), at: row.at };
  }

  /** How many times the policy has been endorsed (each new endorsed content counts once). */
  endorsedCount(policyId: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS count FROM endorsed_versions WHERE policy_id = ?').get(policyId) as { count: number }).count;
  }

  /**
   * Stores the endorsed version when the policy is fully signed and this exact content was
   * not stored already. Called after sign-offs and after edits (an undo can bring back signed text).
   */
  recordEndorsementIfComplete(policyId: string, state: PolicyState = this.state(policyId)): boolean {
    if (state.status !== 'endorsed') return false;
    if (this.lastEndorsed(policyId)?.fingerprint === state.fingerprint) return false;
    const signoffs = Object.fromEntries(state.sections.map((section) => [section.id, section.signoffs]));
    this.db
      .prepare('INSERT INTO endorsed_versions (policy_id, fingerprint, document, signoffs, at) VALUES (?, ?, ?, ?, ?)')
      .run(policyId, state.fingerprint, JSON.stringify(state.document), JSON.stringify(signoffs), new Date().toISOString());
    return true;
  }

  private findSection(policyId: string, sectionId: string): SectionInfo {
    const section = this.rooms.withDocument(policyId, (doc) => readSections(yDocToJSON(doc)).find((candidate) => candidate.id === sectionId));
    if (!section) throw new SignoffError(404, 'No section with this id in this policy');
    return section;
  }

  private append(policyId: string, section: SectionInfo, user: User, action: 'signoff' | 'revoke', hash: string, comment: string): SignoffEvent {
    const at = new Date().toISOString();
    const content = action === 'signoff' ? JSON.stringify({ content: section.content, text: section.text }) : '';
    const result = this.db
      .prepare(
        'INSERT INTO signoff_events (policy_id, section_id, section_title, department, action, user_id, user_name, hash, comment, content, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(policyId, section.id, section.title, user.department, action, user.id, user.name, hash, comment, content, at);
    this.withHistory.add(policyId);
    return {
      id: Number(result.lastInsertRowid),
      policyId,
      sectionId: section.id,
      sectionTitle: section.title,
      department: user.department,
      action,
      userId: user.id,
      userName: user.name,
      hash,
      comment,
      at,
    };
  }

  private notify(policyId: string): void {
    for (const listener of this.listeners) listener(policyId);
  }
}
