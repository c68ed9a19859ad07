import { describe, expect, it } from 'vitest';
import { deviceInWords, sessionHandle } from './sessions';

describe('deviceInWords', () => {
  it('names common browsers and systems', () => {
    expect(deviceInWords('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36')).toBe('Chrome on Windows');
    expect(deviceInWords('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0')).toBe('Edge on Windows');
    expect(deviceInWords('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15')).toBe('Safari on macOS');
    expect(deviceInWords('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1')).toBe('Chrome on iPhone');
    expect(deviceInWords('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36')).toBe('Chrome on Android');
    expect(deviceInWords('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0')).toBe('Firefox on Linux');
    expect(deviceInWords('curl/8.5.0')).toBe('curl');
  });

  it('says so when it cannot tell', () => {
    expect(deviceInWords(null)).toBe('An unknown device');
    expect(deviceInWords('')).toBe('An unknown device');
    expect(deviceInWords('SomethingElse/1.0')).toBe('An unknown device');
  });
});

describe('sessionHandle', () => {
  it('is short, stable, and not the stored hash', () => {
    const hash = 'a'.repeat(64);
    expect(sessionHandle(hash)).toMatch(/^[0-9a-f]{16}$/);
    expect(sessionHandle(hash)).toBe(sessionHandle(hash));
    expect(hash.startsWith(sessionHandle(hash))).toBe(false);
    expect(sessionHandle('b'.repeat(64))).not.toBe(sessionHandle(hash));
  });
});
