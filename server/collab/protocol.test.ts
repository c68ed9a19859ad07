import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import * as CloseEvents from '../../shared/closeCodes';
import { MAX_MESSAGE_BYTES } from '../../shared/limits';
import { messageAuth, messageAwareness, messageQueryAwareness, messageSync } from '../../shared/protocol';
import { awarenessFrame, decodeClientFrame, permissionDeniedFrame, syncStep1Frame, syncStep2Frame, updateFrame, type ClientMessage } from './protocol';

/** A frame as y-protocols (and so a stock y-websocket client) writes it. */
function stock(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function editedDoc(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('text').insert(0, text);
  return doc;
}

function decoded(frame: Uint8Array): ClientMessage {
  const result = decodeClientFrame(frame);
  if (!result.ok) throw new Error(`expected a message, got ${result.error.kind}: ${result.error.message}`);
  return result.message;
}

function refused(frame: Uint8Array) {
  const result = decodeClientFrame(frame);
  if (result.ok) throw new Error(`expected a protocol error, got ${result.message.type}`);
  return result.error;
}

describe('server frames encode as y-protocols does', () => {
  const doc = editedDoc('hello');
  const theirs = editedDoc('theirs');

  it('sync step 1', () => {
    expect(syncStep1Frame(Y.encodeStateVector(doc))).toEqual(
      stock((encoder) => {
        encoding.writeVarUint(encoder, messageSync);
        syncProtocol.writeSyncStep1(encoder, doc);
      }),
    );
  });

  it('sync step 2', () => {
    const stateVector = Y.encodeStateVector(theirs);
    expect(syncStep2Frame(Y.encodeStateAsUpdate(doc, stateVector))).toEqual(
      stock((encoder) => {
        encoding.writeVarUint(encoder, messageSync);
        syncProtocol.writeSyncStep2(encoder, doc, stateVector);
      }),
    );
  });

  it('update', () => {
    const update = Y.encodeStateAsUpdate(doc);
    expect(updateFrame(update)).toEqual(
      stock((encoder) => {
        encoding.writeVarUint(encoder, messageSync);
        syncProtocol.writeUpdate(encoder, update);
      }),
    );
  });

  it('awareness update and query-awareness answer', () => {
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ user: { name: 'Ada' }, cursor: null });
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
    expect(awarenessFrame(update)).toEqual(
      stock((encoder) => {
        encoding.writeVarUint(encoder, messageAwareness);
        encoding.writeVarUint8Array(encoder, update);
      }),
    );
    awareness.destroy();
  });

  it('permission denied', () => {
    expect(permissionDeniedFrame('Your access changed')).toEqual(
      stock((encoder) => {
        encoding.writeVarUint(encoder, messageAuth);
        authProtocol.writePermissionDenied(encoder, 'Your access changed');
      }),
    );
  });

  it('a stock client reading the server frames converges with the server', () => {
    const client = new Y.Doc();
    const replies: Uint8Array[] = [];
    for (const frame of [syncStep1Frame(Y.encodeStateVector(doc)), syncStep2Frame(Y.encodeStateAsUpdate(doc)), updateFrame(Y.encodeStateAsUpdate(theirs))]) {
      // As y-websocket's provider reads a frame: the message type, then y-protocols' sync reader writing any answer.
      const decoder = decoding.createDecoder(frame);
      expect(decoding.readVarUint(decoder)).toBe(messageSync);
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, messageSync);
      syncProtocol.readSyncMessage(decoder, reply, client, 'server');
      if (encoding.length(reply) > 1) replies.push(encoding.toUint8Array(reply));
    }
    expect(client.getText('text').toString()).toContain('hello');
    expect(client.getText('text').toString()).toContain('theirs');
    // Its one answer, to our step 1, is a step 2 the server decodes.
    expect(replies.map((reply) => decoded(reply).type)).toEqual(['sync-step-2']);
  });
});

