import { z } from 'zod/mini';
import { DEPARTMENT_ID_PATTERN } from '../departments';
import { organizationNameInput } from './organization';
import { withoutControlCharacters } from './plainText';

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
  name: z.string().check(z.trim(), z.minLength(1, 'enter your name'), z.maxLength(100, 'at most 100 characters'), withoutControlCharacters()),
  password: z.string().check(z.minLength(10, 'use at least 10 characters'), z.maxLength(200, 'at most 200 characters')),
  // Whether the department exists and is not archived is the account service's check.
  department: z.optional(departmentIdInput).check(z.describe('The first account only: its department. Invited people get the invite’s.')),
  organization: z.optional(organizationNameInput).check(z.describe('The first account only: the organization’s name (as `PUT /api/organization` sets it). Ignored for everyone else.')),
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
  email: z.nullable(z.string()).check(z.describe('The address the invite is for: sign-up must use it. Null for a link not tied to an address.')),
  organization: z.nullable(z.string()).check(z.describe('The organization’s name as an admin set it (null until one does), so the sign-up page can say whom the person joins.')),
});
export type InviteInfo = z.infer<typeof inviteInfoSchema>;

/** The most addresses one request may invite. */
export const MAX_INVITES_PER_REQUEST = 50;

export const createInviteBodySchema = z
  .object({
    email: z.optional(email).check(z.describe('One address to invite; the link is sent there and works for it only.')),
    emails: z
      .optional(z.array(email).check(z.minLength(1, 'give at least one address'), z.maxLength(MAX_INVITES_PER_REQUEST, `at most ${MAX_INVITES_PER_REQUEST} addresses at a time`)))
      .check(z.describe(`Several addresses (at most ${MAX_INVITES_PER_REQUEST}; trimmed, lowercased, duplicates dropped); the answer is then \`{ invites }\`.`)),
    department: departmentIdInput,
    role: roleSchema,
    send: z
      .optional(z.boolean('use true or false'))
      .check(z.describe('false: make the links to copy and hand over yourself, and mail nothing (they can be sent later with resend). Defaults to true.')),
  })
  .check(z.refine((value) => value.email === undefined || value.emails === undefined, 'give either email or emails, not both'));
export type CreateInviteBody = z.infer<typeof createInviteBodySchema>;

export const createdInviteSchema = z.strictObject({
  id: z.string(),
  token: z.string(),
  url: z.string().check(z.describe('The sign-up link: shown once (only its hash is stored), so the admin can copy it when mail is not set up.')),
  email: z.nullable(z.string()),
  expiresAt: z.number().check(z.int()),
  department: z.string(),
  role: roleSchema,
  mailQueued: z.boolean().check(z.describe('Whether the link was put in the outbox to be sent (false without an address or when mail is not set up).')),
});
export type CreatedInvite = z.infer<typeof createdInviteSchema>;

export const createdInvitesSchema = z.union([createdInviteSchema, z.strictObject({ invites: z.array(createdInviteSchema) })]);
export type CreatedInvites = z.infer<typeof createdInvitesSchema>;

export const INVITE_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const;
export type InviteStatus = (typeof INVITE_STATUSES)[number];

/** What became of the latest message that carried an invite's link. */
export const inviteDeliverySchema = z.strictObject({
  state: z.enum(['sent', 'waiting', 'failed', 'not-configured']).check(z.describe('sent; waiting for a retry; given up; or not sent because mail is not set up.')),
  sentAt: z.nullable(z.number().check(z.int())),
  nextAttemptAt: z.nullable(z.number().check(z.int())),
  lastError: z.nullable(z.string()).check(z.describe("The mail server's last answer when it refused.")),
});
export type InviteDelivery = z.infer<typeof inviteDeliverySchema>;

export const inviteSchema = z.strictObject({
  id: z.string(),
  email: z.nullable(z.string()),
  department: z.string(),
  role: roleSchema,
  createdAt: z.number().check(z.int()),
  expiresAt: z.number().check(z.int()),
  sentAt: z.nullable(z.number().check(z.int())).check(z.describe('When the link was last put in the outbox.')),
  sendCount: z.number().check(z.int()),
  status: z.enum(INVITE_STATUSES),
  delivery: z.nullable(inviteDeliverySchema),
  acceptedAt: z.nullable(z.number().check(z.int())),
  joined: z.nullable(z.strictObject({ id: z.string(), name: z.string() })).check(z.describe('Who signed up with it (accepted invites; null when that account was removed since).')),
});
export type InviteItem = z.infer<typeof inviteSchema>;

/** Outgoing mail as admins see it. */
export const mailStatusSchema = z.strictObject({
  configured: z.boolean(),
  pending: z.number().check(z.int(), z.describe('Messages waiting to be sent or retried.')),
  failed: z.number().check(z.int(), z.describe('Messages given up on after two days of refusals.')),
  lastError: z.nullable(z.string()),
  nextAttemptAt: z.nullable(z.number().check(z.int())),
});
export type MailStatusBody = z.infer<typeof mailStatusSchema>;

export const inviteListSchema = z.array(inviteSchema).check(z.describe('Pending first (newest first); with `status=all` then accepted, revoked and expired ones.'));
export type InviteList = z.infer<typeof inviteListSchema>;

export const inviteListQuerySchema = z.object({
  status: z.optional(z.enum(['pending', 'all'], 'use pending or all')).check(z.describe('`pending` (the default): invites not yet used, revoked or expired. `all`: every invite, with who joined from the accepted ones.')),
});

export const inviteParams = z.object({ id: z.string().check(z.describe('Invite id.')) });

export const updateUserBodySchema = z
  .object({ department: z.optional(departmentIdInput), role: z.optional(roleSchema) }).check(z.refine((value) => value.department !== undefined || value.role !== undefined, 'give a department or a role to change'));
export type UpdateUserBody = z.infer<typeof updateUserBodySchema>;
