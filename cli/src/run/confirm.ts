import type { CheckTarget } from '../checks/check.ts';
import { LoadSession } from '../checks/load/load-session.ts';
import type { LoadSettings } from '../checks/load/settings.ts';
import { subjectOf } from '../checks/load/scenario.ts';
import { compareMeasurements, type MetricComparison } from '../judge/compare-runs.ts';
import { outcomeOf, summarize } from '../judge/summarize.ts';
import { measurementKey, type BaselineComparison, type Measurement, type RunResult } from '../model/index.ts';
import { prepareSide, type Side } from './ab-compare.ts';
import { sampleUntilResolved } from './ab-sampler.ts';
import { gitSha } from './environment.ts';
import type { RunPlan } from './plan.ts';
import type { Interruption } from './signals.ts';

type Confirmation = NonNullable<BaselineComparison['confirmation']>;

/**
 * `run --baseline NAME --confirm`: each claimed regression is measured again before the run fails. Load regressions
 * on PayPass whose baseline came from another commit run base and head interleaved (the base from a worktree of the
 * baseline's commit, as compare --base does); everything else measures the head again against the stored baseline.
 * A claim that does not hold the second time is withdrawn: the run then does not fail on it.
 */
export async function confirmRegressions(plan: RunPlan, target: CheckTarget, result: RunResult, interruption: Interruption, progress: (line: string) => void): Promise<RunResult> {
  const baseline = plan.baseline?.result;
  const regressed = new Set(result.verdicts.filter((v) => v.baseline?.change === 'regressed').map((v) => measurementKey(v)));
  if (!baseline || regressed.size === 0) return result;
  progress(`confirm: measuring ${regressed.size} regressed measurement(s) again`);
  const confirmations = new Map<string, { confirmation: Confirmation; comparison: MetricComparison }>();
  const keep = (comparisons: MetricComparison[], how: Confirmation['how']) => {
    for (const c of comparisons.filter((x) => regressed.has(x.key))) {
      const status = c.result.change === 'regressed' ? 'confirmed' : 'withdrawn';
      confirmations.set(c.key, {
        comparison: c,
        confirmation: { status, how, delta: c.result.delta, ...(c.result.ci ? { ci: c.result.ci } : {}), ...(c.result.pAdjusted !== undefined ? { p: c.result.pAdjusted } : {}) },
      });
    }
  };
  const judge = { budgets: plan.budgets, metrics: plan.registry.catalog, floors: plan.floors, only: (m: Measurement) => regressed.has(measurementKey(m)) };

  for (const { check, settings: planned } of plan.checks) {
    if (interruption.signal.aborted) break;
    const keys = [...regressed].filter((k) => k.startsWith(`${check.meta.id}\u0000`));
    if (keys.length === 0) continue;
    let settings = planned;
    if (check.meta.id === 'load') {
      // Only the endpoints that regressed are loaded again.
      const subjects = new Set(keys.map((k) => k.split('\u0000')[2]!));
      const load = planned as LoadSettings;
      const scenario = { ...load.scenario, requests: load.scenario.requests.filter((r) => subjects.has(subjectOf(r))) };
      if (scenario.requests.length === 0) continue;
      const baseSha = baseline.environment.gitSha;
      if (plan.paypass && baseSha && baseSha !== gitSha()) {
        keep(await interleaved(plan, target, scenario, baseSha, judge, interruption, progress), 'interleaved');
        continue;
      }
      settings = { ...load, scenario };
    }
    const output = await check.run({ target, settings, log: (line) => progress(`[confirm ${check.meta.id}] ${line}`), signal: interruption.signal });
    keep(compareMeasurements(baseline, output.measurements, judge), 'remeasured');
  }

  const verdicts = result.verdicts.map((v) => {
    const found = v.baseline ? confirmations.get(measurementKey(v)) : undefined;
    if (!found || !v.baseline) return v;
    const { confirmation, comparison } = found;
    const change = confirmation.status === 'confirmed' ? 'regressed' : comparison.result.change;
    return { ...v, baseline: { ...v.baseline, change, confirmation } };
  });
  for (const { confirmation } of confirmations.values()) progress(`confirm: ${confirmation.status} (${confirmation.how})`);
  const { outcome, exitCode } = outcomeOf(verdicts, result.checks, interruption.by);
  return { ...result, verdicts, summary: summarize(verdicts), outcome, exitCode };
}

/** Base PayPass from the baseline's commit and the head already running, rounds alternated until intervals resolve. */
async function interleaved(
  plan: RunPlan,
  target: CheckTarget,
  scenario: LoadSettings['scenario'],
  baseSha: string,
  judge: Parameters<typeof compareMeasurements>[2],
  interruption: Interruption,
  progress: (line: string) => void,
): Promise<MetricComparison[]> {
  let base: Side | undefined;
  let closeHead: (() => Promise<void>) | undefined;
  try {
    base = await prepareSide('base', baseSha, scenario, plan.outDir, interruption.signal, progress);
    const head = new LoadSession(scenario, { baseUrl: target.url!, credentials: target.credentials ?? [] }, interruption.signal);
    closeHead = () => head.close();
    for (const s of [base.session, head]) await s.setup();
    for (const s of [base.session, head]) await s.warmup();
    const compare = () => compareMeasurements({ id: 'confirm-base', measurements: base!.session.measurements() }, head.measurements(), judge);
    const sides = [
      { label: 'base' as const, round: () => base!.session.round(), describeLastRound: () => base!.session.describeLastRound() },
      { label: 'head' as const, round: () => head.round(), describeLastRound: () => head.describeLastRound() },
    ] as const;
    const { reason } = await sampleUntilResolved(sides, { minRounds: 5, maxRounds: Math.max(10, scenario.rounds), timeLimitSec: 600 }, compare, () => true, progress);
    progress(`confirm: ${reason}`);
    return compare();
  } finally {
    await base?.session.close();
    await closeHead?.();
    await base?.stop();
  }
}
