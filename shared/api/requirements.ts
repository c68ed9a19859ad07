import { z } from 'zod/mini';

/** A department id in a policy request: checked against the organization's list by the server. */
export const departmentIdField = z.string('a department id').check(z.trim(), z.minLength(1, 'a department id'), z.maxLength(64, 'at most 64 characters'));

/** Who must sign a section: its owning department and approving departments. */
export const requirementSchema = z.strictObject({ owner: z.string(), approvers: z.array(z.string()) });

export const requirementsBodySchema = z.object({
  owner: departmentIdField,
  approvers: z.array(departmentIdField, 'a list of department ids').check(z.maxLength(30, 'at most 30 departments')),
});
export type RequirementsBody = z.infer<typeof requirementsBodySchema>;

export const requirementsResultSchema = z.discriminatedUnion('changed', [
  z.strictObject({ sectionId: z.string(), owner: z.string(), approvers: z.array(z.string()), changed: z.literal(false) }),
  z.strictObject({ sectionId: z.string(), owner: z.string(), approvers: z.array(z.string()), before: requirementSchema, changed: z.literal(true) }),
]);
export type RequirementsResult = z.infer<typeof requirementsResultSchema>;
