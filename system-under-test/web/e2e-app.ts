import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { build } from 'vite';
import { buildApp } from '../api/app.ts';
import { MemoryCache } from '../api/cache/memory-cache.ts';
import { migrate } from '../api/db/migrate.ts';
import { createPool } from '../api/db/pool.ts';
import { MemoryPaymentQueue } from '../api/queue/memory-queue.ts';
import { generate, SEED_PASSWORD, seedEmail } from '../db/generate.ts';
import { createTestDatabase } from '../testing/test-database.ts';
import { webStatic } from './static.ts';

/** The chromium flags of PayPass's browser tests: headless, nothing running in the background, no QUIC. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface WebApp {
  /** `http://127.0.0.1:<port>`: the API serving the built front end. */
  base: string;
  /** The test database, seeded (10 users, `user1@paypass.test` ... with SEED_PASSWORD). */
  pool: pg.Pool;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * The real front end, built by Vite (a production build, service worker included), served by the real API over a
 * freshly created and seeded PostgreSQL database, and a Chromium with a fresh profile to drive it.
 */
export async function startWebApp(name: string): Promise<WebApp> {
  const dist = mkdtempSync(join(tmpdir(), 'paypass-web-'));
  const userDataDir = mkdtempSync(join(tmpdir(), 'paypass-chrome-'));
  const closers: (() => Promise<unknown> | void)[] = [() => rmSync(dist, { recursive: true, force: true }), () => rmSync(userDataDir, { recursive: true, force: true })];
  const close = async () => {
    for (const fn of closers.splice(0).reverse()) await fn();
  };
  try {
    await build({ configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)), logLevel: 'silent', build: { outDir: dist, emptyOutDir: true } });
    const database = await createTestDatabase(name);
    closers.push(() => database.drop());
    await migrate(database.url);
    await generate(database.url, { users: 10, payments: 150, seed: 3 });
    const pool = createPool(database.url);
    closers.push(() => pool.end());
    const cache = new MemoryCache();
    closers.push(() => cache.close());
    const queue = new MemoryPaymentQueue(() => 10);
    closers.push(() => queue.close());
    const app: FastifyInstance = await buildApp({ pool, cache, queue });
    closers.push(() => app.close());
    await app.register(webStatic, { root: dist });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const browser = await puppeteer.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', userDataDir, args: CHROMIUM_ARGS });
    closers.push(() => browser.close());
    return { base, pool, browser, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Signs seeded user `i` in through the login form (the selectors of README.md) and waits for the dashboard. */
export async function signIn(page: Page, base: string, i: number): Promise<void> {
  await page.goto(`${base}/login`, { waitUntil: 'networkidle0' });
  await page.waitForSelector('[data-testid=login-email]');
  await page.type('[data-testid=login-email]', seedEmail(i));
  await page.type('[data-testid=login-password]', SEED_PASSWORD);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=payment-row]', { timeout: 15_000 });
}

export async function userId(pool: pg.Pool, i: number): Promise<string> {
  const { rows } = await pool.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [seedEmail(i)]);
  return rows[0].id;
}
