import { routeErrors, type DocumentedRoute } from '../shared/api/route';
import { documentedRoutes } from '../shared/api/routeDocs';
import { API_AREAS, jsonSchema } from './openapi';

type JsonSchema = { type?: unknown; properties?: Record<string, JsonSchema>; required?: string[]; description?: string; items?: JsonSchema; enum?: unknown[]; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; const?: unknown; pattern?: string; default?: unknown; minLength?: number; maxLength?: number; minimum?: number; maximum?: number; maxItems?: number; additionalProperties?: unknown };

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Inline `code` in the table's sentences, as the reference writes it. */
function prose(text: string): string {
  return escape(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** A schema in a few words: `string`, `"a" | "b"`, `object[]`, `string | null`. */
function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return union.map(typeOf).join(' | ');
  if (schema.type === 'array') return `${schema.items ? typeOf(schema.items) : 'any'}[]`;
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  if (typeof schema.type === 'string') return schema.type;
  return 'any';
}

/** A table of an object's fields (nested objects indented under their field), or the type when it is not an object. */
function fields(schema: JsonSchema, prefix = ''): string {
  const object = schema.type === 'array' && schema.items ? schema.items : schema;
  const union = object.anyOf ?? object.oneOf;
  if (union) return union.map((option, index) => `<p class="variant">${index === 0 ? 'One of:' : 'or:'}</p>${fields(option, prefix)}`).join('');
  if (!object.properties) return prefix ? '' : `<p><code>${escape(typeOf(schema))}</code></p>`;
  const rows = Object.entries(object.properties).map(([name, property]) => {
    const nested = property.type === 'array' ? property.items : property;
    const inner = nested?.properties ? fields(nested, `${prefix}${name}${property.type === 'array' ? '[]' : ''}.`) : '';
    const notes = [property.description ? prose(property.description) : '', property.pattern ? `pattern <code>${escape(property.pattern)}</code>` : '', limitsOf(property), property.default !== undefined ? `default <code>${escape(JSON.stringify(property.default))}</code>` : '']
      .filter(Boolean)
      .map((note) => note.replace(/\.$/, ''))
      .join('; ');
    return `<tr><td><code>${escape(prefix + name)}</code></td><td><code>${escape(typeOf(property))}</code></td><td>${(object.required ?? []).includes(name) ? 'yes' : ''}</td><td>${notes}</td></tr>${inner ? `<tr class="nested"><td colspan="4">${inner}</td></tr>` : ''}`;
  });
  const table = `<table><thead><tr><th>field</th><th>type</th><th>required</th><th>notes</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return schema.type === 'array' ? `<p>A list of:</p>${table}` : table;
}

function section(name: string, route: DocumentedRoute): string {
  const parts: string[] = [];
  const parameters = [...Object.entries(route.params?._zod.def.shape ?? {}).map(([key]) => ['path', key] as const), ...Object.entries(route.query?._zod.def.shape ?? {}).map(([key]) => ['query', key] as const)];
  if (parameters.length > 0) {
    const params = route.params ? (jsonSchema(route.params, 'input') as JsonSchema).properties ?? {} : {};
    const query = route.query ? (jsonSchema(route.query, 'input') as JsonSchema).properties ?? {} : {};
    const rows = parameters.map(([where, key]) => {
      const schema = (where === 'path' ? params[key] : query[key]) ?? {};
      return `<tr><td><code>${escape(key)}</code></td><td>${where}</td><td><code>${escape(typeOf(schema))}</code></td><td>${schema.description ? prose(schema.description) : ''}${schema.default !== undefined ? ` (default <code>${escape(JSON.stringify(schema.default))}</code>)` : ''}</td></tr>`;
    });
    parts.push(`<h4>Parameters</h4><table><thead><tr><th>name</th><th>in</th><th>type</th><th>notes</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
  }
  if (route.body) parts.push(`<h4>Body (JSON)</h4>${fields(jsonSchema(route.body, 'input') as JsonSchema)}`);
  for (const [status, schema] of Object.entries(route.responses)) {
    const kind = route.kind ?? 'json';
    const body =
      kind === 'json'
        ? fields(jsonSchema(schema, 'output') as JsonSchema)
        : kind === 'eventStream'
          ? `<p><code>text/event-stream</code>; the <code>status</code> event carries:</p>${fields(jsonSchema(schema, 'output') as JsonSchema)}`
          : kind === 'file'
            ? `<p>The file: ${(route.contentTypes ?? []).map((type) => `<code>${escape(type)}</code>`).join(', ')}</p>`
            : '<p>An HTML page.</p>';
    parts.push(`<h4>Answer ${status}</h4>${body}`);
  }
  const errors = Object.entries(routeErrors(route));
  parts.push(
    `<h4>Errors</h4><p>Body: <code>{ error, field?, … }</code> (see the top of this page).</p><table><tbody>${errors.map(([status, reason]) => `<tr><td>${status}</td><td>${prose(reason)}</td></tr>`).join('')}</tbody></table>`,
  );
  const example = route.example;
  const request = [`${route.method.toUpperCase()} ${exampleUrl(route)}`, example.body !== undefined ? JSON.stringify(example.body, null, 2) : ''].filter(Boolean).join('\n');
  const response = [`${example.status}`, example.response !== undefined ? JSON.stringify(example.response, null, 2) : ''].filter(Boolean).join('\n');
  parts.push(`<h4>Example</h4><pre tabindex="0">${escape(request)}</pre><pre tabindex="0">${escape(response)}</pre>`);
  const access = route.access === 'public' ? 'no sign-in needed' : route.access === 'admin' ? 'admins only' : 'signed in';
  return `<section id="${escape(name)}"><h3><span class="method">${route.method.toUpperCase()}</span> <code>${escape(route.path)}</code></h3><p class="summary">${prose(route.summary)} <span class="access">${access}</span></p><p>${prose(route.description)}</p>${parts.join('')}</section>`;
}

