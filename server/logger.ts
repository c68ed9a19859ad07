/** One JSON line per event, with level, so logs can be searched and counted. */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

type Level = 'info' | 'warn' | 'error';

/** Makes any field value fit in JSON: errors become their message and code, bigints strings. */
function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: value.message, ...(code !== undefined ? { code } : {}) };
  }
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  return value;
}

/** One line of JSON; never throws, whatever the fields hold (cycles, getters that throw). */
export function formatLine(level: Level, event: string, fields: Record<string, unknown>): string {
  const time = new Date().toISOString();
  try {
    return JSON.stringify({ time, level, event, ...fields }, replacer);
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
