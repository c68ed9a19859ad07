import { safeParse } from 'zod/mini';
import type * as z from 'zod/v4/core';
import { errorBodySchema, POLICY_EVENT_SCHEMAS, routeUrl, type ErrorBody, type PolicyEventName, type RouteContract } from '../shared/api';

/** An error answered by the Accord API, with its message meant for people. */
export class ApiError extends Error {
  /** The request field the server blamed (a 400 about one input), if it named one. */
  readonly field: string | undefined;

  constructor(
    readonly status: number,
    message: string,
    readonly body: Partial<ErrorBody> = {},
  ) {
    super(message);
    this.field = body.field;
  }
}

export const UNREACHABLE_MESSAGE = 'Cannot reach the Accord server. Check your connection and try again.';
export const NOT_UNDERSTOOD_MESSAGE = 'The server answered in a form this page does not understand. Reload the page.';

type ParamsOf<R> = R extends { params: infer P extends z.$ZodObject } ? { params: z.input<P> } : { params?: undefined };
type QueryOf<R> = R extends { query: infer Q extends z.$ZodObject } ? { query?: Partial<z.input<Q>> } : { query?: undefined };
type BodyOf<R> = R extends { body: infer B extends z.$ZodType } ? { body: z.input<B> } : { body?: undefined };

/** What a call of route `R` sends: its path parameters, query and JSON body, each typed by the route's schemas. */
export type RequestInput<R extends RouteContract> = ParamsOf<R> & QueryOf<R> & BodyOf<R>;

/** The parsed answer of route `R`: any of its success bodies (by the schema of the status that came). */
export type ResponseOf<R extends RouteContract> = z.output<ResponseSchemaOf<R>>;
type ResponseSchemaOf<R extends RouteContract> = Extract<R['responses'][keyof R['responses']], z.$ZodType>;

/** The route's schema for the status that came, if the contract lists that status. */
function responseSchema<R extends RouteContract>(route: R, status: number): ResponseSchemaOf<R> | undefined {
  // The cast names which of this route's own schemas it is; the value is the table's.
  return status in route.responses ? (route.responses[status] as ResponseSchemaOf<R>) : undefined;
}

/** Routes with nothing to send may be called without an input argument. */
type InputArgs<R extends RouteContract> = R extends { params: z.$ZodObject } | { body: z.$ZodType } ? [input: RequestInput<R>] : [input?: RequestInput<R>];

function urlOf<R extends RouteContract>(route: R, input: RequestInput<R> | undefined): string {
  const text = (values: Readonly<Record<string, unknown>> | undefined) => Object.fromEntries(Object.entries<unknown>(values ?? {}).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]])));
  return routeUrl(route, text(input?.params), text(input?.query));
}

async function send<R extends RouteContract>(route: R, input: RequestInput<R> | undefined): Promise<Response> {
  const init: RequestInit = { method: route.method.toUpperCase(), credentials: 'same-origin', headers: {} };
  if (input?.body !== undefined) {
    init.headers = { 'content-type': 'application/json' };
    init.body = JSON.stringify(input.body);
  }
  try {
    return await fetch(urlOf(route, input), init);
  } catch {
    throw new ApiError(0, UNREACHABLE_MESSAGE);
  }
}

async function readJson(response: Response): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    throw new ApiError(0, UNREACHABLE_MESSAGE);
  }
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The ApiError for a failing answer, from its error body; 401 tells the app the session ended. */
function failure(route: RouteContract, status: number, body: unknown): ApiError {
  if (status === 401 && typeof window !== 'undefined') window.dispatchEvent(new CustomEvent('accord:signed-out'));
  const parsed = safeParse(errorBodySchema, body);
  if (parsed.success) return new ApiError(status, parsed.data.error, parsed.data);
  // An error body with keys this page does not know still carries a sentence worth showing.
  const error = typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string' ? body.error : null;
  if (body !== null && body !== undefined) console.warn(`${route.method.toUpperCase()} ${route.path}: the error body of ${status} does not match the contract`, parsed.error.issues);
  return new ApiError(status, error ?? `The server answered ${status}`, error ? { error } : {});
}

function notUnderstood(route: RouteContract, status: number, issues: unknown): ApiError {
  console.error(`${route.method.toUpperCase()} ${route.path}: the answer ${status} does not match the contract`, issues);
  return new ApiError(status, NOT_UNDERSTOOD_MESSAGE);
}

