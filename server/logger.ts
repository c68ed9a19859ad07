/** One JSON line per event, with level, so logs can be searched and counted. */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

type Level = 'info' | 'warn' | 'error';

export function createLogger(options: { quiet?: boolean; write?: (line: string) => void } = {}): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const log = (level: Level) => (event: string, fields: Record<string, unknown> = {}) => {
    if (options.quiet && level === 'info') return;
    write(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }));
  };
  return { info: log('info'), warn: log('warn'), error: log('error') };
}
