import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformWithEsbuild, type Plugin } from 'vite';

const WORKER_SOURCE = fileURLToPath(new URL('./src/service-worker/worker.ts', import.meta.url));
/** Where the worker is served: at the root, so its scope is the whole app. */
export const SERVICE_WORKER_FILE = 'sw.js';
/** Precached at install: the code any page may need. Images are cached when first shown (a page uses one size). */
const PRECACHED = /\.(m?js|css)$/;

/**
 * Emits dist/sw.js (production builds only): the worker of src/service-worker/worker.ts, compiled, after the
 * build's hashed JS and CSS (PRECACHE) and a cache name derived from them (CACHE_NAME), so each build caches
 * under its own name and its worker drops the previous build's cache.
 */
export function serviceWorker(): Plugin {
  return {
    name: 'paypass-service-worker',
    apply: 'build',
    async generateBundle(_options, bundle) {
      const assets = Object.values(bundle)
        .map((file) => file.fileName)
        .filter((name) => name.startsWith('assets/') && PRECACHED.test(name))
        .sort()
        .map((name) => `/${name}`);
      const version = createHash('sha256').update(assets.join('\n')).digest('hex').slice(0, 12);
      const compiled = await transformWithEsbuild(readFileSync(WORKER_SOURCE, 'utf8'), WORKER_SOURCE, {
        loader: 'ts',
        format: 'esm',
        target: 'es2020',
        minifyWhitespace: true,
        minifySyntax: true,
      });
      const head = `const PRECACHE=${JSON.stringify(assets)};const CACHE_NAME=${JSON.stringify(`paypass-static-${version}`)};`;
      this.emitFile({ type: 'asset', fileName: SERVICE_WORKER_FILE, source: `${head}\n${compiled.code}` });
    },
  };
}
