import { describe, expect, it } from 'vitest';
import { failedModuleUrl } from './lazyPart';

describe('the chunk a failed dynamic import names', () => {
  it('is read from Chromium’s and Firefox’s messages, without a query, and is null when none is named', () => {
    expect(failedModuleUrl(new TypeError('Failed to fetch dynamically imported module: http://127.0.0.1:4100/assets/ShareDialog-B30K9rIp.js'))).toBe('http://127.0.0.1:4100/assets/ShareDialog-B30K9rIp.js');
    expect(failedModuleUrl(new TypeError('Failed to fetch dynamically imported module: https://accord.example.org/assets/PolicyPage-l4cCYd_S.js?retry=2'))).toBe('https://accord.example.org/assets/PolicyPage-l4cCYd_S.js');
    expect(failedModuleUrl(new TypeError('error loading dynamically imported module: https://accord.example.org/assets/ExportPanel-x1.js'))).toBe('https://accord.example.org/assets/ExportPanel-x1.js');
    // A stylesheet that failed first (Vite's preload), or Safari's message: no module to ask for anew.
    expect(failedModuleUrl(new Error('Unable to preload CSS for /assets/PolicyPage-Dww7mxn_.css'))).toBeNull();
    expect(failedModuleUrl(new TypeError('Importing a module script failed.'))).toBeNull();
    expect(failedModuleUrl('not an error')).toBeNull();
  });
});
