import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** What the server knows about the person behind a connection, shown at their caret. */
export interface Identity {
  name: string;
  color: string;
  department?: string;
}

/**
 * Rewrites the `user` field of every state in an encoded awareness update with the
 * connection's real identity, so nobody can appear at a caret as somebody else.
 * Throws on a malformed update (the caller closes the connection).
 */
export function overwriteAwarenessIdentity(update: Uint8Array, identity: Identity): Uint8Array {
  const decoder = decoding.createDecoder(update);
  const encoder = encoding.createEncoder();
  const count = decoding.readVarUint(decoder);
  encoding.writeVarUint(encoder, count);
  for (let index = 0; index < count; index += 1) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state: unknown = JSON.parse(decoding.readVarString(decoder));
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    const rewritten = state !== null && typeof state === 'object' ? { ...(state as Record<string, unknown>), user: { ...identity } } : state;
    encoding.writeVarString(encoder, JSON.stringify(rewritten));
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after awareness update');
  return encoding.toUint8Array(encoder);
}
