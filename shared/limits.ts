/**
 * Size and count limits that the server enforces and the client explains.
 * One place, so the ws `maxPayload`, the REST body limit and the messages shown
 * to editors can never disagree.
 */

/** Largest single WebSocket frame accepted from a client (bytes). Used as ws `maxPayload`. */
export const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

/** Largest JSON body accepted by the REST API. */
export const MAX_REQUEST_BODY = '256kb';

/** Largest encoded policy document the server keeps (bytes). */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/** Most simultaneous connections to one policy. */
export const MAX_CLIENTS_PER_POLICY = 200;

/** Most sections in one policy. */
export const MAX_SECTIONS_PER_POLICY = 400;

/** Longest policy title. */
export const MAX_TITLE_LENGTH = 200;

/** The update log of a policy is folded into one snapshot once it holds this many rows. */
export const COMPACTION_THRESHOLD = 500;

/** How long an idle room stays in memory after its last client leaves (ms). */
export const ROOM_GRACE_MS = 5_000;
