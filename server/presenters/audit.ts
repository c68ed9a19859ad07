import type { AuditEntryBody } from '../../shared/api/audit';
import type { AuditEntry } from '../services/signoffs';
import { presentSignoffEvent } from './signoff';

/** One entry of the audit trail: a sign-off or revocation, or a structural event. */
export function presentAuditEntry(entry: AuditEntry): AuditEntryBody {
  if ('action' in entry) return { ...presentSignoffEvent(entry), kind: entry.kind };
  return {
    id: entry.id,
    kind: entry.kind,
    sectionId: entry.sectionId,
    sectionTitle: entry.sectionTitle,
    userId: entry.userId,
    userName: entry.userName,
    department: entry.department,
    before: entry.before,
    after: entry.after,
    at: entry.at,
  };
}
