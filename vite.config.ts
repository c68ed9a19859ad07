import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const apiTarget = `http://127.0.0.1:${process.env.ACCORD_API_PORT ?? 8080}`;

// Only client/ and shared/ are reachable from the browser bundle; server code never is.
export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // Every browser the build targets preloads modules natively; the polyfill would be in every page.
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: {
      '/api': { target: apiTarget },
      '/collab': { target: apiTarget, ws: true },
    },
  },
});
