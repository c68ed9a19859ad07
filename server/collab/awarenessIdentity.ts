import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** What the server knows about the person behind a connection, shown at their caret. */
export interface Identity {
  name: string;
  color: string;
  department?: string;
}

/**
 * Rewrites an encoded awareness update from one connection: every state's `user` field becomes
 * the connection's real identity (when it has one), so nobody can appear at a caret as somebody
 * else, and states for client ids that `mayWrite` refuses (ids another connection announced) are
 * dropped, so nobody can move or hide another person's caret.
 * Throws on a malformed update (the caller closes the connection).
 */
export function sanitizeAwarenessUpdate(update: Uint8Array, identity: Identity | null, mayWrite: (clientId: number) => boolean): Uint8Array {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const kept: { clientId: number; clock: number; state: string }[] = [];
  for (let index = 0; index < count; index += 1) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state: unknown = JSON.parse(decoding.readVarString(decoder));
    if (!mayWrite(clientId)) continue;
    const rewritten = identity && state !== null && typeof state === 'object' ? { ...(state as Record<string, unknown>), user: { ...identity } } : state;
    kept.push({ clientId, clock, state: JSON.stringify(rewritten) });
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after awareness update');
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const entry of kept) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return encoding.toUint8Array(encoder);
}
