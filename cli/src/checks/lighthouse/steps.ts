import { runError } from '../../util/errors.ts';
import type { Page } from './browser.ts';
import type { Step } from './settings.ts';

/** What `{{…}}` in a step's values may name. */
export interface StepValues {
  credential?: { email: string; password: string };
  env: NodeJS.ProcessEnv;
}

const DEFAULT_WAIT_MS = 30_000;

/** Runs scripted steps in a page, as a user would; `where` names the steps in errors (`login step 3`). */
export async function runSteps(page: Page, steps: readonly Step[], baseUrl: string, values: StepValues, where: string): Promise<void> {
  for (const [i, step] of steps.entries()) {
    try {
      await runStep(page, step, baseUrl, values);
    } catch (error) {
      throw runError(`lighthouse: ${where} step ${i + 1} (${describeStep(step)}): ${(error as Error).message.split('\n')[0]}`);
    }
  }
}

async function runStep(page: Page, step: Step, baseUrl: string, values: StepValues): Promise<void> {
  if ('goto' in step) {
    await page.goto(absoluteUrl(baseUrl, step.goto), { waitUntil: 'load', timeout: DEFAULT_WAIT_MS });
  } else if ('fill' in step) {
    const field = await page.waitForSelector(step.fill, { visible: true, timeout: DEFAULT_WAIT_MS });
    // Select what the field holds so the typed text replaces it.
    await field!.click({ count: 3 });
    await field!.type(substitute(step.value, values));
  } else if ('select' in step) {
    await page.waitForSelector(step.select, { timeout: DEFAULT_WAIT_MS });
    const chosen = await page.select(step.select, substitute(step.value, values));
    if (chosen.length === 0) throw new Error(`no option "${step.value}"`);
  } else if ('click' in step) {
    const target = await page.waitForSelector(step.click, { visible: true, timeout: DEFAULT_WAIT_MS });
    await target!.click();
  } else if ('waitFor' in step) {
    await page.waitForSelector(step.waitFor, { timeout: step.timeoutMs ?? DEFAULT_WAIT_MS });
  } else if ('localStorage' in step || 'sessionStorage' in step) {
    const area = 'localStorage' in step ? 'localStorage' : 'sessionStorage';
    const entries = Object.entries('localStorage' in step ? step.localStorage : step.sessionStorage).map(([k, v]) => [k, substitute(v, values)]);
    await page.evaluate(
      (name: string, pairs: string[][]) => {
        const storage = name === 'localStorage' ? window.localStorage : window.sessionStorage;
        for (const [k, v] of pairs) storage.setItem(k!, v!);
      },
      area,
      entries,
    );
  } else {
    const url = new URL(page.url().startsWith('http') ? page.url() : baseUrl);
    await page.setCookie({ name: step.cookie.name, value: substitute(step.cookie.value, values), domain: url.hostname, path: step.cookie.path ?? '/' });
  }
}

/** `{{email}}`, `{{password}}`, `{{env.NAME}}`: a name with no value is an error, never an empty string typed. */
export function substitute(text: string, values: StepValues): string {
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_all, name: string) => {
    if (name === 'email' || name === 'password') {
      if (!values.credential) throw new Error(`{{${name}}} needs a login the target provides (PayPass's seeded users); give the value instead`);
      return values.credential[name];
    }
    if (name.startsWith('env.')) {
      const value = values.env[name.slice(4)];
      if (value === undefined) throw new Error(`{{${name}}}: $${name.slice(4)} is not set`);
      return value;
    }
    throw new Error(`{{${name}}} is none of {{email}}, {{password}}, {{env.NAME}}`);
  });
}

export function absoluteUrl(base: string, page: string): string {
  if (/^https?:\/\//.test(page)) return page;
  return base.replace(/\/+$/, '') + (page.startsWith('/') ? page : `/${page}`);
}

function describeStep(step: Step): string {
  const [kind, target] = Object.entries(step)[0]!;
  return typeof target === 'string' ? `${kind} ${target}` : kind;
}
