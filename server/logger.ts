/**
 * One JSON line per event, with level, so logs can be searched and counted. Pass what was thrown
 * as the `error` field, as it is: it is written as `{ name, message, code, stack }`.
 */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

type Level = 'info' | 'warn' | 'error';

/** How an error appears in a log line: searchable as `error.message`, `error.code`. */
export interface LoggedError {
  name?: string;
  message: string;
  code?: unknown;
  stack?: string;
  cause?: LoggedError;
}

/**
 * An error, or anything else that was thrown, as a JSON-ready object with at least a message.
 * Causes are followed a few levels deep (a cause can point back at its error).
 */
export function serializeError(value: unknown, depth = 0): LoggedError {
  if (value instanceof Error) {
    const { code } = value as { code?: unknown };
    return {
      name: value.name,
      message: value.message,
      ...(code !== undefined ? { code } : {}),
      ...(value.stack ? { stack: value.stack } : {}),
      ...(value.cause !== undefined && depth < 3 ? { cause: serializeError(value.cause, depth + 1) } : {}),
    };
  }
  if (value !== null && typeof value === 'object') {
    const { message, code } = value as { message?: unknown; code?: unknown };
    return { message: typeof message === 'string' ? message : String(value), ...(code !== undefined ? { code } : {}) };
  }
  return { message: String(value) };
}

/** Makes any field value fit in JSON: errors become objects (see serializeError), bigints strings. */
function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return serializeError(value);
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  return value;
}

/** One line of JSON; never throws, whatever the fields hold (cycles, getters that throw). */
export function formatLine(level: Level, event: string, fields: Record<string, unknown>): string {
  const time = new Date().toISOString();
  try {
    // `error` holds whatever was thrown; it is always an object, so every line reads the same way.
    const thrown = fields.error !== undefined ? { error: serializeError(fields.error) } : {};
    return JSON.stringify({ time, level, event, ...fields, ...thrown }, replacer);
  } catch (error) {
    return JSON.stringify({ time, level, event, unloggable: (error as Error).message });
  }
}

export function createLogger(options: { quiet?: boolean; write?: (line: string) => void } = {}): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const log = (level: Level) => (event: string, fields: Record<string, unknown> = {}) => {
    if (options.quiet && level === 'info') return;
    try {
      write(formatLine(level, event, fields));
    } catch {
      // A log that cannot be written (closed pipe) must not take the server down.
    }
  };
  return { info: log('info'), warn: log('warn'), error: log('error') };
}
