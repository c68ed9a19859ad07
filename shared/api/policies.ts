import { z } from 'zod/mini';
import { MAX_TITLE_LENGTH } from '../limits';
import { documentNodeSchema } from './documentContent';
import { placeholderValuesSchema } from './placeholders';
import { departmentIdField } from './requirements';
import { contentChangeSchema, policyStatusSchema, requirementChangeSchema, sectionAuthorSchema, sectionStateSchema } from './signoffs';
import { withoutControlCharacters } from './plainText';
import { dayNumber, REAL_DAY, REVIEW_MAX_YEARS } from '../reviewDate';

/** A policy's next review day (`YYYY-MM-DD`), or null for none. */
export const reviewBySchema = z.nullable(z.string()).check(z.describe('The day the policy is next to be reviewed (`YYYY-MM-DD`), or null when none is set.'));

/** Who may see a policy: everyone in the organization, or its members only. */
export const SHARINGS = ['organization', 'members'] as const;
export const sharingSchema = z.enum(SHARINGS, 'choose organization or members');
export type SharingBody = z.infer<typeof sharingSchema>;

/** A person's role on one policy. */
export const policyRoleSchema = z.enum(['admin', 'editor', 'commenter', 'viewer']);

/** While the title or order changed since the last endorsement: who confirmed the new version, and who is still to. */
export const confirmationsSchema = z.nullable(
  z.strictObject({
    confirmed: z.array(z.strictObject({ department: z.string(), userId: z.string(), userName: z.string(), at: z.string() })),
    waiting: z.array(z.string()),
  }),
);

/** One line of the policy list. */
export const policySummarySchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  organization: z.string(),
  sharing: sharingSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  status: policyStatusSchema,
  sectionCount: z.number().check(z.int()),
  signedCount: z.number().check(z.int()),
  partlySignedCount: z.number().check(z.int(), z.describe('Sections waiting for sign-off that some of their departments have signed already.')),
  reviewBy: reviewBySchema,
  unreadable: z.optional(z.literal(true)).check(z.describe('Present when the policy’s document could not be read; its counts are then 0.')),
});
export type PolicySummary = z.infer<typeof policySummarySchema>;

/** A section of the policy page: its sign-off state, reading level and who changed it last. */
export const policySectionSchema = z.extend(sectionStateSchema, {
  readability: z.strictObject({ grade: z.number(), readingEase: z.number() }),
  lastChangedBy: z.nullable(z.strictObject({ id: z.string(), name: z.string(), department: z.nullable(z.string()) })),
  lastChangedAt: z.nullable(z.string()),
});
export type PolicySection = z.infer<typeof policySectionSchema>;

/** A person named on the policy page: who can sign for a department, who can give edit access. */
export const personRefSchema = z.strictObject({ id: z.string(), name: z.string() });
export type PersonRef = z.infer<typeof personRefSchema>;

/** For one department the policy asks to sign: the people in it who can sign (editors and admins who may open the policy). */
export const departmentSignersSchema = z.strictObject({
  department: z.string().check(z.describe('Department id.')),
  people: z.array(personRefSchema).check(z.describe('Empty when nobody in the department can sign: the policy cannot be endorsed until someone is.')),
});
export type DepartmentSigners = z.infer<typeof departmentSignersSchema>;

export const policyDetailSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  organization: z.string(),
  gradeTarget: z.number(),
  sharing: sharingSchema,
  role: policyRoleSchema.check(z.describe('What the caller can do on this policy.')),
  canShare: z.boolean(),
  status: policyStatusSchema,
  structureChanged: z.boolean().check(z.describe('Every section is signed, but the title or order is not one an endorsement covered.')),
  confirmations: confirmationsSchema,
  fingerprint: z.string().check(z.describe('Hash of the title and every section hash in order.')),
  endorsedAt: z.nullable(z.string()),
  endorsedFingerprint: z.nullable(z.string()),
  reviewBy: reviewBySchema,
  canSetReview: z.boolean().check(z.describe('Whether the caller may set or clear the review date (admins and the policy’s editors by membership).')),
  structureChange: z
    .nullable(
      z.strictObject({
        title: z.nullable(z.strictObject({ before: z.string(), after: z.string() })),
        moved: z.array(z.strictObject({ sectionId: z.string(), title: z.string(), from: z.number().check(z.int()), to: z.number().check(z.int()) })).check(z.describe('Sections out of their endorsed order (the fewest that explain it), with their places, counting from 1.')),
        removed: z.array(z.string()).check(z.describe('Titles of endorsed sections that are gone.')),
      }),
    )
    .check(z.describe('While `structureChanged`: what differs from the last endorsed version, so the confirmation is not given blind.')),
  sections: z.array(policySectionSchema),
  signers: z.array(departmentSignersSchema).check(z.describe('Every department a section asks to sign, with who in it can sign.')),
  accessGrantors: z.array(personRefSchema).check(z.describe('Who can give edit access: the admins and, for a members-only policy, its editors by membership.')),
});
export type PolicyDetail = z.infer<typeof policyDetailSchema>;

