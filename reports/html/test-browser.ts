// The headless chromium the report's browser tests open: Debian's, with a fresh profile, and nothing running in the
// background. Without it every test fails with how to install it (never a skip).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

const CHROMIUM = process.env.PERFGATE_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export type TestBrowser = { browser: Browser; missing?: undefined; close(): Promise<void> } | { browser?: undefined; missing: Error; close(): Promise<void> };

export async function openTestBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) {
    const missing = new Error(`chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set PERFGATE_CHROMIUM`);
    return { missing, close: async () => undefined };
  }
  const profile = mkdtempSync(join(tmpdir(), 'perfgate-chromium-'));
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, userDataDir: profile });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
