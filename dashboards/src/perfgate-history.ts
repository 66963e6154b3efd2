import { LineInterpolation } from '@grafana/grafana-foundation-sdk/common';
import { AnnotationQueryBuilder, DashboardBuilder, DashboardCursorSync } from '@grafana/grafana-foundation-sdk/dashboard';
import { addSections } from './layout.ts';
import { stat, timeseries } from './panels.ts';
import type { Target } from './standards.ts';
import { PROMETHEUS, datasourceVariable, labelVariable } from './variables.ts';

// The series perfgate pushes to the Pushgateway after each run (job="perfgate", instance=<target>); Prometheus scrapes
// them with honor_labels, so they keep those labels. A run replaces the previous run's series of its target, so a
// series over time is a step function with one step per run. git_sha is left out of the sums: one line spans runs.
const TARGET = 'target=~"$target"';
const METRIC = `${TARGET}, check=~"$check", metric=~"$metric"`;

const NO_FAILURES: Target = { value: 1, better: 'lower', source: 'perfgate: any failed budget or claimed regression fails the run (exit code 1)' };

/** When each run happened, in milliseconds, per target and commit: with "series value as timestamp", one mark per run. */
const RUN_TIME_MS = `1000 * max by (target, git_sha) (perfgate_run_timestamp_seconds{${TARGET}})`;

/** perfgate's verdicts over its runs: outcomes, failed budgets, each budgeted metric, and claimed changes as annotations. */
export function perfgateHistory(): DashboardBuilder {
  const dashboard = new DashboardBuilder('perfgate history')
    .uid('perfgate-history')
    .description('Every run perfgate pushed: outcome, failed budgets, regressions, each budgeted metric over runs; runs, regressions and improvements marked on every panel.')
    .tags(['perfgate'])
    .time({ from: 'now-7d', to: 'now' })
    .refresh('1m')
    .tooltip(DashboardCursorSync.Crosshair)
    .withVariable(datasourceVariable())
    .withVariable(labelVariable('target', 'target', 'perfgate_run_timestamp_seconds'))
    .withVariable(labelVariable('check', 'check', `perfgate_measurement{${TARGET}}`))
    .withVariable(labelVariable('metric', 'metric', `perfgate_measurement{${TARGET}, check=~"$check"}`))
    .annotation(runAnnotation('perfgate runs', 'blue', RUN_TIME_MS, 'Run {{git_sha}}', '{{target}}'))
    .annotation(changeAnnotation('Regressions', 'red', 'regressed'))
    .annotation(changeAnnotation('Improvements', 'green', 'improved'));
  return addSections(dashboard, [
    {
      title: 'Runs',
      panels: [
        {
          width: 6,
          panel: stat({
            title: 'Last run outcome',
            description: 'The outcome of the latest run per target: pass, fail (a budget failed or a regression was claimed), error, interrupted.',
            unit: 'none',
            showName: true,
            queries: [{ expr: `max by (target, outcome) (perfgate_run_outcome{${TARGET}})`, legend: '{{target}}: {{outcome}}' }],
          }),
        },
        {
          width: 6,
          panel: stepped(
            timeseries({
              title: 'Failed budgets per run',
              description: 'Budget rules that failed in each run.',
              unit: 'short',
              target: NO_FAILURES,
              min: 0,
              queries: [{ expr: `max by (target) (perfgate_budget_failures{${TARGET}})`, legend: '{{target}}' }],
            }),
          ),
        },
        {
          width: 6,
          panel: stepped(
            timeseries({
              title: 'Regressions per run',
              description: 'Changes against the baseline that a statistical test and the tolerance both claimed.',
              unit: 'short',
              target: NO_FAILURES,
              min: 0,
              queries: [{ expr: `max by (target) (perfgate_regressions{${TARGET}})`, legend: '{{target}}' }],
            }),
          ),
        },
        {
          width: 6,
          panel: stepped(
            timeseries({
              title: 'Verdicts by status',
              description: 'Budget verdicts of each run: pass, fail, warn, error, skipped.',
              unit: 'short',
              min: 0,
              queries: [{ expr: `count by (status) (perfgate_verdict{${TARGET}})`, legend: '{{status}}' }],
            }),
          ),
        },
      ],
    },
    {
      title: 'Budgeted metrics over runs',
      panels: [
        {
          width: 12,
          height: 9,
          panel: stepped(
            timeseries({
              title: '$metric',
              description: 'The measured value of each subject in each run, for the metrics a budget rule judged (one panel per metric).',
              unit: 'none',
              queries: [
                {
                  expr: `max by (check, metric, subject, unit) (perfgate_measurement{${METRIC}} and on (target, check, metric, subject) perfgate_verdict{status!="skipped"})`,
                  legend: '{{subject}} ({{unit}})',
                },
              ],
            }),
          )
            .repeat('metric')
            .repeatDirection('h')
            .maxPerRow(2),
        },
        {
          width: 24,
          height: 9,
          panel: stepped(
            timeseries({
              title: 'Change against the baseline',
              description:
                'Relative change of each compared measurement against its baseline (0.12 = +12 %), labelled with the verdict: regressed, improved, same or inconclusive.',
              unit: 'percentunit',
              queries: [{ expr: `max by (check, metric, subject, change) (perfgate_regression{${METRIC}})`, legend: '{{metric}} {{subject}} ({{change}})' }],
            }),
          ),
        },
      ],
    },
  ]);
}

/** A run's values hold until the next run: draw steps, not slopes between runs. */
function stepped<P extends ReturnType<typeof timeseries>>(panel: P): P {
  return panel.lineInterpolation(LineInterpolation.StepAfter);
}

/** Marks at the time a series' value names (milliseconds since the epoch), not at the times it was scraped. */
function runAnnotation(name: string, color: string, expr: string, title: string, text: string): AnnotationQueryBuilder {
  return new AnnotationQueryBuilder()
    .name(name)
    .datasource(PROMETHEUS)
    .enable(true)
    .iconColor(color)
    .expr(expr)
    .useValueForTime(true)
    .titleFormat(title)
    .textFormat(text)
    .tagKeys('target,git_sha');
}

/**
 * One mark per claimed change, at the time of the run that claimed it: the change points of the history. Each
 * regression series takes its run's time from perfgate_run_timestamp_seconds of the same target and commit.
 */
function changeAnnotation(name: string, color: string, change: 'regressed' | 'improved'): AnnotationQueryBuilder {
  const expr = `(0 * perfgate_regression{${TARGET}, change="${change}"}) + on (target, git_sha) group_left () (${RUN_TIME_MS})`;
  return runAnnotation(name, color, expr, `${change}: {{metric}} {{subject}}`, '{{check}} {{metric}} of {{subject}} at {{git_sha}} ({{target}})').tagKeys(
    'target,git_sha,check,metric',
  );
}
