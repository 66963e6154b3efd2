import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webStatic } from './static.ts';

describe('webStatic', () => {
  let dir: string;
  let app: FastifyInstance;
  const js = `console.log(${JSON.stringify('paypass '.repeat(500))});\n`;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'perfgate-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>PayPass</title><script type="module" src="/assets/index-abc123.js"></script>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), js);
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dir, 'sw.js'), "self.addEventListener('fetch', () => {});\n");
    app = Fastify();
    app.get('/payments', async () => ({ data: [] })); // an API route beside the front end
    await app.register(webStatic, { root: dir });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves hashed assets compressed, with a year-long immutable cache', async () => {
    const br = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['content-type']).toMatch(/^text\/javascript/);
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(js);
    const gz = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(js);
    const plain = await app.inject({ url: '/assets/index-abc123.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(js);
    const again = await app.inject({ url: '/assets/index-abc123.js', headers: { 'if-none-match': String(plain.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });

  it('answers index.html for client routes, revalidated, and leaves API routes alone', async () => {
    for (const url of ['/', '/login', '/analytics', '/send']) {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<title>PayPass</title>');
    }
    expect((await app.inject({ url: '/payments' })).json()).toEqual({ data: [] });
    expect((await app.inject({ url: '/favicon.svg' })).headers['content-type']).toBe('image/svg+xml');
  });

  it('serves the service worker at the root, revalidated on every update check (never cached as immutable)', async () => {
    const res = await app.inject({ url: '/sw.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain("addEventListener('fetch'");
  });

  it('refuses paths outside assets and unknown files', async () => {
    expect((await app.inject({ url: '/assets/..%2findex.html' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/assets/missing-1.js' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/nope' })).statusCode).toBe(404);
  });

  it('says how to build when dist is missing', async () => {
    const bare = Fastify();
    await bare.register(webStatic, { root: join(dir, 'no-such-dist') });
    const res = await bare.inject({ url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toMatch(/npm run web:build/);
    await bare.close();
  });
});
