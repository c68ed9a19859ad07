import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { Room } from '../../server/collab/room';
import { MAX_MESSAGE_BYTES } from '../../shared/limits';
import { messageAwareness, messageQueryAwareness, messageSync } from '../../shared/protocol';
import { startTestServer } from '../support/accordServer';
import { call, createPolicy, signUpAdmin, type Session } from '../support/session';
import { faultClient, figure, fingerprint, HEAVY, randomInt, SEED, seededRandom, storedDoc, storedFingerprint, typeInto, waitFor, whenSynced } from './support/faultKit';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  while (cleanups.length) await cleanups.pop()!();
});

const FRAMES = HEAVY ? 10_000 : 500;
const OVERSIZE_FRAMES = HEAVY ? 12 : 2;

type Frame = { kind: string; data: Buffer | string; raw?: boolean };

function message(write: (encoder: encoding.Encoder) => void): Buffer {
  const encoder = encoding.createEncoder();
  write(encoder);
  return Buffer.from(encoding.toUint8Array(encoder));
}

/** A whole document's state as one update, bytes compared: equal means nothing changed at all. */
function fullState(doc: Y.Doc): Buffer {
  return Buffer.from(Y.encodeStateAsUpdate(doc));
}

/** A copy of `doc`, including the updates it holds back for missing dependencies (encodeStateAsUpdate carries them). */
function cloneWithPending(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc({ gc: true });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** The Yjs update a frame would hand to the document, read the way the server reads it; null when none. */
function documentUpdateOf(frame: Frame): Uint8Array | null {
  if (frame.raw || typeof frame.data === 'string') return null;
  try {
    const decoder = decoding.createDecoder(new Uint8Array(frame.data));
    if (decoding.readVarUint(decoder) !== messageSync) return null;
    const type = decoding.readVarUint(decoder);
    if (type !== syncProtocol.messageYjsSyncStep2 && type !== syncProtocol.messageYjsUpdate) return null;
    return decoding.readVarUint8Array(decoder);
  } catch {
    return null;
  }
}

/** Seeded generator of hostile frames, built from valid messages of this very document. */
function frameFactory(random: () => number, shadow: Y.Doc) {
  const bytes = (length: number) => {
    const buffer = Buffer.alloc(length);
    for (let index = 0; index < length; index += 1) buffer[index] = Math.floor(random() * 256);
    return buffer;
  };
  // Valid messages are rebuilt from the shadow now and then (building them means copying the document).
  let cached: { messages: Buffer[]; uses: number; state: Buffer } | null = null;
  const validMessages = (): Buffer[] => {
    const state = Buffer.from(Y.encodeStateVector(shadow));
    if (cached && cached.uses < 25 && cached.state.equals(state)) {
      cached.uses += 1;
      return cached.messages;
    }
    cached = { messages: buildValidMessages(), uses: 0, state };
    return cached.messages;
  };
  const buildValidMessages = (): Buffer[] => {
    const scratch = cloneWithPending(shadow);
    const before = Y.encodeStateVector(scratch);
    typeInto(scratch, randomInt(random, 0, 3), `fuzz ${random().toString(36).slice(2, 8)} `);
    const edit = Y.encodeStateAsUpdate(scratch, before);
    const awareness = new awarenessProtocol.Awareness(scratch);
    awareness.setLocalState({ user: { name: 'Mallory' }, cursor: { anchor: randomInt(random, 0, 100) } });
    const awarenessUpdate = awarenessProtocol.encodeAwarenessUpdate(awareness, [scratch.clientID]);
    awareness.destroy();
    const result = [
      message((e) => {
        encoding.writeVarUint(e, messageSync);
        syncProtocol.writeUpdate(e, edit);
      }),
      message((e) => {
        encoding.writeVarUint(e, messageSync);
        syncProtocol.writeSyncStep2(e, scratch, Y.encodeStateVector(shadow));
      }),
      message((e) => {
        encoding.writeVarUint(e, messageSync);
        syncProtocol.writeSyncStep1(e, scratch);
      }),
      message((e) => {
        encoding.writeVarUint(e, messageAwareness);
        encoding.writeVarUint8Array(e, awarenessUpdate);
      }),
      message((e) => {
        encoding.writeVarUint(e, messageSync);
        syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(shadow));
      }),
    ];
    scratch.destroy();
    return result;
  };
  const generators: [string, number, () => Frame][] = [
    ['random bytes', 3, () => ({ kind: 'random bytes', data: bytes(randomInt(random, 0, random() < 0.9 ? 48 : 4096)) })],
    ['empty frame', 0.2, () => ({ kind: 'empty frame', data: Buffer.alloc(0) })],
    [
      'truncated valid',
      3,
      () => {
        const valid = validMessages()[randomInt(random, 0, 4)]!;
        return { kind: 'truncated valid', data: valid.subarray(0, randomInt(random, 1, Math.max(1, valid.length - 1))) };
      },
    ],
    [
      'bit-flipped valid',
      5,
      () => {
        const valid = Buffer.from(validMessages()[randomInt(random, 0, 4)]!);
        const flips = randomInt(random, 1, 8);
        for (let flip = 0; flip < flips; flip += 1) {
          const at = randomInt(random, 0, valid.length - 1);
          valid[at]! ^= 1 << randomInt(random, 0, 7);
        }
        return { kind: 'bit-flipped valid', data: valid };
      },
    ],
    [
      'lying lengths',
      1.5,
      () => ({
        kind: 'lying lengths',
        data: message((e) => {
          encoding.writeVarUint(e, randomInt(random, 0, 3));
          encoding.writeVarUint(e, randomInt(random, 0, 2));
          encoding.writeVarUint(e, random() < 0.5 ? 2 ** 31 + randomInt(random, 0, 1000) : randomInt(random, 1, 10_000));
          encoding.writeUint8Array(e, bytes(randomInt(random, 0, 64)));
        }),
      }),
    ],
    [
      'garbage awareness',
      1,
      () => {
        const json = ['{', 'null', '[1,2', '"x"', '{"user":' + '['.repeat(randomInt(random, 1, 2000)), '{"a":1}'][randomInt(random, 0, 5)]!;
        return {
          kind: 'garbage awareness',
          data: message((e) => {
            encoding.writeVarUint(e, messageAwareness);
            const inner = encoding.createEncoder();
            encoding.writeVarUint(inner, randomInt(random, 1, 3));
            encoding.writeVarUint(inner, randomInt(random, 0, 2 ** 30));
            encoding.writeVarUint(inner, randomInt(random, 0, 5));
            encoding.writeVarString(inner, json);
            encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
          }),
        };
      },
    ],
    [
      'garbage state vector',
      1,
      () => ({
        kind: 'garbage state vector',
        data: message((e) => {
          encoding.writeVarUint(e, messageSync);
          encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep1);
          encoding.writeVarUint8Array(e, bytes(randomInt(random, 0, 32)));
        }),
      }),
    ],
    ['unknown type', 0.5, () => ({ kind: 'unknown type', data: message((e) => encoding.writeVarUint(e, randomInt(random, 4, 2 ** 20))) })],
    [
      'text frame',
      0.8,
      () => ({ kind: 'text frame', data: random() < 0.5 ? String.fromCodePoint(...Array.from({ length: randomInt(random, 1, 40) }, () => randomInt(random, 0x20, 0x2fff))) : '\u0000\u0001{"type":"sync"}' }),
    ],
    ['query awareness', 0.3, () => ({ kind: 'query awareness', data: message((e) => encoding.writeVarUint(e, messageQueryAwareness)) })],
    ['duplicate of stored state', 0.3, () => ({ kind: 'duplicate of stored state', data: validMessages()[4]! })],
    [
      'malformed websocket framing',
      0.6,
      () => ({ kind: 'malformed websocket framing', raw: true, data: [Buffer.from([0x83, 0x80, 1, 2, 3, 4]), Buffer.from([0x82, 0x05, 1, 2, 3, 4, 5]), Buffer.from([0xf2, 0x81, 0, 0, 0, 0, 9]), bytes(randomInt(random, 1, 32))][randomInt(random, 0, 3)]! }),
    ],
  ];
  const total = generators.reduce((sum, [, weight]) => sum + weight, 0);
  return (): Frame => {
    let pick = random() * total;
    for (const [, weight, generate] of generators) {
      pick -= weight;
      if (pick <= 0) return generate();
    }
    return generators[0]![2]();
  };
}

