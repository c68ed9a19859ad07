import * as client from 'openid-client';
import { ROLES, type Role } from '../../shared/api/users';
import type { Logger } from '../logger';

/** Single sign-on as the operator set it up (ACCORD_OIDC_*); see "Single sign-on" in the README. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The provider as people know it, for "Sign in with <name>". */
  name: string;
  /** What happens to someone the provider vouches for who has no account and no invite. */
  newUsers: 'refuse' | 'claim';
  /** The ID token claim that names a person's department (`department`, `groups`), for `claim`. */
  departmentClaim: string | null;
  /** Claim value (lower case) → Accord department id. */
  departmentMap: Map<string, string>;
  /** The department for new people whose claim maps to none (null: refuse them). */
  defaultDepartment: string | null;
  /** The role new people are given. */
  defaultRole: Role;
  /** The claim that must be `true` for the e-mail to count as verified: `email_verified`, or Entra ID's `xms_edov`. */
  emailVerifiedClaim: string;
  /** Local passwords are turned off for everyone but the break-glass admin (ACCORD_OIDC_ONLY=1). */
  only: boolean;
}

export class OidcSettingsError extends Error {}

/**
 * Reads ACCORD_OIDC_* from the environment: null when single sign-on is not set up, settings
 * when it is, and an OidcSettingsError naming the variable when something is half set or wrong,
 * so a typo stops the start with a sentence instead of a sign-in button that never works.
 */
export function readOidcSettings(env: NodeJS.ProcessEnv): OidcSettings | null {
  const read = (name: string) => env[name]?.trim() || undefined;
  const issuer = read('ACCORD_OIDC_ISSUER');
  const clientId = read('ACCORD_OIDC_CLIENT_ID');
  const clientSecret = read('ACCORD_OIDC_CLIENT_SECRET');
  if (!issuer && !clientId && !clientSecret) {
    if (read('ACCORD_OIDC_ONLY')) throw new OidcSettingsError('ACCORD_OIDC_ONLY is set but single sign-on is not: set ACCORD_OIDC_ISSUER, ACCORD_OIDC_CLIENT_ID and ACCORD_OIDC_CLIENT_SECRET too.');
    return null;
  }
  const missing = [['ACCORD_OIDC_ISSUER', issuer], ['ACCORD_OIDC_CLIENT_ID', clientId], ['ACCORD_OIDC_CLIENT_SECRET', clientSecret]].filter(([, value]) => !value).map(([name]) => name);
  if (missing.length > 0) throw new OidcSettingsError(`Single sign-on needs ${missing.join(' and ')} as well.`);
  let issuerUrl: URL;
  try {
    issuerUrl = new URL(issuer!);
  } catch {
    throw new OidcSettingsError(`ACCORD_OIDC_ISSUER must be the provider's issuer URL (https://…), not "${issuer}".`);
  }
  if (issuerUrl.protocol !== 'https:' && !(issuerUrl.protocol === 'http:' && isLoopbackHost(issuerUrl.hostname))) {
    throw new OidcSettingsError(`ACCORD_OIDC_ISSUER must use https (plain http only for a provider on this machine), not "${issuer}".`);
  }
  const newUsers = read('ACCORD_OIDC_NEW_USERS') ?? 'refuse';
  if (newUsers !== 'refuse' && newUsers !== 'claim') throw new OidcSettingsError(`ACCORD_OIDC_NEW_USERS must be "refuse" or "claim", not "${newUsers}".`);
  const departmentMap = parseDepartmentMap(read('ACCORD_OIDC_DEPARTMENT_MAP'));
  const defaultDepartment = read('ACCORD_OIDC_DEFAULT_DEPARTMENT') ?? null;
  const departmentClaim = read('ACCORD_OIDC_DEPARTMENT_CLAIM') ?? null;
  if (newUsers === 'claim' && !defaultDepartment && !(departmentClaim && departmentMap.size > 0)) {
    throw new OidcSettingsError('ACCORD_OIDC_NEW_USERS=claim needs ACCORD_OIDC_DEPARTMENT_CLAIM with ACCORD_OIDC_DEPARTMENT_MAP, or ACCORD_OIDC_DEFAULT_DEPARTMENT, to know where new people go.');
  }
  const role = read('ACCORD_OIDC_DEFAULT_ROLE') ?? 'editor';
  if (!(ROLES as readonly string[]).includes(role) || role === 'admin') throw new OidcSettingsError(`ACCORD_OIDC_DEFAULT_ROLE must be editor, commenter or viewer, not "${role}".`);
  const only = read('ACCORD_OIDC_ONLY');
  return {
    issuer: issuer!,
    clientId: clientId!,
    clientSecret: clientSecret!,
    name: read('ACCORD_OIDC_NAME') ?? 'single sign-on',
    newUsers,
    departmentClaim,
    departmentMap,
    defaultDepartment,
    defaultRole: role as Role,
    emailVerifiedClaim: read('ACCORD_OIDC_EMAIL_VERIFIED_CLAIM') ?? 'email_verified',
    only: only === '1' || only === 'true',
  };
}

