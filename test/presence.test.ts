import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import { MAX_AWARENESS_IDS_PER_CONNECTION, MAX_AWARENESS_STATE_BYTES } from '../shared/limits';
import { messageAwareness, messageSync } from '../shared/protocol';
import { createLogger } from '../server/logger';
import { startTestServer } from './support/accordServer';
import { eventually } from './support/collabClient';
import { createPolicy, signUpAdmin, signUpInvited, type Session } from './support/session';
import { awarenessStates } from './support/awarenessStates';

/**
 * Bounded presence (issue #15, item 5). Before: a viewer sent 40 awareness messages of 1.9 MB,
 * each for a new client id; server memory went from 145 to 356 MB and every newcomer was sent
 * 76 MB. Now a connection may hold at most MAX_AWARENESS_IDS_PER_CONNECTION ids with states of at
 * most MAX_AWARENESS_STATE_BYTES, at a limited rate; the excess is dropped, logged and never relayed.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: Session;
let viewer: Session;
let policyId: string;
const logLines: string[] = [];

beforeAll(async () => {
  server = await startTestServer({ logger: createLogger({ quiet: true, write: (line) => logLines.push(line) }) });
  admin = await signUpAdmin(server.url, 'communications');
  viewer = await signUpInvited(server.url, admin, 'hr', 'viewer', 'Vic Viewer');
  policyId = await createPolicy(server.url, admin, { title: 'Policy' });
});
afterAll(() => server.close());

/** A raw WebSocket on the collab endpoint that counts the awareness bytes it receives. */
async function rawSocket(session: Session) {
  const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/collab/${policyId}`, { headers: { cookie: session.cookie } });
  const received = { awarenessBytes: 0, awarenessMessages: 0, syncReplies: 0 };
  socket.on('message', (data: Buffer) => {
    if (data[0] === messageSync && data[1] === 1) received.syncReplies += 1;
    if (data[0] === messageAwareness) {
      received.awarenessBytes += data.byteLength;
      received.awarenessMessages += 1;
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, received };
}

/** An awareness frame with one state per [clientId, clock, state]. */
function awarenessFrame(states: [number, number, unknown][]): Uint8Array {
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, messageAwareness);
  encoding.writeVarUint8Array(frame, awarenessStates(states));
  return encoding.toUint8Array(frame);
}

/**
 * Resolves once the server has answered a sync step 1 sent after everything before it (frames of
 * one socket are handled in order), so all earlier frames have been handled.
 */
async function roundTrip(connection: Awaited<ReturnType<typeof rawSocket>>): Promise<void> {
  const before = connection.received.syncReplies;
  // messageSync, step 1, an empty state vector (one varint: zero clients).
  connection.socket.send(Uint8Array.of(messageSync, 0, 1, 0));
  await eventually(() => expect(connection.received.syncReplies).toBeGreaterThan(before), 60_000);
}

/** Heap and buffers still held after a full garbage collection (the server runs in this process). */
function retainedBytes(): number {
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

const dropLogs = () => logLines.filter((line) => line.includes('collab.awareness_dropped'));

describe('bounded presence', () => {
  it('40 states of 1.9 MB under new client ids: nothing of them is relayed or kept', async () => {
    const watcher = await rawSocket(admin);
    const attacker = await rawSocket(viewer);
    const big = 'x'.repeat(1_900_000);
    // Built first, and held to the end, so the attacker's own frames count on both sides of the figure.
    const frames = Array.from({ length: 40 }, (_, index) => awarenessFrame([[1_000 + index, 1, { cursor: big, user: { name: 'Mallory' } }]]));
    const rssBefore = process.memoryUsage().rss;
    const retainedBefore = retainedBytes();
    for (const frame of frames) attacker.socket.send(frame);
    await roundTrip(attacker);
    const rssAfter = process.memoryUsage().rss;

    const newcomer = await rawSocket(admin);
    await roundTrip(newcomer);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const growthMb = Math.round((rssAfter - rssBefore) / 1e6);
    const retainedMb = Math.round((retainedBytes() - retainedBefore) / 1e6);
    expect(frames.length).toBe(40);
    console.log(
      `40 × 1.9 MB awareness states: newcomer received ${newcomer.received.awarenessBytes} bytes of awareness in ${newcomer.received.awarenessMessages} messages; ` +
        `watcher received ${watcher.received.awarenessBytes} bytes; process RSS grew by ${growthMb} MB, ${retainedMb} MB retained after GC; room keeps ${server.rooms.get(policyId)?.awareness.getStates().size} states`,
    );
    expect(newcomer.received.awarenessBytes).toBeLessThan(50_000);
    expect(watcher.received.awarenessBytes).toBeLessThan(50_000);
    expect(server.rooms.get(policyId)!.awareness.getStates().size).toBeLessThanOrEqual(MAX_AWARENESS_IDS_PER_CONNECTION);
    // The frames pass through memory on their way in; what is kept must not grow with them (they total 76 MB).
    expect(retainedMb).toBeLessThan(20);
    // Logged once per connection per minute, not once per frame.
    expect(dropLogs().length).toBe(1);
    for (const connection of [watcher, attacker, newcomer]) connection.socket.close();
  });

  it('relays the first two client ids of a connection and small states, drops a third id and an oversized state', async () => {
    const watcher = await rawSocket(admin);
    const sender = await rawSocket(admin);
    const states = () => server.rooms.get(policyId)!.awareness.getStates();
    sender.socket.send(awarenessFrame([[7_001, 1, { cursor: 1 }], [7_002, 1, { cursor: 2 }], [7_003, 1, { cursor: 3 }]]));
    await roundTrip(sender);
    expect(states().has(7_001)).toBe(true);
    expect(states().has(7_002)).toBe(true);
    expect(states().has(7_003)).toBe(false);
    expect((states().get(7_001) as { user?: { name?: string } }).user?.name).toBe(admin.user.name);
    await eventually(() => expect(watcher.received.awarenessMessages).toBeGreaterThan(0));

    // Just under the limit passes; just over is dropped and the previous state stays.
    const fits = 'y'.repeat(MAX_AWARENESS_STATE_BYTES - 200);
    sender.socket.send(awarenessFrame([[7_001, 2, { cursor: fits }]]));
    await roundTrip(sender);
    expect((states().get(7_001) as { cursor: string }).cursor).toBe(fits);
    sender.socket.send(awarenessFrame([[7_001, 3, { cursor: 'z'.repeat(MAX_AWARENESS_STATE_BYTES + 1) }]]));
    await roundTrip(sender);
    expect((states().get(7_001) as { cursor: string }).cursor).toBe(fits);

    sender.socket.close();
    // Leaving removes what the connection announced.
    await eventually(() => expect(states().has(7_001)).toBe(false));
    watcher.socket.close();
  });

  it('limits the rate of awareness messages per connection', async () => {
    const watcher = await rawSocket(admin);
    const sender = await rawSocket(admin);
    await roundTrip(watcher);
    const start = watcher.received.awarenessMessages;
    const startedAt = Date.now();
    for (let clock = 1; clock <= 200; clock += 1) sender.socket.send(awarenessFrame([[8_001, clock, { cursor: clock }]]));
    await roundTrip(sender);
    const elapsedS = (Date.now() - startedAt) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const relayed = watcher.received.awarenessMessages - start;
    console.log(`200 awareness messages in ${Math.round(elapsedS * 1000)} ms: ${relayed} relayed`);
    expect(relayed).toBeGreaterThan(0);
    expect(relayed).toBeLessThan(200);
    // The burst plus what the rate allows in the time it took.
    expect(relayed).toBeLessThanOrEqual(40 + Math.ceil(20 * (elapsedS + 0.5)));
    for (const connection of [watcher, sender]) connection.socket.close();
  });
});
