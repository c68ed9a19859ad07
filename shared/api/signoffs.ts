import { z } from 'zod/mini';
import { CONTENT_CHANGE_KINDS } from '../contentDiff';

export const HEX64 = /^[0-9a-f]{64}$/;

export const sectionStatusSchema = z.enum(['signed', 'stale', 'pending']);
export const policyStatusSchema = z.enum(['endorsed', 'stale', 'pending']);

/** A department's current sign-off on a section, with whether it still covers the current text. */
export const signoffViewSchema = z.strictObject({
  department: z.string(),
  userId: z.string(),
  userName: z.string(),
  at: z.string().check(z.describe('ISO time.')),
  hash: z.string().check(z.describe('The section hash the server computed when it was signed.')),
  comment: z.string(),
  valid: z.boolean().check(z.describe('True while the section still has exactly the signed content.')),
});
export type SignoffViewBody = z.infer<typeof signoffViewSchema>;

/** A section with where its endorsement stands. */
export const sectionStateSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  owner: z.string().check(z.describe('Owning department id.')),
  approvers: z.array(z.string()).check(z.describe('Approving department ids.')),
  hash: z.string().check(z.describe('Canonical SHA-256 of the section (id, owner, approvers, content).')),
  status: sectionStatusSchema,
  signoffs: z.array(signoffViewSchema),
});
export type SectionStateBody = z.infer<typeof sectionStateSchema>;

/** One sign-off or revocation as stored. */
export const signoffEventSchema = z.strictObject({
  id: z.number().check(z.int()),
  policyId: z.string(),
  sectionId: z.string(),
  sectionTitle: z.string(),
  department: z.string(),
  action: z.enum(['signoff', 'revoke']),
  userId: z.string(),
  userName: z.string(),
  hash: z.string(),
  comment: z.string(),
  at: z.string(),
});
export type SignoffEventBody = z.infer<typeof signoffEventSchema>;

export const signoffBodySchema = z.object({
  hash: z.string().check(z.regex(HEX64, 'the SHA-256 hash (hex) of the section as you see it')),
  comment: z.optional(z.string().check(z.trim(), z.maxLength(1000, 'at most 1000 characters'))),
});
export type SignoffBody = z.infer<typeof signoffBodySchema>;

export const endorsementBodySchema = z.object({
  fingerprint: z.string().check(z.regex(HEX64, 'the fingerprint (hex) of the policy as you see it')),
});
export type EndorsementBody = z.infer<typeof endorsementBodySchema>;

export const endorsementResultSchema = z.strictObject({
  fingerprint: z.string(),
  endorsed: z.boolean().check(z.describe('True when this confirmation was the last one needed and a new version is endorsed.')),
  version: z.number().check(z.int(), z.describe('How many versions of the policy have been endorsed.')),
  confirmed: z.array(z.string()).check(z.describe('Departments that confirmed this fingerprint.')),
  waiting: z.array(z.string()).check(z.describe('Departments still to confirm it.')),
});
export type EndorsementResult = z.infer<typeof endorsementResultSchema>;

/** Who changed a section, from the server's record of every stored update. */
export const sectionAuthorSchema = z.strictObject({ id: z.string(), name: z.string(), department: z.nullable(z.string()), at: z.string() });
export type SectionAuthorBody = z.infer<typeof sectionAuthorSchema>;

const requirementSchema = z.strictObject({ owner: z.string().check(z.describe('Owning department id.')), approvers: z.array(z.string()).check(z.describe('Approving department ids.')) });

/** A change of who must sign a section (its owner or approvers), from the server's audit trail. */
export const requirementChangeSchema = z.strictObject({
  at: z.string().check(z.describe('ISO time.')),
  by: z
    .strictObject({ id: z.nullable(z.string()), name: z.string(), department: z.nullable(z.string()) })
    .check(z.describe('Who changed it (no id for a change the server made itself).')),
  before: requirementSchema,
  after: requirementSchema,
});
export type RequirementChangeBody = z.infer<typeof requirementChangeSchema>;

/** One change to a section body since a sign-off, in plain words, with who made it. */
export const contentChangeSchema = z.strictObject({
  kind: z.enum(CONTENT_CHANGE_KINDS).check(z.describe('What kind of thing changed: formatting, a link, a list, a list item, a table, a row, a column, a cell, a sub-heading or another block.')),
  description: z.string().check(z.describe('The change in plain words, e.g. "Bold added to ‘never’".')),
  by: z.array(sectionAuthorSchema).check(z.describe('Who made it: one person when the server can tell whose edit it was, else everyone who edited the section since.')),
});
export type ContentChangeBody = z.infer<typeof contentChangeSchema>;
