import { z } from 'zod';
import { signoffEventSchema } from './signoffs';

export const STRUCTURE_EVENT_KINDS = ['requirements', 'section_added', 'section_removed', 'section_restored', 'endorsed', 'endorsement_confirmed'] as const;

/** One entry of a policy's audit trail: a sign-off or revocation, or a structural event. */
export const auditEntrySchema = z.union([
  signoffEventSchema.extend({ kind: z.enum(['signoff', 'revoke']) }),
  z.strictObject({
    id: z.string().describe('`audit-<n>`.'),
    kind: z.enum(STRUCTURE_EVENT_KINDS),
    sectionId: z.string().nullable(),
    sectionTitle: z.string(),
    userId: z.string().nullable(),
    userName: z.string(),
    department: z.string().nullable(),
    before: z.unknown().describe('What it was (for requirements: `{ owner, approvers }`), or null.'),
    after: z.unknown().describe('What it became, or null.'),
    at: z.string(),
  }),
]);
export type AuditEntryBody = z.infer<typeof auditEntrySchema>;
