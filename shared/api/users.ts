import { z } from 'zod';
import { DEPARTMENT_ID_PATTERN } from '../departments';

/** An account's role in the organization. */
export const ROLES = ['admin', 'editor', 'viewer'] as const;
export const roleSchema = z.enum(ROLES, 'choose admin, editor or viewer');
export type Role = z.infer<typeof roleSchema>;

/** A department id as a request gives it; whether it exists and is not archived is the server's check. */
export const departmentIdInput = z.string('choose one of the departments').regex(DEPARTMENT_ID_PATTERN, 'choose one of the departments');

/** A person as the API shows them (never the password or sessions). */
export const userSchema = z.strictObject({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  department: z.string().describe('Department id.'),
  role: roleSchema,
});
export type PublicUser = z.infer<typeof userSchema>;

/** Another account as people choosing whom to share with see it. */
export const personSchema = z.strictObject({ id: z.string(), name: z.string(), department: z.string() });
export type Person = z.infer<typeof personSchema>;

const email = z.string().trim().toLowerCase().email('enter a valid email address').max(254);

export const signupBodySchema = z.object({
  email,
  name: z.string().trim().min(1, 'enter your name').max(100, 'at most 100 characters'),
  password: z.string().min(10, 'use at least 10 characters').max(200, 'at most 200 characters'),
  // Whether the department exists and is not archived is the account service's check.
  department: departmentIdInput.optional().describe('The first account only: its department. Invited people get the invite’s.'),
  invite: z.string().trim().max(200).optional().describe('The invite token from the link an admin sent.'),
  /** The one-time token that guards the first account when Accord listens beyond this machine. */
  setupToken: z.string().trim().max(200, 'at most 200 characters').optional().describe('The one-time setup token the server printed (first account, non-loopback listener).'),
});
export type SignupBody = z.infer<typeof signupBodySchema>;

export const loginBodySchema = z.object({ email, password: z.string().min(1, 'enter your password').max(200) });
export type LoginBody = z.infer<typeof loginBodySchema>;

export const okSchema = z.strictObject({ ok: z.literal(true) });

/** What an invite link grants, for the sign-up page. */
export const inviteInfoSchema = z.strictObject({
  department: z.string(),
  role: roleSchema,
  expiresAt: z.number().int().describe('Milliseconds since 1970.'),
  departmentName: z.string(),
});
export type InviteInfo = z.infer<typeof inviteInfoSchema>;

export const createInviteBodySchema = z.object({ department: departmentIdInput, role: roleSchema });
export type CreateInviteBody = z.infer<typeof createInviteBodySchema>;

export const createdInviteSchema = z.strictObject({
  token: z.string(),
  url: z.string().describe('The sign-up link to send to the person.'),
  expiresAt: z.number().int(),
  department: z.string(),
  role: roleSchema,
});
export type CreatedInvite = z.infer<typeof createdInviteSchema>;

export const pendingInviteSchema = z.strictObject({ department: z.string(), role: roleSchema, createdAt: z.number().int(), expiresAt: z.number().int() });
export type PendingInvite = z.infer<typeof pendingInviteSchema>;

export const updateUserBodySchema = z
  .object({ department: departmentIdInput.optional(), role: roleSchema.optional() })
  .refine((value) => value.department !== undefined || value.role !== undefined, 'give a department or a role to change');
export type UpdateUserBody = z.infer<typeof updateUserBodySchema>;
