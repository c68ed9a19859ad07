import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { AccessChanged, describeClose, shouldReconnect, Unauthorized } from '../shared/closeCodes';
import { messageAuth } from '../shared/protocol';
import { startTestServer } from './support/accordServer';
import { connectClient, eventually, firstParagraphText, synced, typeInFirstSection } from './support/collabClient';
import { ManualClock } from './support/manualClock';
import { call, createPolicy, login, signUpAdmin, signUpInvited, type Session } from './support/session';
import { cleanupStack } from './support/cleanups';

/**
 * Access ends at once (issue #15, item 1). Before: an admin deleted a viewer (`/api/me` → 401),
 * and their open WebSocket still received a new edit 6 s later while their status event stream
 * kept sending. Now every socket and stream of a person whose access changed is closed (4410)
 * or re-authorized within 1 s.
 */

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

const cleanups = cleanupStack();

/** A stock y-websocket client with a cookie that records how the server closed it and the auth messages it got. */
function watchedClient(server: TestServer, policyId: string, session: Session | string) {
  const cookie = typeof session === 'string' ? session : session.cookie;
  const client = connectClient(server.url, policyId, { headers: { cookie } });
  const closes: { code: number; reason: string; at: number }[] = [];
  const denied: string[] = [];
  client.provider.on('connection-close', (event: { code: number; reason: string } | null) => {
    if (event) closes.push({ code: event.code, reason: event.reason, at: Date.now() });
  });
  // What the server tells a connection that stays open with fewer rights (y-protocols auth: permission denied).
  client.provider.messageHandlers[messageAuth] = (_encoder, decoder) => {
    if (decoding.readVarUint(decoder) === 0) denied.push(decoding.readVarString(decoder));
  };
  cleanups.push(() => client.destroy());
  return { client, closes, denied };
}

/** An event stream read with fetch that tells when the server ended it. */
async function watchedStream(server: TestServer, policyId: string, cookie: string) {
  const controller = new AbortController();
  const response = await fetch(`${server.url}/api/policies/${policyId}/events`, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal });
  expect(response.status).toBe(200);
  const state = { text: '', endedAt: null as number | null };
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        state.text += value;
      }
      state.endedAt = Date.now();
    } catch {
      // aborted
    }
  })();
  cleanups.push(() => controller.abort());
  return state;
}

let server: TestServer;
let admin: Session;
let policyId: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signUpAdmin(server.url, 'communications');
  policyId = await createPolicy(server.url, admin, { title: 'Policy', templateId: 'retail-consumer-brand', organization: 'Northwind' });
});
afterAll(() => server.close());

