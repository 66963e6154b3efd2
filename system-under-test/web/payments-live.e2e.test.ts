import type { HTTPRequest, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startWebApp, userId, type WebApp } from './e2e-app.ts';

/** Sending money as a user meets it: the row appears at once, follows its status live, or goes away when refused. */
describe('PayPass web: payments, optimistic and live', () => {
  let web: WebApp;

  beforeAll(async () => {
    web = await startWebApp('paypass_web_live');
  }, 180_000);
  afterAll(async () => {
    await web?.close();
  });

  async function openSendPage(page: Page): Promise<void> {
    await signIn(page, web.base, 1);
    await page.click('[data-testid=nav-send]');
    await page.waitForSelector('[data-testid=send-form] [data-testid=send-recipient]');
    await page.waitForSelector('[data-testid=payment-list] [data-testid=payment-row]');
  }

  async function fill(page: Page, recipient: string, amount: string, description: string): Promise<void> {
    await page.type('[data-testid=send-recipient]', recipient);
    await page.type('[data-testid=send-amount]', amount);
    await page.type('[data-testid=send-description]', description);
  }

  /** The status of the history row with this description, or null when there is none. */
  const rowStatus = (page: Page, description: string) =>
    page.evaluate((d) => {
      const row = [...document.querySelectorAll<HTMLElement>('[data-testid=payment-row]')].find((r) => r.textContent?.includes(d));
      return row ? row.dataset.status : null;
    }, description);

  it('sends a payment and sees it reach completed over the socket, without a reload or a refetch', async () => {
    const page = await web.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await openSendPage(page);
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    const listFetches: string[] = [];
    page.on('request', (r) => r.method() === 'GET' && new URL(r.url()).pathname === '/payments' && listFetches.push(r.url()));

    await fill(page, await userId(web.pool, 2), '2.50', 'live e2e');
    await page.click('[data-testid=send-submit]');
    await page.waitForFunction(
      () => [...document.querySelectorAll<HTMLElement>('[data-testid=payment-row]')].some((r) => r.textContent?.includes('live e2e') && r.dataset.status === 'completed'),
      { timeout: 20_000 },
    );

    const { rows } = await web.pool.query<{ status: string; amount: string }>("SELECT status, amount FROM payments WHERE description = 'live e2e'");
    expect(rows.map((r) => [r.status, Number(r.amount)])).toEqual([['completed', 250]]);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true); // no reload
    expect(listFetches).toEqual([]); // the status came over /ws, not from fetching the list again
    expect(await page.$eval('[data-testid=send-status]', (el) => (el as HTMLElement).dataset.state)).toBe('sent');
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('shows the payment at once and takes it out again, with the error, when the API refuses it (422)', async () => {
    const page = await web.browser.newPage();
    // The POST is held until the optimistic row has been seen: without the hold a fast API could answer first.
    // Page-level interception sees only requests the page itself sends, so the service worker is bypassed here.
    await page.setBypassServiceWorker(true);
    await page.setRequestInterception(true);
    let held: HTTPRequest | null = null;
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/payments') held = r;
      else void r.continue();
    });
    await openSendPage(page);
    const rowsBefore = await page.$$eval('[data-testid=payment-row]', (els) => els.map((e) => (e as HTMLElement).dataset.paymentId));

    await fill(page, await userId(web.pool, 3), '99999999', 'too much e2e');
    await page.click('[data-testid=send-submit]');
    await page.waitForSelector('[data-testid=payment-row][data-status=sending]');
    expect(await rowStatus(page, 'too much e2e')).toBe('sending');
    await page.waitForFunction(() => document.querySelector('[data-testid=payment-row]')?.textContent?.includes('too much e2e')); // on top
    await waitUntil(() => held !== null);
    await held!.continue();

    await page.waitForFunction(() => (document.querySelector('[data-testid=send-status]') as HTMLElement | null)?.dataset.state === 'error', { timeout: 15_000 });
    expect(await page.$eval('[data-testid=send-status]', (el) => el.textContent)).toMatch(/insufficient funds/i);
    expect(await rowStatus(page, 'too much e2e')).toBeNull(); // rolled back
    expect(await page.$$eval('[data-testid=payment-row]', (els) => els.map((e) => (e as HTMLElement).dataset.paymentId))).toEqual(rowsBefore);
    const { rows } = await web.pool.query("SELECT 1 FROM payments WHERE description = 'too much e2e'");
    expect(rows).toEqual([]);
    await page.close();
  }, 90_000);
});

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
