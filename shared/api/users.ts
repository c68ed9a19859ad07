import { z } from 'zod/mini';
import { DEPARTMENT_ID_PATTERN } from '../departments';

/** An account's role in the organization: a commenter reads and comments but edits and signs nothing. */
export const ROLES = ['admin', 'editor', 'commenter', 'viewer'] as const;
export const roleSchema = z.enum(ROLES, 'choose admin, editor, commenter or viewer');
export type Role = z.infer<typeof roleSchema>;

/** A department id as a request gives it; whether it exists and is not archived is the server's check. */
export const departmentIdInput = z.string('choose one of the departments').check(z.regex(DEPARTMENT_ID_PATTERN, 'choose one of the departments'));

/** A person as the API shows them (never the password or sessions). */
export const userSchema = z.strictObject({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  department: z.string().check(z.describe('Department id.')),
  role: roleSchema,
});
export type PublicUser = z.infer<typeof userSchema>;

/** Another account as people choosing whom to share with see it. */
export const personSchema = z.strictObject({ id: z.string(), name: z.string(), department: z.string() });
export type Person = z.infer<typeof personSchema>;

const email = z.string().check(z.trim(), z.toLowerCase(), z.email('enter a valid email address'), z.maxLength(254));

export const signupBodySchema = z.object({
  email,
  name: z.string().check(z.trim(), z.minLength(1, 'enter your name'), z.maxLength(100, 'at most 100 characters')),
  password: z.string().check(z.minLength(10, 'use at least 10 characters'), z.maxLength(200, 'at most 200 characters')),
  // Whether the department exists and is not archived is the account service's check.
  department: z.optional(departmentIdInput).check(z.describe('The first account only: its department. Invited people get the invite’s.')),
  invite: z.optional(z.string().check(z.trim(), z.maxLength(200))).check(z.describe('The invite token from the link an admin sent.')),
  /** The one-time token that guards the first account when Accord listens beyond this machine. */
  setupToken: z.optional(z.string().check(z.trim(), z.maxLength(200, 'at most 200 characters'))).check(z.describe('The one-time setup token the server printed (first account, non-loopback listener).')),
});
export type SignupBody = z.infer<typeof signupBodySchema>;

export const loginBodySchema = z.object({ email, password: z.string().check(z.minLength(1, 'enter your password'), z.maxLength(200)) });
export type LoginBody = z.infer<typeof loginBodySchema>;

export const okSchema = z.strictObject({ ok: z.literal(true) });

/** What an invite link grants, for the sign-up page. */
export const inviteInfoSchema = z.strictObject({
  department: z.string(),
  role: roleSchema,
  expiresAt: z.number().check(z.int(), z.describe('Milliseconds since 1970.')),
  departmentName: z.string(),
});
export type InviteInfo = z.infer<typeof inviteInfoSchema>;

export const createInviteBodySchema = z.object({ department: departmentIdInput, role: roleSchema });
export type CreateInviteBody = z.infer<typeof createInviteBodySchema>;

export const createdInviteSchema = z.strictObject({
  token: z.string(),
  url: z.string().check(z.describe('The sign-up link to send to the person.')),
  expiresAt: z.number().check(z.int()),
  department: z.string(),
  role: roleSchema,
});
export type CreatedInvite = z.infer<typeof createdInviteSchema>;

export const pendingInviteSchema = z.strictObject({ department: z.string(), role: roleSchema, createdAt: z.number().check(z.int()), expiresAt: z.number().check(z.int()) });
export type PendingInvite = z.infer<typeof pendingInviteSchema>;

export const updateUserBodySchema = z
  .object({ department: z.optional(departmentIdInput), role: z.optional(roleSchema) }).check(z.refine((value) => value.department !== undefined || value.role !== undefined, 'give a department or a role to change'));
export type UpdateUserBody = z.infer<typeof updateUserBodySchema>;
