import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The client is written against React's API and runs on Preact's compatibility layer: the same
 * components (and TipTap's React bindings) for about 57 kB less gzip JavaScript on every page.
 * React itself stays installed for its types and as @tiptap/react's peer, and is never bundled.
 * vitest.config.ts uses the same aliases, so component tests render with what the browser runs.
 * client/preactOptions.ts makes effects run when React would run them.
 */
export const REACT_ON_PREACT = [
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react-dom\/server$/, replacement: 'preact/compat/server' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-dev-runtime' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react$/, replacement: 'preact/compat' },
];

const apiTarget = `http://127.0.0.1:${process.env.ACCORD_API_PORT ?? 8080}`;

// Only client/ and shared/ are reachable from the browser bundle; server code never is.
export default defineConfig({
  root: 'client',
  plugins: [react()],
  resolve: { alias: REACT_ON_PREACT },
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // Every browser the build targets preloads modules natively; the polyfill would be in every page.
    modulePreload: { polyfill: false },
  },
  server: {
    // Only the server's own paths: the bare prefixes '/api' and '/collab' also caught the client's
    // modules /api.ts and /collab/*.ts, so `npm run dev` served the app without them.
    proxy: {
      '^/api/': { target: apiTarget },
      '^/collab/[A-Za-z0-9_-]+(\\?|$)': { target: apiTarget, ws: true },
    },
  },
});
