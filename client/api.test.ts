import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { POLICY_EVENTS, type HealthBody, type PolicyDetail, type StatusEvent } from '../shared/api';
import { routeDocs } from '../shared/api/routeDocs';
import { ApiError, eventStreamUrl, NOT_UNDERSTOOD_MESSAGE, onPolicyEvent, request, requestFile, routes, UNREACHABLE_MESSAGE } from './api';

interface Call {
  url: string;
  init: RequestInit;
}

let calls: Call[] = [];

/** Stubs the browser's fetch (the client's boundary) with one that answers with real Response objects. */
function answer(respond: (call: Call) => Response | Promise<Response>): void {
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const call = { url, init };
    calls.push(call);
    return respond(call);
  });
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

beforeEach(() => {
  calls = [];
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('request: the URL and what is sent', () => {
  it('fills the path template with each parameter encoded', async () => {
    answer(() => json(200, routeDocs.signedContent.example.response));
    await request(routes.signedContent, { params: { id: 'p 1/2', sectionId: 's?x', department: 'legal&hr' } });
    expect(calls[0]!.url).toBe('/api/policies/p%201%2F2/sections/s%3Fx/signoffs/legal%26hr');
    expect(calls[0]!.init.method).toBe('GET');
    expect(calls[0]!.init.body).toBeUndefined();
    expect(calls[0]!.init.credentials).toBe('same-origin');
  });

  it('adds the query, leaving out values not given', async () => {
    answer(() => new Response('# Policy', { status: 200, headers: { 'content-type': 'text/markdown; charset=utf-8' } }));
    await requestFile(routes.exportPolicy, { params: { id: 'p1' }, query: { format: 'md', version: 'endorsed' } });
    await requestFile(routes.exportPolicy, { params: { id: 'p1' }, query: { format: 'md', version: undefined } });
    expect(calls.map((call) => call.url)).toEqual(['/api/policies/p1/export?format=md&version=endorsed', '/api/policies/p1/export?format=md']);
  });

  it('sends the body as JSON with the route’s method', async () => {
    answer(() => json(201, routeDocs.signSection.example.response));
    const hash = 'a'.repeat(64);
    await request(routes.signSection, { params: { id: 'p1', sectionId: 's1' }, body: { hash, comment: 'Fine by legal' } });
    expect(calls[0]!.url).toBe('/api/policies/p1/sections/s1/signoffs');
    expect(calls[0]!.init.method).toBe('POST');
    expect(calls[0]!.init.headers).toEqual({ 'content-type': 'application/json' });
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ hash, comment: 'Fine by legal' });
  });

  it('gives the event stream’s URL for an EventSource', () => {
    expect(eventStreamUrl(routes.policyEvents, { params: { id: 'p/1' } })).toBe('/api/policies/p%2F1/events');
  });
});

describe('request: the answer', () => {
  it('returns the body parsed with the schema of its status, typed by the route', async () => {
    answer(() => json(200, routeDocs.getPolicy.example.response));
    const policy = await request(routes.getPolicy, { params: { id: 'p_8Hq2kLm4Xv' } });
    expectTypeOf(policy).toEqualTypeOf<PolicyDetail>();
    expect(policy.sections[0]?.readability.grade).toBe(9.1);
    expect(policy).toEqual(routeDocs.getPolicy.example.response);
  });

  it('parses a listed non-2xx answer with its own schema (health while storage refuses writes)', async () => {
    const health = { ...routeDocs.health.example.response, ok: false, storage: { ...routeDocs.health.example.response.storage, ok: false, writable: false } };
    answer(() => json(503, health));
    const result = await request(routes.health);
    expectTypeOf(result).toEqualTypeOf<HealthBody>();
    expect(result.ok).toBe(false);
  });

  it('refuses an answer that does not match the contract, with a sentence for people and the issue in the console', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    answer(() => json(200, { ...routeDocs.getPolicy.example.response, status: 'approved' }));
    const failure = await request(routes.getPolicy, { params: { id: 'p1' } }).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 200, message: NOT_UNDERSTOOD_MESSAGE });
    expect(logged).toHaveBeenCalledOnce();
    expect(JSON.stringify(logged.mock.calls[0])).toContain('status');
  });

  it('refuses a success status the route does not list, and a body that is not JSON', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    answer(() => new Response(null, { status: 204 }));
    await expect(request(routes.me)).rejects.toMatchObject({ status: 204, message: NOT_UNDERSTOOD_MESSAGE });
    answer(() => new Response('<html>proxy page</html>', { status: 200 }));
    await expect(request(routes.me)).rejects.toMatchObject({ status: 200, message: NOT_UNDERSTOOD_MESSAGE });
  });
});

