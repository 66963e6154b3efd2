import type { CheckRun, Summary, Verdict } from '../model/index.ts';
import { oncePerMeasurement } from '../model/index.ts';
import { EXIT } from '../util/errors.ts';

/** Budget statuses count per rule; baseline changes per measurement (two rules judging one p95 saw one change). */
export function summarize(verdicts: Verdict[]): Summary {
  const summary: Summary = { pass: 0, fail: 0, warn: 0, error: 0, skipped: 0, regressed: 0, improved: 0, same: 0, inconclusive: 0 };
  for (const v of verdicts) summary[v.status]++;
  for (const v of oncePerMeasurement(verdicts.filter((x) => x.baseline))) summary[v.baseline!.change]++;
  return summary;
}

/** Exit codes as the README gives them: a check that could not run (3) outranks a failed budget or regression (1). */
/** A regression fails the run only where its rule's severity is `error`; `warn` rules just report it. */
export function outcomeOf(verdicts: Verdict[], checks: CheckRun[], interrupted?: 'SIGINT' | 'SIGTERM'): { outcome: 'pass' | 'fail' | 'error' | 'interrupted'; exitCode: number } {
  // What the process exits with: a report of a run cut short must not read as a pass.
  if (interrupted) return { outcome: 'interrupted', exitCode: interrupted === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted };
  if (verdicts.some((v) => v.status === 'error') || checks.some((c) => c.status === 'error')) return { outcome: 'error', exitCode: EXIT.error };
  const regressed = verdicts.some((v) => v.baseline?.change === 'regressed' && v.severity !== 'warn');
  if (verdicts.some((v) => v.status === 'fail') || regressed) return { outcome: 'fail', exitCode: EXIT.fail };
  return { outcome: 'pass', exitCode: EXIT.pass };
}
