import type { Flags, Result } from 'lighthouse';
import { runError } from '../../util/errors.ts';
import type { Page } from './browser.ts';
import type { FormFactor } from './settings.ts';

/** Lab metrics of one Lighthouse run, by perfgate metric name (ms, except CLS and counts). */
export type RunValues = Map<string, number>;

/**
 * Lab metrics, in ms except CLS. First Input Delay needs a real user's input, so a page load cannot measure it:
 * Total Blocking Time is its lab proxy there, and flows measure Interaction to Next Paint on a scripted input.
 */
const AUDITS: { metric: string; audit: string }[] = [
  { metric: 'lcp', audit: 'largest-contentful-paint' },
  { metric: 'fcp', audit: 'first-contentful-paint' },
  { metric: 'tbt', audit: 'total-blocking-time' },
  { metric: 'cls', audit: 'cumulative-layout-shift' },
  { metric: 'si', audit: 'speed-index' },
  { metric: 'tti', audit: 'interactive' },
  { metric: 'inp', audit: 'interaction-to-next-paint' },
];

/**
 * Performance audits of weight 0 that cost a run the most and judge nothing perfgate keeps: `bf-cache` navigates
 * away and back, the unused-code audits record coverage, the screenshots and image audits add gatherers. The
 * score is unchanged (only the metrics carry weight); what remains of the report still shows long tasks, main-thread
 * work, boot-up time, the LCP element, layout shifts, render-blocking resources and the network requests.
 */
export const SKIPPED_AUDITS = [
  'bf-cache',
  'unused-javascript',
  'unused-css-rules',
  'screenshot-thumbnails',
  'final-screenshot',
  'valid-source-maps',
  'legacy-javascript',
  'duplicated-javascript',
  'third-party-facades',
  'uses-responsive-images',
  'offscreen-images',
  'modern-image-formats',
  'uses-optimized-images',
  'efficient-animated-content',
  'unsized-images',
  'font-display',
  'uses-long-cache-ttl',
];

/**
 * Lighthouse's flags for every run. Throttling stays Lighthouse's default, simulated: the page loads at full speed
 * and the slow device and network are computed from the trace (Lantern), so a run takes seconds whatever the page
 * would take on a phone. Quiet windows of 500 ms (Lighthouse's 1 s is sized for pages on the internet) still end a
 * trace only after the page stopped fetching and computing; the load itself is never cut short.
 */
export function runFlags(): Flags {
  return {
    logLevel: 'error',
    output: 'json',
    onlyCategories: ['performance'],
    skipAudits: SKIPPED_AUDITS,
    disableFullPageScreenshot: true,
    pauseAfterFcpMs: 0,
    pauseAfterLoadMs: 0,
    networkQuietThresholdMs: 500,
    cpuQuietThresholdMs: 500,
  };
}

/** Lighthouse's config for a form factor: its default (mobile) or its desktop preset. Loaded late: the import takes seconds. */
export async function configFor(formFactor: FormFactor) {
  const { desktopConfig } = await import('lighthouse');
  return formFactor === 'desktop' ? desktopConfig : undefined;
}

/**
 * One Lighthouse navigation of a URL in the given tab. Lighthouse clears the origin's caches, service workers and
 * cache storage before loading, and keeps cookies, localStorage and sessionStorage: a signed-in page loads cold but
 * signed in. Side by side with a fresh browser per run (PayPass's /login, mobile, 6 runs each, interleaved) the medians
 * of LCP and FCP differed by under 1 %, and each run is over a second shorter.
 */
export async function navigationRun(page: Page, url: string, formFactor: FormFactor): Promise<Result> {
  const { navigation } = await import('lighthouse');
  let result;
  try {
    result = await navigation(page, url, { config: await configFor(formFactor), flags: { ...runFlags(), formFactor } });
  } catch (err) {
    throw runError(`lighthouse: ${url}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!result) throw runError(`lighthouse: ${url}: no result`);
  return result.lhr;
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
