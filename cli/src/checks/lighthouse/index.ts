import { z } from 'zod';
import type { Measurement } from '../../model/index.ts';
import { CHROME_FLAGS, chromeVersion, findChrome } from '../../target/chrome.ts';
import { median } from '../../util/descriptive.ts';
import { runError } from '../../util/errors.ts';
import { pathList, positiveInt } from '../../util/flag-values.ts';
import { defineCheck, type CheckOutput } from '../check.ts';
import type { LaneRun } from './lane.ts';
import { autoLanes, runLanes } from './lanes.ts';
import { medianReports, type SubjectRuns } from './median-report.ts';
import { LIGHTHOUSE_METRICS } from './metrics.ts';
import { SKIPPED_AUDITS, type RunValues } from './navigation-run.ts';
import { Flow, formFactors, inlineOrFile, Lanes, LighthouseSettings, Login, MAX_LANES, MAX_RUNS } from './settings.ts';
import { lighthouseSettings } from './settings-source.ts';
import { absoluteUrl } from './steps.ts';

export { LighthouseSettings };

/**
 * Lighthouse (performance category) against a URL's pages, each in every form factor asked for, several runs each,
 * after an optional scripted login; and flows: scripted interactions measured as Lighthouse timespans (INP).
 * Value = median, samples = every run. One browser serves each lane (see `navigationRun` for what each run resets,
 * `runLanes` for lanes); runs go round-robin over the subjects, so a slow minute of the machine lands on all alike.
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
        flags: '--lighthouse-lanes <n>',
        description: 'lighthouse: runs side by side, each lane a browser pinned to its own CPUs (default: auto, one lane per 2 CPUs, up to 4)',
        parse: (value: string) => (value === 'auto' ? 'auto' : positiveInt('--lighthouse-lanes', MAX_LANES)(value)),
        config: Lanes,
        sectionKey: 'lanes',
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
    const lanes = s.lanes === 'auto' ? autoLanes() : s.lanes;
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
        lanes: lanes === 1 ? '1' : `${lanes}, each a browser and Lighthouse pinned to CPUs of its own, rounds dealt in turn`,
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

    for (const page of s.pages) await preWarm(absoluteUrl(base, page), ctx.signal);
    const plan = {
      base,
      chromePath,
      pages: s.pages,
      factors,
      flows: s.flows,
      login: s.login,
      pageScript: s.pageScript,
      credential: ctx.target.credentials?.[0],
      runs: s.runs,
    };
    const onRun = (run: LaneRun) => {
      subjectOf(run.subject).runs.push(run);
      completed++;
      ctx.log(`${run.subject} run ${run.round}/${s.runs}: ${describe(run)} (${run.seconds.toFixed(1)} s)`);
    };
    await runLanes(plan, lanes, onRun, ctx.log, ctx.signal);
    return output();
  },
});

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

function describe(run: LaneRun): string {
  const v = run.values;
  if (run.flow) return `INP ${fmt(v.get('inp'))} ms, TBT ${fmt(v.get('tbt'))} ms`;
  return `LCP ${fmt(v.get('lcp'))} ms, FCP ${fmt(v.get('fcp'))} ms, TBT ${fmt(v.get('tbt'))} ms, CLS ${v.get('cls')?.toFixed(3) ?? '-'}, score ${fmt(v.get('score.performance'))}`;
}

function fmt(v: number | undefined): string {
  return v === undefined ? '-' : String(Math.round(v));
}
