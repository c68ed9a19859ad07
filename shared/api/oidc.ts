import { z } from 'zod/mini';

/** How people may sign in here: with a password, with the organization's OpenID provider, or both. */
export const authMethodsSchema = z.strictObject({
  password: z.boolean().check(z.describe('False when local passwords are turned off (ACCORD_OIDC_ONLY); the sign-in page then shows only the single sign-on button.')),
  oidc: z.nullable(z.strictObject({ name: z.string().check(z.describe('The provider as people know it, for the button: "Sign in with <name>".')) })).check(z.describe('Single sign-on, or null when not set up.')),
});
export type AuthMethods = z.infer<typeof authMethodsSchema>;

export const oidcStartQuerySchema = z.object({
  returnTo: z.optional(z.string().check(z.describe('A path on this site to land on once signed in (`/p/…`); anything else is ignored and `/` used.'))),
});

export const oidcCallbackQuerySchema = z.looseObject({
  state: z.optional(z.string().check(z.describe('The state Accord sent to the provider.'))),
  code: z.optional(z.string().check(z.describe('The authorization code.'))),
  error: z.optional(z.string().check(z.describe('The provider’s error code, when it did not sign the person in.'))),
});

/** A browser redirect: the `Location` header says where; the body is a one-line HTML link for clients that do not follow it. */
export const redirectSchema = z.string().check(z.describe('A redirect (302); `Location` names the next page.'));

/**
 * Why a single sign-on attempt ended back on the sign-in page, as `/sign-in?error=<code>`. Codes,
 * not sentences, travel in the URL, so nobody can make the sign-in page show words of their own.
 * `{provider}` is replaced by the provider's name.
 */
export const OIDC_ERRORS = {
  not_configured: 'Single sign-on is not set up on this Accord. Sign in with your e-mail and password.',
  provider_unreachable: 'Accord could not reach {provider} just now. Try again in a few minutes; if it keeps happening, tell your admin.',
  expired: 'This sign-in attempt has expired or was already used. Start again with the button below.',
  cancelled: '{provider} did not sign you in. If you cancelled, start again when you are ready.',
  token_invalid: 'Accord could not confirm your sign-in: the answer from {provider} did not check out. Try again; if it keeps happening, tell your admin.',
  email_unverified: '{provider} has not confirmed your e-mail address, so Accord cannot tell which account is yours. Ask your admin to confirm it in {provider}.',
  no_account: 'Your organization has not given you an Accord account yet. Ask an admin to invite you.',
  no_department: 'Accord could not tell from your {provider} profile which department you work in. Ask an admin to invite you.',
  linked_elsewhere: 'The Accord account with your e-mail address is linked to a different {provider} sign-in. Ask an admin to sort it out.',
  failed: 'Signing in with {provider} did not work this time. Try again; if it keeps happening, tell your admin.',
} as const;
export type OidcErrorCode = keyof typeof OIDC_ERRORS;

/** The sentence for a `?error=` code (null for anything that is not one of ours). */
export function oidcErrorMessage(code: string | null, provider: string): string | null {
  if (!code || !Object.hasOwn(OIDC_ERRORS, code)) return null;
  return OIDC_ERRORS[code as OidcErrorCode].replaceAll('{provider}', provider);
}

/** Refused password sign-in and sign-up when local passwords are turned off. */
export const PASSWORDS_OFF_MESSAGE = 'Signing in with a password is turned off here. Use the single sign-on button on the sign-in page.';
