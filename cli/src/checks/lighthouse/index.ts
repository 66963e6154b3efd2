import { z } from 'zod';
import type { Measurement } from '../../model/index.ts';
import { CHROME_FLAGS, chromeVersion, findChrome } from '../../target/chrome.ts';
import { median } from '../../util/descriptive.ts';
import { runError } from '../../util/errors.ts';
import { pathList, positiveInt } from '../../util/flag-values.ts';
import { defineCheck, type CheckOutput } from '../check.ts';
import { openLabBrowser, type LabBrowser, type Page } from './browser.ts';
import { flowRun } from './flow-run.ts';
import { medianReports, type SubjectRuns } from './median-report.ts';
import { LIGHTHOUSE_METRICS } from './metrics.ts';
import { extract, navigationRun, SKIPPED_AUDITS, type RunValues } from './navigation-run.ts';
import { Flow, formFactors, inlineOrFile, LighthouseSettings, Login, MAX_RUNS, type FormFactor } from './settings.ts';
import { lighthouseSettings } from './settings-source.ts';
import { absoluteUrl, runSteps, type StepValues } from './steps.ts';

export { LighthouseSettings };

/**
 * Lighthouse (performance category) against a URL's pages, each in every form factor asked for, several runs each,
 * after an optional scripted login; and flows: scripted interactions measured as Lighthouse timespans (INP).
 * Value = median, samples = every run. One browser serves the whole check (see `navigationRun` for what each run
 * resets); runs go round-robin over the subjects, so a slow minute of the machine lands on all of them alike.
 */
