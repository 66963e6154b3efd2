import type { Flags, Result } from 'lighthouse';
import { z } from 'zod';
import type { Measurement } from '../../model/index.ts';
import { CHROME_FLAGS, chromeVersion, findChrome, launchChrome, type Browser } from '../../target/chrome.ts';
import { median } from '../../util/descriptive.ts';
import { runError } from '../../util/errors.ts';
import { pathList, positiveInt } from '../../util/flag-values.ts';
import { defineCheck, type SettingsSource } from '../check.ts';
import { LIGHTHOUSE_METRICS } from './metrics.ts';

const MAX_RUNS = 100;

export const LighthouseSettings = z.object({
  /** Base URL; defaults to the target's URL. */
  url: z
    .string()
    .regex(/^https?:\/\//, 'expected an http(s) URL')
    .optional(),
  /** Paths below the base URL (or absolute URLs). */
  pages: z.array(z.string().min(1)).min(1, 'expected at least one page path such as "/"').default(['/']),
  /** Lighthouse runs per page; each run is one statistical sample. */
  runs: z.number().int().positive().max(MAX_RUNS).default(5),
  /** 'mobile' (Lighthouse's default: Moto G Power, simulated slow 4G, 4x CPU) or 'desktop'. */
  formFactor: z.enum(['mobile', 'desktop']).default('mobile'),
});
export type LighthouseSettings = z.infer<typeof LighthouseSettings>;

/**
 * Lab metrics, in ms except CLS. First Input Delay needs a real user's input, so a lab run cannot
 * measure it: Total Blocking Time is its lab proxy (the standards' FID < 100 ms is judged via TBT < 200 ms).
 */
const AUDITS: { metric: string; audit: string }[] = [
  { metric: 'lcp', audit: 'largest-contentful-paint' },
  { metric: 'fcp', audit: 'first-contentful-paint' },
  { metric: 'tbt', audit: 'total-blocking-time' },
  { metric: 'cls', audit: 'cumulative-layout-shift' },
  { metric: 'si', audit: 'speed-index' },
  { metric: 'tti', audit: 'interactive' },
];

type RunValues = Map<string, number>;

/** Lighthouse (performance category) against a URL's pages, several runs each; value = median, samples = every run. */
export const lighthouseCheck = defineCheck<LighthouseSettings>({
  meta: {
    id: 'lighthouse',
    title: 'Lighthouse (lab Core Web Vitals)',
    settings: LighthouseSettings,
    requires: ['url', 'browser'],
    metrics: LIGHTHOUSE_METRICS,
    engines: ['lighthouse'],
    options: [
      { flags: '--pages <paths>', description: 'lighthouse: comma-separated page paths (default for PayPass: /login)', parse: pathList('--pages'), config: z.array(z.string()) },
      {
        flags: '--lighthouse-runs <n>',
        description: 'lighthouse: runs per page (each run is one statistical sample; ≥ 5)',
        parse: positiveInt('--lighthouse-runs', MAX_RUNS),
        config: z.number().int().positive().max(MAX_RUNS),
        sectionKey: 'runs',
      },
      { flags: '--form-factor <kind>', description: 'lighthouse: device emulation', choices: ['mobile', 'desktop'], config: z.enum(['mobile', 'desktop']) },
    ],
    inputs: [{ option: 'pages', flag: '--pages', what: 'the pages to audit', optional: true }],
  },
  settings: (source: SettingsSource) => ({
    pages: source.options.pages ?? (source.paypass ? ['/login'] : ['/']),
    runs: source.options.lighthouseRuns,
    formFactor: source.options.formFactor,
  }),
  async run(ctx) {
    const s = { ...ctx.settings, url: ctx.settings.url ?? ctx.target.url };
    if (!s.url) throw runError('lighthouse: the target has no URL');
    const chromePath = findChrome();
    const measurements: Measurement[] = [];
    const version = chromeVersion(chromePath);
    const engines: Record<string, string> = version ? { chromium: version } : {};
    let completed = 0;
    if (s.runs < 5) ctx.log(`lighthouse: ${s.runs} run(s) per page; medians of fewer than 5 runs are noisy and cannot show a regression`);
    for (const page of s.pages) {
      const subject = `page:${page} ${s.formFactor}`;
      const url = pageUrl(s.url, page);
      await preWarm(url, ctx.signal);
      const runs: RunValues[] = [];
      for (let i = 1; i <= s.runs && !ctx.signal.aborted; i++) {
        const started = Date.now();
        const values = await runOnce(url, s.formFactor, chromePath, ctx.signal);
        if (!values) break; // aborted mid-run: a partial run is no sample
        runs.push(values);
        completed++;
        ctx.log(
          `${subject} run ${i}/${s.runs}: LCP ${fmt(values.get('lcp'))} ms, TBT ${fmt(values.get('tbt'))} ms, CLS ${values.get('cls')?.toFixed(3) ?? '-'}, score ${fmt(values.get('score.performance'))} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
        );
      }
      measurements.push(...toMeasurements(subject, runs));
      if (ctx.signal.aborted) break;
    }
    return {
      measurements,
      engines,
      settings: {
        url: s.url,
        pages: s.pages,
        runs: s.runs,
        runsCompleted: completed,
        formFactor: s.formFactor,
        throttling: s.formFactor === 'mobile' ? 'simulated slow 4G, 4x CPU' : 'simulated desktop',
        chromePath,
        chromeFlags: CHROME_FLAGS,
      },
    };
  },
});

export function pageUrl(base: string, page: string): string {
  if (/^https?:\/\//.test(page)) return page;
  return base.replace(/\/+$/, '') + (page.startsWith('/') ? page : `/${page}`);
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

/** One Lighthouse run in a fresh browser (no cache or JIT carried over between samples). Undefined when aborted. */
async function runOnce(url: string, formFactor: 'mobile' | 'desktop', chromePath: string, signal: AbortSignal): Promise<RunValues | undefined> {
  const browser: Browser = await launchChrome(chromePath);
  const onAbort = () => void browser.kill();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const flags: Flags = { port: browser.port, logLevel: 'error', output: 'json', onlyCategories: ['performance'] };
    let result;
    try {
      // Loaded here, not at start-up: Lighthouse takes seconds to import, and most perfgate commands never audit a page.
      const { default: lighthouse, desktopConfig } = await import('lighthouse');
      result = await lighthouse(url, flags, formFactor === 'desktop' ? desktopConfig : undefined);
    } catch (err) {
      if (signal.aborted) return undefined;
      throw runError(`lighthouse: ${url}: ${(err as Error).message.split('\n')[0]}`);
    }
    if (signal.aborted) return undefined;
    if (!result) throw runError(`lighthouse: ${url}: no result`);
    return extract(result.lhr, url);
  } finally {
    signal.removeEventListener('abort', onAbort);
    await browser.kill();
  }
}

/** The numbers perfgate keeps from one Lighthouse result. */
export function extract(lhr: Result, url: string): RunValues {
  if (lhr.runtimeError) throw runError(`lighthouse: ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const values: RunValues = new Map();
  for (const { metric, audit } of AUDITS) {
    const v = lhr.audits[audit]?.numericValue;
    if (typeof v === 'number' && Number.isFinite(v)) values.set(metric, v);
  }
  const score = lhr.categories.performance?.score;
  if (typeof score === 'number') values.set('score.performance', Math.round(score * 100));
  const items = (lhr.audits['resource-summary']?.details as { items?: { resourceType: string; requestCount: number; transferSize: number }[] } | undefined)?.items ?? [];
  const total = items.find((r) => r.resourceType === 'total');
  const image = items.find((r) => r.resourceType === 'image');
  if (total) {
    values.set('requests.count', total.requestCount);
    values.set('bytes.total', total.transferSize);
    values.set('bytes.images', image?.transferSize ?? 0);
  }
  return values;
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

function fmt(v: number | undefined): string {
  return v === undefined ? '-' : String(Math.round(v));
}
