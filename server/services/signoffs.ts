import type { CoveredAgain, StaleSignoff } from './notifications';
import type { JSONContent } from '@tiptap/core';
import {
  policyStatus,
  requiredDepartments,
  signingDepartments,
  signoffState,
  type PolicyStatus,
  type SectionState,
  type Signoff,
  type SignoffView,
} from '../../shared/signoffRules';
import * as Y from 'yjs';
import { describeChange, diffContent, type ContentChange } from '../../shared/contentDiff';
import { nodeText, policyFingerprint, readSections, readSectionsFromYDoc, readTitle, yDocToJSON, type SectionInfo, type SectionRequirement } from '../../shared/sections';
import { parseReading, serializeReading } from '../collab/restingReading';
import type { Room } from '../collab/room';
import type { Rooms } from '../collab/rooms';
import { existingSectionIndex, sectionIndexOf } from '../collab/sectionIndex';
import { TITLE_KEY } from '../collab/touchedSections';
import { structureChangeSince } from './structureChange';
import { HttpError } from '../httpError';
import type { SqliteDatabase } from '../storage/database';
import { flushSectionAuthors } from '../storage/documentStore';
import type { User } from './accounts';
import { PolicySummaries, summaryOf, type PolicySummary } from './policySummaries';
import type { Actor, RequirementService, StructureEvent } from './requirements';

/** A sign-off that cannot be made, answered with its status (and `currentHash` or `currentFingerprint` on a 409). */
export class SignoffError extends HttpError {}

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

/** One entry of a policy's audit trail: a sign-off or revocation, or a structural event. */
export type AuditEntry = (SignoffEvent & { kind: 'signoff' | 'revoke' }) | (Omit<StructureEvent, 'id' | 'policyId'> & { id: string });

/** Who last changed a section, from the server's record of every stored update. */
export interface SectionAuthor {
  id: string;
  name: string;
  department: string | null;
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
  content_hash: string | null;
  at: string;
}

/** A requirement as the audit trail stored it (JSON written by RequirementService). */
function asRequirement(value: unknown): SectionRequirement {
  const record = (value ?? {}) as { owner?: unknown; approvers?: unknown };
  return { owner: String(record.owner ?? ''), approvers: Array.isArray(record.approvers) ? record.approvers.map(String) : [] };
}

/** A change of who must sign a section, as the audit trail recorded it. */
export interface RequirementChange {
  at: string;
  by: { id: string | null; name: string; department: string | null };
  before: SectionRequirement;
  after: SectionRequirement;
}

/** A department's confirmation of the policy as a whole, after its title or order changed. */
export interface EndorsementConfirmation {
  department: string;
  userId: string;
  userName: string;
  at: string;
}

export interface PolicyState {
  status: PolicyStatus;
  /** Every section is signed, but the title or the order of sections is not one any endorsement covered. */
  structureChanged: boolean;
  /**
   * While `structureChanged`: every department that signs part of the policy must confirm this
   * version as a whole; who has, and who is still to.
   */
  confirmations: { confirmed: EndorsementConfirmation[]; waiting: string[] } | null;
  title: string;
  fingerprint: string;
  sections: SectionState[];
  /** Sections read from the live document, for callers that need text or content too. */
  live: SectionInfo[];
  /** The whole document as ProseMirror JSON (converted only when asked for). */
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
  private readonly listeners = new Set<(policyId: string, state: PolicyState) => void>();
  private readonly staleListeners = new Set<(policyId: string, stale: StaleSignoff[]) => void>();
  private readonly coveredListeners = new Set<(policyId: string, covered: CoveredAgain[]) => void>();
  /**
   * Stale sign-offs reported to the listeners, by policy, section and department: when the reported
   * sign-off was given. Filled from `stale_signoff_notices` the first time a policy is checked in
   * this process, so a restart neither tells a sign-off twice nor forgets to tidy its notice.
   */
  private readonly reportedStale = new Map<string, string>();
  private readonly seededPolicies = new Set<string>();
  private readonly selectNoticed;

