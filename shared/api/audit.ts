import { z } from 'zod/mini';
import { signoffEventSchema } from './signoffs';

export const STRUCTURE_EVENT_KINDS = ['requirements', 'section_added', 'section_removed', 'section_restored', 'endorsed', 'endorsement_confirmed', 'clause_inserted', 'clause_updated', 'endorsement_ended', 'endorsement_restored', 'review_date_set', 'staff_link_created', 'staff_link_stopped'] as const;

/** One entry of a policy's audit trail: a sign-off or revocation, or a structural event. */
export const auditEntrySchema = z.union([
  z.extend(signoffEventSchema, { kind: z.enum(['signoff', 'revoke']) }),
  z.strictObject({
    id: z.string().check(z.describe('`audit-<n>`.')),
    kind: z.enum(STRUCTURE_EVENT_KINDS),
    sectionId: z.nullable(z.string()),
    sectionTitle: z.string(),
    userId: z.nullable(z.string()),
    userName: z.string(),
    department: z.nullable(z.string()),
    before: z.unknown().check(z.describe('What it was (for requirements: `{ owner, approvers }`), or null.')),
    after: z.unknown().check(z.describe('What it became, or null.')),
    at: z.string(),
  }),
]);
export type AuditEntryBody = z.infer<typeof auditEntrySchema>;
