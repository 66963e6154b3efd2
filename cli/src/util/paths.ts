import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

/** The perfgate package root (where package.json, budgets/ and scenarios/ live), wherever the CLI is run from. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export function packagePath(...parts: string[]): string {
  return resolve(PACKAGE_ROOT, ...parts);
}
