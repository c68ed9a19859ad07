import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
// oidc-provider ships no type declarations; the few parts used here are typed below.
// @ts-expect-error: untyped package
import ProviderModule from 'oidc-provider';

/** A person the test provider can sign in, with the claims it vouches for. */
export interface TestAccount {
  email: string;
  email_verified: boolean;
  name: string;
  department?: string;
  groups?: string[];
  /** Entra ID's "e-mail domain owner verified" claim, for ACCORD_OIDC_EMAIL_VERIFIED_CLAIM=xms_edov. */
  xms_edov?: boolean;
}

/** What a forged ID token changes: its claims (a function of the real ones) and whether it is signed with a key the provider never published. */
export interface Forgery {
  claims?: (claims: Record<string, unknown>) => Record<string, unknown>;
  foreignKey?: boolean;
}

interface ProviderInstance {
  callback(): (request: http.IncomingMessage, response: http.ServerResponse) => void;
  use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): void;
  interactionDetails(request: http.IncomingMessage, response: http.ServerResponse): Promise<{ uid: string; prompt: { name: string }; params: Record<string, unknown>; session?: { accountId?: string } }>;
  interactionFinished(request: http.IncomingMessage, response: http.ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
  Grant: new (input: { accountId: string; clientId: string }) => { addOIDCScope(scope: string): void; save(): Promise<string> };
}
interface KoaContext {
  path: string;
  method: string;
  body: unknown;
}
const Provider = ProviderModule as new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance;

export const TEST_CLIENT = { id: 'accord', secret: 'accord-test-secret-that-is-long-enough' };

export interface TestProvider {
  issuer: string;
  /** Registers Accord's callback URL and builds the provider (Accord's port is known only once it runs). */
  allowRedirect(uri: string): void;
  /** Who the next login at the provider signs in as (no login form: the interaction picks this account). */
  signInAs(accountId: string): void;
  /** Alters the ID token of the next token answers until cleared (null). */
  forge(forgery: Forgery | null): void;
  close(): Promise<void>;
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** Re-signs an ID token (RS256) with changed claims, with the provider's own key or a stranger's. */
function reforge(idToken: string, forgery: Forgery, ownKey: KeyObject, foreignKey: KeyObject): string {
  const [header, payload] = idToken.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
  const changed = forgery.claims ? forgery.claims(claims) : claims;
  const signingInput = `${header}.${base64url(JSON.stringify(changed))}`;
  const signature = sign('sha256', Buffer.from(signingInput), forgery.foreignKey ? foreignKey : ownKey);
  return `${signingInput}.${base64url(signature)}`;
}

/**
 * A real OpenID provider (oidc-provider) on 127.0.0.1, port 0, with the given accounts. Login
 * and consent need no form: the interaction route signs in the account chosen with `signInAs`
 * and the grant is given at once, as a company's provider does for a first-party app.
 */
export async function startOidcProvider(accounts: Record<string, TestAccount>): Promise<TestProvider> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'accord-test', alg: 'RS256', use: 'sig' };
  let nextAccount = Object.keys(accounts)[0]!;
  let forgery: Forgery | null = null;
  let handler: ((request: http.IncomingMessage, response: http.ServerResponse) => void) | null = null;
  let provider: ProviderInstance | null = null;

  const server = http.createServer((request, response) => {
    if (!provider || !handler) {
      response.statusCode = 503;
      response.end('provider not configured yet');
      return;
    }
    if (request.url?.startsWith('/interaction/')) {
      void interact(provider, request, response).catch((error: Error) => {
        response.statusCode = 500;
        response.end(error.message);
      });
      return;
    }
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function interact(instance: ProviderInstance, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const details = await instance.interactionDetails(request, response);
    if (details.prompt.name === 'login') {
      await instance.interactionFinished(request, response, { login: { accountId: nextAccount } }, { mergeWithLastSubmission: false });
      return;
    }
    const grant = new instance.Grant({ accountId: details.session?.accountId ?? nextAccount, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope ?? 'openid'));
    await instance.interactionFinished(request, response, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }

  return {
    issuer,
    allowRedirect(uri) {
      provider = new Provider(issuer, {
        clients: [
          { client_id: TEST_CLIENT.id, client_secret: TEST_CLIENT.secret, redirect_uris: [uri], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' },
          { client_id: 'another-app', client_secret: 'another-app-secret-that-is-long-enough', redirect_uris: [uri], grant_types: ['authorization_code'], response_types: ['code'] },
        ],
        jwks: { keys: [jwk] },
        cookies: { keys: ['test-cookie-key-one', 'test-cookie-key-two'] },
        claims: { openid: ['sub'], email: ['email', 'email_verified', 'xms_edov'], profile: ['name', 'department', 'groups'] },
        // The claims of the requested scopes go into the ID token itself (as Google and Okta do), so forging it is what matters.
        conformIdTokenClaims: false,
        features: { devInteractions: { enabled: false } },
        pkce: { required: () => true },
        ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
        async findAccount(_ctx: unknown, id: string) {
          const account = accounts[id];
          if (!account) return undefined;
          return { accountId: id, claims: async () => ({ sub: id, ...account }) };
        },
        // First-party app: consent is given without asking.
        async loadExistingGrant(ctx: { oidc: { client: { clientId: string }; session: { accountId: string }; provider: ProviderInstance; params: { scope?: string } } }) {
          const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
          grant.addOIDCScope(ctx.oidc.params.scope ?? 'openid');
          await grant.save();
          return grant;
        },
      });
      provider.use(async (ctx, next) => {
        await next();
        const body = ctx.body as { id_token?: string } | undefined;
        if (forgery && ctx.method === 'POST' && ctx.path === '/token' && body?.id_token) {
          ctx.body = { ...body, id_token: reforge(body.id_token, forgery, createPrivateKey({ key: jwk, format: 'jwk' }), foreign) };
        }
      });
      handler = provider.callback();
    },
    signInAs(accountId) {
      nextAccount = accountId;
    },
    forge(next) {
      forgery = next;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
