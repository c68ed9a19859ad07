/** A driver's error code (SQLite's `SQLITE_…`, Node's `E…`), logged beside the error so failures can be counted by kind. */
export function errorCode(error: unknown): unknown {
  return error !== null && typeof error === 'object' && 'code' in error ? error.code : undefined;
}
