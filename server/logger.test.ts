import { describe, expect, it } from 'vitest';
import { createLogger, formatLine, serializeError } from './logger';

const parse = (line: string) => JSON.parse(line) as Record<string, unknown>;

describe('errors in log lines', () => {
  it('writes an Error given as the error field as name, message, code and stack', () => {
    const error = Object.assign(new TypeError('disk is full'), { code: 'SQLITE_FULL' });
    const entry = parse(formatLine('error', 'storage.append_failed', { policy: 'p1', error }));
    expect(entry).toMatchObject({ level: 'error', event: 'storage.append_failed', policy: 'p1', error: { name: 'TypeError', message: 'disk is full', code: 'SQLITE_FULL' } });
    const logged = entry.error as { stack: string };
    expect(logged.stack).toContain('TypeError: disk is full');
    expect(logged.stack).toContain('logger.test.ts');
  });

  it('writes an Error in any other field the same way, and follows its cause', () => {
    const cause = Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' });
    const entry = parse(formatLine('warn', 'storage.compact_failed', { problem: new Error('compaction failed', { cause }) }));
    expect(entry.problem).toMatchObject({ name: 'Error', message: 'compaction failed', cause: { message: 'SQLITE_BUSY: database is locked', code: 'SQLITE_BUSY' } });
  });

  it('writes anything else that was thrown as an object with a message', () => {
    expect(parse(formatLine('error', 'x.failed', { error: 'plain words' })).error).toEqual({ message: 'plain words' });
    expect(parse(formatLine('error', 'x.failed', { error: 42 })).error).toEqual({ message: '42' });
    expect(parse(formatLine('error', 'x.failed', { error: null })).error).toEqual({ message: 'null' });
    expect(parse(formatLine('error', 'x.failed', { error: { message: 'from a library', code: 7 } })).error).toEqual({ message: 'from a library', code: 7 });
    expect(parse(formatLine('error', 'x.failed', { error: { reason: 'no message' } })).error).toEqual({ message: '[object Object]' });
    expect(parse(formatLine('info', 'x.done', { error: undefined }))).not.toHaveProperty('error');
  });

  it('stops at a cause that points back at its error', () => {
    const error = new Error('loop');
    (error as { cause?: unknown }).cause = error;
    const serialized = serializeError(error);
    expect(serialized.cause?.cause?.cause).toMatchObject({ message: 'loop' });
    expect(serialized.cause?.cause?.cause?.cause).toBeUndefined();
    expect(() => JSON.parse(formatLine('error', 'x.loop', { error }))).not.toThrow();
  });

  it('keeps one line per event, whatever the error holds', () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line) });
    const error = new Error('first line\nsecond line');
    logger.error('x.multiline', { error });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(parse(lines[0]!).error).toMatchObject({ message: 'first line\nsecond line' });
    const hostile = { get message(): string { throw new Error('getter throws'); } };
    logger.error('x.hostile', { error: hostile });
    expect(parse(lines[1]!)).toMatchObject({ event: 'x.hostile', unloggable: 'getter throws' });
  });
});
