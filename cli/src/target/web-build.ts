import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../util/paths.ts';
import { runError } from '../util/errors.ts';

const WEB = packagePath('system-under-test/web');
export const WEB_DIST = join(WEB, 'dist');

/** Builds PayPass's front end when dist is missing or older than its sources (first run, or after an edit). */
export async function ensureWebBuild(log: (line: string) => void): Promise<string> {
  const manifest = join(WEB_DIST, '.vite', 'manifest.json');
  if (existsSync(manifest) && newestSource(WEB) <= statSync(manifest).mtimeMs) return WEB_DIST;
  log('building the PayPass front end (vite build)');
  try {
    const { build } = await import('vite');
    await build({ configFile: join(WEB, 'vite.config.ts'), logLevel: 'warn' });
  } catch (error) {
    throw runError(`building the PayPass front end failed: ${(error as Error).message.split('\n')[0]}`, 'TARGET_FAILED');
  }
  return WEB_DIST;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules' || entry.name.endsWith('.test.ts')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}
