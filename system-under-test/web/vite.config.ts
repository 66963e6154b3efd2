import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { routePreload } from './route-preload-plugin.ts';
import { serviceWorker } from './service-worker-plugin.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * PayPass web: React without a plugin (Vite's esbuild handles JSX), route-level code splitting
 * via React.lazy (with the current route's chunks preloaded from index.html), a manifest so perfgate's bundle
 * check can tell the initial chunks from the routes', and a service worker (dist/sw.js) caching the hashed assets.
 */
export default defineConfig(({ command }) => ({
  root,
  base: '/',
  logLevel: 'warn',
  plugins: [routePreload(), serviceWorker()],
  // jsx 'automatic' picks React's dev runtime (jsxDEV) unless told otherwise: a build is always production.
  esbuild: { jsx: 'automatic', ...(command === 'build' ? { jsxDev: false } : {}) },
  // A build is what users download, whatever NODE_ENV the process that builds it has (a test runner sets "test"):
  // React's development build is three times the size and much slower, and would be measured instead.
  ...(command === 'build' ? { define: { 'process.env.NODE_ENV': JSON.stringify('production') } } : {}),
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    target: 'es2020',
    // Maps beside the chunks, not referenced from them (browsers never fetch them): the bundle check reads them to
    // name the modules a grown chunk grew by.
    sourcemap: 'hidden',
    // Assets under 4 KB (the favicon) are inlined, except pictures: a srcset names one file per width, and an
    // inlined one would be downloaded by everyone inside the JS. Everything else gets a content hash under assets/.
    assetsInlineLimit: (file) => (/\.(avif|webp|jpe?g|png)$/i.test(file) ? false : undefined),
    rollupOptions: {
      // TanStack Query and react-window mark their modules "use client" for React Server Components, which a
      // client-only bundle has no use for: Rollup drops the directive, rightly, and need not say so per module.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' || (warning.code === 'SOURCEMAP_ERROR' && /node_modules/.test(warning.id ?? ''))) return;
        warn(warning);
      },
    },
  },
  server: {
    // `vite --config system-under-test/web/vite.config.ts` during development: the API on :3000.
    proxy: {
      '/auth': 'http://127.0.0.1:3000',
      '/payments': 'http://127.0.0.1:3000',
      '/me': 'http://127.0.0.1:3000',
      '/ws': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
}));
