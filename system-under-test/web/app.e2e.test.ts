import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import puppeteer, { type Browser } from 'puppeteer-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.ts';
import { MemoryCache } from '../api/cache/memory-cache.ts';
import { migrate } from '../api/db/migrate.ts';
import { createPool } from '../api/db/pool.ts';
import { MemoryPaymentQueue } from '../api/queue/memory-queue.ts';
import { generate, SEED_PASSWORD, seedEmail } from '../db/generate.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { webStatic } from './static.ts';

/** The real front end, built by Vite, served by the real API over a seeded database, driven in Chromium. */
describe('PayPass web end to end', () => {
  let dist: string;
  let database: TestDatabase;
  let pool: pg.Pool;
  let cache: MemoryCache;
  let queue: MemoryPaymentQueue;
  let app: FastifyInstance;
  let browser: Browser;
  let userDataDir: string;
  let base: string;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'paypass-web-'));
    userDataDir = mkdtempSync(join(tmpdir(), 'paypass-chrome-'));
    await build({ configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)), logLevel: 'silent', build: { outDir: dist, emptyOutDir: true } });
    database = await createTestDatabase('paypass_web');
    await migrate(database.url);
    await generate(database.url, { users: 10, payments: 150, seed: 3 });
    pool = createPool(database.url);
    cache = new MemoryCache();
    queue = new MemoryPaymentQueue(() => 10);
    app = await buildApp({ pool, cache, queue });
    await app.register(webStatic, { root: dist });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await puppeteer.launch({
      executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
      userDataDir,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await queue?.close();
    await pool?.end();
    await cache?.close();
    await database?.drop();
    rmSync(dist, { recursive: true, force: true });
    rmSync(userDataDir, { recursive: true, force: true });
  });

  it('logs in, shows balance and payments, loads analytics lazily and sends a payment', async () => {
    const page = await browser.newPage();
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));

    await page.goto(`${base}/`, { waitUntil: 'networkidle0' });
    expect(new URL(page.url()).pathname).toBe('/login'); // signed out: sent to the login page
    await page.type('input[type=email]', seedEmail(1));
    await page.type('input[type=password]', SEED_PASSWORD);
    await page.click('button[type=submit]');

    await page.waitForSelector('.list .row', { timeout: 15_000 });
    const rows = await page.$$eval('.list .row', (els) => els.length);
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(30); // virtualised: only the visible window is in the DOM
    await page.waitForFunction(() => /\d/.test(document.querySelector('.balance .big')?.textContent ?? ''));
    expect(scripts.some((s) => /Dashboard-/.test(s))).toBe(true);
    expect(scripts.some((s) => /Analytics-/.test(s))).toBe(false);

    await page.click('a[href="/analytics"]');
    await page.waitForSelector('.stats dd');
    expect(scripts.some((s) => /Analytics-/.test(s))).toBe(true);

    const { rows: users } = await pool.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [seedEmail(2)]);
    await page.click('a[href="/send"]');
    await page.waitForSelector('form.form input');
    const inputs = await page.$$('form.form input');
    await inputs[0].type(users[0].id);
    await inputs[1].type('1.25');
    await inputs[2].type('e2e test');
    await page.click('button[type=submit]');
    await page.waitForFunction(() => /Sent/.test(document.querySelector('p[role=status]')?.textContent ?? ''), { timeout: 15_000 });
    const { rows: sent } = await pool.query<{ amount: string }>("SELECT amount FROM payments WHERE description = 'e2e test'");
    expect(sent.map((r) => Number(r.amount))).toEqual([125]);
    expect(errors).toEqual([]);
  }, 90_000);
});
