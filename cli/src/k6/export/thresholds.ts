import type { BudgetFile, BudgetRule } from '../../model/index.ts';
import { matchesGlob } from '../../util/glob.ts';
import { K6_TAGS } from '../tags.ts';
import type { NamedStage } from './windows.ts';

/** What the script measures, for matching budget rules: its subjects, their stages, and how long each is loaded. */
export interface MeasuredShape {
  subjects: readonly string[];
  stages?: readonly NamedStage[];
  rounds: number;
  /** Seconds each subject is loaded in one round (the whole profile when there are stages). */
  windowSeconds: number;
}

export interface Thresholds {
  /** k6's `options.thresholds`: per metric (or submetric) key, the expressions that must hold. */
  thresholds: Record<string, string[]>;
  /** Each rule, or part of one, that k6 cannot express, with why: listed in the script, judged by perfgate k6 import. */
  unexpressed: string[];
}

/** perfgate's load metrics that k6 measures too: the k6 metric and the threshold expression for a limit. */
const EXPRESSIBLE: Record<string, { k6: 'http_req_duration' | 'http_req_failed' | 'http_reqs'; stat: (shape: SubjectShape) => { name: string; scale: number } }> = {
  'latency.p50': { k6: 'http_req_duration', stat: () => ({ name: 'p(50)', scale: 1 }) },
  'latency.p95': { k6: 'http_req_duration', stat: () => ({ name: 'p(95)', scale: 1 }) },
  'latency.p99': { k6: 'http_req_duration', stat: () => ({ name: 'p(99)', scale: 1 }) },
  'latency.max': { k6: 'http_req_duration', stat: () => ({ name: 'max', scale: 1 }) },
  'errors.ratio': { k6: 'http_req_failed', stat: () => ({ name: 'rate', scale: 1 }) },
  // k6's rate of a counter is over the whole test (warm-up and the other endpoints' windows too): a minimum of
  // requests per second over the subject's own windows is a minimum count of requests over them.
  'throughput.rps': { k6: 'http_reqs', stat: (shape) => ({ name: 'count', scale: shape.seconds }) },
};

/** Why perfgate's other load metrics have no k6 threshold. */
const NOT_IN_K6: Record<string, string> = {
  'cpu.ratio': "read from the target's /metrics by perfgate's own load check, not by k6",
  'heap.ratio': "read from the target's /metrics by perfgate's own load check, not by k6",
  'memory.perConnection': "read from the target's /metrics by perfgate's own load check, not by k6",
  'users.connected': 'the exported users hold no WebSocket',
};

interface SubjectShape {
  subject: string;
  /** The submetric's tags: the subject, and its stage for a per-stage subject (`POST /payments @ peak`). */
  tags: Record<string, string>;
  seconds: number;
}

/**
 * k6 thresholds from a budget file's rules, for the subjects the script measures. A rule k6 cannot express is
 * listed with the reason, never dropped in silence: it is still judged when perfgate imports the run's output.
 * Every subject also gets an empty threshold per metric, which makes k6's end-of-test summary carry its own
 * numbers (a summary shows submetrics only when a threshold names them).
 */
export function thresholdsFrom(budgets: BudgetFile | undefined, shape: MeasuredShape): Thresholds {
  const subjects = shapesOf(shape);
  const thresholds: Record<string, string[]> = {};
  const unexpressed: string[] = [];
  for (const s of subjects) {
    if (!s.tags[K6_TAGS.stage] && tagsProblem(s.tags) === undefined) {
      for (const metric of ['http_req_duration', 'http_req_failed', 'http_reqs']) thresholds[submetric(metric, s.tags)] = [];
    }
  }
  for (const rule of budgets?.rules ?? []) {
    const why = ruleProblem(rule);
    if (why) {
      unexpressed.push(`${describeRule(rule)}: ${why}`);
      continue;
    }
    const metrics = Object.keys(EXPRESSIBLE).filter((m) => matchesGlob(m, rule.metric));
    const matched = subjects.filter((s) => matchesGlob(s.subject, rule.subject));
    if (metrics.length === 0) {
      const other = Object.keys(NOT_IN_K6).find((m) => matchesGlob(m, rule.metric));
      unexpressed.push(`${describeRule(rule)}: ${other ? NOT_IN_K6[other] : 'k6 does not measure it'}`);
      continue;
    }
    if (matched.length === 0) {
      unexpressed.push(`${describeRule(rule)}: matches no request of this scenario`);
      continue;
    }
    for (const s of matched) {
      const problem = tagsProblem(s.tags);
      if (problem) {
        unexpressed.push(`${describeRule(rule)} for "${s.subject}": ${problem}`);
        continue;
      }
      for (const metric of metrics) {
        const { k6, stat } = EXPRESSIBLE[metric]!;
        const { name, scale } = stat(s);
        const key = submetric(k6, s.tags);
        const expressions = (thresholds[key] ??= []);
        if (rule.max !== undefined) expressions.push(`${name}<=${roundTo(rule.max * scale)}`);
        if (rule.min !== undefined) expressions.push(`${name}>=${roundTo(rule.min * scale)}`);
      }
    }
  }
  return { thresholds, unexpressed };
}

function shapesOf(shape: MeasuredShape): SubjectShape[] {
  return shape.subjects.flatMap((subject) => [
    { subject, tags: { name: subject }, seconds: shape.windowSeconds * shape.rounds },
    ...(shape.stages ?? []).map((stage) => ({
      subject: `${subject} @ ${stage.name}`,
      tags: { name: subject, [K6_TAGS.stage]: stage.name },
      seconds: stage.duration * shape.rounds,
    })),
  ]);
}

function ruleProblem(rule: BudgetRule): string | undefined {
  if (rule.check !== 'load') return `a rule of the ${rule.check} check, which perfgate run measures; k6 measures HTTP load only`;
  if (rule.max === undefined && rule.min === undefined) return 'judged against a baseline only (perfgate k6 import --baseline NAME)';
  if (rule.severity === 'warn') return 'a warning only, and a crossed k6 threshold fails the run';
  return undefined;
}

/** k6 reads `metric{key:value,key:value}`, trimming spaces and quotes: a value with a comma, or quoted, cannot be said. */
function tagsProblem(tags: Record<string, string>): string | undefined {
  for (const value of Object.values(tags)) {
    if (value.includes(',')) return `"${value}" holds a comma, which k6's threshold keys cannot`;
    if (/^[\s"']|[\s"']$/.test(value)) return `"${value}" starts or ends with a space or a quote, which k6's threshold keys trim`;
  }
  return undefined;
}

function submetric(metric: string, tags: Record<string, string>): string {
  return `${metric}{${Object.entries(tags)
    .map(([k, v]) => `${k}:${v}`)
    .join(',')}}`;
}

function describeRule(rule: BudgetRule): string {
  const limit = [rule.max !== undefined ? `max ${rule.max}` : '', rule.min !== undefined ? `min ${rule.min}` : ''].filter(Boolean).join(' ');
  return `${rule.check} ${rule.metric} "${rule.subject}"${limit ? ` ${limit}` : ''}${rule.severity === 'warn' ? ' (warn)' : ''}`;
}

function roundTo(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
