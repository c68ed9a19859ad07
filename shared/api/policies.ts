import { z } from 'zod';
import { MAX_TITLE_LENGTH } from '../limits';
import { documentNodeSchema } from './documentContent';
import { departmentIdField } from './requirements';
import { contentChangeSchema, policyStatusSchema, requirementChangeSchema, sectionAuthorSchema, sectionStateSchema } from './signoffs';

/** Who may see a policy: everyone in the organization, or its members only. */
export const SHARINGS = ['organization', 'members'] as const;
export const sharingSchema = z.enum(SHARINGS, 'choose organization or members');
export type SharingBody = z.infer<typeof sharingSchema>;

/** A person's role on one policy. */
export const policyRoleSchema = z.enum(['admin', 'editor', 'viewer']);

/** While the title or order changed since the last endorsement: who confirmed the new version, and who is still to. */
export const confirmationsSchema = z
  .strictObject({
    confirmed: z.array(z.strictObject({ department: z.string(), userId: z.string(), userName: z.string(), at: z.string() })),
    waiting: z.array(z.string()),
  })
  .nullable();

/** One line of the policy list. */
export const policySummarySchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  organization: z.string(),
  sharing: sharingSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  status: policyStatusSchema,
  sectionCount: z.number().int(),
  signedCount: z.number().int(),
  unreadable: z.literal(true).optional().describe('Present when the policy’s document could not be read; its counts are then 0.'),
});
export type PolicySummary = z.infer<typeof policySummarySchema>;

/** A section of the policy page: its sign-off state, reading level and who changed it last. */
export const policySectionSchema = sectionStateSchema.extend({
  readability: z.strictObject({ grade: z.number(), readingEase: z.number() }),
  lastChangedBy: z.strictObject({ id: z.string(), name: z.string(), department: z.string().nullable() }).nullable(),
  lastChangedAt: z.string().nullable(),
});
export type PolicySection = z.infer<typeof policySectionSchema>;

export const policyDetailSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  organization: z.string(),
  gradeTarget: z.number(),
  sharing: sharingSchema,
  role: policyRoleSchema.describe('What the caller can do on this policy.'),
  canShare: z.boolean(),
  status: policyStatusSchema,
  structureChanged: z.boolean().describe('Every section is signed, but the title or order is not one an endorsement covered.'),
  confirmations: confirmationsSchema,
  fingerprint: z.string().describe('Hash of the title and every section hash in order.'),
  endorsedAt: z.string().nullable(),
  endorsedFingerprint: z.string().nullable(),
  sections: z.array(policySectionSchema),
});
export type PolicyDetail = z.infer<typeof policyDetailSchema>;

export const createPolicyBodySchema = z.object({
  title: z.string().trim().min(1, 'a title is required').max(MAX_TITLE_LENGTH, `at most ${MAX_TITLE_LENGTH} characters`),
  templateId: z.string().trim().max(100).optional().describe('Start from this built-in template (GET /api/templates).'),
  organization: z.string().trim().max(200, 'at most 200 characters').optional(),
  /** For each department the template names that the organization does not have: which department takes its sections. */
  departmentMap: z
    .record(z.string().max(64), departmentIdField)
    .optional()
    .describe('For each template department the organization does not have: which of its departments takes those sections.'),
});
export type CreatePolicyBody = z.infer<typeof createPolicyBodySchema>;

export const createdPolicySchema = z.strictObject({ id: z.string() });

export const updatePolicyBodySchema = z
  .object({
    gradeTarget: z.number('a number').min(4, 'at least 4').max(16, 'at most 16').optional().describe('Reading-level target (admins).'),
    sharing: sharingSchema.optional().describe('Who may see the policy (admins and its editors by membership).'),
  })
  .refine((value) => value.gradeTarget !== undefined || value.sharing !== undefined, 'give a gradeTarget or a sharing to change');
export type UpdatePolicyBody = z.infer<typeof updatePolicyBodySchema>;

export const updatedPolicySchema = z.strictObject({ id: z.string(), gradeTarget: z.number().optional(), sharing: sharingSchema.optional() });
export type UpdatedPolicy = z.infer<typeof updatedPolicySchema>;

/** What a department signed, beside what the section says now. */
export const signedContentSchema = z.strictObject({
  signed: z.strictObject({
    title: z.string(),
    content: z.array(documentNodeSchema).describe('The section body as signed (ProseMirror JSON).'),
    text: z.string(),
    at: z.string(),
    userName: z.string(),
  }),
  current: z
    .strictObject({ title: z.string(), text: z.string(), content: z.array(documentNodeSchema), hash: z.string() })
    .nullable()
    .describe('Null when the section has been deleted since.'),
  changedBy: z.array(sectionAuthorSchema).describe('Everyone who changed the section after the sign-off, most recent first.'),
  changes: z.array(contentChangeSchema).describe('Changes beyond reworded text (formatting, links, lists, tables, sub-headings), each with who made it.'),
  requirementChanges: z.array(requirementChangeSchema).describe('Changes of its owner or approvers after the sign-off, most recent first.'),
});
export type SignedContent = z.infer<typeof signedContentSchema>;

export const EXPORT_FORMATS = ['docx', 'pdf', 'html', 'md'] as const;
export const exportQuerySchema = z.object({
  format: z.enum(EXPORT_FORMATS, 'choose docx, pdf, html or md').default('docx'),
  version: z.enum(['current', 'endorsed'], 'choose current or endorsed').default('current').describe('`endorsed`: the last endorsed version.'),
});
export type ExportQuery = z.infer<typeof exportQuerySchema>;
