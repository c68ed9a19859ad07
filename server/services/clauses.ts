import type { JSONContent } from '@tiptap/core';
import { prosemirrorToYDoc } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import type { SectionClause } from '../../shared/api/clauses';
import { randomId } from '../../shared/ids';
import { MAX_SECTIONS_PER_POLICY } from '../../shared/limits';
import { fillPlaceholders, fillPlaceholdersInContent } from '../../shared/placeholders';
import { policySchema } from '../../shared/schema/extensions';
import { approversAttribute, DOCUMENT_FIELD } from '../../shared/sections';
import { ServerOrigin } from '../collab/origins';
import { storeServerChange, type Rooms } from '../collab/rooms';
import { findSectionElement, sectionTitle } from '../collab/sectionGuard';
import { HttpError } from '../httpError';
import type { Logger } from '../logger';
import type { SqliteDatabase } from '../storage/database';
import type { ClauseCatalog } from '../templates/clauseCatalog';
import type { LibraryClause } from '../templates/clauseLoader';
import { normalizeRequirement, type Actor, type RequirementService } from './requirements';
import { placeholderValues } from './placeholders';

const schema = policySchema();
const SECTION = 'policySection';

/** The person inserting a clause, as the routes know them. */
export interface ClauseActor extends Actor {
  id: string;
  role: string;
}

interface ProvenanceRow {
  section_id: string;
  clause_id: string;
  clause_version: number;
  inserted_at: string;
}

/**
 * Yjs elements for ProseMirror JSON, built through the editor's schema (so the browser reads
 * them as if typed) and cloned, ready to insert into a room's document.
 */
function sectionElement(section: JSONContent): Y.XmlElement {
  return buildSection(section, (element) => element.clone());
}

/** Copies of a section's children (heading first), ready to insert into another section. */
function sectionChildren(section: JSONContent): Y.XmlElement[] {
  // A copy made with clone() holds its children only once inserted, so copy them one by one here.
  return buildSection(section, (element) => element.toArray().map((child) => (child as Y.XmlElement).clone()));
}

function buildSection<T>(section: JSONContent, take: (element: Y.XmlElement) => T): T {
  const node = schema.nodeFromJSON({ type: 'doc', content: [{ type: 'title' }, section] });
  node.check();
  const doc = prosemirrorToYDoc(node, DOCUMENT_FIELD);
  try {
    return take(doc.getXmlFragment(DOCUMENT_FIELD).get(1) as Y.XmlElement);
  } finally {
    doc.destroy();
  }
}

function sectionElements(fragment: Y.XmlFragment): Y.XmlElement[] {
  return fragment.toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === SECTION);
}

/**
 * The clause library inside policies: inserting a clause as a new section or into a section,
 * what each section came from, and taking a newer version. Owners and approvers of a new
 * section are server records (written before the document, like every requirement); the text
 * is written by the server into the live document (ServerOrigin 'clauses') and stored before
 * the answer, so everyone editing sees it at once.
 */
