import { z } from 'zod/mini';
import { withoutControlCharacters } from './plainText';

// The person's own account (issue 20): profile, password change and reset, e-mail settings, sessions.

const email = z.string().check(z.trim(), z.toLowerCase(), z.email('enter a valid email address'), z.maxLength(254));
/** The server checks the rules (length, common passwords); this only keeps the body sane. */
const newPassword = z.string('enter a new password').check(z.minLength(1, 'enter a new password'), z.maxLength(200, 'at most 200 characters'));

/** One of the person's signed-in browsers, as "active sessions" lists it. */
export const sessionSchema = z.strictObject({
  id: z.string().check(z.describe('A short handle for this session (not the secret in the cookie).')),
  createdAt: z.number().check(z.int(), z.describe('When it signed in, ms since 1970.')),
  lastSeenAt: z.number().check(z.int(), z.describe('When it was last used (to the minute), ms since 1970.')),
  device: z.string().check(z.describe('The browser and system in words, e.g. "Chrome on Windows".')),
  current: z.boolean().check(z.describe('True for the session that asks.')),
});
export type SessionInfo = z.infer<typeof sessionSchema>;

export const sessionsEndedSchema = z.strictObject({ ended: z.number().check(z.int(), z.describe('How many sessions were ended.')) });
export type SessionsEnded = z.infer<typeof sessionsEndedSchema>;

export const updateProfileBodySchema = z
  .object({
    name: z.optional(z.string().check(z.trim(), z.minLength(1, 'enter your name'), z.maxLength(100, 'at most 100 characters'), withoutControlCharacters())),
    email: z.optional(email),
    currentPassword: z.optional(z.string().check(z.maxLength(200))).check(z.describe('Your current password: needed to change the e-mail address, which is what you sign in and reset your password with.')),
  })
  .check(z.refine((value) => value.name !== undefined || value.email !== undefined, 'give a name or an e-mail address to change'));
export type UpdateProfileBody = z.infer<typeof updateProfileBodySchema>;

export const changePasswordBodySchema = z.object({
  currentPassword: z.string('enter your current password').check(z.minLength(1, 'enter your current password'), z.maxLength(200)),
  newPassword,
});
export type ChangePasswordBody = z.infer<typeof changePasswordBodySchema>;

export const passwordChangedSchema = z.strictObject({
  ok: z.literal(true),
  endedSessions: z.number().check(z.int(), z.describe('How many other sessions were signed out.')),
});

/** Which comment notifications reach the person by e-mail. */
export const EMAIL_NOTIFICATION_CHOICES = ['each', 'digest', 'none'] as const;
export const notificationSettingsSchema = z.strictObject({
  email: z.enum(EMAIL_NOTIFICATION_CHOICES, 'choose each, digest or none').check(z.describe('`each`: an e-mail per notification; `digest`: one a day; `none`: never.')),
});
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;
export const notificationSettingsBodySchema = z.object({ email: z.enum(EMAIL_NOTIFICATION_CHOICES, 'choose each, digest or none') });

export const passwordResetRequestBodySchema = z.object({ email });
export type PasswordResetRequestBody = z.infer<typeof passwordResetRequestBodySchema>;

export const passwordResetRequestedSchema = z.strictObject({
  ok: z.literal(true),
  message: z.string().check(z.describe('The same words whether or not the address has an account.')),
});

export const passwordResetBodySchema = z.object({ password: newPassword });
export type PasswordResetBody = z.infer<typeof passwordResetBodySchema>;

/** What an admin sees after sending someone a reset. */
export const adminPasswordResetSchema = z.strictObject({
  sent: z.boolean().check(z.describe('Whether an e-mail with the link was queued.')),
  url: z.optional(z.string().check(z.describe('The reset link, when mail is not set up, so the admin can hand it over.'))),
  expiresAt: z.number().check(z.int(), z.describe('When the link stops working, ms since 1970.')),
});
export type AdminPasswordReset = z.infer<typeof adminPasswordResetSchema>;
