import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, type LaunchedChrome } from 'chrome-launcher';
import { runError } from '../util/errors.ts';

/** Headless flags for a quiet, reproducible lab browser (no background traffic to skew the network). */
export const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'];

/** $CHROME_PATH, else Debian's chromium (or another system Chrome); never a downloaded browser. */
export function findChrome(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CHROME_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw runError(`lighthouse: CHROME_PATH=${fromEnv} does not exist; install Debian's chromium (apt-get install -y chromium) or point CHROME_PATH at a Chrome binary`);
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) throw runError("lighthouse: Chromium not found; install Debian's chromium (apt-get install -y chromium) or set CHROME_PATH to a Chrome binary");
  return found;
}

/** `156.0.8078.73` from `chromium --version` (the user agent of a headless run hides all but the major). */
export function chromeVersion(chromePath: string): string | undefined {
  try {
    const out = execFileSync(chromePath, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).toString();
    return out.match(/\d+\.\d+\.\d+\.\d+/)?.[0];
  } catch {
    return undefined;
  }
}

export interface Browser {
  port: number;
  kill(): Promise<void>;
}

/** A fresh headless Chromium with its own throw-away profile. */
export async function launchChrome(chromePath: string): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'perfgate-chrome-'));
  let chrome: LaunchedChrome;
  try {
    chrome = await launch({ chromePath, chromeFlags: CHROME_FLAGS, userDataDir, logLevel: 'silent', connectionPollInterval: 250, maxConnectionRetries: 80 });
  } catch (err) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw runError(`lighthouse: could not start ${chromePath}: ${(err as Error).message.split('\n')[0]}`);
  }
  let killed = false;
  return {
    port: chrome.port,
    async kill() {
      if (killed) return;
      killed = true;
      try {
        // chrome-launcher's kill() sends the signal and returns; the process is gone by the time its files are removed.
        chrome.kill();
      } finally {
        rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
      }
    },
  };
}