export const createPolicyBodySchema = z.object({
  title: z.string().check(z.trim(), z.minLength(1, 'a title is required'), z.maxLength(MAX_TITLE_LENGTH, `at most ${MAX_TITLE_LENGTH} characters`), withoutControlCharacters()),
  templateId: z.optional(z.string().check(z.trim(), z.maxLength(100))).check(z.describe('Start from this built-in template (GET /api/templates).')),
  organization: z.optional(z.string().check(z.trim(), z.maxLength(200, 'at most 200 characters'), withoutControlCharacters())),
  /** For each department the template names that the organization does not have: which department takes its sections. */
  departmentMap: z
    .optional(z.record(z.string().check(z.maxLength(64)), departmentIdField))
    .check(z.describe('For each template department the organization does not have: which of its departments takes those sections.')),
  placeholders: z
    .optional(placeholderValuesSchema)
    .check(z.describe('Values for the template’s placeholders by name (`crisis_contact`), filled in at creation and stored; each trimmed, at most 200 characters.')),
});
export type CreatePolicyBody = z.infer<typeof createPolicyBodySchema>;

export const createdPolicySchema = z.strictObject({ id: z.string() });

export const updatePolicyBodySchema = z
  .object({
    gradeTarget: z.optional(z.number('a number').check(z.gte(4, 'at least 4'), z.lte(16, 'at most 16'))).check(z.describe('Reading-level target (admins).')),
    sharing: z.optional(sharingSchema).check(z.describe('Who may see the policy (admins and its editors by membership).')),
    reviewBy: z
      .optional(
        z.nullable(
          z.string(REAL_DAY).check(
            z.trim(),
            z.refine((day) => dayNumber(day) !== null, REAL_DAY),
          ),
        ),
      )
      .check(z.describe(`The day of the next review (admins and the policy’s editors by membership): not in the past, at most ${REVIEW_MAX_YEARS} years ahead; null clears it. Recorded in the audit trail.`)),
  })
  .check(z.refine((value) => value.gradeTarget !== undefined || value.sharing !== undefined || value.reviewBy !== undefined, 'give a gradeTarget, a sharing or a reviewBy to change'));
export type UpdatePolicyBody = z.infer<typeof updatePolicyBodySchema>;

export const updatedPolicySchema = z.strictObject({ id: z.string(), gradeTarget: z.optional(z.number()), sharing: z.optional(sharingSchema), reviewBy: z.optional(reviewBySchema) });
export type UpdatedPolicy = z.infer<typeof updatedPolicySchema>;

/** What a department signed, beside what the section says now. */
export const signedContentSchema = z.strictObject({
  signed: z.strictObject({
    title: z.string(),
    content: z.array(documentNodeSchema).check(z.describe('The section body as signed (ProseMirror JSON).')),
    text: z.string(),
    at: z.string(),
    userName: z.string(),
  }),
  current: z
    .nullable(z.strictObject({ title: z.string(), text: z.string(), content: z.array(documentNodeSchema), hash: z.string() }))
    .check(z.describe('Null when the section has been deleted since.')),
  changedBy: z.array(sectionAuthorSchema).check(z.describe('Everyone who changed the section after the sign-off, most recent first.')),
  changes: z.array(contentChangeSchema).check(z.describe('Changes beyond reworded text (formatting, links, lists, tables, sub-headings), each with who made it.')),
  requirementChanges: z.array(requirementChangeSchema).check(z.describe('Changes of its owner or approvers after the sign-off, most recent first.')),
});
export type SignedContent = z.infer<typeof signedContentSchema>;

export const EXPORT_FORMATS = ['docx', 'pdf', 'html', 'md'] as const;

/**
 * The parts an export can hold, in the order the file shows them. `comments` adds the open comment
 * threads as notes on the text (Word comments in DOCX), for review copies; it is never in the
 * default, and an endorsed-version export leaves it out.
 */
export const EXPORT_PARTS = ['text', 'endorsement', 'readability', 'inventory', 'comments'] as const;
export type ExportPart = (typeof EXPORT_PARTS)[number];
/** For staff: the policy and who endorsed it. The inventory and its findings are internal, so they are left out unless asked for. */
export const DEFAULT_EXPORT_PARTS: readonly ExportPart[] = ['text', 'endorsement'];