describe('hostile WebSocket input', () => {
  it(`survives ${FRAMES} seeded malformed, truncated, random and bit-flipped frames plus oversize ones; stored content unchanged`, async () => {
    const random = seededRandom(SEED);
    const server = await startTestServer();
    cleanups.push(() => server.close());
    const admin: Session = await signUpAdmin(server.url);
    const policyId = await createPolicy(server.url, admin, { title: 'Fuzz target', templateId: 'healthcare-provider', organization: 'Acme' });

    const editor = faultClient(server.url, policyId, admin.cookie, { name: 'editor' });
    const watcher = faultClient(server.url, policyId, admin.cookie, { name: 'watcher' });
    cleanups.push(() => editor.destroy(), () => watcher.destroy());
    await Promise.all([whenSynced(editor), whenSynced(watcher)]);

    // What the server holds must stay exactly: what was stored before, plus the honest editor's changes.
    const expected = storedDoc(server.dataDir, policyId);
    const shadow = storedDoc(server.dataDir, policyId);
    cleanups.push(() => expected.destroy(), () => shadow.destroy());
    editor.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === editor.provider) return;
      Y.applyUpdate(expected, update);
      Y.applyUpdate(shadow, update);
    });

    // Every frame the server reads goes through Room.handleMessage: counting those calls is the barrier between frames.
    const handleMessage = Room.prototype.handleMessage;
    let handledCount = 0;
    /** Whether the server dropped the connection of the last frame it handled (its close is on the way). */
    let lastDropped = false;
    let wake: (() => void) | null = null;
    vi.spyOn(Room.prototype, 'handleMessage').mockImplementation(function (this: Room, connection, data) {
      try {
        handleMessage.call(this, connection, data);
      } finally {
        handledCount += 1;
        lastDropped = !this.connections.has(connection);
        wake?.();
      }
    });
    /** Resolves once `done()` holds, checking whenever the server handled a frame or a socket closed. */
    const until = (done: () => boolean, timeoutMs: number, what: string) =>
      new Promise<void>((resolve, reject) => {
        if (done()) return resolve();
        const timer = setTimeout(() => {
          wake = null;
          reject(new Error(`${what}: nothing within ${timeoutMs} ms`));
        }, timeoutMs);
        wake = () => {
          if (!done()) return;
          clearTimeout(timer);
          wake = null;
          resolve();
        };
      });
    const nextFrame = frameFactory(random, shadow);
    const closeCodes = new Map<number, number>();
    const kinds = new Map<string, number>();
    let skippedValidEdits = 0;
    let incompleteFrames = 0;
    let socket: WebSocket | null = null;
    let socketClosed = true;
    const url = server.url.replace('http', 'ws') + '/collab/' + policyId;
    const openSocket = async () => {
      const opened = new WebSocket(url, { headers: { cookie: admin.cookie }, maxPayload: 64 * 1024 * 1024 });
      opened.on('error', () => {});
      socketClosed = false;
      opened.once('close', (code) => {
        socketClosed = true;
        closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1);
        wake?.();
      });
      // The server has registered its handlers by the time the client sees the upgrade answered.
      await new Promise<void>((resolve, reject) => {
        opened.once('open', () => resolve());
        opened.once('close', () => reject(new Error('fuzz socket closed before it opened')));
      });
      socket = opened;
      cleanups.push(() => opened.terminate());
    };

    const send = async (frame: Frame) => {
      if (!socket || socketClosed) await openSocket();
      const target = socket!;
      const handledBefore = handledCount;
      if (frame.raw) (target as unknown as { _socket: import('node:net').Socket })._socket.write(frame.data as Buffer);
      else target.send(frame.data, { binary: typeof frame.data !== 'string' });
      if (frame.raw) {
        // A broken frame header is refused at once; an incomplete one leaves the server waiting for the rest, as it should.
        await until(() => socketClosed, 300, 'server refuses broken framing').catch(() => {
          incompleteFrames += 1;
          target.terminate();
        });
        await until(() => socketClosed, 5_000, 'fuzz socket closes');
      } else {
        // Wait until the server has read the frame (or refused it at the WebSocket layer and closed).
        await until(() => handledCount > handledBefore || socketClosed, 5_000, `server handles a ${frame.kind} frame`);
        if (handledCount > handledBefore && lastDropped) await until(() => socketClosed, 5_000, `server closes after a ${frame.kind} frame`);
      }
      kinds.set(frame.kind, (kinds.get(frame.kind) ?? 0) + 1);
    };

    let sent = 0;
    let honestEdits = 0;
    while (sent < FRAMES) {
      const frame = nextFrame();
      const update = documentUpdateOf(frame);
      if (update) {
        // A mutation that is still a valid edit would rightly change the document; only send the ones that must not.
        let decodes = true;
        try {
          Y.decodeUpdate(update);
        } catch {
          decodes = false; // the server refuses it before it touches the document
        }
        let changes = false;
        if (decodes) {
          const trial = cloneWithPending(shadow);
          const before = fullState(trial);
          try {
            Y.applyUpdate(trial, update);
            changes = !fullState(trial).equals(before);
          } catch {
            // invalid: the server must refuse it
          }
          trial.destroy();
        }
        if (changes) {
          skippedValidEdits += 1;
          continue;
        }
        if (decodes) {
          try {
            Y.applyUpdate(shadow, update);
          } catch {
            // the server refuses it too
          }
        }
      }
      await send(frame);
      sent += 1;

      if (sent % 50 === 0) {
        // The honest people keep working, and the watcher keeps receiving their work.
        typeInto(editor.doc, honestEdits % 4, `⟦honest-${honestEdits}⟧ `);
        honestEdits += 1;
        const marker = `⟦honest-${honestEdits - 1}⟧`;
        await waitFor(() => watcher.text().includes(marker), 5_000, `watcher receives ${marker}`);
      }
    }

    for (let index = 0; index < OVERSIZE_FRAMES; index += 1) {
      await send({ kind: 'oversize', data: Buffer.alloc(MAX_MESSAGE_BYTES + 1 + randomInt(random, 0, 1024), randomInt(random, 0, 255)) });
    }
    expect(closeCodes.get(1009)).toBeGreaterThanOrEqual(OVERSIZE_FRAMES);

    // Still up, still serving: health, a new client, and the two honest clients agree with the disk.
    expect((await call(server.url, '/api/health')).status).toBe(200);
    expect((await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie })).status).toBe(200);
    typeInto(editor.doc, 0, '⟦after-fuzz⟧ ');
    await waitFor(() => watcher.text().includes('⟦after-fuzz⟧'), 5_000, 'watcher receives the last edit');
    await waitFor(() => storedFingerprint(server.dataDir, policyId).stateVector === fingerprint(expected).stateVector, 5_000, 'last edit stored');
    expect(storedFingerprint(server.dataDir, policyId)).toEqual(fingerprint(expected));
    expect(watcher.text()).toBe(fingerprint(expected).xml);

    figure('hostile websocket', {
      framesFuzzed: sent + OVERSIZE_FRAMES,
      byKind: Object.fromEntries([...kinds].sort()),
      mutationsSkippedAsValidEdits: skippedValidEdits,
      incompleteRawFramesLeftWaiting: incompleteFrames,
      closeCodes: Object.fromEntries([...closeCodes].sort((a, b) => a[0] - b[0])),
      honestEditsDuringFuzz: honestEdits,
      storedContentChangedByFuzz: false,
    });
  }, HEAVY ? 600_000 : 60_000);
});