export const lighthouseCheck = defineCheck<LighthouseSettings>({
  meta: {
    id: 'lighthouse',
    title: 'Lighthouse (lab Core Web Vitals)',
    settings: LighthouseSettings,
    requires: ['url', 'browser'],
    metrics: LIGHTHOUSE_METRICS,
    engines: ['lighthouse'],
    options: [
      {
        flags: '--pages <paths>',
        description: 'lighthouse: comma-separated page paths (default for PayPass: /login,/,/send,/analytics)',
        parse: pathList('--pages'),
        config: z.array(z.string()),
      },
      {
        flags: '--lighthouse-runs <n>',
        description: 'lighthouse: runs per page, form factor and flow (each run is one statistical sample; ≥ 5)',
        parse: positiveInt('--lighthouse-runs', MAX_RUNS),
        config: z.number().int().positive().max(MAX_RUNS),
        sectionKey: 'runs',
      },
      {
        flags: '--form-factor <kind>',
        description: 'lighthouse: device emulation (default for PayPass: both)',
        choices: ['mobile', 'desktop', 'both'],
        config: z.enum(['mobile', 'desktop', 'both']),
      },
      {
        flags: '--login <file>',
        description: 'lighthouse: sign in first with these steps (.ts, .yaml, .json: { page, steps }); pages behind it are audited signed in',
        config: inlineOrFile(Login),
      },
      {
        flags: '--lighthouse-flows <file>',
        description: 'lighthouse: user flows to measure INP on (.ts, .yaml, .json: [{ name, page, ready?, steps }])',
        config: inlineOrFile(z.array(Flow)),
        sectionKey: 'flows',
      },
      {
        flags: '--page-script <file>',
        description: 'lighthouse: JavaScript run in every audited page before its own scripts',
        config: z.string(),
      },
    ],
    inputs: [{ option: 'pages', flag: '--pages', what: 'the pages to audit', optional: true }],
  },
  settings: lighthouseSettings,
  async run(ctx) {
    const s = { ...ctx.settings, url: ctx.settings.url ?? ctx.target.url };
    if (!s.url) throw runError('lighthouse: the target has no URL');
    const base = s.url;
    const chromePath = findChrome();
    const version = chromeVersion(chromePath);
    const factors = formFactors(s.formFactor);
    const subjects = new Map<string, SubjectRuns>();
    const subjectOf = (subject: string) => subjects.get(subject) ?? subjects.set(subject, { subject, runs: [] }).get(subject)!;
    let completed = 0;
    const output = async (): Promise<CheckOutput> => ({
      measurements: [...subjects.values()].flatMap((x) =>
        toMeasurements(
          x.subject,
          x.runs.map((r) => r.values),
        ),
      ),
      engines: version ? { chromium: version } : {},
      files: await medianReports([...subjects.values()]),
      settings: {
        url: base,
        pages: s.pages,
        runs: s.runs,
        runsCompleted: completed,
        formFactor: s.formFactor,
        ...(s.login ? { login: `from ${s.login.page}, ${s.login.steps.length} steps` } : {}),
        ...(s.flows.length ? { flows: s.flows.map((f) => f.name) } : {}),
        ...(s.pageScriptFile ? { pageScript: s.pageScriptFile } : {}),
        throttling: factors.map((f) => (f === 'mobile' ? 'mobile: simulated slow 4G, 4x CPU' : 'desktop: simulated')).join('; '),
        flowThrottling: 'applied to the browser (Lighthouse timespans cannot simulate)',
        skippedAudits: SKIPPED_AUDITS.join(', '),
        chromePath,
        chromeFlags: CHROME_FLAGS,
      },
    });
    if (ctx.signal.aborted) return output();
    if (s.runs < 5) ctx.log(`lighthouse: ${s.runs} run(s) per subject; medians of fewer than 5 runs are noisy and cannot show a regression`);

    const values: StepValues = { credential: ctx.target.credentials?.[0], env: process.env };
    const browser = await openLabBrowser(chromePath);
    const onAbort = () => void browser.close();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const guestPath = s.login ? pathOf(absoluteUrl(base, s.login.page)) : undefined;
      // The login page is audited as a visitor sees it; every other page in the signed-in tab.
      const isGuest = (page: string) => guestPath !== undefined && pathOf(absoluteUrl(base, page)) === guestPath;
      const tabFor = async (page: string): Promise<Page> => (isGuest(page) ? guestTab(browser, s.pageScript) : browser.sessionPage);
      if (s.pageScript) await browser.sessionPage.evaluateOnNewDocument(s.pageScript);
      for (const page of s.pages) await preWarm(absoluteUrl(base, page), ctx.signal);
      if (s.login) {
        const started = Date.now();
        await runSteps(browser.sessionPage, [{ goto: s.login.page }, ...s.login.steps], base, values, 'login');
        ctx.log(`signed in at ${s.login.page} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      }
      // A flow starting on an audited page runs right after that page's run, on the page as loaded; others load theirs.
      const flowsAfter = (page: string) => (isGuest(page) ? [] : s.flows.filter((f) => f.page === page));
      const standaloneFlows = s.flows.filter((f) => !s.pages.includes(f.page) || isGuest(f.page));
      for (let round = 1; round <= s.runs && !ctx.signal.aborted; round++) {
        for (const formFactor of factors) {
          for (const page of s.pages) {
            if (ctx.signal.aborted) break;
            const tab = await tabFor(page);
            const url = absoluteUrl(base, page);
            const subject = `page:${page} ${formFactor}`;
            const started = Date.now();
            const lhr = await navigationRun(tab, url, formFactor).catch(rethrowUnlessAborted(ctx.signal));
            if (!lhr) break;
            assertNotSentToLogin(lhr.finalDisplayedUrl, url, guestPath);
            const run = extract(lhr, url);
            subjectOf(subject).runs.push({ values: run, lhr });
            completed++;
            ctx.log(`${subject} run ${round}/${s.runs}: ${describe(run)} (${seconds(started)})`);
            for (const flow of flowsAfter(page)) await measureFlow(tab, flow, formFactor, round, true);
          }
          for (const flow of standaloneFlows) if (!ctx.signal.aborted) await measureFlow(browser.sessionPage, flow, formFactor, round, false);
        }
      }
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
      await browser.close();
    }
    return output();

    async function measureFlow(tab: Page, flow: Flow, formFactor: FormFactor, round: number, loaded: boolean): Promise<void> {
      const subject = `flow:${flow.name} ${formFactor}`;
      const started = Date.now();
      const run = await flowRun(tab, flow, base, formFactor, values, loaded).catch(rethrowUnlessAborted(ctx.signal));
      if (!run) return;
      subjectOf(subject).runs.push({ values: run.values, flow: run.result });
      completed++;
      ctx.log(`${subject} run ${round}/${s.runs}: INP ${fmt(run.values.get('inp'))} ms, TBT ${fmt(run.values.get('tbt'))} ms (${seconds(started)})`);
    }
  },
});

const guestTabs = new WeakMap<LabBrowser, Promise<Page>>();

/** The visitor's tab (its own empty profile), with the page script installed once. */
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

function pathOf(url: string): string {
  return new URL(url).pathname.replace(/\/+$/, '') || '/';
}

export function pageUrl(base: string, page: string): string {
  return absoluteUrl(base, page);
}

/**
 * One unmeasured request for the page before its first run, as sitespeed.io's --preWarmServer does: the server's
 * first response (cold caches, lazy initialisation) would otherwise make run 1 an outlier of every series.
 */
async function preWarm(url: string, signal: AbortSignal): Promise<void> {
  try {
    const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(30_000)]) });
    await response.arrayBuffer();
  } catch {
    // Lighthouse reports an unreachable page itself, with its own words.
  }
}

export function toMeasurements(subject: string, runs: RunValues[]): Measurement[] {
  const out: Measurement[] = [];
  for (const { name: metric, unit } of LIGHTHOUSE_METRICS) {
    const samples = runs.map((r) => r.get(metric)).filter((v): v is number => v !== undefined);
    if (samples.length === 0) continue;
    out.push({ check: 'lighthouse', metric, subject, value: median(samples), unit, samples });
  }
  return out;
}

export { median };
export { extract } from './navigation-run.ts';

function describe(run: RunValues): string {
  return `LCP ${fmt(run.get('lcp'))} ms, FCP ${fmt(run.get('fcp'))} ms, TBT ${fmt(run.get('tbt'))} ms, CLS ${run.get('cls')?.toFixed(3) ?? '-'}, score ${fmt(run.get('score.performance'))}`;
}

function seconds(started: number): string {
  return `${((Date.now() - started) / 1000).toFixed(1)} s`;
}

function fmt(v: number | undefined): string {
  return v === undefined ? '-' : String(Math.round(v));
}