  /** Fingerprints of every endorsed version, per policy. */
  private readonly endorsedFingerprints = new Map<string, Set<string>>();
  private readonly selectEvents;
  private readonly insertEvent;
  private readonly insertContent;
  private readonly selectAuthors;
  private readonly selectAuthorsSince;
  private readonly selectConfirmations;
  private readonly upsertConfirmation;
  private readonly selectEndorsedFingerprints;
  private readonly selectSignedContent;
  private readonly selectSnapshot;
  private readonly selectUpdateLog;
  private readonly selectLastEndorsed;
  private readonly countEndorsed;
  private readonly insertEndorsed;
  private readonly selectEndorsementMark;
  private readonly selectAllEndorsed;
  private readonly selectEndorsedVersion;
  private readonly selectVersionOf;
  /** Current sign-offs per policy, read once and dropped on every sign-off or revocation. */
  private readonly current = new Map<string, Map<string, Signoff[]>>();
  private readonly summaries: PolicySummaries;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly rooms: Rooms,
    private readonly requirements: RequirementService,
    private readonly departmentName: (id: string) => string = (id) => id,
  ) {
    this.selectEvents = db.prepare<[string], EventRow>('SELECT * FROM signoff_events WHERE policy_id = ? ORDER BY id');
    this.selectNoticed = db.prepare<[string], { section_id: string; department: string; signed_at: string }>(
      'SELECT section_id, department, MAX(signed_at) AS signed_at FROM stale_signoff_notices WHERE policy_id = ? GROUP BY section_id, department',
    );
    this.insertEvent = db.prepare(
      'INSERT INTO signoff_events (policy_id, section_id, section_title, department, action, user_id, user_name, hash, comment, content, content_hash, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, \'\', ?, ?)',
    );
    // A section's content is stored once per distinct hash, however often it is signed.
    this.insertContent = db.prepare<[string, string]>('INSERT OR IGNORE INTO signed_contents (hash, content) VALUES (?, ?)');
    this.selectConfirmations = db.prepare<[string, string], { department: string; user_id: string; user_name: string; at: string }>(
      'SELECT department, user_id, user_name, at FROM endorsement_confirmations WHERE policy_id = ? AND fingerprint = ? ORDER BY at',
    );
    this.upsertConfirmation = db.prepare<[string, string, string, string, string, string]>(
      'INSERT OR REPLACE INTO endorsement_confirmations (policy_id, fingerprint, department, user_id, user_name, at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.selectAuthors = db.prepare<[string], { section_id: string; user_id: string; user_name: string; department: string | null; last_at: string }>(
      'SELECT section_id, user_id, user_name, department, last_at FROM section_authors WHERE policy_id = ? ORDER BY last_at',
    );
    this.selectAuthorsSince = db.prepare<[string, string, string], { user_id: string; user_name: string; department: string | null; last_at: string }>(
      'SELECT user_id, user_name, department, last_at FROM section_authors WHERE policy_id = ? AND section_id = ? AND last_at > ? ORDER BY last_at DESC',
    );
    this.selectEndorsedFingerprints = db.prepare<[string], { fingerprint: string }>('SELECT fingerprint FROM endorsed_versions WHERE policy_id = ?');
    // The store's own tables, read (never written) to tell whose edit made each change.
    this.selectSnapshot = db.prepare<[string], { data: Buffer; created_at: string }>('SELECT data, created_at FROM snapshots WHERE policy_id = ?');
    this.selectUpdateLog = db.prepare<[string], { data: Buffer; user_id: string | null; sections: string | null; at: string | null }>(
      'SELECT data, user_id, sections, at FROM updates WHERE policy_id = ? ORDER BY id',
    );
    this.selectSignedContent = db.prepare<[string, string, string], EventRow & { stored: string | null }>(
      `SELECT signoff_events.*, signed_contents.content AS stored FROM signoff_events LEFT JOIN signed_contents ON signed_contents.hash = signoff_events.content_hash
       WHERE policy_id = ? AND section_id = ? AND department = ? AND action = 'signoff' ORDER BY id DESC LIMIT 1`,
    );
    this.selectLastEndorsed = db.prepare<[string], { fingerprint: string; document: string; signoffs: string; at: string }>(
      'SELECT fingerprint, document, signoffs, at FROM endorsed_versions WHERE policy_id = ? ORDER BY id DESC LIMIT 1',
    );
    this.countEndorsed = db.prepare<[string], { count: number }>('SELECT COUNT(*) AS count FROM endorsed_versions WHERE policy_id = ?');
    this.insertEndorsed = db.prepare<[string, string, string, string, string]>('INSERT INTO endorsed_versions (policy_id, fingerprint, document, signoffs, at) VALUES (?, ?, ?, ?, ?)');
    this.selectAllEndorsed = db.prepare<[string], { fingerprint: string; document: string; signoffs: string; at: string }>(
      'SELECT fingerprint, document, signoffs, at FROM endorsed_versions WHERE policy_id = ? ORDER BY id',
    );
    this.selectEndorsedVersion = db.prepare<[string, number], { fingerprint: string; document: string; signoffs: string; at: string }>(
      'SELECT fingerprint, document, signoffs, at FROM endorsed_versions WHERE policy_id = ? ORDER BY id LIMIT 1 OFFSET ?',
    );
    // The last word of the audit trail on whether the policy is endorsed.
    this.selectEndorsementMark = db.prepare<[string], { kind: string }>(
      "SELECT kind FROM policy_audit WHERE policy_id = ? AND kind IN ('endorsed', 'endorsement_ended', 'endorsement_restored') ORDER BY id DESC LIMIT 1",
    );
    this.selectVersionOf = db.prepare<[string, string, string], { version: number }>(
      'SELECT COUNT(*) AS version FROM endorsed_versions WHERE policy_id = ? AND id <= (SELECT MIN(id) FROM endorsed_versions WHERE policy_id = ? AND fingerprint = ?)',
    );
    this.summaries = new PolicySummaries(db);
  }

  /**
   * Keeps the audit trail's word on the endorsement in step with `state`: when an endorsed policy
   * stops being endorsed (an edit, a revoked sign-off, a new approver, a new title or order) it
   * records `endorsement_ended` with what changed; when it is endorsed again without a new
   * version (the text went back to one that was endorsed) it records `endorsement_restored`.
   * `actor` is whoever acted (a sign-off action); after edits it is the one person who changed the
   * changed sections, when there is one. Nothing is recorded while the word already fits.
   */
  recordEndorsementChange(policyId: string, state: PolicyState, actor: Actor | null = null): void {
    const last = this.selectEndorsementMark.get(policyId)?.kind;
    const recordedEndorsed = last === 'endorsed' || last === 'endorsement_restored';
    if (recordedEndorsed && state.status !== 'endorsed') {
      const changed = state.sections.filter((section) => section.status === 'stale');
      const authors = this.lastChanged(policyId);
      // Who changed the stale sections; for a new title or order with nothing stale, who changed the title or moved sections.
      const keys = changed.length > 0 ? changed.map((section) => section.id) : state.structureChanged ? this.structureKeys(policyId, state) : [];
      const editors = [...new Map(keys.flatMap((key) => { const author = authors.get(key); return author ? [[author.id, author] as const] : []; })).values()];
      const who = actor ?? (editors.length === 1 ? { id: editors[0]!.id, name: editors[0]!.name, department: editors[0]!.department } : NOBODY);
      this.requirements.record(policyId, {
        kind: 'endorsement_ended',
        actor: who,
        after: {
          changed: changed.map((section) => section.title),
          waiting: state.sections.filter((section) => section.status === 'pending').map((section) => section.title),
          structureChanged: state.structureChanged,
          editors: editors.map((editor) => editor.name),
        },
      });
    } else if (last === 'endorsement_ended' && state.status === 'endorsed') {
      const version = this.selectVersionOf.get(policyId, policyId, state.fingerprint)?.version ?? 0;
      this.requirements.record(policyId, { kind: 'endorsement_restored', actor: actor ?? NOBODY, after: { version } });
    }
  }

  /** Whether the title, the order or the set of sections differs from the last endorsed version (always false before the first). */
  private changedBeyondSections(policyId: string, state: PolicyState): boolean {
    const endorsed = this.lastEndorsed(policyId);
    if (!endorsed) return false;
    const change = structureChangeSince(endorsed.document, state);
    return change.title !== null || change.moved.length > 0 || change.removed.length > 0;
  }

  /** What a structure change since the last endorsement touched: the title (TITLE_KEY) when it differs, and the sections out of their endorsed order. */
  private structureKeys(policyId: string, state: PolicyState): string[] {
    const endorsed = this.lastEndorsed(policyId);
    if (!endorsed) return [];
    const change = structureChangeSince(endorsed.document, state);
    return [...(change.title ? [TITLE_KEY] : []), ...change.moved.map((move) => move.sectionId)];
  }

  /**
   * Brings summaries that may have fallen behind their documents back in line, one policy per
   * turn of the event loop so start-up and requests are not held up. A policy whose document
   * cannot be read keeps its stored summary. Resolves with the number of policies looked at.
   */
  checkSummaries(): Promise<number> {
    let behind: string[];
    try {
      behind = this.summaries.behind();
    } catch {
      return Promise.resolve(0);
    }
    return new Promise((resolve) => {
      let checked = 0;
      const next = () => {
        const policyId = behind[checked];
        if (policyId === undefined) return resolve(checked);
        checked += 1;
        try {
          this.state(policyId);
          this.summaries.checked(policyId);
        } catch {
          // An unreadable document keeps its last summary; a closed database ends the loop quickly.
        }
        setImmediate(next);
      };
      setImmediate(next);
    });
  }

  /** Subscribes to sign-off changes (for the live event stream), with the state after the change. */
  onSignoffChange(listener: (policyId: string, state: PolicyState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Subscribes to sign-offs that edits made stale (the notifications listen), told after each burst of edits. */
  onStaleSignoffs(listener: (policyId: string, stale: StaleSignoff[]) => void): () => void {
    this.staleListeners.add(listener);
    return () => this.staleListeners.delete(listener);
  }

  /**
   * Subscribes to departments whose section is covered again after it was reported stale: the
   * change was undone, or the department signed again. Told after each burst of edits, or after
   * the next one for a new sign-off.
   */
  onCoveredAgain(listener: (policyId: string, covered: CoveredAgain[]) => void): () => void {
    this.coveredListeners.add(listener);
    return () => this.coveredListeners.delete(listener);
  }

  /**
   * After edits: every sign-off that no longer covers its section's text, with who changed the
   * section last, for the stale listeners (which tell each sign-off once); and, through
   * noticeCoveredAgain, every department reported stale whose sign-off covers its section again.
   * Nothing is read when nobody listens or nothing changed.
   */
  noticeStaleSignoffs(policyId: string, state: PolicyState): void {
    this.noticeCoveredAgain(policyId, state);
    if (this.staleListeners.size === 0) return;
    this.seedReported(policyId);
    // Each stale sign-off is reported once per process: typing on in a stale section costs a look-up, not a write.
    const fresh = state.sections.flatMap((section) =>
      section.signoffs.filter((signoff) => !signoff.valid && this.reportedStale.get(staleKey(policyId, section.id, signoff.department)) !== signoff.at).map((signoff) => ({ section, signoff })),
    );
    if (fresh.length === 0) return;
    const authors = this.lastChanged(policyId);
    const stale: StaleSignoff[] = fresh.map(({ section, signoff }) => {
      this.reportedStale.set(staleKey(policyId, section.id, signoff.department), signoff.at);
      const author = authors.get(section.id);
      return {
        sectionId: section.id,
        sectionTitle: section.title,
        department: signoff.department,
        signerId: signoff.userId,
        signedAt: signoff.at,
        by: author ? { id: author.id, name: author.name, department: author.department } : null,
      };
    });
    for (const listener of this.staleListeners) listener(policyId, stale);
  }

  /**
   * Departments reported stale whose section a sign-off covers again (the change was undone, or they
   * signed again), for the covered listeners: after edits and after a sign-off action. Stale
   * sign-offs are left to the edits' check, which knows who changed the text.
   */
  private noticeCoveredAgain(policyId: string, state: PolicyState): void {
    if (this.coveredListeners.size === 0) return;
    this.seedReported(policyId);
    if (this.reportedStale.size === 0) return;
    const covered: CoveredAgain[] = [];
    for (const section of state.sections) {
      for (const signoff of section.signoffs) {
        const key = staleKey(policyId, section.id, signoff.department);
        const signedAt = signoff.valid ? this.reportedStale.get(key) : undefined;
        if (signedAt === undefined) continue;
        this.reportedStale.delete(key);
        covered.push({ sectionId: section.id, department: signoff.department, signerId: signoff.userId, signedAt, undone: signoff.at === signedAt });
      }
    }
    if (covered.length > 0) for (const listener of this.coveredListeners) listener(policyId, covered);
  }

  /** The stale sign-offs of a policy told before this process started, once per policy. */
  private seedReported(policyId: string): void {
    if (this.seededPolicies.has(policyId)) return;
    // Read first: a read that fails (the database busy) is tried again at the next check.
    const rows = this.selectNoticed.all(policyId);
    this.seededPolicies.add(policyId);
    for (const row of rows) {
      const key = staleKey(policyId, row.section_id, row.department);
      if (!this.reportedStale.has(key)) this.reportedStale.set(key, row.signed_at);
    }
  }

  /** Current sign-offs per section id (shared: do not change what it holds). */
  currentSignoffs(policyId: string): ReadonlyMap<string, readonly Signoff[]> {
    let bySection = this.current.get(policyId);
    if (!bySection) this.current.set(policyId, (bySection = this.readCurrentSignoffs(policyId)));
    return bySection;
  }

  private readCurrentSignoffs(policyId: string): Map<string, Signoff[]> {
    const rows = this.selectEvents.all(policyId);
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

  /**
   * The sections and title of the server's live copy. An open room's are read through its
   * SectionIndex, which re-reads only the sections edited since; a policy nobody has open is
   * read from its kept reading while that holds (restingReading.ts), else whole from disk.
   */
  private read(policyId: string): { live: SectionInfo[]; title: string; document: JSONContent | undefined } {
    // Who must sign comes from the server's records; the document's copy is only a mirror.
    const requirements = this.requirementsOf(policyId);
    const room = this.rooms.get(policyId);
    if (!room || room.closed) {
      // Nobody has the policy open: what was last read out of its stored document, if that is unchanged and the requirements too.
      const kept = this.rooms.keptReading(policyId);
      const reading = kept === null ? null : parseReading(kept, requirements);
      if (reading) return { live: reading.live, title: reading.title, document: undefined };
    }
    return this.rooms.withDocument(policyId, (doc, stored) => {
      if (room && doc === room.doc) {
        const index = sectionIndexOf(doc);
        return { live: index.sections(requirements), title: index.title().trim(), document: undefined };
      }
      const document = yDocToJSON(doc);
      const live = readSections(document, requirements);
      const title = readTitle(document).trim();
      try {
        // The next read of the policy, while nobody edits it, loads nothing.
        stored?.keepReading(() => serializeReading(title, live, requirements));
      } catch {
        // A read-only or full disk: reading works all the same, it is only not kept.
      }
      return { live, title, document };
    });
  }

  /** Who must sign each section of the policy, from the server's records (the document's copy is only a mirror). */
  private requirementsOf(policyId: string): (sectionId: string) => SectionRequirement | undefined {
    return (sectionId) => this.requirements.active(policyId, sectionId);
  }

  /** What the server reads out of an open room's document, to keep with its snapshot when the room unloads (restingReading.ts). */
  readingOf(room: Room): string {
    const requirements = this.requirementsOf(room.policyId);
    const index = sectionIndexOf(room.doc);
    return serializeReading(index.title().trim(), index.sections(requirements), requirements);
  }

  /**
   * Whether the document changes since the last call could have changed what `state` answers
   * (a status, the list of sections, a fingerprint that matters): true after sections were added,
   * removed or moved, after a title change, and after an edit to a section that has a current
   * sign-off. Editing only sections nobody signed changes nothing anyone is shown. True, too,
   * when the changes are not known (the room's index is new).
   */
  editsMayChangeState(policyId: string): boolean {
    const room = this.rooms.get(policyId);
    if (!room || room.closed) return true;
    const index = existingSectionIndex(room.doc);
    if (!index) {
      sectionIndexOf(room.doc);
      return true;
    }
    const changes = index.takeChanges();
    if (changes.structural || changes.title) return true;
    const current = this.currentSignoffs(policyId);
    for (const sectionId of changes.sections) if ((current.get(sectionId)?.length ?? 0) > 0) return true;
    return false;
  }

  /**
   * A room opened: its sections are read whole now, while people connect, so that the status
   * checks after their edits know what changed since (`editsMayChangeState`) instead of reading
   * every section in the middle of the typing. The list's summary is brought up to date with it.
   */
  roomOpened(policyId: string): void {
    this.state(policyId);
  }

  /** The policy's sections with their sign-off state, as the server's live copy has them now. */
  state(policyId: string): PolicyState {
    const { live, title, document: read } = this.read(policyId);
    const current = this.currentSignoffs(policyId);
    const sections = live.map((section) => {
      const { status, signoffs } = signoffState(section, current.get(section.id) ?? []);
      return { id: section.id, title: section.title, owner: section.owner, approvers: section.approvers, hash: section.hash, status, signoffs };
    });
    const fingerprint = policyFingerprint(title, live);
    const bySections = policyStatus(sections.map((section) => section.status));
    // Every section signed is not enough: the title and order must be ones an endorsement covered.
    const structureChanged = bySections === 'endorsed' && !this.isEndorsed(policyId, fingerprint);
    const status: PolicyStatus = structureChanged ? 'stale' : bySections;
    const confirmations = structureChanged ? this.confirmationsOf(policyId, fingerprint, live) : null;
    this.summarize(policyId, summaryOf({ status, sections }));
    let document = read;
    const rooms = this.rooms;
    return {
      status,
      structureChanged,
      confirmations,
      title,
      fingerprint,
      sections,
      live,
      get document() {
        return (document ??= rooms.withDocument(policyId, yDocToJSON));
      },
    };
  }

  /** Keeps the list's summary of the policy in step; a summary that cannot be written now is written the next time. */
  private summarize(policyId: string, summary: PolicySummary): void {
    try {
      this.summaries.write(policyId, summary);
    } catch {
      // Reading the state must work on a read-only or full disk; the list then shows the last stored summary.
    }
  }

  private confirmationsOf(policyId: string, fingerprint: string, live: readonly SectionInfo[]): { confirmed: EndorsementConfirmation[]; waiting: string[] } {
    const required = signingDepartments(live);
    const rows = this.selectConfirmations.all(policyId, fingerprint);
    const confirmed = rows.filter((row) => required.includes(row.department)).map((row) => ({ department: row.department, userId: row.user_id, userName: row.user_name, at: row.at }));
    return { confirmed, waiting: required.filter((department) => !confirmed.some((confirmation) => confirmation.department === department)) };
  }

  /** Whether an endorsed version of the policy has exactly this fingerprint. */
  isEndorsed(policyId: string, fingerprint: string): boolean {
    let known = this.endorsedFingerprints.get(policyId);
    if (!known) {
      known = new Set(this.selectEndorsedFingerprints.all(policyId).map((row) => row.fingerprint));
      this.endorsedFingerprints.set(policyId, known);
    }
    return known.has(fingerprint);
  }

  /**
   * Signs a section for the user's department. `seenHash` is the hash of what the signer was
   * looking at; when it is not the server's current hash the sign-off is refused (409), so
   * nobody signs text they have not seen.
   */
  sign(policyId: string, sectionId: string, user: User, seenHash: string, comment: string): SignoffEvent {
    if (user.role === 'viewer' || user.role === 'commenter') throw new SignoffError(403, `${user.role === 'viewer' ? 'Viewers' : 'Commenters'} cannot sign off`);
    const section = this.findSection(policyId, sectionId);
    if (!requiredDepartments(section).includes(user.department)) {
      throw new SignoffError(403, `${this.departmentName(user.department)} is not asked to sign off this section`);
    }
    if (seenHash !== section.hash) {
      throw new SignoffError(409, 'This section changed while you were reading it. Review the current text and sign again.', { currentHash: section.hash });
    }
    const event = this.append(policyId, section, user, 'signoff', section.hash, comment);
    this.endorseIfComplete(policyId, user);
    this.announce(policyId, actorOf(user));
    return event;
  }

  /**
   * Confirms, for the user's department, the policy as it reads now, when every section is signed
   * but its title or order changed since the last endorsement. A sign-off action like any other:
   * only a department that signs part of the policy gives it, `fingerprint` must be the one they
   * saw (409 otherwise), and the new version is endorsed once every such department confirmed it.
   */
  confirmEndorsement(policyId: string, user: User, fingerprint: string): { fingerprint: string; endorsed: boolean; version: number; confirmed: string[]; waiting: string[] } {
    if (user.role === 'viewer' || user.role === 'commenter') throw new SignoffError(403, `${user.role === 'viewer' ? 'Viewers' : 'Commenters'} cannot endorse a policy`);
    const state = this.state(policyId);
    if (!state.live.some((section) => requiredDepartments(section).includes(user.department))) {
      throw new SignoffError(403, `${this.departmentName(user.department)} signs no section of this policy, so it does not confirm it either`);
    }
    if (state.fingerprint !== fingerprint) throw new SignoffError(409, 'The policy changed while you were reading it. Review it and confirm again.', { currentFingerprint: state.fingerprint });
    if (!state.structureChanged || !state.confirmations) {
      if (state.status === 'endorsed') throw new SignoffError(409, 'This version is endorsed already.');
      throw new SignoffError(409, 'Every section must be signed before the policy can be endorsed.');
    }
    const at = new Date().toISOString();
    this.db.transaction(() => {
      this.upsertConfirmation.run(policyId, fingerprint, user.department, user.id, user.name, at);
      this.requirements.record(policyId, {
        kind: 'endorsement_confirmed',
        actor: actorOf(user),
        after: { fingerprint, title: state.title },
      });
    })();
    const confirmations = this.confirmationsOf(policyId, fingerprint, state.live);
    state.confirmations = confirmations;
    const endorsed = confirmations.waiting.length === 0 && this.endorseIfComplete(policyId, user, state);
    this.announce(policyId, actorOf(user));
    return {
      fingerprint,
      endorsed,
      version: this.endorsedCount(policyId),
      confirmed: confirmations.confirmed.map((confirmation) => confirmation.department),
      waiting: confirmations.waiting,
    };
  }

  /** Withdraws the user's department's sign-off from a section. */
  revoke(policyId: string, sectionId: string, user: User): SignoffEvent {
    if (user.role === 'viewer' || user.role === 'commenter') throw new SignoffError(403, `${user.role === 'viewer' ? 'Viewers' : 'Commenters'} cannot revoke sign-offs`);
    const section = this.findSection(policyId, sectionId);
    const existing = (this.currentSignoffs(policyId).get(sectionId) ?? []).find((signoff) => signoff.department === user.department);
    if (!existing) throw new SignoffError(404, `${this.departmentName(user.department)} has no sign-off on this section to revoke`);
    const event = this.append(policyId, section, user, 'revoke', section.hash, '');
    this.announce(policyId, actorOf(user));
    return event;
  }

  /** The full history, newest first: sign-offs and revocations beside requirement changes, sections added and removed, and endorsements. */
  audit(policyId: string): AuditEntry[] {
    const signoffs: AuditEntry[] = this.selectEvents.all(policyId).map((row) => ({ ...toEvent(row), kind: row.action }));
    const structure: AuditEntry[] = this.requirements.history(policyId).map(({ id, policyId: _policy, ...event }) => ({ ...event, id: `audit-${id}` }));
    // Newest first; at the same moment, the later-written entry first (ids grow within each table).
    return [...signoffs.reverse(), ...structure].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  }

  /** What a department signed last on a section: its content then, for "what changed". */
  signedContent(policyId: string, sectionId: string, department: string): { title: string; content: JSONContent[]; text: string; at: string; userName: string } | null {
    const row = this.selectSignedContent.get(policyId, sectionId, department);
    if (!row) return null;
    // Sign-offs from before content was stored once per hash carry their content inline.
    const stored = JSON.parse(row.stored ?? row.content) as { content: JSONContent[]; text?: string };
    const text = stored.text ?? [row.section_title, ...stored.content.map(nodeText)].join('\n');
    return { title: row.section_title, content: stored.content, text, at: row.at, userName: row.user_name };
  }

  /** Who changed each section last, by section id. */
  lastChanged(policyId: string): Map<string, SectionAuthor> {
    const last = new Map<string, SectionAuthor>();
    flushSectionAuthors(this.db);
    for (const row of this.selectAuthors.all(policyId)) last.set(row.section_id, { id: row.user_id, name: row.user_name, department: row.department, at: row.last_at });
    return last;
  }

  /** Everyone who changed a section after `since` (ISO time), most recent first. */
  changedSince(policyId: string, sectionId: string, since: string): SectionAuthor[] {
    flushSectionAuthors(this.db);
    return this.selectAuthorsSince.all(policyId, sectionId, since).map((row) => ({ id: row.user_id, name: row.user_name, department: row.department, at: row.last_at }));
  }

  /**
   * Every change to a section body since it was signed (formatting, links, lists, tables,
   * sub-headings), each with who made it. The update log since the last compaction says whose
   * update made which change; when it no longer reaches back to the sign-off, or a change came
   * from several people's edits together, the change names everyone who edited since.
   */
  contentChangesSince(policyId: string, sectionId: string, signed: { at: string; content: JSONContent[] }, current: JSONContent[] | null, editors: SectionAuthor[]): { change: ContentChange; description: string; by: SectionAuthor[] }[] {
    if (current === null) return [];
    const whose = this.whoseChanges(policyId, sectionId, signed);
    return diffContent(signed.content, current).map((change) => {
      const author = whose?.get(JSON.stringify(change));
      const editor = author ? editors.find((each) => each.id === author.userId) : undefined;
      return { change, description: describeChange(change), by: editor ? [{ ...editor, at: author!.at }] : editors };
    });
  }

  /** Who made each change (by its JSON), replaying the update log from the sign-off on; null when the log starts after it. */
  private whoseChanges(policyId: string, sectionId: string, signed: { at: string; content: JSONContent[] }): Map<string, { userId: string; at: string }> | null {
    const snapshot = this.selectSnapshot.get(policyId);
    if (snapshot && snapshot.created_at > signed.at) return null;
    const doc = new Y.Doc();
    try {
      if (snapshot) Y.applyUpdate(doc, snapshot.data);
      const rows = this.selectUpdateLog.all(policyId);
      const whose = new Map<string, { userId: string; at: string }>();
      let previous = signed.content;
      for (const [index, row] of rows.entries()) {
        Y.applyUpdate(doc, row.data);
        if (row.at === null || row.at <= signed.at || row.user_id === null) continue;
        if (!(JSON.parse(row.sections ?? '[]') as string[]).includes(sectionId)) continue;
        // Read the section once per run of one person's updates, not after every keystroke.
        const next = rows[index + 1];
        if (next && next.user_id === row.user_id && next.at !== null && (JSON.parse(next.sections ?? '[]') as string[]).includes(sectionId)) continue;
        const section = readSectionsFromYDoc(doc).find((each) => each.id === sectionId);
        if (!section) continue;
        for (const change of diffContent(previous, section.content)) whose.set(JSON.stringify(change), { userId: row.user_id, at: row.at });
        previous = section.content;
      }
      return whose;
    } catch {
      // A log that cannot be replayed only costs the precision of who did what.
      return null;
    } finally {
      doc.destroy();
    }
  }

  /** Changes of a section's owner or approvers after `since` (ISO time), most recent first. */
  requirementChangesSince(policyId: string, sectionId: string, since: string): RequirementChange[] {
    return this.requirements
      .history(policyId)
      .filter((event) => event.kind === 'requirements' && event.sectionId === sectionId && event.at > since)
      .map((event) => ({
        at: event.at,
        by: { id: event.userId, name: event.userName, department: event.department },
        before: asRequirement(event.before),
        after: asRequirement(event.after),
      }));
  }

  /** The last endorsed version, if the policy was ever endorsed. Its title is the one in `document`. */
  lastEndorsed(policyId: string): { fingerprint: string; document: JSONContent; signoffs: Record<string, SignoffView[]>; at: string } | null {
    const row = this.selectLastEndorsed.get(policyId);
    if (!row) return null;
    return { fingerprint: row.fingerprint, document: JSON.parse(row.document), signoffs: JSON.parse(row.signoffs), at: row.at };
  }

  /** Every endorsed version, oldest first, numbered from 1 as the exports number them. */
  endorsedVersions(policyId: string): { version: number; fingerprint: string; document: JSONContent; signoffs: Record<string, SignoffView[]>; at: string }[] {
    return this.selectAllEndorsed.all(policyId).map((row, index) => ({ version: index + 1, fingerprint: row.fingerprint, document: JSON.parse(row.document), signoffs: JSON.parse(row.signoffs), at: row.at }));
  }

  /** Endorsed version `version` (from 1), or null when there is no such version; only that one is read. */
  endorsedVersion(policyId: string, version: number): { fingerprint: string; document: JSONContent; signoffs: Record<string, SignoffView[]>; at: string } | null {
    const row = version >= 1 ? this.selectEndorsedVersion.get(policyId, version - 1) : undefined;
    if (!row) return null;
    return { fingerprint: row.fingerprint, document: JSON.parse(row.document), signoffs: JSON.parse(row.signoffs), at: row.at };
  }

  /** How many times the policy has been endorsed (each new endorsed content counts once). */
  endorsedCount(policyId: string): number {
    return this.countEndorsed.get(policyId)!.count;
  }

  /**
   * Stores the endorsed version when the policy is fully signed and no endorsed version has this
   * fingerprint yet: one version per distinct content, title and order. Called only from sign-off
   * actions, never after edits, so nobody endorses anything by editing. A section's sign-offs cover
   * what that section says, and nothing more: when the title, the order or the set of sections
   * differs from the last endorsed version, only every signing department's confirmation covers
   * it, so one department signing its own section again cannot endorse a title nobody else saw.
   */
  private endorseIfComplete(policyId: string, user: User, state: PolicyState = this.state(policyId)): boolean {
    if (!state.structureChanged) return false;
    if ((state.confirmations?.waiting.length ?? 0) > 0 && this.changedBeyondSections(policyId, state)) return false;
    const signoffs = Object.fromEntries(state.sections.map((section) => [section.id, section.signoffs]));
    const at = new Date().toISOString();
    this.db.transaction(() => {
      this.insertEndorsed.run(policyId, state.fingerprint, JSON.stringify(state.document), JSON.stringify(signoffs), at);
      this.requirements.record(policyId, {
        kind: 'endorsed',
        actor: actorOf(user),
        after: { fingerprint: state.fingerprint, title: state.title, version: this.endorsedCount(policyId) },
      });
    })();
    this.endorsedFingerprints.get(policyId)?.add(state.fingerprint);
    return true;
  }

  private findSection(policyId: string, sectionId: string): SectionInfo {
    const section = this.read(policyId).live.find((candidate) => candidate.id === sectionId);
    if (!section) throw new SignoffError(404, 'No section with this id in this policy');
    return section;
  }

  private append(policyId: string, section: SectionInfo, user: User, action: 'signoff' | 'revoke', hash: string, comment: string): SignoffEvent {
    const at = new Date().toISOString();
    const contentHash = action === 'signoff' ? hash : null;
    const result = this.db.transaction(() => {
      if (contentHash) this.insertContent.run(contentHash, JSON.stringify({ content: section.content }));
      return this.insertEvent.run(policyId, section.id, section.title, user.department, action, user.id, user.name, hash, comment, contentHash, at);
    })();
    this.current.delete(policyId);
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

  /**
   * Tells the live streams that sign-off state changed (a sign-off here, or a requirement changed
   * through the API). The state is computed once, here, which also brings the list's summary up to date.
   */
  announce(policyId: string, actor: Actor | null = null): void {
    let state: PolicyState;
    try {
      state = this.state(policyId);
    } catch {
      // The change is stored; the document cannot be read right now, and the next edit or sign-off tells again.
      return;
    }
    try {
      this.recordEndorsementChange(policyId, state, actor);
    } catch {
      // The action itself is stored; the trail's word on the endorsement is written at the next change.
    }
    try {
      this.noticeCoveredAgain(policyId, state);
    } catch {
      // A notice that could not be tidied stays until the next change.
    }
    for (const listener of this.listeners) listener(policyId, state);
  }
}

/** Where a department's stale sign-off of a section is remembered as reported. */
const staleKey = (policyId: string, sectionId: string, department: string) => `${policyId}\u0000${sectionId}\u0000${department}`;

/** The audit trail's actor when no one person acted (the server noticed a change): shown as "Accord". */
const NOBODY: Actor = { id: null, name: '', department: null };

/** A signed-in person as the audit trail names them. */
export function actorOf(user: Pick<User, 'id' | 'name' | 'department'>): Actor {
  return { id: user.id, name: user.name, department: user.department };
}
