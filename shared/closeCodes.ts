/**
 * WebSocket close codes the collaboration server uses, and the reason sent with
 * each. The server closes with them; the client reads them to tell people why.
 * Codes 4000-4999 are reserved by RFC 6455 for applications; following y-websocket's convention,
 * 44xx means retrying will not help and 45xx means try again later.
 */
export interface CloseEvent {
  readonly code: number;
  readonly reason: string;
}

/** The policy id in the URL does not name a policy. The client should not retry. */
export const UnknownPolicy: CloseEvent = { code: 4404, reason: 'Unknown policy' };

/** A message could not be decoded (bad varint, truncated frame, unknown type). */
export const MalformedMessage: CloseEvent = { code: 4400, reason: 'Malformed message' };

/** A Yjs update in a sync message could not be applied. */
export const InvalidUpdate: CloseEvent = { code: 4422, reason: 'Invalid document update' };

/** A frame was larger than MAX_MESSAGE_BYTES (ws sends 1009 itself; kept for clarity). */
export const MessageTooBig: CloseEvent = { code: 1009, reason: 'Message too big' };

/** The session is missing or expired. The client should show the sign-in page. */
export const Unauthorized: CloseEvent = { code: 4401, reason: 'Sign-in required' };

/** The policy already has MAX_CLIENTS_PER_POLICY people in it. */
export const RoomFull: CloseEvent = { code: 4429, reason: 'Too many people in this policy' };

/** The document would grow past MAX_DOCUMENT_BYTES. */
export const DocumentTooLarge: CloseEvent = { code: 4413, reason: 'Policy document too large' };

/** The server could not store the update; nothing was relayed. */
export const StorageFailure: CloseEvent = { code: 4503, reason: 'The server could not save changes' };

/** The server is shutting down; clients reconnect on their own. */
export const GoingAway: CloseEvent = { code: 1001, reason: 'Server shutting down' };