export class ClauseService {
  private readonly statements;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly deps: {
      rooms: Rooms;
      requirements: RequirementService;
      catalog: ClauseCatalog;
      departments: { isAssignable(id: string): boolean; name(id: string): string };
      /** Tells open pages the policy's sections changed. */
      announce(policyId: string): void;
      logger: Logger;
    },
  ) {
    this.statements = {
      provenance: db.prepare<[string], ProvenanceRow>('SELECT section_id, clause_id, clause_version, inserted_at FROM section_clauses WHERE policy_id = ? ORDER BY rowid'),
      record: db.prepare(
        `INSERT INTO section_clauses (policy_id, section_id, clause_id, clause_version, inserted_at, inserted_by) VALUES (@policyId, @sectionId, @clauseId, @version, @at, @by)
         ON CONFLICT(policy_id, section_id, clause_id) DO UPDATE SET clause_version = excluded.clause_version, inserted_at = excluded.inserted_at, inserted_by = excluded.inserted_by`,
      ),
    };
  }

  /** The values a policy's placeholders are filled with: its organization name, then what the team entered. */
  placeholderValues(policy: { id: string; organization: string }): Record<string, string> {
    const values: Record<string, string> = {};
    if (policy.organization.trim()) values.organization = policy.organization.trim();
    for (const [name, value] of Object.entries(placeholderValues(this.db, policy.id))) if (value.trim()) values[name] = value;
    return values;
  }

  /** A clause from the library, or a 400 naming the field (a request that names no clause the library has). */
  requireClause(clauseId: string): LibraryClause {
    const clause = this.deps.catalog.get(clauseId);
    if (!clause) throw new HttpError(400, 'clauseId: the clause library has no clause with this id', { field: 'clauseId' });
    return clause;
  }

  /** Inserts a clause as a new section after `after` (a section id) or at the end; returns the new section's id. */
  insertSection(policy: { id: string; organization: string }, clauseId: string, after: string | null, actor: ClauseActor): { sectionId: string; version: number } {
    const clause = this.requireClause(clauseId);
    if (!this.deps.departments.isAssignable(clause.owner)) {
      throw new HttpError(400, `clauseId: this clause belongs to ${clause.owner}, which is not one of your organization's departments (or it is archived). Insert it into a section you own instead.`, { field: 'clauseId' });
    }
    // Approvers the organization does not have are left out rather than refusing the clause.
    const approvers = clause.approvers.filter((id) => this.deps.departments.isAssignable(id));
    const requirement = normalizeRequirement({ owner: clause.owner, approvers });
    const values = this.placeholderValues(policy);
    const title = fillPlaceholders(clause.title, values);
    const sectionId = randomId();
    const element = sectionElement({
      type: SECTION,
      attrs: { id: sectionId, owner: requirement.owner, approvers: approversAttribute(requirement.approvers) },
      content: [{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: title }] }, ...fillPlaceholdersInContent(clause.content, values)],
    });
    const room = this.deps.rooms.open(policy.id);
    try {
      const fragment = room.doc.getXmlFragment(DOCUMENT_FIELD);
      const sections = sectionElements(fragment);
      if (sections.length >= MAX_SECTIONS_PER_POLICY) throw new HttpError(409, `This policy already has ${sections.length} sections, the most a policy can have. Insert the clause into an existing section instead.`);
      let index = fragment.length;
      if (after) {
        const anchor = sections.find((section) => section.getAttribute('id') === after);
        if (!anchor) throw new HttpError(400, 'after: no section with this id in this policy', { field: 'after' });
        index = fragment.toArray().indexOf(anchor) + 1;
      }
      const at = new Date().toISOString();
      // The owner record, the audit entry and the provenance are committed with the new section's text, or none of them is.
      storeServerChange(room, new ServerOrigin('clauses', actor.id), () => fragment.insert(index, [element]), 'the new section', () => {
        this.deps.requirements.seed(policy.id, [{ id: sectionId, ...requirement }]);
        this.deps.requirements.record(policy.id, { kind: 'section_added', actor, sectionId, sectionTitle: title, after: { ...requirement, clause: { id: clause.id, version: clause.version } } });
        this.statements.record.run({ policyId: policy.id, sectionId, clauseId: clause.id, version: clause.version, at, by: actor.id });
      });
    } finally {
      this.deps.rooms.release(room);
    }
    this.deps.logger.info('clause.inserted', { policy: policy.id, clause: clause.id, version: clause.version, section: sectionId, by: actor.id, as: 'section' });
    this.deps.announce(policy.id);
    return { sectionId, version: clause.version };
  }

  /** Inserts a clause's text into an existing section, before block `before` (1 = right after the heading) or at its end. */
  insertIntoSection(policy: { id: string; organization: string }, sectionId: string, clauseId: string, before: number | null, actor: ClauseActor): { version: number } {
    const clause = this.requireClause(clauseId);
    if (!this.deps.requirements.active(policy.id, sectionId)) throw new HttpError(404, 'No section with this id in this policy');
    const values = this.placeholderValues(policy);
    const blocks = this.blocks(clause, values);
    const room = this.deps.rooms.open(policy.id);
    try {
      const section = findSectionElement(room.doc, sectionId);
      if (!section) throw new HttpError(404, 'No section with this id in this policy');
      const index = before === null ? section.length : Math.min(before, section.length);
      const at = new Date().toISOString();
      const clauseTitle = fillPlaceholders(clause.title, values);
      const title = sectionTitle(section).trim();
      // The audit entry and the provenance are committed with the clause's text, or neither is.
      storeServerChange(room, new ServerOrigin('clauses', actor.id), () => section.insert(index, blocks), 'the clause', () => {
        this.statements.record.run({ policyId: policy.id, sectionId, clauseId: clause.id, version: clause.version, at, by: actor.id });
        this.deps.requirements.record(policy.id, { kind: 'clause_inserted', actor, sectionId, sectionTitle: title, after: { clause: { id: clause.id, title: clauseTitle, version: clause.version } } });
      });
    } finally {
      this.deps.rooms.release(room);
    }
    this.deps.logger.info('clause.inserted', { policy: policy.id, clause: clause.id, version: clause.version, section: sectionId, by: actor.id, as: 'text' });
    this.deps.announce(policy.id);
    return { version: clause.version };
  }

  /** What each section of the policy came from, and whether the library has a newer version. */
  provenance(policy: { id: string; organization: string }): SectionClause[] {
    const values = this.placeholderValues(policy);
    return this.statements.provenance
      .all(policy.id)
      .filter((row) => this.deps.requirements.active(policy.id, row.section_id))
      .map((row) => {
        const latest = this.deps.catalog.get(row.clause_id);
        const updateAvailable = latest !== undefined && latest.version > row.clause_version;
        return {
          sectionId: row.section_id,
          clauseId: row.clause_id,
          title: latest?.title ?? row.clause_id,
          version: row.clause_version,
          latestVersion: latest?.version ?? null,
          updateAvailable,
          insertedAt: row.inserted_at,
          latestText: updateAvailable ? fillPlaceholders(latest.text, values) : null,
        };
      });
  }

  /**
   * Replaces a section's text with the library's newer version of the clause it came from. Only
   * for a section that holds that clause alone (it was inserted as a new section and no other
   * clause went into it); otherwise 409, and the person copies what they need from the diff.
   */
  takeUpdate(policy: { id: string; organization: string }, sectionId: string, clauseId: string, actor: ClauseActor): { version: number } {
    const requirement = this.deps.requirements.active(policy.id, sectionId);
    if (!requirement) throw new HttpError(404, 'No section with this id in this policy');
    if (actor.role !== 'admin' && actor.department !== requirement.owner) {
      throw new HttpError(403, `Only ${this.deps.departments.name(requirement.owner)}, which owns this section, or an admin can take a library update`);
    }
    const rows = this.statements.provenance.all(policy.id).filter((row) => row.section_id === sectionId);
    const row = rows.find((candidate) => candidate.clause_id === clauseId);
    if (!row) throw new HttpError(404, 'This section did not come from this clause');
    const latest = this.deps.catalog.get(clauseId);
    if (!latest) throw new HttpError(404, 'The clause library no longer has this clause');
    if (latest.version <= row.clause_version) throw new HttpError(409, `This section already has version ${row.clause_version}, the newest the library has.`);
    const madeFromClause = this.deps.requirements
      .history(policy.id)
      .some((event) => event.kind === 'section_added' && event.sectionId === sectionId && (event.after as { clause?: { id?: string } } | null)?.clause?.id === clauseId);
    if (rows.length > 1 || !madeFromClause) {
      throw new HttpError(409, 'This section holds more than this clause, so the update cannot replace its text without losing other words. Copy the new wording from the comparison instead.');
    }
    const values = this.placeholderValues(policy);
    const title = fillPlaceholders(latest.title, values);
    const replacement = sectionChildren({
      type: SECTION,
      attrs: { id: sectionId },
      content: [{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: title }] }, ...fillPlaceholdersInContent(latest.content, values)],
    });
    const room = this.deps.rooms.open(policy.id);
    try {
      const section = findSectionElement(room.doc, sectionId);
      if (!section) throw new HttpError(404, 'No section with this id in this policy');
      const before = sectionTitle(section).trim();
      // The audit entry and the new version's provenance are committed with the new text, or neither is.
      storeServerChange(
        room,
        new ServerOrigin('clauses', actor.id),
        () => {
          section.delete(0, section.length);
          section.insert(0, replacement);
        },
        'the update',
        () => {
          this.statements.record.run({ policyId: policy.id, sectionId, clauseId, version: latest.version, at: new Date().toISOString(), by: actor.id });
          this.deps.requirements.record(policy.id, {
            kind: 'clause_updated',
            actor,
            sectionId,
            sectionTitle: before,
            after: { clause: { id: clauseId, title, version: latest.version, previousVersion: row.clause_version } },
          });
        },
      );
      this.deps.logger.info('clause.updated', { policy: policy.id, clause: clauseId, from: row.clause_version, to: latest.version, section: sectionId, title: before, by: actor.id });
    } finally {
      this.deps.rooms.release(room);
    }
    this.deps.announce(policy.id);
    return { version: latest.version };
  }

  /** The clause's blocks as elements to insert into a section. */
  private blocks(clause: LibraryClause, values: Readonly<Record<string, string>>): Y.XmlElement[] {
    return sectionChildren({
      type: SECTION,
      attrs: { id: 'clause' },
      content: [{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'clause' }] }, ...fillPlaceholdersInContent(clause.content, values)],
    }).slice(1);
  }
}
