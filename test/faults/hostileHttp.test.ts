import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REQUEST_BODY_BYTES } from '../../shared/limits';
import { startTestServer } from '../support/accordServer';
import { createPolicy, signUpAdmin, type Session } from '../support/session';
import { figure, SEED, seededRandom } from './support/faultKit';

interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
}

/** An HTTP request sent as written: no URL normalisation (fetch would resolve `..` and `%2e%2e` itself). */
function rawRequest(base: string, method: string, path: string, options: { headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const request = http.request({ hostname, port, method, path, headers: options.headers ?? {} }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString() }));
    });
    request.on('error', reject);
    if (options.body !== undefined) request.write(options.body);
    request.end();
  });
}

/** Bytes straight onto a TCP connection, for requests no HTTP client would send. */
function rawBytes(base: string, bytes: string | Buffer): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname, () => socket.end(bytes));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
  });
}

/** The rule for every hostile request: a 4xx, a JSON object with an `error` message, and nothing internal. */
function expectCleanRefusal(answer: RawAnswer, what: string): void {
  expect(answer.status, `${what}: ${answer.status} ${answer.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(answer.status, `${what}: ${answer.text.slice(0, 200)}`).toBeLessThan(500);
  expect(answer.contentType, what).toMatch(/^application\/json/);
  const body = JSON.parse(answer.text) as { error?: unknown };
  expect(typeof body.error, what).toBe('string');
  expect(answer.text, `${what}: no stack trace`).not.toMatch(/\n\s+at |\.ts:\d+|node_modules|\/work\/|Error:/);
}

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: Session;
let policyId: string;
let sectionId: string;
const errorsLogged: string[] = [];

beforeAll(async () => {
  server = await startTestServer({
    logger: {
      info: () => {},
      warn: () => {},
      error: (event, fields) => errorsLogged.push(`${event} ${JSON.stringify(fields)}`),
    },
  });
  admin = await signUpAdmin(server.url);
  policyId = await createPolicy(server.url, admin, { title: 'HTTP target' });
  const answer = await rawRequest(server.url, 'GET', `/api/policies/${policyId}`, { headers: { cookie: admin.cookie } });
  sectionId = JSON.parse(answer.text).sections[0].id;
});
afterAll(async () => {
  await server?.close();
});

const json = (cookie?: string) => ({ 'content-type': 'application/json', ...(cookie ? { cookie } : {}) });

describe('hostile HTTP input: always a 4xx with a JSON error, never a 500, never a stack trace', () => {
  it('bad JSON, wrong types and odd bodies', async () => {
    const bodies: [string, string][] = [
      ['truncated JSON', '{"title": "x'],
      ['not JSON', 'title=x'],
      ['JSON null', 'null'],
      ['JSON string', '"a title"'],
      ['JSON number', '42'],
      ['JSON array', '[{"title":"x"}]'],
      ['number title', '{"title": 42}'],
      ['array title', '{"title": ["x"]}'],
      ['object title', '{"title": {"toString": "x"}}'],
      ['null title', '{"title": null}'],
      ['empty title', '{"title": "   "}'],
      ['prototype pollution', '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}, "title": 5}'],
      ['deeply nested', '['.repeat(50_000) + ']'.repeat(50_000)],
      ['huge number', '{"title": 1e999999}'],
      ['duplicate keys', '{"title": "a", "title": 7}'],
      ['BOM', '\ufeff{"title": 7}'],
    ];
    for (const [what, body] of bodies) {
      expectCleanRefusal(await rawRequest(server.url, 'POST', '/api/policies', { headers: json(admin.cookie), body }), what);
    }
    // The same on the sign-in routes, without a session.
    for (const [what, body] of bodies.slice(0, 8)) {
      expectCleanRefusal(await rawRequest(server.url, 'POST', '/api/auth/login', { headers: json(), body }), `login: ${what}`);
      expectCleanRefusal(await rawRequest(server.url, 'POST', '/api/auth/signup', { headers: json(), body }), `signup: ${what}`);
    }
    expectCleanRefusal(await rawRequest(server.url, 'POST', `/api/policies/${policyId}/sections/${sectionId}/signoffs`, { headers: json(admin.cookie), body: '{"hash": 5}' }), 'sign-off with a number hash');
    expectCleanRefusal(await rawRequest(server.url, 'PATCH', `/api/policies/${policyId}`, { headers: json(admin.cookie), body: '{"gradeTarget": "nine"}' }), 'grade target as text');
    expectCleanRefusal(await rawRequest(server.url, 'POST', '/api/policies', { headers: { 'content-type': 'application/json; charset=klingon', cookie: admin.cookie }, body: '{}' }), 'unknown charset');
    expectCleanRefusal(await rawRequest(server.url, 'POST', '/api/policies', { headers: { 'content-type': 'application/json', 'content-encoding': 'br-nonsense', cookie: admin.cookie }, body: '{}' }), 'unknown content encoding');
  });

  it('huge bodies, declared or real', async () => {
    const huge = '{"title":"' + 'x'.repeat(MAX_REQUEST_BODY_BYTES * 4) + '"}';
    const answer = await rawRequest(server.url, 'POST', '/api/policies', { headers: json(admin.cookie), body: huge });
    expectCleanRefusal(answer, 'huge JSON body');
    expect(answer.status).toBe(413);
    expectCleanRefusal(await rawRequest(server.url, 'POST', '/api/auth/login', { headers: json(), body: huge }), 'huge login body');
    expectCleanRefusal(await rawRequest(server.url, 'POST', '/api/policies', { headers: { 'content-type': 'text/plain', cookie: admin.cookie }, body: 'x'.repeat(MAX_REQUEST_BODY_BYTES * 4) }), 'huge text body');
  });

  it('unknown routes and methods', async () => {
    const cases: [string, string][] = [
      ['GET', '/api/nope'],
      ['GET', '/api/'],
      ['DELETE', '/api/policies'],
      ['PUT', `/api/policies/${policyId}`],
      ['PROPFIND', '/api/policies'],
      ['GET', '/api/policies/' + policyId + '/nothing/here'],
      ['POST', '/api/health'],
    ];
    for (const [method, path] of cases) expectCleanRefusal(await rawRequest(server.url, method, path, { headers: { cookie: admin.cookie } }), `${method} ${path}`);
  });

  it('path tricks in ids, with and without a session', async () => {
    const random = seededRandom(SEED);
    const tricks = [
      '..',
      '..%2f..%2f..%2fetc%2fpasswd',
      '%2e%2e',
      '%2e%2e%2f%2e%2e%2faccord.db',
      '..%5c..%5cwindows',
      'abc%00def',
      '%00',
      'a'.repeat(6_000),
      encodeURIComponent('政策🙂‮evil'),
      '%E0%A4%A',
      '%',
      '%%32%65',
      encodeURIComponent("' OR 1=1 --"),
      encodeURIComponent('<script>alert(1)</script>'),
      'CON',
      '.',
      '%20',
      encodeURIComponent(policyId + '\n'),
      policyId.toUpperCase(),
      Array.from({ length: 64 }, () => String.fromCharCode(33 + Math.floor(random() * 90))).map(encodeURIComponent).join(''),
    ];
    const routes = (id: string) => [
      ['GET', `/api/policies/${id}`],
      ['GET', `/api/policies/${id}/audit`],
      ['GET', `/api/policies/${id}/events`],
      ['GET', `/api/policies/${id}/export?format=md`],
      ['GET', `/api/policies/${id}/inventory`],
      ['PATCH', `/api/policies/${id}`],
      ['POST', `/api/policies/${id}/sections/${id}/signoffs`],
      ['DELETE', `/api/policies/${policyId}/sections/${id}/signoffs`],
      ['GET', `/api/policies/${policyId}/sections/${id}/signoffs/${id}`],
      ['GET', `/api/auth/invites/${id}`],
      ['GET', `/api/templates/${id}`],
    ];
    let checked = 0;
    for (const id of tricks) {
      for (const [method, path] of routes(id)) {
        for (const cookie of [admin.cookie, undefined]) {
          const headers: Record<string, string> = cookie ? json(cookie) : { 'content-type': 'application/json' };
          const body = method === 'GET' || method === 'DELETE' ? undefined : '{"hash":"' + '0'.repeat(64) + '","gradeTarget":9}';
          expectCleanRefusal(await rawRequest(server.url, method!, path!, { headers, ...(body ? { body } : {}) }), `${method} ${path!.slice(0, 80)} ${cookie ? 'signed in' : 'anonymous'}`);
          checked += 1;
        }
      }
    }
    const queryTricks = ['format=..%2f..%2fetc', 'format=md&format=pdf', 'version=endorsed&version=current', 'format=%E0%A4%A', 'format=' + 'x'.repeat(5000)];
    for (const query of queryTricks) {
      expectCleanRefusal(await rawRequest(server.url, 'GET', `/api/policies/${policyId}/export?${query}`, { headers: { cookie: admin.cookie } }), `export ?${query.slice(0, 40)}`);
      checked += 1;
    }
    figure('hostile http', { requestsChecked: checked, idTricks: tricks.length, errorsLogged: errorsLogged.length });
  });

  it('hostile cookies, tokens and headers', async () => {
    const headerSets: Record<string, string>[] = [
      { cookie: 'accord_session=%E0%A4%A' },
      { cookie: 'accord_session=' + 'z'.repeat(4000) },
      { cookie: 'accord_session' },
      { cookie: ';;;=;=;' },
      { authorization: 'Bearer ' },
      { authorization: 'Bearer ' + '\u00ff'.repeat(100) },
      { authorization: 'Basic YWRtaW46YWRtaW4=' },
      { origin: 'null', cookie: admin.cookie },
      { origin: 'https://evil.example', cookie: admin.cookie },
    ];
    for (const headers of headerSets) {
      expectCleanRefusal(await rawRequest(server.url, 'POST', '/api/policies', { headers: { 'content-type': 'application/json', ...headers }, body: '{"title":"x"}' }), JSON.stringify(headers).slice(0, 80));
    }
    expectCleanRefusal(await rawRequest(server.url, 'GET', '/api/policies?token=%E0%A4%A'), 'malformed token in query');
    expectCleanRefusal(await rawRequest(server.url, 'GET', '/api/policies?token=a&token=b'), 'two tokens in query');
  });

  it('WebSocket upgrades with hostile paths are answered, never crash the server', async () => {
    const paths = ['/collab/%E0%A4%A', '/collab/..%2f..%2f', '/collab/' + 'a'.repeat(10_000), '/collab/%00', '/collab/', '/collab//x'];
    for (const path of paths) {
      const answer = await rawBytes(
        server.url,
        `GET ${path} HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nCookie: ${admin.cookie}\r\n\r\n`,
      );
      expect(answer, path).toMatch(/^HTTP\/1\.1 (101|4\d\d)/);
    }
    const anonymous = await rawBytes(server.url, `GET /collab/${policyId} HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`);
    expect(anonymous).toMatch(/^HTTP\/1\.1 401/);
    expect(anonymous).toContain('{"error":');
    // A path that resolves outside /collab is not a WebSocket endpoint: the connection is dropped.
    for (const path of [`/collab/${policyId}/../../x`, '/collab/%2e%2e/%2e%2e/x']) {
      const outside = await rawBytes(server.url, `GET ${path} HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`);
      expect(outside, path).toBe('');
    }
    expect((await rawRequest(server.url, 'GET', '/api/health')).status).toBe(200);
  });

  it('requests the HTTP parser itself refuses get a 400 and the server carries on', async () => {
    const requests = [
      'GET /api/policies/a\u0000b HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ' + 'h'.repeat(20_000) + '\r\n\r\n',
      'NOT-HTTP\r\n\r\n',
      'GET http://[::1 HTTP/1.1\r\nHost: x\r\n\r\n',
      'POST /api/policies HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nzzzzz',
    ];
    for (const request of requests) {
      const answer = await rawBytes(server.url, request);
      expect(answer, JSON.stringify(request.slice(0, 40))).toMatch(/^HTTP\/1\.1 4\d\d/);
      expect(answer).not.toMatch(/\n\s+at |node_modules/);
    }
    expect((await rawRequest(server.url, 'GET', '/api/health')).status).toBe(200);
  });

  it('logged no unexpected error while refusing all of the above', () => {
    expect(errorsLogged.filter((line) => line.startsWith('http.unhandled'))).toEqual([]);
  });
});