function exampleUrl(route: DocumentedRoute): string {
  const path = route.path.replace(/\{([A-Za-z0-9_]+)\}/g, (_match, key: string) => route.example.params?.[key] ?? `{${key}}`);
  const query = new URLSearchParams(route.example.query ?? {}).toString();
  return query ? `${path}?${query}` : path;
}

/** A property's length and range limits in words ("1–200 characters", "at most 30 items"). */
function limitsOf(schema: JsonSchema): string {
  const range = (low: number | undefined, high: number | undefined, unit: string) =>
    low !== undefined && high !== undefined ? `${low}–${high}${unit}` : high !== undefined ? `at most ${high}${unit}` : low !== undefined && low > 0 ? `at least ${low}${unit}` : '';
  return [range(schema.minLength, schema.maxLength, ' characters'), range(schema.minimum, schema.maximum, ''), range(undefined, schema.maxItems, ' items')].filter(Boolean).join(', ');
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:62rem;margin:0 auto;padding:1rem 1.5rem;color:#1b1b1b}
code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}pre{background:#f4f4f4;padding:.6rem;overflow:auto;border-radius:4px}
section{border-top:1px solid #ccc;padding:.5rem 0 1rem}h2{margin-top:2.5rem}h3{margin-bottom:.2rem}h4{margin:.8rem 0 .2rem}
.method{display:inline-block;min-width:4.2rem;font-size:.8em;padding:.1rem .4rem;border-radius:3px;background:#0b5394;color:#fff;text-align:center}
.summary{font-weight:600;margin:.2rem 0}.access{font-weight:400;color:#555;font-size:.9em;margin-left:.5rem}
table{border-collapse:collapse;width:100%;margin:.3rem 0}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
tr.nested>td{border:none;padding-left:1.5rem}.variant{margin:.3rem 0 0;font-style:italic}nav>ul{columns:2;column-gap:2.5rem;padding-left:1rem}nav>ul>li{break-inside:avoid;margin-bottom:.6rem}nav ul ul{padding-left:1.2rem}nav a{overflow-wrap:anywhere}
@media (max-width:40rem){nav>ul{columns:1}body{overflow-wrap:anywhere}table{display:block;overflow-x:auto}}`;

/** `/api/docs`: the reference as one readable page, rendered from the route table (no script, no external resources). */
export function docsPage(): string {
  const entries = documentedRoutes();
  const areas = API_AREAS.map((area) => ({ area, routes: entries.filter(([, route]) => route.area === area) }));
  const nav = areas
    .map(({ area, routes }) => `<li><strong>${escape(area)}</strong><ul>${routes.map(([name, route]) => `<li><a href="#${escape(name)}">${route.method.toUpperCase()} ${escape(route.path)}</a></li>`).join('')}</ul></li>`)
    .join('');
  const body = areas.map(({ area, routes }) => `<h2>${escape(area)}</h2>${routes.map(([name, route]) => section(name, route)).join('')}`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Accord API reference</title><style>${STYLE}</style></head><body>
<h1>Accord API reference</h1>
<p>Every route of Accord's REST API and event stream, from the same table the server checks requests with. The same reference as OpenAPI 3.1: <a href="/api/openapi.json"><code>/api/openapi.json</code></a>.</p>
<p>Sign in with <code>POST /api/auth/login</code>: the session is a cookie, or send its id as <code>Authorization: Bearer &lt;id&gt;</code>. Changes from a browser page must come from this server's own origin. Every error answers <code>{ "error": "…" }</code>, with <code>field</code> naming the wrong input of a 400, and the other keys listed with the errors that send them.</p>
<nav><ul>${nav}</ul></nav>${body}</body></html>`;
}
