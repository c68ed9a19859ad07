import { toJSONSchema } from 'zod/mini';
import type * as z from 'zod/v4/core';
import { errorBodySchema } from '../shared/api/errorBody';
import { accessEventSchema, POLICY_EVENTS, statusEventSchema } from '../shared/api/events';
import { threadsEventSchema } from '../shared/api/comments';
import { routeErrors, type DocumentedRoute, type RouteContract } from '../shared/api/route';
import { documentedRoutes } from '../shared/api/routeDocs';

type JsonSchema = Record<string, unknown>;

/** zod's own JSON Schema (draft 2020-12) of a schema, without `$schema` (the document declares the dialect once). */
export function jsonSchema(schema: z.$ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const ERROR_REF = { $ref: '#/components/schemas/ErrorBody' };

function parameters(route: RouteContract): JsonSchema[] {
  const list: JsonSchema[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    const object = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(object.properties ?? {})) {
      const { description, ...propertySchema } = property;
      list.push({
        name,
        in: where,
        required: where === 'path' || (object.required ?? []).includes(name),
        ...(typeof description === 'string' ? { description } : {}),
        schema: propertySchema,
      });
    }
  }
  return list;
}

function successContent(route: RouteContract, schema: z.$ZodType): JsonSchema {
  switch (route.kind ?? 'json') {
    case 'eventStream':
      return { 'text/event-stream': { schema: { type: 'string', description: `Server-sent events; the \`${POLICY_EVENTS.status}\` event's data is a StatusEvent, the \`${POLICY_EVENTS.access}\` event's an AccessEvent, the \`${POLICY_EVENTS.threads}\` event's a ThreadsEvent.` } } };
    case 'file':
      return Object.fromEntries((route.contentTypes ?? ['application/octet-stream']).map((type) => [type.split(';')[0]!, { schema: { type: 'string', contentMediaType: type.split(';')[0]! } }]));
    case 'html':
      return { 'text/html': { schema: { type: 'string' } } };
    case 'json':
      return { 'application/json': { schema: jsonSchema(schema, 'output') } };
  }
}

function operation(name: string, route: DocumentedRoute): JsonSchema {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, schema] of Object.entries(route.responses)) {
    responses[status] = { description: Number(status) === route.example.status ? route.summary : `${route.summary} (status ${status})`, content: successContent(route, schema) };
  }
  for (const [status, reason] of Object.entries(routeErrors(route))) {
    responses[status] = { description: reason, content: { 'application/json': { schema: ERROR_REF } } };
  }
  const example = route.example;
  return {
    operationId: name,
    tags: [route.area],
    summary: route.summary,
    description: route.description,
    ...(route.access === 'public' ? { security: [] } : {}),
    ...(route.access === 'admin' ? { 'x-accord-access': 'admin' } : {}),
    parameters: parameters(route),
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input'), ...(example.body !== undefined ? { example: example.body } : {}) } } } }
      : {}),
    responses,
    'x-accord-example': example,
    ...(route.kind === 'eventStream' ? { 'x-accord-events': { [POLICY_EVENTS.status]: { $ref: '#/components/schemas/StatusEvent' }, [POLICY_EVENTS.access]: { $ref: '#/components/schemas/AccessEvent' }, [POLICY_EVENTS.threads]: { $ref: '#/components/schemas/ThreadsEvent' } } } : {}),
  };
}

/** The areas in the order the reference shows them. */
export const API_AREAS = ['Server', 'Accounts', 'Administration', 'Departments', 'Templates', 'Policies', 'Sign-offs', 'Sharing', 'Inventory', 'Comments'] as const;

/** The OpenAPI 3.1 document of every route in the table. */
export function openApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [name, route] of documentedRoutes()) {
    (paths[route.path] ??= {})[route.method] = operation(name, route);
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Accord API',
      version: '1',
      description: [
        "Accord's REST API and event stream: departments co-author a social media policy and sign it off section by section.",
        'Sign in with `POST /api/auth/login`; the session is a cookie (`accord_session`, or `__Host-accord_session` behind https), or send its id as `Authorization: Bearer <id>` from a script.',
        'Every error answers with one body, `ErrorBody`: `{ error, field?, … }`. An unknown `/api` path answers 404 with it.',
        'The collaborative document itself travels over a y-websocket connection at `/collab/{policyId}`, not over this API.',
      ].join('\n\n'),
    },
    tags: API_AREAS.map((area) => ({ name: area })),
    servers: [{ url: '/' }],
    security: [{ sessionCookie: [] }, { sessionBearer: [] }],
    paths,
    components: {
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'accord_session' },
        sessionBearer: { type: 'http', scheme: 'bearer' },
      },
      schemas: {
        ErrorBody: jsonSchema(errorBodySchema, 'output'),
        StatusEvent: jsonSchema(statusEventSchema, 'output'),
        AccessEvent: jsonSchema(accessEventSchema, 'output'),
        ThreadsEvent: jsonSchema(threadsEventSchema, 'output'),
      },
    },
  };
}
