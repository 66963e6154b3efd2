// How renderers classify, order and describe verdicts; one place so every format agrees.
import type { RunResult, Unit, Verdict } from '../cli/src/model/index.ts';
import { formatInterval, formatMetricName, formatPercentChange, formatValue } from './format.ts';

/** What a verdict means for a reader, budget status and baseline change combined. */
export type Outcome = 'fail' | 'error' | 'regressed' | 'warn' | 'pass' | 'skipped';

/** The most urgent reading of one verdict: a regression outranks a warn or a pass. */
export function verdictOutcome(v: Verdict): Outcome {
  if (v.status === 'fail' || v.status === 'error' || v.status === 'skipped') return v.status;
  if (v.baseline?.change === 'regressed') return 'regressed';
  return v.status;
}

const RANK: Record<Outcome, number> = { fail: 0, error: 1, regressed: 2, warn: 3, pass: 4, skipped: 5 };

/** Needs a human: failed, could not run, regressed or warned. */
export function needsAttention(v: Verdict): boolean {
  return RANK[verdictOutcome(v)] <= RANK.warn;
}

/** Most urgent first; stable within a rank (keeps the judge's order). */
export function sortVerdicts(verdicts: readonly Verdict[]): Verdict[] {
  return verdicts
    .map((v, i) => ({ v, i }))
    .sort((a, b) => RANK[verdictOutcome(a.v)] - RANK[verdictOutcome(b.v)] || a.i - b.i)
    .map((x) => x.v);
}

export const OUTCOME_LABEL: Record<Outcome, string> = {
  fail: 'FAIL',
  error: 'ERROR',
  regressed: 'REGRESSED',
  warn: 'WARN',
  pass: 'PASS',
  skipped: 'SKIPPED',
};

/** The verdict's metric as every table names it: `latency.p95 (open model)` for a load latency. */
export function metricText(v: Verdict): string {
  return formatMetricName({ metric: v.metric, loadModel: v.measurement?.loadModel });
}

/** Why the load generator, not the target, limited the measurement this verdict left unjudged; undefined otherwise. */
export function generatorBoundReason(v: Verdict): string | undefined {
  return v.status === 'skipped' ? v.measurement?.generatorBound : undefined;
}

/** `generator-bound — not judged: <why>`: said instead of a plain skip, so the target is not blamed; '' otherwise. */
export function generatorBoundText(v: Verdict): string {
  const why = generatorBoundReason(v);
  return why === undefined ? '' : `generator-bound — not judged: ${why}`;
}

/** The verdicts left unjudged for the generator, by subject and reason (each metric once), in verdict order. */
export function generatorBoundGroups(verdicts: readonly Verdict[]): { subject: string; reason: string; metrics: string[] }[] {
  const groups = new Map<string, { subject: string; reason: string; metrics: string[] }>();
  for (const v of verdicts) {
    const reason = generatorBoundReason(v);
    if (reason === undefined) continue;
    const key = `${v.subject}\u0000${reason}`;
    const group = groups.get(key) ?? { subject: v.subject, reason, metrics: [] };
    groups.set(key, group);
    const metric = metricText(v);
    if (!group.metrics.includes(metric)) group.metrics.push(metric);
  }
  return [...groups.values()];
}

/** The status word a report prints: a skip the generator caused reads `GENERATOR-BOUND`, not `SKIPPED`. */
export function outcomeLabel(v: Verdict): string {
  return generatorBoundReason(v) === undefined ? OUTCOME_LABEL[verdictOutcome(v)] : 'GENERATOR-BOUND';
}

/** Unit of a verdict: its measurement's, else the one its metric's descriptor gave the judge; plain count otherwise (a glob). */
export function verdictUnit(v: Verdict): Unit {
  return v.measurement?.unit ?? v.unit ?? 'count';
}

/** `<= 50 ms`, `>= 500 req/s`; a regression-only rule reads `no regression > 5%`; '' when unknown. */
export function limitText(v: Verdict): string {
  const unit = verdictUnit(v);
  if (v.limit) return `${v.limit.kind === 'max' ? '<=' : '>='} ${formatValue(v.limit.value, unit)}`;
  if (v.rule?.max !== undefined) return `<= ${formatValue(v.rule.max, unit)}`;
  if (v.rule?.min !== undefined) return `>= ${formatValue(v.rule.min, unit)}`;
  if (v.rule?.regression) return `no regression > ${Math.round(v.rule.regression.tolerance * 100)}%`;
  return '';
}

