import { z } from 'zod';
import { DEPARTMENT_ID_PATTERN } from '../departments';
import { policyRoleSchema, sharingSchema } from './policies';

export const memberRoleSchema = z.enum(['editor', 'viewer'], 'choose editor or viewer');

export const policyMemberSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  department: z.string(),
  role: memberRoleSchema.describe('The role given on this policy.'),
  effectiveRole: policyRoleSchema.describe('What the person can do: a viewer account stays a viewer; admins can do everything.'),
  addedBy: z.string().nullable(),
  addedAt: z.string(),
});
export type PolicyMemberBody = z.infer<typeof policyMemberSchema>;

export const sharingEventSchema = z.strictObject({
  id: z.number().int(),
  kind: z.enum(['sharing', 'member_added', 'member_changed', 'member_removed']),
  userId: z.string().nullable(),
  userName: z.string(),
  subjectId: z.string().nullable(),
  subjectName: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  at: z.string(),
});
export type SharingEventBody = z.infer<typeof sharingEventSchema>;

export const membersSchema = z.strictObject({
  sharing: sharingSchema,
  canShare: z.boolean(),
  members: z.array(policyMemberSchema),
  history: z.array(sharingEventSchema).describe('Changes of sharing and members, oldest first.'),
});
export type MembersBody = z.infer<typeof membersSchema>;

/** Add one person (`userId`, given that role) or everyone of a department not listed yet. */
export const addMemberBodySchema = z.union([
  z.object({ userId: z.string('the id of a person').trim().min(1, 'the id of a person').max(64, 'the id of a person'), role: memberRoleSchema }),
  z.object({ department: z.string('a department id').regex(DEPARTMENT_ID_PATTERN, 'a department id'), role: memberRoleSchema }),
]);
export type AddMemberBody = z.infer<typeof addMemberBodySchema>;

export const membersAddedSchema = z.strictObject({ added: z.array(z.string()).describe('Ids of the people added or given the new role.'), members: z.array(policyMemberSchema) });
export const memberRemovedSchema = z.strictObject({ removed: z.string(), members: z.array(policyMemberSchema) });