describe('decoding client frames', () => {
  const doc = editedDoc('client text');

  it('reads every message a stock client sends', () => {
    const stateVector = Y.encodeStateVector(doc);
    expect(decoded(stock((encoder) => (encoding.writeVarUint(encoder, messageSync), syncProtocol.writeSyncStep1(encoder, doc))))).toEqual({ type: 'sync-step-1', stateVector });
    const full = Y.encodeStateAsUpdate(doc);
    expect(decoded(stock((encoder) => (encoding.writeVarUint(encoder, messageSync), syncProtocol.writeSyncStep2(encoder, doc))))).toEqual({ type: 'sync-step-2', update: full });
    expect(decoded(stock((encoder) => (encoding.writeVarUint(encoder, messageSync), syncProtocol.writeUpdate(encoder, full))))).toEqual({ type: 'update', update: full });
    const awareness = new awarenessProtocol.Awareness(doc);
    const awarenessUpdate = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
    awareness.destroy();
    expect(decoded(stock((encoder) => (encoding.writeVarUint(encoder, messageAwareness), encoding.writeVarUint8Array(encoder, awarenessUpdate))))).toEqual({
      type: 'awareness',
      update: awarenessUpdate,
    });
    expect(decoded(Uint8Array.of(messageQueryAwareness))).toEqual({ type: 'query-awareness' });
    expect(decoded(stock((encoder) => (encoding.writeVarUint(encoder, messageAuth), authProtocol.writePermissionDenied(encoder, 'x'))))).toMatchObject({ type: 'auth' });
  });

  it('round-trips the frames the server writes', () => {
    const update = Y.encodeStateAsUpdate(doc);
    expect(decoded(updateFrame(update))).toEqual({ type: 'update', update });
    expect(decoded(syncStep2Frame(update))).toEqual({ type: 'sync-step-2', update });
    expect(decoded(syncStep1Frame(Y.encodeStateVector(doc)))).toEqual({ type: 'sync-step-1', stateVector: Y.encodeStateVector(doc) });
    expect(decoded(awarenessFrame(Uint8Array.of(0)))).toEqual({ type: 'awareness', update: Uint8Array.of(0) });
  });

  it('refuses an empty or truncated frame as malformed (4400)', () => {
    for (const frame of [new Uint8Array(0), Uint8Array.of(messageSync), Uint8Array.of(messageSync, 2, 10, 1, 2), Uint8Array.of(0x80)]) {
      const error = refused(frame);
      expect(error.kind).toBe('malformed');
      expect(error.close).toBe(CloseEvents.MalformedMessage);
    }
  });

  it('refuses unknown message and sync types (4400)', () => {
    expect(refused(Uint8Array.of(7))).toMatchObject({ kind: 'unknown-type', close: CloseEvents.MalformedMessage });
    expect(refused(Uint8Array.of(messageSync, 5, 0))).toMatchObject({ kind: 'unknown-type', close: CloseEvents.MalformedMessage });
  });

  it('refuses bytes after a message (4400)', () => {
    const frame = updateFrame(Y.encodeStateAsUpdate(doc));
    expect(refused(Uint8Array.from([...frame, 0]))).toMatchObject({ kind: 'trailing-bytes', close: CloseEvents.MalformedMessage });
    expect(refused(Uint8Array.of(messageQueryAwareness, 1))).toMatchObject({ kind: 'trailing-bytes' });
  });

  it('refuses a state vector that does not decode (4400)', () => {
    // A state vector claiming 5 entries and holding none.
    expect(refused(Uint8Array.of(messageSync, 0, 1, 5))).toMatchObject({ kind: 'malformed', close: CloseEvents.MalformedMessage });
  });

  it('refuses a frame over MAX_MESSAGE_BYTES with 1009', () => {
    expect(refused(new Uint8Array(MAX_MESSAGE_BYTES + 1))).toMatchObject({ kind: 'too-large', close: CloseEvents.MessageTooBig });
  });

  it('never throws, whatever the bytes', () => {
    let seed = 20260101;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let messages = 0;
    for (let round = 0; round < 3000; round += 1) {
      const frame = Uint8Array.from({ length: Math.floor(random() * 24) }, (_, index) => (index === 0 ? Math.floor(random() * 5) : Math.floor(random() * 256)));
      const result = decodeClientFrame(frame);
      if (result.ok) messages += 1;
      else expect(result.error.close.code).toBeGreaterThanOrEqual(1000);
    }
    // Some random frames are well-formed (query-awareness, auth, short updates): the decoder is not refusing everything.
    expect(messages).toBeGreaterThan(0);
  });
});
