import { MAX_CLIENTS_PER_POLICY, MAX_DOCUMENT_BYTES, MAX_MESSAGE_BYTES, MAX_SECTIONS_PER_POLICY, RECONNECT_BASE_MS, RECONNECT_MAX_MS } from './limits';

/**
 * WebSocket close codes the collaboration server uses, and the reason sent with
 * each. The server closes with them; the client reads them to tell people why.
 * Codes 4000-4999 are reserved by RFC 6455 for applications; following y-websocket's convention,
 * 44xx means retrying will not help and 45xx means try again later.
 * Reasons stay under the 123 bytes a close frame can carry.
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

/** The change would give the policy more than MAX_SECTIONS_PER_POLICY sections; it was not applied. */
export const TooManySections: CloseEvent = { code: 4414, reason: `Too many sections: a policy can have at most ${MAX_SECTIONS_PER_POLICY}` };

/**
 * The update changed who must sign a section (its owner or approvers) or a section's id. Those
 * are server data, changed through the section menu; the update was not applied.
 */
export const RequirementsLocked: CloseEvent = { code: 4409, reason: 'Owners and approvers change through the section menu' };

/** The update deleted a section the person's department does not own; it was not applied. */
export const SectionDeleteForbidden: CloseEvent = { code: 4403, reason: 'Only the owning department or an admin can delete this section' };

/** The update put something other than sections after the title, or removed the title; it was not applied. */
export const StructureRefused: CloseEvent = { code: 4406, reason: 'A policy holds its title and then sections only' };

/** The server could not store the update; nothing was relayed. */
export const StorageFailure: CloseEvent = { code: 4503, reason: 'The server could not save changes' };

/** The server hit an unexpected error with this connection; try again. */
export const InternalError: CloseEvent = { code: 1011, reason: 'Server error' };

/** The server is shutting down; clients reconnect on their own. */
export const GoingAway: CloseEvent = { code: 1001, reason: 'Server shutting down' };

/** Whether a client should reconnect after the server closed with `code`. */
export function shouldReconnect(code: number): boolean {
  // 44xx: retrying cannot help, except a full room, which empties again.
  return !(code >= 4400 && code < 4500) || code === RoomFull.code;
}

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/**
 * What to tell an editor, in words, when the server closed the connection with `code`.
 * Null for closes that need no explanation (a plain network drop or a normal close).
 */
export function describeClose(code: number): string | null {
  switch (code) {
    case UnknownPolicy.code:
      return 'This policy does not exist any more, or the link is wrong.';
    case Unauthorized.code:
      return 'Your session has ended. Sign in again to keep editing.';
    case RoomFull.code:
      return `This policy already has ${MAX_CLIENTS_PER_POLICY} people in it. You will join as soon as someone leaves.`;
    case DocumentTooLarge.code:
      return `This policy has reached the size limit (${mb(MAX_DOCUMENT_BYTES)}). Your last change was not saved; remove something and reload.`;
    case TooManySections.code:
      return `A policy can have at most ${MAX_SECTIONS_PER_POLICY} sections. Your last change was not saved; remove a section and reload.`;
    case MessageTooBig.code:
      return `That change is too large to send at once (over ${mb(MAX_MESSAGE_BYTES)}). Paste it in smaller parts.`;
    case RequirementsLocked.code:
      return 'Your last change tried to change who owns or approves a section in the text itself. Owners and approvers are changed from the section menu (⋯). Reload the page to go on; that change was not saved.';
    case SectionDeleteForbidden.code:
      return 'Only the department that owns a section, or an admin, can delete it. Your last change was not saved; reload the page to go on.';
    case StructureRefused.code:
      return 'A policy is its title followed by sections; your last change put something else at the top level and was not saved. Reload the page to go on.';
    case MalformedMessage.code:
    case InvalidUpdate.code:
      return 'The server could not read a change from this page. Reload the page; your edits are kept on this device.';
    case StorageFailure.code:
      return 'The server cannot save changes right now. Your edits are kept on this device and will be sent when saving works again.';
    case GoingAway.code:
      return 'The server is restarting. Reconnecting…';
    case InternalError.code:
      return 'The server hit a problem. Reconnecting…';
    case DatabaseFull.code:
      return 'The server has reached the storage limit its administrator set, so your last change was not saved. Your edits are kept on this device; ask your administrator to make room.';
    case AccessChanged.code:
      return 'Your access to this policy changed. Reload the page to see what you can do now, or sign in again if your session has ended.';
    default:
      return null;
  }
}

/**
 * How long to wait before reconnect attempt number `attempt` (0 for the first): exponential
 * back-off with full jitter, so editors dropped together by a restart come back spread out.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random, baseMs = RECONNECT_BASE_MS, maxMs = RECONNECT_MAX_MS): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/** The parts of a y-websocket WebsocketProvider that `jitterReconnects` uses. */
export interface ReconnectingProvider {
  shouldConnect: boolean;
  connect(): void;
  on(name: 'connection-close', listener: (event: { code: number; reason: string } | null) => void): void;
  on(name: 'sync', listener: (synced: boolean) => void): void;
  off(name: 'connection-close', listener: (event: { code: number; reason: string } | null) => void): void;
  off(name: 'sync', listener: (synced: boolean) => void): void;
}

/**
 * Replaces y-websocket's own retry (exponential, but the same delays for everyone, so a
 * server restart brings all editors back in the same instant) with `reconnectDelay`'s
 * jittered back-off, reset once a connection has synced. Closes made locally
 * (`provider.disconnect()`, the provider's silence watchdog) are left to the provider.
 * Returns a function that stops it; call it before `provider.destroy()`.
 */
export function jitterReconnects(
  provider: ReconnectingProvider,
  options: { random?: () => number; baseMs?: number; maxMs?: number; shouldReconnect?: (code: number) => boolean } = {},
): () => void {
  const decide = options.shouldReconnect ?? shouldReconnect;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onClose = (event: { code: number; reason: string } | null) => {
    if (event === null) return;
    // The provider has already scheduled its own retry; with shouldConnect false it does nothing.
    provider.shouldConnect = false;
    if (!decide(event.code)) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      provider.connect();
    }, reconnectDelay(attempt++, options.random, options.baseMs, options.maxMs));
  };
  const onSync = (synced: boolean) => {
    if (synced) attempt = 0;
  };
  provider.on('connection-close', onClose);
  provider.on('sync', onSync);
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    provider.off('connection-close', onClose);
    provider.off('sync', onSync);
  };
}

/** The database is past the size its operator allows (ACCORD_MAX_DATABASE_MB); the update was not stored. Try again later. */
export const DatabaseFull: CloseEvent = { code: 4507, reason: 'The server has reached its storage limit' };

/**
 * The person's access changed while connected: they were removed, their role or department
 * changed, or their session ended or expired. The client asks `/api/me` again and reloads
 * what it may do; retrying the same connection will not help.
 */
export const AccessChanged: CloseEvent = { code: 4410, reason: 'Your access to this policy changed' };

/**
 * Not a close: the reason of the permission-denied message (y-protocols' auth message) the server
 * sends for each document update it did not apply because the connection is read-only (a viewer,
 * or an editor demoted while connected). The connection stays so the page keeps following the
 * document; the client locks its editor and keeps the refused edits to offer back later.
 */
export const EditsRefusedReason = 'Read-only: your change was not saved';
