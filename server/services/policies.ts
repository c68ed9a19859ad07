import type { JSONContent } from '@tiptap/core';
import { randomId } from '../../shared/ids';
import { readSections } from '../../shared/sections';
import type { SqliteDatabase } from '../storage/database';
import type { DocumentStore } from '../storage/documentStore';
import { buildPolicyUpdate } from './policyDocuments';
import type { RequirementService } from './requirements';

export interface PolicyRecord {
  id: string;
  title: string;
  organization: string;
  templateId: string | null;
  gradeTarget: number;
  createdAt: string;
  updatedAt: string;
}

interface PolicyRow {
  id: string;
  title: string;
  organization: string;
  template_id: string | null;
  grade_target: number;
  created_at: string;
  updated_at: string;
}

function toRecord(row: PolicyRow): PolicyRecord {
  return {
    id: row.id,
    title: row.title,
    organization: row.organization,
    templateId: row.template_id,
    gradeTarget: row.grade_target,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Policy records: the list people choose from. The content itself lives in the document store. */
export class PolicyService {
  private readonly insert;
  private readonly selectOne;
  private readonly selectAll;
  private readonly updateTitleStatement;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly store: DocumentStore,
    private readonly requirements: RequirementService,
  ) {
    this.insert = db.prepare(
      'INSERT INTO policies (id, title, organization, template_id, created_at, updated_at, requirements_seeded) VALUES (@id, @title, @organization, @templateId, @now, @now, 1)',
    );
    this.selectOne = db.prepare<[string], PolicyRow>('SELECT * FROM policies WHERE id = ?');
    this.selectAll = db.prepare<[], PolicyRow>('SELECT * FROM policies ORDER BY updated_at DESC, id');
    this.updateTitleStatement = db.prepare<[string, string, string]>('UPDATE policies SET title = ?, updated_at = ? WHERE id = ?');
  }

  /**
   * Creates a policy whose document is `content`, stored as its first snapshot, with the owners
   * and approvers of its sections recorded as server data, in one transaction.
   */
  create(input: { title: string; organization?: string; templateId?: string | null; content: JSONContent }): PolicyRecord {
    const id = randomId();
    const update = buildPolicyUpdate(input.content);
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.insert.run({ id, title: input.title, organization: input.organization ?? '', templateId: input.templateId ?? null, now });
      this.store.compact(id, update);
      this.requirements.seed(id, readSections(input.content));
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

  /** The reading-level target (a grade) the policy's sections are measured against. */
  setGradeTarget(id: string, grade: number): void {
    this.db.prepare('UPDATE policies SET grade_target = ? WHERE id = ?').run(grade, id);
  }

  /** Keeps the list's title in step with the title typed into the document. */
  touch(id: string, title: string): void {
    this.updateTitleStatement.run(title, new Date().toISOString(), id);
  }
}
