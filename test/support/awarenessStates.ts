import * as encoding from 'lib0/encoding';

/**
 * An awareness update as y-protocols encodes it: a count, then [clientId, clock, state as JSON]
 * for each state. Tests use it to send states a stock client never would (other people's ids,
 * oversized or removed states).
 */
export function awarenessStates(states: readonly (readonly [clientId: number, clock: number, state: unknown])[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, states.length);
  for (const [clientId, clock, state] of states) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}
