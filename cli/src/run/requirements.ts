import type { Requirement } from '../model/index.ts';
import { findChrome } from '../target/chrome.ts';
import { firstLine } from '../util/errors.ts';

/** How a target of the user's provides each requirement: what a "this check needs …" message names. */
export const REQUIREMENT_FLAGS: Record<Requirement, string> = {
  url: '--url (the server to test)',
  database: '--database-url (the database to examine)',
  buildDir: '--bundle-dir DIR (its build output)',
  browser: "a Chrome (Debian's chromium, or CHROME_PATH)",
};

/** Why no browser can run here, or undefined when one can. */
export function browserProblem(): string | undefined {
  try {
    findChrome();
    return undefined;
  } catch (error) {
    return firstLine(error);
  }
}
