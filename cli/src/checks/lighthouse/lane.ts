import type { FlowResult, Result } from 'lighthouse';
import { runError } from '../../util/errors.ts';
import { openLabBrowser, type LabBrowser, type Page } from './browser.ts';
import { flowRun } from './flow-run.ts';
import { extract, navigationRun, type RunValues } from './navigation-run.ts';
import type { Flow, FormFactor, Login } from './settings.ts';
import { absoluteUrl, runSteps, type StepValues } from './steps.ts';

/** What one lane measures: every subject, in the rounds it was dealt. Plain data: it crosses to a lane's process. */
export interface LanePlan {
  base: string;
  chromePath: string;
  pages: string[];
  factors: FormFactor[];
  flows: Flow[];
  login?: Login;
  pageScript?: string;
  credential?: { email: string; password: string };
  /** Round numbers (1-based) this lane runs, of `runs` in all. */
  rounds: number[];
  runs: number;
}

/** One Lighthouse run as measured: its subject, numbers and Lighthouse's own result for the report. */
export interface LaneRun {
  subject: string;
  round: number;
  values: RunValues;
  lhr?: Result;
  flow?: FlowResult;
  seconds: number;
}

/**
 * Runs a lane's rounds in one browser: optional login, then per round every page in every form factor, each
 * followed by the flows starting on it, then the flows on pages not audited. Runs go round-robin over the subjects
 * so a slow minute of the machine lands on all of them alike. Resolves early (without error) once aborted.
 */
export async function runLane(plan: LanePlan, onRun: (run: LaneRun) => void, log: (line: string) => void, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  const values: StepValues = { credential: plan.credential, env: process.env };
  const browser = await openLabBrowser(plan.chromePath);
  const onAbort = () => void browser.close();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const { base, login } = plan;
    const guestPath = login ? pathOf(absoluteUrl(base, login.page)) : undefined;
    // The login page is audited as a visitor sees it; every other page in the signed-in tab.
    const isGuest = (page: string) => guestPath !== undefined && pathOf(absoluteUrl(base, page)) === guestPath;
    const tabFor = async (page: string): Promise<Page> => (isGuest(page) ? guestTab(browser, plan.pageScript) : browser.sessionPage);
    if (plan.pageScript) await browser.sessionPage.evaluateOnNewDocument(plan.pageScript);
    if (login) {
      const started = Date.now();
      await runSteps(browser.sessionPage, [{ goto: login.page }, ...login.steps], base, values, 'login');
      log(`signed in at ${login.page} (${seconds(started)} s)`);
    }
    // A flow starting on an audited page runs right after that page's run, on the page as loaded; others load theirs.
    const flowsAfter = (page: string) => (isGuest(page) ? [] : plan.flows.filter((f) => f.page === page));
    const standaloneFlows = plan.flows.filter((f) => !plan.pages.includes(f.page) || isGuest(f.page));
    for (const round of plan.rounds) {
      for (const formFactor of plan.factors) {
        for (const page of plan.pages) {
          if (signal.aborted) return;
          const tab = await tabFor(page);
          const url = absoluteUrl(base, page);
          const started = Date.now();
          const lhr = await navigationRun(tab, url, formFactor).catch(rethrowUnlessAborted(signal));
          if (!lhr) return;
          assertNotSentToLogin(lhr.finalDisplayedUrl, url, guestPath);
          onRun({ subject: `page:${page} ${formFactor}`, round, values: extract(lhr, url), lhr, seconds: seconds(started) });
          for (const flow of flowsAfter(page)) await measureFlow(tab, flow, formFactor, round, true);
        }
        for (const flow of standaloneFlows) await measureFlow(browser.sessionPage, flow, formFactor, round, false);
      }
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    await browser.close();
  }

  async function measureFlow(tab: Page, flow: Flow, formFactor: FormFactor, round: number, loaded: boolean): Promise<void> {
    if (signal.aborted) return;
    const started = Date.now();
    const run = await flowRun(tab, flow, plan.base, formFactor, values, loaded).catch(rethrowUnlessAborted(signal));
    if (!run) return;
    onRun({ subject: `flow:${flow.name} ${formFactor}`, round, values: run.values, flow: run.result, seconds: seconds(started) });
  }
}

/** The visitor's tab (its own empty profile), with the page script installed once. */
const guestTabs = new WeakMap<LabBrowser, Promise<Page>>();
function guestTab(browser: LabBrowser, pageScript: string | undefined): Promise<Page> {
  let tab = guestTabs.get(browser);
  if (!tab) {
    tab = browser.guestPage().then(async (page) => {
      if (pageScript) await page.evaluateOnNewDocument(pageScript);
      return page;
    });
    guestTabs.set(browser, tab);
  }
  return tab;
}

/** A page behind the login that ends on the login page measured the login page: the session did not hold. */
function assertNotSentToLogin(finalUrl: string | undefined, url: string, loginPath: string | undefined): void {
  if (loginPath === undefined || !finalUrl || pathOf(url) === loginPath) return;
  if (pathOf(finalUrl) === loginPath) throw runError(`lighthouse: ${url} ended on the login page ${loginPath}: the login's session did not hold (check the login steps)`);
}

function rethrowUnlessAborted(signal: AbortSignal) {
  return (error: unknown): undefined => {
    if (signal.aborted) return undefined; // aborted mid-run: a partial run is no sample
    throw error;
  };
}

export function pathOf(url: string): string {
  return new URL(url).pathname.replace(/\/+$/, '') || '/';
}

function seconds(started: number): number {
  return Math.round((Date.now() - started) / 100) / 10;
}
