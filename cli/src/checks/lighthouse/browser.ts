import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type * as LH from 'lighthouse';
import { launchChrome } from '../../target/chrome.ts';
import { runError } from '../../util/errors.ts';

export type Page = LH.Puppeteer.Page;
type PuppeteerBrowser = LH.Puppeteer.Browser;

interface Connect {
  connect(options: { browserURL: string; defaultViewport: null; protocolTimeout?: number }): Promise<PuppeteerBrowser>;
}

/**
 * The puppeteer-core Lighthouse itself depends on: the pages handed to `lighthouse()` and `startFlow()` are then
 * objects of the version it was built and typed against, and perfgate needs no browser library of its own.
 */
async function lighthousePuppeteer(): Promise<Connect> {
  const fromLighthouse = createRequire(createRequire(import.meta.url).resolve('lighthouse'));
  const module = (await import(pathToFileURL(fromLighthouse.resolve('puppeteer-core')).href)) as { default: Connect };
  return module.default;
}

/** One headless Chromium for a whole check, driven by puppeteer over the DevTools port chrome-launcher opened. */
export interface LabBrowser {
  /** A tab in the main profile (where the login's session lives). */
  sessionPage: Page;
  /** A tab in a separate, empty profile: pages audited as a visitor without a session. */
  guestPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function openLabBrowser(chromePath: string): Promise<LabBrowser> {
  const chrome = await launchChrome(chromePath);
  let browser: PuppeteerBrowser | undefined;
  try {
    const puppeteer = await lighthousePuppeteer();
    browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}`, defaultViewport: null, protocolTimeout: 120_000 });
    const sessionPage = await browser.newPage();
    let guest: Page | undefined;
    const connected = browser;
    return {
      sessionPage,
      async guestPage() {
        if (!guest) guest = await (await connected.createBrowserContext()).newPage();
        return guest;
      },
      async close() {
        await connected.disconnect().catch(() => undefined);
        await chrome.kill();
      },
    };
  } catch (error) {
    await browser?.disconnect().catch(() => undefined);
    await chrome.kill();
    throw runError(`lighthouse: could not drive ${chromePath}: ${(error as Error).message.split('\n')[0]}`);
  }
}
