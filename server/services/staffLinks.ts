import { randomBytes } from 'node:crypto';
import type { SqliteDatabase } from '../storage/database';
import type { Actor, RequirementService } from './requirements';

/** A policy's staff link as the server keeps it. */
export interface StaffLinkRecord {
  token: string;
  createdBy: { id: string | null; name: string };
  createdAt: string;
}

/** The shape of a staff link token: 32 characters of base64url (192 random bits). */
export const STAFF_LINK_TOKEN = /^[A-Za-z0-9_-]{32}$/;

interface Row {
  token: string;
  created_by: string | null;
  created_by_name: string;
  created_at: string;
}

/**
 * Staff links: one address per policy that shows its latest endorsed version to anyone who has
 * it, for the intranet or an all-staff e-mail, so nobody reads an old copy or a draft. Server data:
 * made and stopped only through the API by the people who manage the policy, each change in the
 * audit trail in the same transaction. A new link replaces the old one, which stops working.
 */
export class StaffLinks {
  private readonly selectByPolicy;
  private readonly selectByToken;
  private readonly upsert;
  private readonly remove;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly requirements: Pick<RequirementService, 'record'>,
  ) {
    this.selectByPolicy = db.prepare<[string], Row>('SELECT token, created_by, created_by_name, created_at FROM staff_links WHERE policy_id = ?');
    this.selectByToken = db.prepare<[string], { policy_id: string }>('SELECT policy_id FROM staff_links WHERE token = ?');
    this.upsert = db.prepare<[string, string, string | null, string, string]>(
      `INSERT INTO staff_links (policy_id, token, created_by, created_by_name, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(policy_id) DO UPDATE SET token = excluded.token, created_by = excluded.created_by, created_by_name = excluded.created_by_name, created_at = excluded.created_at`,
    );
    this.remove = db.prepare<[string]>('DELETE FROM staff_links WHERE policy_id = ?');
  }

  /** The policy's link, or null when it has none. */
  get(policyId: string): StaffLinkRecord | null {
    const row = this.selectByPolicy.get(policyId);
    return row ? { token: row.token, createdBy: { id: row.created_by, name: row.created_by_name }, createdAt: row.created_at } : null;
  }

  /** The policy a token opens, or null for a token that is not (or no longer) a link. */
  policyOf(token: string): string | null {
    if (!STAFF_LINK_TOKEN.test(token)) return null;
    return this.selectByToken.get(token)?.policy_id ?? null;
  }

  /** Makes the policy's link, replacing (and so stopping) the one it had; `replaced` says whether it had one. */
  create(policyId: string, actor: Actor): StaffLinkRecord & { replaced: boolean } {
    const token = randomBytes(24).toString('base64url');
    const createdAt = new Date().toISOString();
    const replaced = this.db.transaction(() => {
      const had = this.selectByPolicy.get(policyId) !== undefined;
      this.upsert.run(policyId, token, actor.id, actor.name, createdAt);
      this.requirements.record(policyId, { kind: 'staff_link_created', actor, after: { replaced: had } });
      return had;
    })();
    return { token, createdBy: { id: actor.id, name: actor.name }, createdAt, replaced };
  }

  /** Stops the policy's link; false when it had none (nothing is recorded then). */
  stop(policyId: string, actor: Actor): boolean {
    return this.db.transaction(() => {
      if (this.remove.run(policyId).changes === 0) return false;
      this.requirements.record(policyId, { kind: 'staff_link_stopped', actor });
      return true;
    })();
  }
}