describe('request: errors', () => {
  it('makes an ApiError of the error body, with its status, message and field', async () => {
    answer(() => json(400, { error: 'email: enter a valid email address', field: 'email' }));
    const failure = await request(routes.login, { body: { email: 'nope', password: 'x' } }).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 400, message: 'email: enter a valid email address', field: 'email', body: { field: 'email' } });
  });

  it('keeps the extra keys of an error body (the current hash of a changed section)', async () => {
    answer(() => json(409, { error: 'The section changed while you were reading it', currentHash: 'b'.repeat(64) }));
    const failure = await request(routes.signSection, { params: { id: 'p1', sectionId: 's1' }, body: { hash: 'a'.repeat(64) } }).catch((caught: unknown) => caught);
    expect(failure).toMatchObject({ status: 409, field: undefined, body: { currentHash: 'b'.repeat(64) } });
  });

  it('tells the app the session ended on 401', async () => {
    const page = new EventTarget();
    vi.stubGlobal('window', page);
    const signedOut = vi.fn();
    page.addEventListener('accord:signed-out', signedOut);
    answer(() => json(401, { error: 'Sign in first' }));
    await expect(request(routes.me)).rejects.toMatchObject({ status: 401, message: 'Sign in first' });
    expect(signedOut).toHaveBeenCalledOnce();
  });

  it('still shows the sentence of an error body with keys the contract does not know, and says the status when there is none', async () => {
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    answer(() => json(418, { error: 'I am a teapot', brewing: true }));
    await expect(request(routes.me)).rejects.toMatchObject({ status: 418, message: 'I am a teapot' });
    expect(warned).toHaveBeenCalledOnce();
    answer(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    await expect(request(routes.me)).rejects.toMatchObject({ status: 502, message: 'The server answered 502' });
  });

  it('says the server cannot be reached when fetch fails', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const failure = await request(routes.listPolicies).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 0, message: UNREACHABLE_MESSAGE });
  });
});

describe('requestFile', () => {
  it('returns the file with the name the server suggests', async () => {
    answer(() => new Response('# Policy', { status: 200, headers: { 'content-type': 'text/markdown; charset=utf-8', 'content-disposition': 'attachment; filename="policy.md"' } }));
    const file = await requestFile(routes.exportPolicy, { params: { id: 'p1' }, query: { format: 'md' } });
    expect(file.fileName).toBe('policy.md');
    expect(await file.blob.text()).toBe('# Policy');
  });

  it('refuses a content type the route does not send, and makes an ApiError of an error body', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    answer(() => new Response('<html>login</html>', { status: 200, headers: { 'content-type': 'text/plain' } }));
    await expect(requestFile(routes.exportPolicy, { params: { id: 'p1' } })).rejects.toMatchObject({ message: NOT_UNDERSTOOD_MESSAGE });
    answer(() => json(404, { error: 'This policy has never been endorsed' }));
    await expect(requestFile(routes.exportPolicy, { params: { id: 'p1' }, query: { version: 'endorsed' } })).rejects.toMatchObject({
      status: 404,
      message: 'This policy has never been endorsed',
    });
  });
});

describe('onPolicyEvent', () => {
  const statusPayload = routeDocs.policyEvents.example.response;

  it('hands on a payload parsed with its event’s schema', () => {
    const source = new EventTarget();
    const received: StatusEvent[] = [];
    onPolicyEvent(source, POLICY_EVENTS.status, (payload) => {
      expectTypeOf(payload).toEqualTypeOf<StatusEvent>();
      received.push(payload);
    });
    source.dispatchEvent(new MessageEvent(POLICY_EVENTS.status, { data: JSON.stringify(statusPayload) }));
    expect(received).toEqual([statusPayload]);
  });

  it('ignores, with a warning, a payload that is not JSON or does not match, and keeps listening', () => {
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const source = new EventTarget();
    const received: unknown[] = [];
    onPolicyEvent(source, POLICY_EVENTS.status, (payload) => received.push(payload));
    source.dispatchEvent(new MessageEvent(POLICY_EVENTS.status, { data: '{not json' }));
    source.dispatchEvent(new MessageEvent(POLICY_EVENTS.status, { data: JSON.stringify({ ...statusPayload, sections: 'none' }) }));
    expect(received).toEqual([]);
    expect(warned).toHaveBeenCalledTimes(2);
    source.dispatchEvent(new MessageEvent(POLICY_EVENTS.status, { data: JSON.stringify(statusPayload) }));
    expect(received).toHaveLength(1);
  });

  it('listens to its own event only, until stopped', () => {
    const source = new EventTarget();
    const received: unknown[] = [];
    const stop = onPolicyEvent(source, POLICY_EVENTS.access, (payload) => received.push(payload.message));
    source.dispatchEvent(new MessageEvent(POLICY_EVENTS.status, { data: JSON.stringify(statusPayload) }));
    source.dispatchEvent(new MessageEvent(POLICY_EVENTS.access, { data: JSON.stringify({ message: 'Your access ended' }) }));
    stop();
    source.dispatchEvent(new MessageEvent(POLICY_EVENTS.access, { data: JSON.stringify({ message: 'again' }) }));
    expect(received).toEqual(['Your access ended']);
  });
});