describe('access ends at once', () => {
  it('closes a deleted viewer’s socket (4410) and ends their event stream within 1 s; they receive no later edit', async () => {
    const viewer = await signUpInvited(server.url, admin, 'hr', 'viewer', 'Vic Viewer');
    const watched = watchedClient(server, policyId, viewer);
    await synced(watched.client);
    const stream = await watchedStream(server, policyId, viewer.cookie);
    await eventually(() => expect(stream.text).toContain('event: status'));
    const writer = watchedClient(server, policyId, admin);
    await synced(writer.client);

    const removed = await call(server.url, `/api/users/${viewer.user.id}`, { method: 'DELETE', cookie: admin.cookie });
    expect(removed.status).toBe(200);
    const removedAt = Date.now();
    expect((await call(server.url, '/api/me', { cookie: viewer.cookie })).status).toBe(401);

    await eventually(() => expect(watched.closes.map((close) => close.code)).toContain(AccessChanged.code), 1_000);
    await eventually(() => expect(stream.endedAt).not.toBeNull(), 1_000);
    console.log(`deleted viewer: socket closed ${watched.closes[0]!.at - removedAt} ms and stream ended ${stream.endedAt! - removedAt} ms after the DELETE answered`);
    expect(watched.closes[0]!.reason).toBe(AccessChanged.reason);
    // The client explains it in words and does not retry.
    expect(describeClose(AccessChanged.code)).toMatch(/access to this policy changed/);
    expect(shouldReconnect(AccessChanged.code)).toBe(false);
    expect(stream.text).toContain('event: access');

    typeInFirstSection(writer.client.doc, ' edit after removal');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(firstParagraphText(watched.client.doc)).not.toContain('edit after removal');
    // A 44xx close is final: the stock client does not come back with the dead cookie either.
    expect(watched.client.provider.wsconnected).toBe(false);
  });

  it('closes sockets of an expired session (4401, sign in again) within about 1 s of expiry', async () => {
    const ttlMs = 60_000;
    const clock = new ManualClock();
    const short = await startTestServer({ sessionTtlMs: ttlMs, clock });
    cleanups.push(() => short.close());
    const owner = await signUpAdmin(short.url, 'communications');
    const shortPolicy = await createPolicy(short.url, owner, { title: 'Short' });
    const watched = watchedClient(short, shortPolicy, owner);
    await synced(watched.client);
    const stream = await watchedStream(short, shortPolicy, owner.cookie);
    clock.advance(ttlMs - 1);
    // Nothing closes before the session's time is up.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(watched.closes).toEqual([]);
    expect(stream.endedAt).toBeNull();
    // The session runs out now (its expiry timer fires on the clock); the close must follow within about 1 s.
    clock.advance(1_000);
    const expiredAt = Date.now();
    await eventually(() => expect(watched.closes.map((close) => close.code)).toContain(Unauthorized.code), 1_000);
    await eventually(() => expect(stream.endedAt).not.toBeNull(), 1_000);
    const after = watched.closes[0]!.at - expiredAt;
    console.log(`expired session: socket closed ${after} ms after expiry (ttl ${ttlMs} ms on a manual clock)`);
    expect(after).toBeLessThan(1_000);
    expect((await call(short.url, '/api/me', { cookie: owner.cookie })).status).toBe(401);
  });

  it('ends sockets (4401) and streams of the session that signed out, and keeps the same person’s other session', async () => {
    const person = await signUpInvited(server.url, admin, 'legal', 'editor', 'Lee Legal');
    const second = await login(server.url, person.user.email);
    expect(second.cookie).toBeTruthy();
    const first = watchedClient(server, policyId, person);
    const other = watchedClient(server, policyId, second.cookie!);
    await Promise.all([synced(first.client), synced(other.client)]);
    const stream = await watchedStream(server, policyId, person.cookie);
    const otherStream = await watchedStream(server, policyId, second.cookie!);

    expect((await call(server.url, '/api/auth/logout', { method: 'POST', cookie: person.cookie })).status).toBe(200);
    await eventually(() => expect(first.closes.map((close) => close.code)).toContain(Unauthorized.code), 1_000);
    await eventually(() => expect(stream.endedAt).not.toBeNull(), 1_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(other.closes).toEqual([]);
    expect(otherStream.endedAt).toBeNull();
    // The other session still edits.
    typeInFirstSection(other.client.doc, ' still here');
    const reader = watchedClient(server, policyId, admin);
    await synced(reader.client);
    await eventually(() => expect(firstParagraphText(reader.client.doc)).toContain('still here'));
  });

  it('keeps a demoted editor connected read-only and tells them; their later edits are not applied', async () => {
    const editor = await signUpInvited(server.url, admin, 'marketing', 'editor', 'Mo Marketing');
    const watched = watchedClient(server, policyId, editor);
    await synced(watched.client);
    const stream = await watchedStream(server, policyId, editor.cookie);
    const reader = watchedClient(server, policyId, admin);
    await synced(reader.client);

    const changed = await call(server.url, `/api/users/${editor.user.id}`, { method: 'PATCH', json: { role: 'viewer' }, cookie: admin.cookie });
    expect(changed.status).toBe(200);
    await eventually(() => expect(watched.denied.length).toBeGreaterThan(0), 1_000);
    expect(watched.denied[0]).toMatch(/access to this policy changed/i);
    expect(watched.closes).toEqual([]);

    typeInFirstSection(watched.client.doc, ' viewer tries to write');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(firstParagraphText(reader.client.doc)).not.toContain('viewer tries to write');
    // A viewer may still follow the sign-off status.
    expect(stream.endedAt).toBeNull();
  });

  it('tells a connection at once when the person’s department changes, and keeps it open', async () => {
    const editor = await signUpInvited(server.url, admin, 'it', 'editor', 'Ira IT');
    const watched = watchedClient(server, policyId, editor);
    await synced(watched.client);
    const changed = await call(server.url, `/api/users/${editor.user.id}`, { method: 'PATCH', json: { department: 'legal' }, cookie: admin.cookie });
    expect(changed.status).toBe(200);
    await eventually(() => expect(watched.denied).toEqual([AccessChanged.reason]), 1_000);
    expect(watched.closes).toEqual([]);
    // Their caret now shows the new department (the server writes identities into presence).
    watched.client.provider.awareness.setLocalStateField('cursor', { at: 1 });
    await eventually(() => expect((server.rooms.get(policyId)!.awareness.getStates().get(watched.client.doc.clientID) as { user?: { department?: string } })?.user?.department).toBe('legal'));
  });
});
