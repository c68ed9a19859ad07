import { describe, expect, it } from 'vitest';
import config from '../vite.config.ts';

/** The paths `npm run dev` hands to the Accord server; everything else is the client's own, served by Vite. */
function proxied(url: string): boolean {
  const proxy = (config.server?.proxy ?? {}) as Record<string, unknown>;
  return Object.keys(proxy).some((key) => (key.startsWith('^') ? new RegExp(key).test(url) : url.startsWith(key)));
}

describe('the development server', () => {
  it('sends the API and the live connection to the server', () => {
    for (const url of ['/api/policies', '/api/auth/login', '/collab/Yf6R89CziIsFwxOh', '/collab/Yf6R89CziIsFwxOh?readOnly=1']) expect(proxied(url), url).toBe(true);
  });

  it('keeps the client’s own modules whose paths start the same way', () => {
    for (const url of ['/api.ts', '/api.test.ts', '/collab/offlineCopies.ts', '/collab/useCollaboration.ts?t=1', '/']) expect(proxied(url), url).toBe(false);
  });
});