function decode<S extends z.$ZodType>(route: RouteContract, status: number, schema: S, body: unknown): z.output<S> {
  const parsed = safeParse(schema, body);
  if (!parsed.success) throw notUnderstood(route, status, parsed.error.issues);
  return parsed.data;
}

/**
 * Calls one route of the API (`request(api.getPolicy, { params: { id } })`): builds the URL from
 * the route's path template, sends the body as JSON and parses the answer with the route's
 * schema for the status that came. A failing status throws an ApiError made from the error
 * body; an answer that does not match the contract throws one too, and logs why.
 */
export async function request<R extends RouteContract>(route: R, ...[input]: InputArgs<R>): Promise<ResponseOf<R>> {
  const response = await send(route, input);
  const body = await readJson(response);
  const schema = responseSchema(route, response.status);
  if (schema) return decode(route, response.status, schema, body);
  if (!response.ok) throw failure(route, response.status, body);
  throw notUnderstood(route, response.status, `status ${response.status} is not one of ${Object.keys(route.responses).join(', ')}`);
}

/** A downloaded file: its content and the name the server suggests. */
export interface DownloadedFile {
  blob: Blob;
  fileName: string | null;
  contentType: string;
}

/**
 * Calls a route that answers with a file (`kind: 'file'`). A failing status throws an ApiError
 * from the error body, like {@link request}; a file of a content type the route does not list
 * is refused.
 */
/** Hands a downloaded file to the browser as a download (the server's file name, else `fallbackName`). */
export function saveFile(file: DownloadedFile, fallbackName: string): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName ?? fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function requestFile<R extends RouteContract & { kind: 'file' }>(route: R, ...[input]: InputArgs<R>): Promise<DownloadedFile> {
  const response = await send(route, input);
  if (!response.ok) throw failure(route, response.status, await readJson(response));
  const contentType = response.headers.get('content-type') ?? '';
  const mediaType = (type: string) => type.split(';')[0]?.trim().toLowerCase();
  if (route.contentTypes && !route.contentTypes.some((allowed) => mediaType(allowed) === mediaType(contentType))) {
    throw notUnderstood(route, response.status, `content type ${contentType || '(none)'} is not one of ${route.contentTypes.join(', ')}`);
  }
  let blob: Blob;
  try {
    blob = await response.blob();
  } catch {
    throw new ApiError(0, UNREACHABLE_MESSAGE);
  }
  const match = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
  return { blob, fileName: match?.[1] ?? null, contentType };
}

/** The URL of an event-stream route (`kind: 'eventStream'`), for an EventSource. */
export function eventStreamUrl<R extends RouteContract & { kind: 'eventStream' }>(route: R, ...[input]: InputArgs<R>): string {
  return urlOf(route, input);
}

type PolicyEventPayloads = { [N in PolicyEventName]: z.output<(typeof POLICY_EVENT_SCHEMAS)[N]> };
/** The payload of a policy event-stream event, by name. */
export type PolicyEventPayload<N extends PolicyEventName> = PolicyEventPayloads[N];
// The same table seen as one mapped type, so that looking a schema up by a generic name keeps its payload type.
const policyEventSchemas: { [N in PolicyEventName]: z.$ZodType<PolicyEventPayloads[N]> } = POLICY_EVENT_SCHEMAS;

/**
 * Listens to one named event of a policy's event stream and hands on its payload parsed with
 * the event's schema. A payload that is not JSON or does not match is ignored with a warning:
 * the next event carries the whole state again. Returns a function that stops listening.
 */
export function onPolicyEvent<N extends PolicyEventName>(source: EventSourceLike, name: N, handler: (payload: PolicyEventPayload<N>) => void): () => void {
  return listen(source, name, policyEventSchemas[name], handler);
}

/** What {@link onPolicyEvent} needs of an EventSource. */
export type EventSourceLike = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

function listen<T>(source: EventSourceLike, name: string, schema: z.$ZodType<T>, handler: (payload: T) => void): () => void {
  const listener = (event: Event) => {
    const text = 'data' in event ? event.data : undefined;
    let data: unknown;
    try {
      data = typeof text === 'string' ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      data = undefined;
    }
    const parsed = safeParse(schema, data);
    if (!parsed.success) {
      console.warn(`Event '${name}' of the policy stream does not match the contract; ignored.`, parsed.error.issues);
      return;
    }
    handler(parsed.data);
  };
  source.addEventListener(name, listener);
  return () => source.removeEventListener(name, listener);
}

/** The route table of the API contract, for {@link request}: `request(routes.getPolicy, { params: { id } })`. */
export { api as routes } from '../shared/api';
