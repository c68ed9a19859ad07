/** A driver's error code (SQLite's `SQLITE_…`, Node's `E…`), logged beside the error so failures can be counted by kind. */
export function errorCode(error: unknown): unknown {
  return error !== null && typeof error === 'object' && 'code' in error ? error.code : undefined;
}

/** The message of whatever was thrown, for a refusal's detail. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
