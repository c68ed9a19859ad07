/**
 * Size and count limits that the server enforces and the client explains.
 * One place, so the ws `maxPayload`, the REST body limit and the messages shown
 * to editors can never disagree.
 */

/** Largest single WebSocket frame accepted from a client (bytes). Used as ws `maxPayload`. */
export const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

/** Largest JSON body accepted by the REST API. */
export const MAX_REQUEST_BODY = '256kb';

/** MAX_REQUEST_BODY in bytes (what `express.json` understands by '256kb'). */
export const MAX_REQUEST_BODY_BYTES = 256 * 1024;

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

/**
 * After a policy's storage refused a write, new connections to it are turned away with
 * StorageFailure (4503) for this long (ms) instead of loading the document again, so
 * reconnecting editors back off rather than hammering a failing disk.
 */
export const STORAGE_RETRY_MS = 1_000;

/** How long the server waits at start-up for a lock another process holds on its database (ms). */
export const DATABASE_BUSY_TIMEOUT_MS = 2_000;

/**
 * How long a write waits for such a lock once the server runs (ms). Short, because SQLite waits
 * synchronously: every room and request of the server stands still meanwhile. Only a foreign
 * writer (a second server on the same data folder, an sqlite3 shell) ever holds the lock; the
 * write then fails with StorageFailure and the editors' copies send it again later.
 */
export const DATABASE_WRITE_BUSY_TIMEOUT_MS = 250;

/**
 * Reconnecting after a dropped connection: the first retry waits up to RECONNECT_BASE_MS,
 * each failed attempt doubles the ceiling up to RECONNECT_MAX_MS, and the actual wait is a
 * random point below the ceiling ("full jitter"), so a restart does not bring every editor
 * back in the same millisecond. See `reconnectDelay` in shared/closeCodes.
 */
export const RECONNECT_BASE_MS = 250;
export const RECONNECT_MAX_MS = 5_000;

/**
 * Deepest nesting of elements in a policy document (a section is level 1, a paragraph in it
 * level 2, …). Real policies stay far below it; it stops a document so deep that reading it
 * would overflow the stack of every server-side reader (sign-off, export).
 */
export const MAX_NESTING_DEPTH = 64;

/**
 * Presence (awareness) per connection: a browser tab announces one client id (two while it
 * reloads), so more are dropped; a caret and a name fit in far less than a state's limit; and
 * awareness messages are rate-limited (a token bucket: AWARENESS_RATE_PER_SECOND, bursts of
 * AWARENESS_BURST). What exceeds a limit is dropped, logged, and never relayed or kept.
 */
export const MAX_AWARENESS_IDS_PER_CONNECTION = 2;
export const MAX_AWARENESS_STATE_BYTES = 8 * 1024;
export const AWARENESS_RATE_PER_SECOND = 20;
export const AWARENESS_BURST = 40;

/**
 * Most inventory entries per policy. The REST API refuses more; entries written into the shared
 * document past it (the collaboration path cannot refuse them cheaply) are listed, but the
 * synergy finder looks at the first MAX_INVENTORY_ENTRIES only, and says so.
 */
export const MAX_INVENTORY_ENTRIES = 500;

/** Longest comment, in characters (plain text with line breaks). */
export const MAX_COMMENT_LENGTH = 5_000;
/** Longest quoted text a comment thread may be anchored on, in characters. */
export const MAX_COMMENT_QUOTE_LENGTH = 500;
/** Most comment threads one policy may hold (open and resolved). */
export const MAX_THREADS_PER_POLICY = 2_000;
/** Most comments in one thread. */
export const MAX_COMMENTS_PER_THREAD = 200;
/** Notifications kept per person (the oldest read ones go first). */
export const MAX_NOTIFICATIONS_PER_PERSON = 500;
