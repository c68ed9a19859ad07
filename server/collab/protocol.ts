import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import * as CloseEvents from '../../shared/closeCodes';
import type { CloseEvent } from '../../shared/closeCodes';
import { MAX_MESSAGE_BYTES } from '../../shared/limits';
import {
  messageAuth,
  messageAwareness,
  messagePermissionDenied,
  messageQueryAwareness,
  messageSync,
  messageSyncStep1,
  messageSyncStep2,
  messageUpdate,
} from '../../shared/protocol';
import { errorMessage } from './errorDetails';

/**
 * The y-websocket wire protocol as the server speaks it: one pure encoder per frame the server
 * sends, and one decoder that turns a frame from a client into a typed message or a typed
 * protocol error. No sockets, no documents: bytes in, bytes out, so the encoding can be tested
 * against y-protocols' own and a stock y-websocket client agrees with the server.
 */

/** A frame from a client, decoded. Document and awareness payloads stay encoded: the update gate and the awareness sanitizer read them. */
export type ClientMessage =
  /** The client's state vector: the server answers with what the client misses (sync step 2). */
  | { type: 'sync-step-1'; stateVector: Uint8Array }
  /** What the server missed, answering the server's sync step 1. */
  | { type: 'sync-step-2'; update: Uint8Array }
  /** A change the client made. */
  | { type: 'update'; update: Uint8Array }
  /** An encoded awareness update (presence: carets, names). */
  | { type: 'awareness'; update: Uint8Array }
  /** The client asks for everyone's presence. */
  | { type: 'query-awareness' }
  /** y-protocols' auth message. Authentication happens on the HTTP upgrade, so its payload is kept unread. */
  | { type: 'auth'; payload: Uint8Array };

/** A client message carrying a document update. */
export type DocumentUpdateMessage = Extract<ClientMessage, { type: 'sync-step-2' | 'update' }>;

export type ProtocolErrorKind =
  /** Truncated, a bad varint, a length running past the end, or an undecodable state vector. */
  | 'malformed'
  /** A message or sync sub-type y-websocket does not define. */
  | 'unknown-type'
  /** Bytes after the end of the message. */
  | 'trailing-bytes'
  /** Larger than MAX_MESSAGE_BYTES (ws normally refuses such a frame before it is read). */
  | 'too-large';

/** A frame the server refuses to read; `close` is how the connection is closed. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';

  constructor(
    readonly kind: ProtocolErrorKind,
    readonly close: CloseEvent,
    message: string,
  ) {
    super(message);
  }
}

export type DecodedFrame = { ok: true; message: ClientMessage } | { ok: false; error: ProtocolError };

const malformed = (message: string) => new ProtocolError('malformed', CloseEvents.MalformedMessage, message);

/** Decodes one binary frame from a client. Never throws. */
export function decodeClientFrame(data: Uint8Array): DecodedFrame {
  if (data.byteLength > MAX_MESSAGE_BYTES) {
    return { ok: false, error: new ProtocolError('too-large', CloseEvents.MessageTooBig, `frame of ${data.byteLength} bytes (limit ${MAX_MESSAGE_BYTES})`) };
  }
  try {
    const decoder = decoding.createDecoder(data);
    const message = readMessage(decoder);
    if (message instanceof ProtocolError) return { ok: false, error: message };
    if (message.type !== 'auth' && decoding.hasContent(decoder)) {
      return { ok: false, error: new ProtocolError('trailing-bytes', CloseEvents.MalformedMessage, `${data.byteLength - decoder.pos} bytes after a ${message.type} message`) };
    }
    return { ok: true, message };
  } catch (error) {
    // lib0 throws on a read past the end or an overlong varint.
    return { ok: false, error: malformed(`cannot decode frame: ${errorMessage(error)}`) };
  }
}

function readMessage(decoder: decoding.Decoder): ClientMessage | ProtocolError {
  const messageType = decoding.readVarUint(decoder);
  switch (messageType) {
    case messageSync:
      return readSyncMessage(decoder);
    case messageAwareness:
      return { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
    case messageQueryAwareness:
      return { type: 'query-awareness' };
    case messageAuth:
      return { type: 'auth', payload: decoding.readTailAsUint8Array(decoder) };
    default:
      return new ProtocolError('unknown-type', CloseEvents.MalformedMessage, `unknown message type ${messageType}`);
  }
}

function readSyncMessage(decoder: decoding.Decoder): ClientMessage | ProtocolError {
  const syncType = decoding.readVarUint(decoder);
  switch (syncType) {
    case messageSyncStep1: {
      const stateVector = decoding.readVarUint8Array(decoder);
      try {
        Y.decodeStateVector(stateVector);
      } catch (error) {
        return malformed(`bad state vector: ${errorMessage(error)}`);
      }
      return { type: 'sync-step-1', stateVector };
    }
    case messageSyncStep2:
      return { type: 'sync-step-2', update: decoding.readVarUint8Array(decoder) };
    case messageUpdate:
      return { type: 'update', update: decoding.readVarUint8Array(decoder) };
    default:
      return new ProtocolError('unknown-type', CloseEvents.MalformedMessage, `unknown sync message type ${syncType}`);
  }
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** Sync step 1: the server's state vector, asking the client for what the server misses. */
export function syncStep1Frame(stateVector: Uint8Array): Uint8Array {
  return frame((encoder) => {
    encoding.writeVarUint(encoder, messageSync);
    encoding.writeVarUint(encoder, messageSyncStep1);
    encoding.writeVarUint8Array(encoder, stateVector);
  });
}

/** Sync step 2: what the client misses (`Y.encodeStateAsUpdate(doc, theirStateVector)`). */
export function syncStep2Frame(update: Uint8Array): Uint8Array {
  return frame((encoder) => {
    encoding.writeVarUint(encoder, messageSync);
    encoding.writeVarUint(encoder, messageSyncStep2);
    encoding.writeVarUint8Array(encoder, update);
  });
}

/** A stored document update, relayed to the other connections. */
export function updateFrame(update: Uint8Array): Uint8Array {
  return frame((encoder) => {
    encoding.writeVarUint(encoder, messageSync);
    encoding.writeVarUint(encoder, messageUpdate);
    encoding.writeVarUint8Array(encoder, update);
  });
}

/**
 * An encoded awareness update (`encodeAwarenessUpdate(awareness, clients)`): a change of
 * presence, the presence sent to a newcomer, or the answer to a query-awareness message.
 */
export function awarenessFrame(awarenessUpdate: Uint8Array): Uint8Array {
  return frame((encoder) => {
    encoding.writeVarUint(encoder, messageAwareness);
    encoding.writeVarUint8Array(encoder, awarenessUpdate);
  });
}

/** Tells the client it lost a permission (the connection stays open; the page asks /api/me again). */
export function permissionDeniedFrame(reason: string): Uint8Array {
  return frame((encoder) => {
    encoding.writeVarUint(encoder, messageAuth);
    encoding.writeVarUint(encoder, messagePermissionDenied);
    encoding.writeVarString(encoder, reason);
  });
}
