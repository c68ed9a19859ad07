import { z } from 'zod/mini';
import { DEPARTMENT_ID_PATTERN } from '../departments';
import { policyRoleSchema, sharingSchema } from './policies';

/** A role on one policy: editors change it, commenters read and comment, viewers only read. */
export const MEMBER_ROLES = ['editor', 'commenter', 'viewer'] as const;
export const memberRoleSchema = z.enum(MEMBER_ROLES, 'choose editor, commenter or viewer');

export const policyMemberSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  department: z.string(),
  role: memberRoleSchema.check(z.describe('The role given on this policy.')),
  effectiveRole: policyRoleSchema.check(z.describe('What the person can do: never more than the account’s own role (a viewer account stays a viewer); admins can do everything.')),
  addedBy: z.nullable(z.string()),
  addedAt: z.string(),
});
export type PolicyMemberBody = z.infer<typeof policyMemberSchema>;

export const sharingEventSchema = z.strictObject({
  id: z.number().check(z.int()),
  kind: z.enum(['sharing', 'member_added', 'member_changed', 'member_removed']),
  userId: z.nullable(z.string()),
  userName: z.string(),
  subjectId: z.nullable(z.string()),
  subjectName: z.string(),
  before: z.nullable(z.string()),
  after: z.nullable(z.string()),
  at: z.string(),
});
export type SharingEventBody = z.infer<typeof sharingEventSchema>;

export const membersSchema = z.strictObject({
  sharing: sharingSchema,
  canShare: z.boolean(),
  members: z.array(policyMemberSchema),
  history: z.array(sharingEventSchema).check(z.describe('Changes of sharing and members, oldest first.')),
});
export type MembersBody = z.infer<typeof membersSchema>;

/** Add one person, given that role. */
export const addPersonBodySchema = z.object({ userId: z.string('the id of a person').check(z.trim(), z.minLength(1, 'the id of a person'), z.maxLength(64, 'the id of a person')), role: memberRoleSchema });
/** Add everyone of a department not listed yet. */
export const addDepartmentBodySchema = z.object({ department: z.string('a department id').check(z.regex(DEPARTMENT_ID_PATTERN, 'a department id')), role: memberRoleSchema });
/** Add one person (`userId`, given that role) or everyone of a department not listed yet. */
export const addMemberBodySchema = z.union([addPersonBodySchema, addDepartmentBodySchema]);
export type AddMemberBody = z.infer<typeof addMemberBodySchema>;

export const membersAddedSchema = z.strictObject({ added: z.array(z.string()).check(z.describe('Ids of the people added or given the new role.')), members: z.array(policyMemberSchema) });
export const memberRemovedSchema = z.strictObject({ removed: z.string(), members: z.array(policyMemberSchema) });
