import { matchesGlob } from '../../util/glob.ts';

/**
 * perfgate budget rules → a Lighthouse `budget.json` (the GoogleChrome/budget.json format that
 * Lighthouse ≤ 11 `--budget-path` and Lighthouse CI `assert.budgetsFile` read).
 * Budgets hold only maxima; perfgate's `min` rules (a performance score floor) have no equivalent.
 */

export interface PerfgateRule {
  check: string;
  metric: string;
  /** Subject glob; `*` when absent. */
  subject?: string;
  max?: number;
  min?: number;
}

export type TimingMetric =
  | 'first-contentful-paint'
  | 'interactive'
  | 'first-meaningful-paint'
  | 'max-potential-fid'
  | 'total-blocking-time'
  | 'speed-index'
  | 'largest-contentful-paint'
  | 'cumulative-layout-shift';
export type ResourceType = 'total' | 'document' | 'script' | 'stylesheet' | 'image' | 'media' | 'font' | 'other' | 'third-party';

export interface LighthouseBudget {
  /** robots.txt-style path: `/*` every page, `/login$` exactly /login. */
  path: string;
  timings?: { metric: TimingMetric; budget: number }[];
  /** Transfer sizes in KB (Lighthouse's kibibytes: 1 KB = 1024 bytes). */
  resourceSizes?: { resourceType: ResourceType; budget: number }[];
  resourceCounts?: { resourceType: ResourceType; budget: number }[];
}

export interface BudgetJsonResult {
  budgets: LighthouseBudget[];
  skipped: { rule: PerfgateRule; reason: string }[];
}

/** Lighthouse timings in ms; CLS unitless. */
export const TIMINGS: Record<string, TimingMetric> = {
  lcp: 'largest-contentful-paint',
  fcp: 'first-contentful-paint',
  tbt: 'total-blocking-time',
  tti: 'interactive',
  cls: 'cumulative-layout-shift',
  si: 'speed-index',
};

type Entry = { kind: 'timings'; key: TimingMetric; budget: number } | { kind: 'resourceSizes' | 'resourceCounts'; key: ResourceType; budget: number };

const kb = (bytes: number) => Math.round((bytes / 1024) * 100) / 100;

/** What one rule becomes in budget.json, or why it cannot be expressed there. */
function mapRule(rule: PerfgateRule): { path: string; entry: Entry } | string {
  if (rule.max === undefined) return 'budget.json holds maxima only; a min rule has no equivalent';
  const subject = rule.subject ?? '*';
  if (rule.check === 'lighthouse') {
    const path = pathOf(subject);
    if (!path) return `subject ${subject} does not name a page path budget.json can match`;
    const timing = TIMINGS[rule.metric];
    if (timing) return { path, entry: { kind: 'timings', key: timing, budget: rule.max } };
    if (rule.metric === 'requests.count') return { path, entry: { kind: 'resourceCounts', key: 'total', budget: rule.max } };
    if (rule.metric === 'bytes.total') return { path, entry: { kind: 'resourceSizes', key: 'total', budget: kb(rule.max) } };
    if (rule.metric === 'bytes.images') return { path, entry: { kind: 'resourceSizes', key: 'image', budget: kb(rule.max) } };
    return `lighthouse metric ${rule.metric} has no budget.json equivalent`;
  }
  if (rule.check === 'bundle') {
    // The initial bundle is what every page load transfers: a script budget on all pages.
    // (perfgate's figure includes the entry CSS and is gzip; over brotli Lighthouse sees less, so it stays conservative.)
    if (rule.metric === 'gzip.bytes' && matchesGlob('bundle:initial', subject) && !subject.startsWith('route:')) {
      return { path: '/*', entry: { kind: 'resourceSizes', key: 'script', budget: kb(rule.max) } };
    }
    if (rule.metric === 'raw.bytes' && matchesGlob('images:total', subject)) {
      return { path: '/*', entry: { kind: 'resourceSizes', key: 'image', budget: kb(rule.max) } };
    }
    return `bundle ${rule.metric} for ${subject} is not a per-page transfer Lighthouse measures`;
  }
  return `check ${rule.check} has no budget.json equivalent`;
}

/**
 * `page:/dashboard mobile` → `/dashboard$`; `page:* mobile`, `page:*` or `*` → `/*`; `page:/blog/*` → `/blog/*`.
 * Form factors are not part of budget.json: rules for either map to the same path.
 */
export function pathOf(subject: string): string | undefined {
  if (subject === '*') return '/*';
  if (!subject.startsWith('page:')) return undefined;
  let page = subject.slice('page:'.length).split(' ')[0];
  if (/^https?:\/\//.test(page)) page = new URL(page).pathname;
  if (page === '*' || page === '/*') return '/*';
  if (!page.startsWith('/') || page.includes('?') || (page.match(/\*/g) ?? []).length > 1 || page.includes('$')) return undefined;
  return page.includes('*') ? page : `${page}$`;
}

export function toLighthouseBudgets(rules: PerfgateRule[]): BudgetJsonResult {
  const byPath = new Map<string, Map<string, Entry>>();
  const skipped: BudgetJsonResult['skipped'] = [];
  for (const rule of rules) {
    const mapped = mapRule(rule);
    if (typeof mapped === 'string') {
      skipped.push({ rule, reason: mapped });
      continue;
    }
    const entries = byPath.get(mapped.path) ?? new Map<string, Entry>();
    const id = `${mapped.entry.kind}:${mapped.entry.key}`;
    const prior = entries.get(id);
    // Two rules on one path and metric (mobile and desktop, say): the stricter one holds.
    if (!prior || mapped.entry.budget < prior.budget) entries.set(id, mapped.entry);
    byPath.set(mapped.path, entries);
  }

  // Lighthouse applies only the LAST budget whose path matches a URL, so each specific path
  // carries the global entries it does not override, and specific paths come after `/*`.
  const global = byPath.get('/*') ?? new Map<string, Entry>();
  const paths = [...byPath.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const budgets = paths.map((path) => {
    const entries = path === '/*' ? global : new Map([...global, ...byPath.get(path)!]);
    return toBudget(path, [...entries.values()]);
  });
  return { budgets, skipped };
}

function rank(path: string): number {
  if (path === '/*') return 0;
  return path.includes('*') ? 1 : 2;
}

function toBudget(path: string, entries: Entry[]): LighthouseBudget {
  const budget: LighthouseBudget = { path };
  const order = (xs: Entry[]) => [...xs].sort((a, b) => a.key.localeCompare(b.key));
  const timings = order(entries.filter((e) => e.kind === 'timings'));
  const sizes = order(entries.filter((e) => e.kind === 'resourceSizes'));
  const counts = order(entries.filter((e) => e.kind === 'resourceCounts'));
  if (timings.length) budget.timings = timings.map((e) => ({ metric: e.key as TimingMetric, budget: e.budget }));
  if (sizes.length) budget.resourceSizes = sizes.map((e) => ({ resourceType: e.key as ResourceType, budget: e.budget }));
  if (counts.length) budget.resourceCounts = counts.map((e) => ({ resourceType: e.key as ResourceType, budget: e.budget }));
  return budget;
}

/** The budget.json text (2-space JSON, trailing newline). */
export function budgetJson(rules: PerfgateRule[]): string {
  return `${JSON.stringify(toLighthouseBudgets(rules).budgets, null, 2)}\n`;
}