const exportPartsSchema = z.pipe(
  z
    ._default(z.string('list the parts, separated by commas').check(z.maxLength(200, 'at most 200 characters')), DEFAULT_EXPORT_PARTS.join(','))
    .check(z.describe(`Comma-separated parts to include: ${EXPORT_PARTS.join(', ')}. Default \`${DEFAULT_EXPORT_PARTS.join(',')}\`.`)),
  z.transform((value: string, context): ExportPart[] => {
    const asked = value.split(',').map((part) => part.trim()).filter(Boolean);
    const unknown = asked.find((part) => !(EXPORT_PARTS as readonly string[]).includes(part));
    if (unknown !== undefined) {
      context.issues.push({ code: 'custom', input: value, message: `"${unknown.slice(0, 40)}" is not a part; choose from ${EXPORT_PARTS.join(', ')}` });
      return z.NEVER;
    }
    if (asked.length === 0) {
      context.issues.push({ code: 'custom', input: value, message: `choose at least one part: ${EXPORT_PARTS.join(', ')}` });
      return z.NEVER;
    }
    return EXPORT_PARTS.filter((part) => asked.includes(part));
  }),
);

export const exportQuerySchema = z.object({
  format: z._default(z.enum(EXPORT_FORMATS, 'choose docx, pdf, html or md'), 'docx'),
  version: z._default(z.enum(['current', 'endorsed'], 'choose current or endorsed'), 'current').check(z.describe('`endorsed`: the last endorsed version.')),
  endorsedVersion: z
    .optional(z.coerce.number('give the number of an endorsed version, such as 1').check(z.int('give the number of an endorsed version, such as 1'), z.minimum(1, 'give the number of an endorsed version, such as 1'), z.maximum(100000, 'give the number of an endorsed version, such as 1')))
    .check(z.describe('With `version=endorsed`: that endorsed version (see `GET /api/policies/{id}/versions`) instead of the last one.')),
  parts: exportPartsSchema,
});

/** One endorsed version of a policy, for the list of versions. */
export const endorsedVersionSchema = z.strictObject({
  version: z.number().check(z.int(), z.describe('Numbered from 1, as the exports number them.')),
  endorsedAt: z.string(),
  fingerprint: z.string(),
  title: z.string().check(z.describe('The title the version was endorsed with.')),
  sectionCount: z.number().check(z.int()),
  signerCount: z.number().check(z.int(), z.describe('Sign-offs the version was endorsed with.')),
});
export type EndorsedVersion = z.infer<typeof endorsedVersionSchema>;

/** A policy's staff link: one address that shows its latest endorsed version to anyone who has it. */
export const staffLinkSchema = z.strictObject({
  active: z.boolean(),
  path: z.nullable(z.string()).check(z.describe('`/read/<token>` on Accord\'s address, while the link is on; null when it is off.')),
  createdAt: z.nullable(z.string()),
  createdBy: z.nullable(z.string()).check(z.describe('The name of who made the link.')),
  endorsedVersion: z.nullable(z.number().check(z.int())).check(z.describe('The version the link shows now: the latest endorsed one, or null before the first endorsement.')),
  blanks: z.array(z.string()).check(z.describe('The places the version the link shows still has to fill in (`{{…}}`), by label, each once: staff would read each as its label in brackets.')),
  canManage: z.boolean().check(z.describe('Whether the caller may make, replace or stop the link (admins and the policy\'s editors by membership).')),
});
export type StaffLink = z.infer<typeof staffLinkSchema>;

export const staffLinkReadQuerySchema = z.object({
  format: z._default(z.enum(['html', 'pdf'], 'choose html or pdf'), 'html').check(z.describe('`pdf`: the same version as a PDF file to download.')),
});

/** A section as an endorsed version or the current text has it, for the comparison. */
const comparedSectionSchema = z.strictObject({ title: z.string(), text: z.string(), owner: z.string(), approvers: z.array(z.string()) });

/** What changed between an endorsed version and the policy as it reads now, section by section. */
export const versionChangesSchema = z.strictObject({
  version: z.number().check(z.int()),
  endorsedAt: z.string(),
  title: z.nullable(z.strictObject({ before: z.string(), after: z.string() })).check(z.describe('The title then and now, when it changed.')),
  sections: z
    .array(
      z.strictObject({
        sectionId: z.string(),
        change: z.enum(['changed', 'added', 'removed', 'moved']).check(z.describe('`changed`: its text, heading, owner or approvers differ (it may have moved too); `moved`: only its place.')),
        moved: z.nullable(z.strictObject({ from: z.number().check(z.int()), to: z.number().check(z.int()) })).check(z.describe('Its place then and now (from 1), when it is out of its endorsed order.')),
        before: z.nullable(comparedSectionSchema).check(z.describe('Null for a section added since.')),
        after: z.nullable(comparedSectionSchema).check(z.describe('Null for a section deleted since.')),
      }),
    )
    .check(z.describe('Only the sections that differ: in today’s order, then the deleted ones in their old order.')),
  unchanged: z.number().check(z.int(), z.describe('Sections exactly as endorsed, in their place.')),
});
export type VersionChanges = z.infer<typeof versionChangesSchema>;
export type ExportQuery = z.infer<typeof exportQuerySchema>;
