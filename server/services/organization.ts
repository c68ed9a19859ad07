import type { OrganizationBody } from '../../shared/api/organization';
import type { SqliteDatabase } from '../storage/database';

/**
 * The organization's own name, which an admin sets on the People page. New policies start with
 * it and mail names it. Until an admin sets one there is none; see `organizationName` in
 * server/mail/messages.ts for what mail uses then.
 */
export class OrganizationService {
  private readonly select;
  private readonly upsert;

  constructor(db: SqliteDatabase) {
    this.select = db.prepare<[], { name: string; updated_at: string; updated_by_name: string | null }>(
      'SELECT organization.name, organization.updated_at, users.name AS updated_by_name FROM organization LEFT JOIN users ON users.id = organization.updated_by WHERE organization.id = 1',
    );
    this.upsert = db.prepare<[string, string, string]>(
      'INSERT INTO organization (id, name, updated_at, updated_by) VALUES (1, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at, updated_by = excluded.updated_by',
    );
  }

  /** The name an admin set, or null. */
  name(): string | null {
    return this.select.get()?.name ?? null;
  }

  get(): OrganizationBody {
    const row = this.select.get();
    return { name: row?.name ?? null, updatedAt: row?.updated_at ?? null, updatedBy: row?.updated_by_name ?? null };
  }

  /** Sets the name (already checked by the route's schema: trimmed, one line, not too long); spaces inside are folded. */
  set(name: string, byUserId: string): OrganizationBody {
    this.upsert.run(name.replace(/\s+/g, ' ').trim(), new Date().toISOString(), byUserId);
    return this.get();
  }
}
