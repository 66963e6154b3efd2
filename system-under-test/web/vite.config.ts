import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * PayPass web: React without a plugin (Vite's esbuild handles JSX), route-level code splitting
 * via React.lazy, and a manifest so perfgate's bundle check can tell the initial chunks from the routes'.
 */
export default defineConfig({
  root,
  base: '/',
  logLevel: 'warn',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    target: 'es2020',
    sourcemap: false,
    // Assets under 4 KB (the favicon) are inlined; everything else gets a content hash under assets/.
    assetsInlineLimit: 4096,
  },
  server: {
    // `vite --config system-under-test/web/vite.config.ts` during development: the API on :3000.
    proxy: { '/auth': 'http://127.0.0.1:3000', '/payments': 'http://127.0.0.1:3000', '/me': 'http://127.0.0.1:3000' },
  },
});
