import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Measurement } from '../../model/index.ts';
import { runCheck } from '../check.ts';
import { bundleCheck } from './index.ts';

const WEB_CONFIG = fileURLToPath(new URL('../../../../system-under-test/web/vite.config.ts', import.meta.url));

const measure = (settings: Record<string, unknown>, log: string[] = []) => runCheck(bundleCheck, { target: { kind: 'url' }, settings, log: (l) => log.push(l) });

function find(ms: Measurement[], subject: string, metric: string): Measurement {
  const hit = ms.find((x) => x.subject === subject && x.metric === metric);
  if (!hit) throw new Error(`no ${metric} for ${subject} in ${ms.map((x) => `${x.subject}/${x.metric}`).join(', ')}`);
  return hit;
}

const tmp: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'perfgate-bundle-'));
  tmp.push(dir);
  return dir;
};
afterAll(() => tmp.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('bundle check on a real Vite build of the PayPass web app', () => {
  let out: string;
  let ms: Measurement[];
  beforeAll(async () => {
    out = scratch();
    await build({ configFile: WEB_CONFIG, logLevel: 'silent', build: { outDir: out, emptyOutDir: true } });
    ms = (await measure({ dir: out })).measurements;
  }, 120_000);

  const ROUTES = ['route:Analytics', 'route:Dashboard', 'route:Login', 'route:SendPayment'];

  it('splits the initial load from the lazy routes', () => {
    const subjects = [...new Set(ms.map((x) => x.subject))].sort();
    expect(subjects).toEqual(['bundle:initial', 'bundle:total', 'images:total', 'route:Analytics', 'route:Dashboard', 'route:Login', 'route:SendPayment']);
    for (const m of ms) expect(m.check).toBe('bundle');
  });

  it('counts the entry JS and its CSS in the initial load, exact gzip bytes', () => {
    const manifest = JSON.parse(readFileSync(join(out, '.vite/manifest.json'), 'utf8'));
    const entry = manifest['index.html'];
    const files = [entry.file, ...entry.css];
    const expected = files.reduce((n: number, f: string) => n + gzipSync(readFileSync(join(out, f)), { level: 9 }).length, 0);
    expect(find(ms, 'bundle:initial', 'gzip.bytes').value).toBe(expected);
    expect(find(ms, 'bundle:initial', 'files.count').value).toBe(2);
    expect(find(ms, 'bundle:initial', 'gzip.bytes').unit).toBe('bytes');
  });

  it("breaks each chunk down by source module from the build's source maps", () => {
    const initial = find(ms, 'bundle:initial', 'gzip.bytes').breakdown!;
    const modules = Object.keys(initial);
    expect(modules.some((m) => m.startsWith('react-dom/'))).toBe(true);
    expect(modules).toContain('system-under-test/web/src/main.tsx');
    // The parts are the JS's raw bytes (CSS has no map here): together no more than the raw size of the group.
    expect(Object.values(initial).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(find(ms, 'bundle:initial', 'raw.bytes').value);
    expect(Object.keys(find(ms, 'route:Analytics', 'gzip.bytes').breakdown!)).toContain('system-under-test/web/src/pages/Analytics.tsx');
  });

  it('keeps PayPass within the standards: initial < 200 KB, each route < 100 KB gzipped', () => {
    const initial = find(ms, 'bundle:initial', 'gzip.bytes').value;
    expect(initial).toBeLessThan(200 * 1024);
    expect(find(ms, 'bundle:initial', 'brotli.bytes').value).toBeLessThan(initial);
    expect(find(ms, 'bundle:initial', 'raw.bytes').value).toBeGreaterThan(initial);
    for (const route of ROUTES) {
      const gz = find(ms, route, 'gzip.bytes').value;
      expect(gz).toBeGreaterThan(0);
      expect(gz).toBeLessThan(100 * 1024);
      // A route's own JS, plus the chunks it alone imports (shared ones count once, where they load first).
      expect(find(ms, route, 'files.count').value).toBeGreaterThanOrEqual(1);
    }
    // Every file once: no more than initial plus each route (routes may share a lazily loaded chunk, which each of
    // them costs), no less than initial plus any one route.
    const total = find(ms, 'bundle:total', 'gzip.bytes').value;
    const parts = ['bundle:initial', ...ROUTES].reduce((n, s) => n + find(ms, s, 'gzip.bytes').value, 0);
    expect(total).toBeLessThanOrEqual(parts);
    for (const route of ROUTES) expect(total).toBeGreaterThanOrEqual(initial + find(ms, route, 'gzip.bytes').value);
  });
});

describe('bundle check without a manifest', () => {
  it('measures each JS/CSS file, the total and the images', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'assets', 'img'), { recursive: true });
    const js = 'export const x = ' + JSON.stringify('hello world '.repeat(200)) + ';\n';
    writeFileSync(join(dir, 'app.js'), js);
    writeFileSync(join(dir, 'assets', 'style.css'), 'body { color: red; }\n'.repeat(50));
    writeFileSync(join(dir, 'app.js.gz'), gzipSync(js)); // precompressed copies are not counted twice
    writeFileSync(join(dir, 'app.js.map'), '{}');
    writeFileSync(join(dir, 'assets', 'img', 'a.png'), Buffer.alloc(1000, 1));
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"/>';
    writeFileSync(join(dir, 'logo.svg'), svg);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ name: 'a web app manifest, not Vite' }));
    const log: string[] = [];
    const { measurements: ms } = await measure({ dir }, log);

    const subjects = [...new Set(ms.map((x) => x.subject))].sort();
    expect(subjects).toEqual(['bundle:total', 'file:app.js', 'file:assets/style.css', 'images:total']);
    expect(find(ms, 'file:app.js', 'raw.bytes').value).toBe(Buffer.byteLength(js));
    expect(find(ms, 'file:app.js', 'gzip.bytes').value).toBe(gzipSync(js, { level: 9 }).length);
    expect(find(ms, 'bundle:total', 'files.count').value).toBe(2);
    expect(find(ms, 'bundle:total', 'raw.bytes').value).toBe(Buffer.byteLength(js) + 21 * 50);
    expect(find(ms, 'images:total', 'raw.bytes').value).toBe(1000 + svg.length);
    expect(find(ms, 'images:total', 'files.count').value).toBe(2);
    expect(log.join('\n')).toMatch(/no Vite manifest/);
  });

  it('measures each page of a multi-page build by its own entry', async () => {
    const dir = scratch();
    mkdirSync(join(dir, '.vite'), { recursive: true });
    mkdirSync(join(dir, 'assets'));
    const write = (f: string, bytes: number) => writeFileSync(join(dir, f), 'x'.repeat(bytes));
    write('assets/index.js', 3000);
    write('assets/about.js', 1000);
    write('assets/shared.js', 500);
    write('assets/lazy.js', 200);
    const manifest = {
      'index.html': { file: 'assets/index.js', src: 'index.html', isEntry: true, imports: ['_shared.js'], dynamicImports: ['lazy.ts'] },
      'about.html': { file: 'assets/about.js', src: 'about.html', isEntry: true, imports: ['_shared.js'] },
      '_shared.js': { file: 'assets/shared.js' },
      'lazy.ts': { file: 'assets/lazy.js', src: 'lazy.ts', isDynamicEntry: true },
    };
    writeFileSync(join(dir, '.vite/manifest.json'), JSON.stringify(manifest));
    const measured = (await measure({ dir })).measurements;
    expect(find(measured, 'bundle:initial index.html', 'raw.bytes').value).toBe(3500);
    expect(find(measured, 'bundle:initial about.html', 'raw.bytes').value).toBe(1500);
    expect(find(measured, 'route:lazy', 'raw.bytes').value).toBe(200);
    expect(measured.some((m) => m.subject === 'bundle:initial')).toBe(false);
  });

  it('fails clearly on a missing directory', async () => {
    await expect(measure({ dir: '/nonexistent/dist' })).rejects.toThrow(/build directory .*nonexistent\/dist does not exist/);
    await expect(measure({})).rejects.toThrow(/^bundle: no build directory \(give --bundle-dir DIR, the build output\)$/);
  });
});
