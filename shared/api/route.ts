import type { ZodMiniObject, ZodMiniType } from 'zod/mini';
import type * as z from 'zod/v4/core';
import { COMMON_ERRORS } from './errorBody';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call a route: anyone (`public`), any signed-in person (`signedIn`; viewers are then
 * refused every change by the server), or admins only (`admin`).
 */
export type RouteAccess = 'public' | 'signedIn' | 'admin';

/** How the success answer is sent: a JSON body, a server-sent event stream, or a file download. */
export type ResponseKind = 'json' | 'eventStream' | 'file' | 'html';

/**
 * One route of the API as it goes over the wire: URL, access, inputs and answers. This is all
 * the browser needs (it builds calls and parses answers from it); what only the reference
 * needs is in {@link RouteDocs}, kept apart in `routeDocs.ts` so the client bundle carries none
 * of it.
 */
export interface RouteContract {
  method: HttpMethod;
  /** OpenAPI-style template, `/api/policies/{id}`; {@link routeUrl} fills it, {@link expressPath} converts it. */
  path: string;
  access: RouteAccess;
  params?: ZodMiniObject;
  query?: ZodMiniObject;
  body?: ZodMiniType;
  /** The handler checks the body with rules of its own (they name every wrong field); the table's `body` documents it. */
  bodyCheckedByHandler?: true;
  /** Success answers: status → body schema (for an event stream, the `status` event's payload). */
  responses: Record<number, ZodMiniType>;
  /** Default `json`. */
  kind?: ResponseKind;
  /** For `file` answers: the content types it may send. */
  contentTypes?: readonly string[];
}

/** What the reference (OpenAPI document and `/api/docs`) says about a route besides its contract. */
export interface RouteDocs {
  /** The area the reference groups it under. */
  area: string;
  summary: string;
  description: string;
  /** Error statuses this route's own checks answer with (body: the error body), a sentence each. */
  errors: Record<number, string>;
  example: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown; status: number; response?: unknown };
}

/** A route with its reference text: what the server's OpenAPI document and docs page are made from. */
export type DocumentedRoute = RouteContract & RouteDocs;

/** Keeps the literal types of an entry (so callers infer its body and answers). */
export function defineRoute<const T extends RouteContract>(route: T): T {
  return route;
}

/** The Express form of a path template: `/api/policies/{id}` → `/api/policies/:id`. */
export function expressPath(path: string): string {
  return path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}

/** The concrete URL path of a route for these parameters (each encoded), with an optional query. */
export function routeUrl(route: Pick<RouteContract, 'path'>, params: Record<string, string> = {}, query?: Record<string, string | undefined>): string {
  const path = route.path.replace(/\{([A-Za-z0-9_]+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${route.path}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) search.set(key, value);
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** A matcher of concrete paths for a template (`/api/policies/abc` matches `/api/policies/{id}`). */
export function pathMatcher(path: string): RegExp {
  const pattern = path
    .split(/(\{[A-Za-z0-9_]+\})/)
    .map((part) => (part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}/?$`);
}

/**
 * Every error status a route can answer with: its own, and those any route of its kind gets
 * before its handler runs (sign-in, origin, size, storage). Several reasons for one status
 * are joined.
 */
export function routeErrors(route: DocumentedRoute): Record<number, string> {
  const errors: Record<number, string[]> = {};
  const add = (status: number, reason: string) => {
    if (route.responses[status]) return;
    (errors[status] ??= []).push(reason);
  };
  for (const [status, reason] of Object.entries(route.errors)) add(Number(status), reason);
  const changes = route.method !== 'get';
  if (route.body || changes) add(400, COMMON_ERRORS.badJson);
  if (route.params) add(400, COMMON_ERRORS.badParam);
  if (route.access !== 'public') add(401, COMMON_ERRORS.signIn);
  if (changes) add(403, COMMON_ERRORS.foreignOrigin);
  if (route.access === 'admin') add(403, 'The caller is not an admin.');
  if (route.access !== 'public' && changes && !route.path.startsWith('/api/auth/')) add(403, 'Viewers can read but not change anything.');
  add(413, COMMON_ERRORS.tooLarge);
  if (route.body || changes) add(415, COMMON_ERRORS.unsupportedBody);
  add(421, COMMON_ERRORS.wrongHost);
  add(500, COMMON_ERRORS.serverError);
  add(503, COMMON_ERRORS.storageDown);
  if (route.access !== 'public' && changes) add(507, COMMON_ERRORS.storageFull);
  return Object.fromEntries(Object.entries(errors).map(([status, reasons]) => [status, reasons.join(' Or: ')]));
}

type Input<S> = S extends z.$ZodType ? z.input<S> : undefined;

/** What a caller sends for a route: its path parameters, query and body (each undefined when the route has none). */
export type RouteParams<R extends RouteContract> = Input<R['params']>;
export type RouteQuery<R extends RouteContract> = Input<R['query']>;
export type RouteBody<R extends RouteContract> = Input<R['body']>;

/** A route's success answer for one of its statuses, as parsed by that status's schema. */
export type RouteAnswer<R extends RouteContract, S extends keyof R['responses'] = keyof R['responses']> = R['responses'][S] extends z.$ZodType ? z.output<R['responses'][S]> : never;