/** `Marketing=marketing,HR=hr` → claim value (lower case) → department id. */
function parseDepartmentMap(text: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of (text ?? '').split(',')) {
    if (!pair.trim()) continue;
    const at = pair.lastIndexOf('=');
    const value = pair.slice(0, at).trim();
    const department = pair.slice(at + 1).trim();
    if (at < 0 || !value || !department) throw new OidcSettingsError(`ACCORD_OIDC_DEPARTMENT_MAP must be "claim value=department id" pairs separated by commas (Marketing=marketing,HR=hr); "${pair.trim()}" is not one.`);
    map.set(value.toLowerCase(), department);
  }
  return map;
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
}

/** The department a person's claim maps to: the first of its values (a string or a list, like `groups`) that the map knows. */
export function departmentFromClaim(settings: OidcSettings, claims: Record<string, unknown>): string | null {
  const raw = settings.departmentClaim ? claims[settings.departmentClaim] : undefined;
  const values = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const department = settings.departmentMap.get(value.trim().toLowerCase());
    if (department) return department;
  }
  return settings.defaultDepartment;
}

/** Why a sign-in could not be finished; `code` is one of shared/api/oidc.ts's OIDC_ERRORS. */
export class OidcFailure extends Error {
  constructor(
    readonly code: 'provider_unreachable' | 'token_invalid' | 'cancelled' | 'failed',
    message: string,
  ) {
    super(message);
  }
}

/**
 * openid-client's reason in one line for the log: its message, code, and which claim or check
 * failed (`cause.claim`), never the token itself.
 */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, cause } = error as Error & { code?: string; cause?: unknown };
  const details = [error.message, code];
  if (cause && typeof cause === 'object') {
    const { claim, reason, check } = cause as { claim?: unknown; reason?: unknown; check?: unknown };
    for (const value of [claim, reason, check]) if (typeof value === 'string') details.push(value);
    if (cause instanceof Error && cause.message !== error.message) details.push(cause.message);
  }
  return details.filter(Boolean).join('; ');
}

/** The parts of a finished sign-in Accord uses: who the provider says it is. */
export interface OidcIdentity {
  /** `<issuer>#<sub>`: unique across providers, so a change of provider never hands one person's account to another. */
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  claims: Record<string, unknown>;
}

/**
 * The relying party: discovers the provider when first needed (never at start-up, so a
 * provider that is down does not keep Accord from starting), builds the authorization URL
 * and checks the answer. ID token signatures are checked too (`enableNonRepudiationChecks`),
 * not only trusted because they came over TLS.
 */
export class OidcClient {
  private configuration: Promise<client.Configuration> | null = null;

  constructor(
    readonly settings: OidcSettings,
    private readonly logger: Logger,
  ) {}

  private discover(): Promise<client.Configuration> {
    this.configuration ??= client
      .discovery(new URL(this.settings.issuer), this.settings.clientId, undefined, client.ClientSecretBasic(this.settings.clientSecret), {
        timeout: 10,
        execute: [client.enableNonRepudiationChecks, ...(new URL(this.settings.issuer).protocol === 'http:' ? [client.allowInsecureRequests] : [])],
      })
      .catch((error: unknown) => {
        // Tried again on the next sign-in: the provider may be back by then.
        this.configuration = null;
        this.logger.error('auth.oidc_discovery_failed', { issuer: this.settings.issuer, error });
        throw new OidcFailure('provider_unreachable', `Could not read the provider's configuration at ${this.settings.issuer}`);
      });
    return this.configuration;
  }

  /** The URL to send the browser to, and the secrets to keep until it comes back. */
  async start(redirectUri: string): Promise<{ url: string; state: string; nonce: string; codeVerifier: string }> {
    const configuration = await this.discover();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, state, nonce, codeVerifier };
  }

  /** Exchanges the code and checks the ID token (signature, issuer, audience, nonce, expiry); throws an OidcFailure. */
  async finish(callbackUrl: URL, expected: { state: string; nonce: string; codeVerifier: string }): Promise<OidcIdentity> {
    const configuration = await this.discover();
    if (callbackUrl.searchParams.get('error')) {
      throw new OidcFailure('cancelled', `The provider answered ${callbackUrl.searchParams.get('error')}`);
    }
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, callbackUrl, { pkceCodeVerifier: expected.codeVerifier, expectedState: expected.state, expectedNonce: expected.nonce, idTokenExpected: true });
    } catch (error) {
      const reason = describeFailure(error);
      const unreachable = error instanceof Error && (error.name === 'TypeError' || error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new OidcFailure(unreachable ? 'provider_unreachable' : 'token_invalid', reason);
    }
    const idClaims = tokens.claims();
    if (!idClaims) throw new OidcFailure('token_invalid', 'No ID token in the answer');
    let claims: Record<string, unknown> = { ...idClaims };
    // Some providers put the e-mail only in userinfo; what userinfo says about the same subject fills the gaps.
    if (claims.email === undefined && configuration.serverMetadata().userinfo_endpoint) {
      try {
        const info = await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
        claims = { ...info, ...claims };
      } catch (error) {
        this.logger.warn('auth.oidc_userinfo_failed', { error });
      }
    }
    return {
      subject: `${idClaims.iss}#${idClaims.sub}`,
      email: typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : null,
      emailVerified: claims[this.settings.emailVerifiedClaim] === true,
      name: typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 100) : null,
      claims,
    };
  }
}
