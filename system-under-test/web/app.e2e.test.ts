import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_PASSWORD, seedEmail } from '../db/generate.ts';
import { startWebApp, userId, type WebApp } from './e2e-app.ts';

/** The real front end, built by Vite, served by the real API over a seeded database, driven in Chromium. */
describe('PayPass web end to end', () => {
  let web: WebApp;
  let base: string;

  beforeAll(async () => {
    web = await startWebApp('paypass_web');
    base = web.base;
  }, 180_000);
  afterAll(async () => {
    await web?.close();
  });

  it('logs in, shows balance and payments, loads analytics lazily and sends a payment', async () => {
    const page = await web.browser.newPage();
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
    const fetched: string[] = []; // from the network (a preloaded file's later use is a memory-cache hit)
    page.on('response', (r) => !r.fromCache() && fetched.push(new URL(r.url()).pathname));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));

    await page.goto(`${base}/`, { waitUntil: 'networkidle0' });
    expect(new URL(page.url()).pathname).toBe('/login'); // signed out: sent to the login page
    // The artwork: AVIF chosen among AVIF/WebP/JPEG, the width that fits (348 CSS px at 1x), its box reserved.
    await page.waitForFunction(() => (document.querySelector('.login-art img') as HTMLImageElement | null)?.complete);
    const art = await page.$eval('.login-art img', (img) => ({
      current: new URL((img as HTMLImageElement).currentSrc).pathname,
      width: img.getAttribute('width'),
      height: img.getAttribute('height'),
      sources: [...img.parentElement!.querySelectorAll('source')].map((s) => s.type),
    }));
    expect(art).toMatchObject({ width: '360', height: '150', sources: ['image/avif', 'image/webp'] });
    expect(art.current).toMatch(/^\/assets\/login-art-360-[\w-]+\.avif$/);
    // index.html preloads the route's chunk and picture beside the entry; each is fetched once, preload included.
    expect(await page.$$eval('link[rel=modulepreload]', (ls) => ls.map((l) => new URL((l as HTMLLinkElement).href).pathname))).toEqual([
      expect.stringMatching(/^\/assets\/Login-[\w-]+\.js$/),
    ]);
    expect(await page.$eval('link[rel=preload][as=image]', (l) => l.getAttribute('type'))).toBe('image/avif');
    expect(fetched.filter((p) => /\/Login-/.test(p))).toHaveLength(1);
    expect(fetched.filter((p) => /\/login-art-/.test(p))).toEqual([art.current]);
    await page.type('input[type=email]', seedEmail(1));
    await page.type('input[type=password]', SEED_PASSWORD);
    expect(scripts.some((s) => /Login-/.test(s))).toBe(true);
    expect(scripts.some((s) => /PaymentList-|Dashboard-/.test(s))).toBe(false); // the login page loads no list code
    await page.click('button[type=submit]');

    await page.waitForSelector('.list .row', { timeout: 15_000 });
    const rows = await page.$$eval('.list .row', (els) => els.length);
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(30); // virtualised: only the visible window is in the DOM
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=balance]')?.textContent ?? ''));
    expect(scripts.some((s) => /Dashboard-/.test(s))).toBe(true);
    expect(scripts.some((s) => /Analytics-/.test(s))).toBe(false);

    await page.click('a[href="/analytics"]');
    await page.waitForSelector('.stats dd');
    expect(scripts.some((s) => /Analytics-/.test(s))).toBe(true);

    const recipient = await userId(web.pool, 2);
    await page.click('a[href="/send"]');
    await page.waitForSelector('form.form input');
    const inputs = await page.$$('form.form input');
    await inputs[0].type(recipient);
    await inputs[1].type('1.25');
    await inputs[2].type('e2e test');
    await page.click('button[type=submit]');
    await page.waitForFunction(() => /Sent/.test(document.querySelector('p[role=status]')?.textContent ?? ''), { timeout: 15_000 });
    const { rows: sent } = await web.pool.query<{ amount: string }>("SELECT amount FROM payments WHERE description = 'e2e test'");
    expect(sent.map((r) => Number(r.amount))).toEqual([125]);

    // A signed-in load of /send: its page, the list and the query hooks are preloaded, no other route's chunk.
    await page.goto(`${base}/send`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('[data-testid=send-form]');
    const preloaded = await page.$$eval('link[rel=modulepreload]', (ls) => ls.map((l) => new URL((l as HTMLLinkElement).href).pathname.replace(/-[\w-]+\.js$/, '')));
    expect(preloaded.sort()).toEqual(['/assets/PaymentList', '/assets/SendPayment', '/assets/queries']);
    expect(errors).toEqual([]);
  }, 90_000);

  it('registers a service worker at the root that serves the hashed assets from its cache', async () => {
    const page = await web.browser.newPage();
    await page.goto(`${base}/login`, { waitUntil: 'networkidle0' });
    const registration = await page.evaluate(async () => {
      const ready = await navigator.serviceWorker.ready;
      return { script: ready.active?.scriptURL ?? '', scope: ready.scope };
    });
    expect(new URL(registration.script).pathname).toBe('/sw.js');
    expect(registration.scope).toBe(`${base}/`);
    const entry = await page.$eval('script[type=module]', (s) => new URL((s as HTMLScriptElement).src).pathname);
    await page.waitForFunction(() => caches.keys().then((names) => names.length > 0));
    const cache = await page.evaluate(async () => {
      const names = await caches.keys();
      const paths: string[] = [];
      for (const name of names) for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
      return { names, paths };
    });
    expect(cache.names.length).toBe(1);
    expect(cache.names[0]).toMatch(/^paypass-static-[0-9a-f]{12}$/);
    expect(cache.paths).toContain(entry);
    expect(cache.paths.some((p) => /\/assets\/Dashboard-[\w-]+\.js$/.test(p))).toBe(true); // precached: later routes need no network
    expect(cache.paths.every((p) => p.startsWith('/assets/'))).toBe(true); // never index.html nor the API

    const fromWorker: string[] = [];
    page.on('response', (r) => r.fromServiceWorker() && fromWorker.push(new URL(r.url()).pathname));
    await page.reload({ waitUntil: 'networkidle0' });
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    expect(fromWorker).toContain(entry);
    expect(fromWorker.every((p) => p.startsWith('/assets/'))).toBe(true);

    const worker = await fetch(`${base}/sw.js`);
    expect(worker.headers.get('cache-control')).toBe('no-cache');
    expect(worker.headers.get('content-type')).toMatch(/^text\/javascript/);
    await page.close();
  }, 90_000);
});
