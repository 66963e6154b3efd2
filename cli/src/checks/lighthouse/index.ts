import lighthouse, { desktopConfig, type Flags, type Result } from 'lighthouse';
import type { Measurement, Unit } from '../../model/index.ts';
import type { Check, CheckContext, CheckOutput } from '../check.ts';
import { CHROME_FLAGS, chromeVersion, findChrome, launchChrome, type Browser } from './chrome.ts';
import { median } from '../../judge/stats/descriptive.ts';

export interface LighthouseSettings {
  /** Base URL; defaults to the target's URL. */
  url: string;
  /** Paths below the base URL (or absolute URLs); default ['/']. */
  pages: string[];
  /** Lighthouse runs per page; each run is one statistical sample. Default 5. */
  runs: number;
  /** 'mobile' (Lighthouse's default: Moto G Power, simulated slow 4G, 4x CPU) or 'desktop'. Default 'mobile'. */
  formFactor: 'mobile' | 'desktop';
}

/**
 * Lab metrics, in ms except CLS. First Input Delay needs a real user's input, so a lab run cannot
 * measure it: Total Blocking Time is its lab proxy (the standards' FID < 100 ms is judged via TBT < 200 ms).
 */
const METRICS: { metric: string; audit: string; unit: Unit }[] = [
  { metric: 'lcp', audit: 'largest-contentful-paint', unit: 'ms' },
  { metric: 'fcp', audit: 'first-contentful-paint', unit: 'ms' },
  { metric: 'tbt', audit: 'total-blocking-time', unit: 'ms' },
  { metric: 'cls', audit: 'cumulative-layout-shift', unit: 'score' },
  { metric: 'si', audit: 'speed-index', unit: 'ms' },
  { metric: 'tti', audit: 'interactive', unit: 'ms' },
];

type RunValues = Map<string, number>;

/** Lighthouse (performance category) against a URL's pages, several runs each; value = median, samples = every run. */
export const lighthouseCheck: Check = {
  id: 'lighthouse',
  title: 'Lighthouse (lab Core Web Vitals)',
  get metrics() {
    return [...METRICS, ...OTHER].map((m) => m.metric);
  },
  async run(ctx: CheckContext): Promise<CheckOutput> {
    const s = parseSettings(ctx.settings, ctx.target.url);
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
        ctx.log(`${subject} run ${i}/${s.runs}: LCP ${fmt(values.get('lcp'))} ms, TBT ${fmt(values.get('tbt'))} ms, CLS ${values.get('cls')?.toFixed(3) ?? '-'}, score ${fmt(values.get('score.performance'))} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      }
      measurements.push(...toMeasurements(subject, runs));
      if (ctx.signal.aborted) break;
    }
    return {
      measurements,
      engines,
      settings: { url: s.url, pages: s.pages, runs: s.runs, runsCompleted: completed, formFactor: s.formFactor, throttling: s.formFactor === 'mobile' ? 'simulated slow 4G, 4x CPU' : 'simulated desktop', chromePath, chromeFlags: CHROME_FLAGS },
    };
  },
};

export function parseSettings(raw: Record<string, unknown>, targetUrl?: string): LighthouseSettings {
  const url = raw.url ?? targetUrl;
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new Error(`lighthouse: settings.url must be an http(s) URL (got ${JSON.stringify(url)})`);
  const pages = raw.pages ?? ['/'];
  if (!Array.isArray(pages) || pages.length === 0 || !pages.every((p) => typeof p === 'string' && p.length > 0)) throw new Error('lighthouse: settings.pages must be a non-empty list of paths such as ["/", "/login"]');
  const runs = raw.runs ?? 5;
  if (typeof runs !== 'number' || !Number.isInteger(runs) || runs < 1) throw new Error(`lighthouse: settings.runs must be a whole number >= 1 (got ${JSON.stringify(runs)})`);
  const formFactor = raw.formFactor ?? 'mobile';
  if (formFactor !== 'mobile' && formFactor !== 'desktop') throw new Error(`lighthouse: settings.formFactor must be 'mobile' or 'desktop' (got ${JSON.stringify(formFactor)})`);
  return { url, pages: pages as string[], runs, formFactor };
}

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
      result = await lighthouse(url, flags, formFactor === 'desktop' ? desktopConfig : undefined);
    } catch (err) {
      if (signal.aborted) return undefined;
      throw new Error(`lighthouse: ${url}: ${(err as Error).message.split('\n')[0]}`);
    }
    if (signal.aborted) return undefined;
    if (!result) throw new Error(`lighthouse: ${url}: no result`);
    return extract(result.lhr, url);
  } finally {
    signal.removeEventListener('abort', onAbort);
    await browser.kill();
  }
}

/** The numbers perfgate keeps from one Lighthouse result. */
export function extract(lhr: Result, url: string): RunValues {
  if (lhr.runtimeError) throw new Error(`lighthouse: ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const values: RunValues = new Map();
  for (const { metric, audit } of METRICS) {
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

const OTHER: { metric: string; unit: Unit }[] = [
  { metric: 'score.performance', unit: 'score' },
  { metric: 'requests.count', unit: 'count' },
  { metric: 'bytes.total', unit: 'bytes' },
  { metric: 'bytes.images', unit: 'bytes' },
];

export function toMeasurements(subject: string, runs: RunValues[]): Measurement[] {
  const out: Measurement[] = [];
  for (const { metric, unit } of [...METRICS, ...OTHER]) {
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