/** Measured value with unit, or '' when the check produced none; a failure ratio says what failed (`2 % (404 ×31)`). */
export function measuredText(v: Verdict): string {
  if (!v.measurement) return '';
  const value = formatValue(v.measurement.value, v.measurement.unit);
  const kinds = v.measurement.value > 0 ? failureKinds(v.measurement.failures) : '';
  return kinds ? `${value} (${kinds})` : value;
}

/** `404 ×1,200, ECONNRESET ×3`, most frequent first, from a measurement's failure counts. */
function failureKinds(failures: Record<string, number> | undefined): string {
  if (!failures) return '';
  const counts = Object.entries(failures).sort((a, b) => b[1] - a[1]);
  const shown = counts.slice(0, 3).map(([kind, n]) => `${kind} ×${n.toLocaleString('en-US')}`);
  return shown.join(', ') + (counts.length > 3 ? ', …' : '');
}

/** `+13.2% [+9.8%, +16.5%] regressed`, `+0.8% same`; '' without a baseline. */
/** An exact value that grew from 0: its recorded delta (+100 %) is a placeholder, not a change. */
export function fromZero(b: NonNullable<Verdict['baseline']>): boolean {
  return b.value === 0 && (b.headValue ?? 0) !== 0;
}

export function changeText(v: Verdict): string {
  const b = v.baseline;
  if (!b) return '';
  // From nothing to something has no percentage: say what it was and is (0 → 50,000 rows).
  if (fromZero(b)) return `0 → ${formatValue(b.headValue!, v.measurement?.unit ?? 'count')} ${b.change}${confirmationText(b)}`;
  const ci = b.ci ? ` ${formatInterval(b.ci)}` : '';
  return `${formatPercentChange(b.delta)}${ci} ${b.change}${confirmationText(b)}`;
}

/** ` (confirmed)`, or ` (withdrawn: +1.2% on re-measurement)`; '' when nothing was re-measured. */
export function confirmationText(b: NonNullable<Verdict['baseline']>): string {
  const c = b.confirmation;
  if (!c) return '';
  const how = c.how === 'interleaved' ? 'base and head interleaved' : 're-measured';
  return c.status === 'confirmed' ? ` (confirmed, ${how})` : ` (regression withdrawn: ${formatPercentChange(c.delta)} ${how})`;
}

/** Counts phrase for headlines: `1 failed, 2 regressed, 14 passed` (zero counts left out). */
export function countsPhrase(s: RunResult['summary']): string {
  const parts: [number, string][] = [
    [s.fail, 'failed'],
    [s.error, s.error === 1 ? 'error' : 'errors'],
    [s.regressed, 'regressed'],
    [s.warn, s.warn === 1 ? 'warning' : 'warnings'],
    [s.pass, 'passed'],
    [s.skipped, 'skipped'],
    [s.improved, 'improved'],
  ];
  const text = parts.filter(([n]) => n > 0).map(([n, w]) => `${n} ${w}`);
  return text.length ? text.join(', ') : 'no verdicts';
}

/** `PayPass (embedded)` or the URL measured. */
export function targetText(r: RunResult): string {
  if (r.target.kind === 'paypass') return `PayPass${r.target.mode ? ` (${r.target.mode})` : ''}${r.target.url ? ` at ${r.target.url}` : ''}`;
  return r.target.url ?? 'URL';
}

/** Headline status word; an interrupted run says so. */
export function statusWord(r: RunResult): string {
  if (r.outcome === 'interrupted') return 'INTERRUPTED';
  return `${r.outcome.toUpperCase()}${r.interrupted ? ' (interrupted)' : ''}`;
}

/** Sentence for a baseline recorded elsewhere; '' when comparable. */
export function baselineCaveat(r: RunResult): string {
  const b = r.baseline;
  if (!b || b.environmentDiffers.length === 0) return '';
  return `Baseline "${b.name}" (run ${b.runId}) was recorded on a different machine or mode (differs in: ${b.environmentDiffers.join(', ')}); changes may come from the environment, not the code.`;
}
