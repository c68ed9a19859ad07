import SwaggerParser from '@apidevtools/swagger-parser';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expressPath, type RouteContract } from '../shared/api/route';
import { documentedRoutes } from '../shared/api/routeDocs';
import { routeContractOf } from '../server/routes/contractRouter';
import { startTestServer } from './support/accordServer';
import { ApiContract } from './support/apiContract';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

interface Layer {
  rawPath?: string;
  route?: { path: string; stack: { method?: string; handle: unknown }[] };
  handle: { stack?: Layer[] };
}

/** Every route the Express app mounts under /api and /read (the staff links): method, full path, and the contract its handler was registered with. */
function mountedRoutes(app: Express): { method: string; path: string; contract: RouteContract | undefined }[] {
  const found: { method: string; path: string; contract: RouteContract | undefined }[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const path = `${prefix}${layer.route.path === '/' && prefix ? '' : layer.route.path}`;
        if (typeof layer.route.path !== 'string' || !(path.startsWith('/api') || path.startsWith('/read/'))) continue;
        // A route's stack holds one layer per handler (an admin route has two): one entry per method.
        for (const method of new Set(layer.route.stack.map((handler) => handler.method).filter(Boolean))) {
          const handlers = layer.route.stack.filter((handler) => handler.method === method);
          found.push({ method: method!, path, contract: handlers.map((handler) => routeContractOf(handler.handle)).find(Boolean) });
        }
      } else if (layer.handle.stack) {
        walk(layer.handle.stack, prefix + (layer.rawPath && layer.rawPath !== '/' ? layer.rawPath : ''));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return found;
}

describe('the API reference', () => {
  it('serves a valid OpenAPI 3.1 document without sign-in', async () => {
    const response = await fetch(`${server.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const document = await response.json();
    expect(document.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeTruthy();
    // The contract checker compiles against the served document, not only the one in memory.
    expect(new ApiContract(document).check([{ method: 'GET', path: '/api/me', status: 401, contentType: 'application/json', body: { error: 'Please sign in' }, hasJsonBody: true }])).toEqual([]);
  });

  it('holds every route the server mounts, and each was mounted through its contract', async () => {
    const document = await (await fetch(`${server.url}/api/openapi.json`)).json();
    const documented = new Set(Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${expressPath(path)}`)));
    const mounted = mountedRoutes(server.app);
    const withoutContract = mounted.filter((route) => !route.contract).map((route) => `${route.method} ${route.path}`);
    expect(withoutContract, 'routes mounted without a contract entry').toEqual([]);
    // Each handler sits at the path and method its contract names.
    for (const route of mounted) expect(`${route.method} ${route.path}`).toBe(`${route.contract!.method} ${expressPath(route.contract!.path)}`);
    const mountedKeys = mounted.map((route) => `${route.method} ${route.path}`);
    expect(mountedKeys.filter((key) => !documented.has(key)), 'mounted but not documented').toEqual([]);
    expect([...documented].filter((key) => !mountedKeys.includes(key)), 'documented but not mounted').toEqual([]);
    expect(mountedKeys.length).toBe(documentedRoutes().length);
    console.log(`routes: ${mountedKeys.length} mounted, ${documented.size} in the document`);
  });

  it('finds a route mounted without its contract', () => {
    // The walk above is only worth something if it sees a plain route: mount one on a copy of the stack and look.
    const app = server.app as unknown as { router: { stack: Layer[] } };
    const plain: Layer = { rawPath: '/api/extra', handle: { stack: [{ route: { path: '/', stack: [{ method: 'get', handle: () => {} }] }, handle: {} }] } };
    const found = mountedRoutes({ router: { stack: [...app.router.stack, plain] } } as unknown as Express);
    expect(found.filter((route) => !route.contract).map((route) => `${route.method} ${route.path}`)).toEqual(['get /api/extra']);
  });

  it('renders /api/docs: a readable page naming every route, under the app’s CSP', async () => {
    const response = await fetch(`${server.url}/api/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await response.text();
    for (const [, route] of documentedRoutes()) {
      expect(html, `${route.method} ${route.path}`).toContain(`<span class="method">${route.method.toUpperCase()}</span> <code>${route.path.replace(/&/g, '&#38;')}</code>`);
      expect(html).toContain(route.summary.replace(/'/g, '&#39;').replace(/"/g, '&#34;').replace(/&(?!#)/g, '&#38;'));
    }
    expect(html).not.toMatch(/<script|https?:\/\/(?!accord\.example\.org)[^"'\s]*\.(js|css)/);
  });

  it('gives every route an example that its own schemas accept', () => {
    for (const [name, route] of documentedRoutes()) {
      const { example } = route;
      expect(route.responses[example.status], `${name}: example status`).toBeDefined();
      if (route.params) expect(route.params.safeParse(example.params ?? {}).success, `${name}: example params`).toBe(true);
      if (route.query) expect(route.query.safeParse(example.query ?? {}).success, `${name}: example query`).toBe(true);
      if (route.body) expect(route.body.safeParse(JSON.parse(JSON.stringify(example.body))).error?.issues ?? [], `${name}: example body`).toEqual([]);
      if ((route.kind ?? 'json') === 'json') expect(route.responses[example.status]!.safeParse(example.response).error?.issues ?? [], `${name}: example answer`).toEqual([]);
    }
  });

  it('refuses an answer the document does not allow', () => {
    const contract = new ApiContract();
    const problems = contract.check([
      { method: 'GET', path: '/api/me', status: 200, contentType: 'application/json', body: { id: 'u', email: 'e', name: 'n', department: 'hr', role: 'admin', passwordHash: 'x' }, hasJsonBody: true },
      { method: 'GET', path: '/api/me', status: 418, contentType: 'application/json', body: { error: 'teapot' }, hasJsonBody: true },
      { method: 'GET', path: '/api/policies/abc/export', status: 200, contentType: 'application/zip', body: undefined, hasJsonBody: false },
    ]);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/GET \/api\/me → 200 \(me\): .*additional properties/);
    expect(problems[1]).toMatch(/status 418 is not in the document/);
    expect(problems[2]).toMatch(/content type application\/zip/);
  });
});
