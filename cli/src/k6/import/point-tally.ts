import type * as hdr from 'hdr-histogram-js';
import { newLatencyHistogram } from '../../checks/load/hdr.ts';
import { K6_TAGS, WARMUP_ROUND } from '../tags.ts';
import { inputError } from './input-file.ts';
import { originOfPoint, outsideTheLoad, subjectOfPoint } from './subject-of-point.ts';

/** One subject in one round (one window), from every runner's points. */
export interface WindowTally {
  /** Every response time, in microseconds: runners' histograms add up exactly, whatever their number. */
  histogram: hdr.Histogram;
  requests: number;
  /** http_req_failed points (k6 ≥ 0.31) and how many said failed. */
  judged: number;
  failed: number;
  /** Without http_req_failed (older k6), k6's own default: a status outside 200–399 (0 when no response came). */
  badStatus: number;
  statusCodes: Record<string, number>;
  failures: Record<string, number>;
  /** From the first request's start to the last response: the window the requests were sent in (epoch ms). */
  startMs: number;
  endMs: number;
}

export interface SubjectTally {
  subject: string;
  model?: 'closed' | 'open';
  /** By round tag; one window (`''`) for a script that has no rounds. */
  rounds: Map<string, WindowTally>;
}

export interface CheckTally {
  subject: string;
  rounds: Map<string, { passes: number; fails: number }>;
}

interface Point {
  type?: unknown;
  metric?: unknown;
  data?: { time?: unknown; value?: unknown; tags?: Record<string, string> | null };
}

/**
 * The raw points of every runner, added up per subject and round as they stream past: exact, since nothing is
 * summarised before all of them are in. Warm-up requests and those of setup() and teardown() are left out.
 */
export class PointTally {
  readonly subjects = new Map<string, SubjectTally>();
  readonly checks = new Map<string, CheckTally>();
  /** The k6-operator tags every runner's points with its instance_id. */
  readonly instances = new Set<string>();
  origin?: string;
  firstMs = Infinity;
  lastMs = -Infinity;

  /** One line of a runner's NDJSON; a line that is not whole JSON names the file and line (a file cut short). */
  add(line: string, file: string, lineNumber: number): void {
    if (line.trim() === '') return;
    let point: Point;
    try {
      point = JSON.parse(line) as Point;
    } catch {
      throw inputError(file, `line ${lineNumber} is not whole JSON (was the file cut short?); expected one JSON object a line, as k6 --out json writes`);
    }
    if (typeof point !== 'object' || point === null || (point.type !== 'Point' && point.type !== 'Metric')) {
      throw inputError(file, `line ${lineNumber} is not a k6 Metric or Point line; expected one JSON object a line, as k6 --out json writes`);
    }
    if (point.type !== 'Point') return;
    const { time, value, tags: given } = point.data ?? {};
    const tags = given ?? {};
    const at = typeof time === 'string' ? Date.parse(time) : NaN;
    if (typeof value !== 'number' || Number.isNaN(at)) throw inputError(file, `line ${lineNumber} is a Point without a number value and a time; expected k6 --out json points`);
    this.firstMs = Math.min(this.firstMs, at);
    this.lastMs = Math.max(this.lastMs, at);
    if (tags.instance_id !== undefined) this.instances.add(tags.instance_id);
    if (outsideTheLoad(tags) || tags[K6_TAGS.round] === WARMUP_ROUND) return;
    const round = tags[K6_TAGS.round] ?? '';
    if (point.metric === 'checks') return this.addCheck(tags, round, value);
    if (point.metric !== 'http_req_duration' && point.metric !== 'http_reqs' && point.metric !== 'http_req_failed') return;
    const subject = subjectOfPoint(tags);
    if (!subject) return;
    this.origin ??= originOfPoint(tags);
    const stage = tags[K6_TAGS.stage];
    const tagged = tags[K6_TAGS.model];
    const model = tagged === 'open' || tagged === 'closed' ? tagged : undefined;
    for (const name of stage ? [subject, `${subject} @ ${stage}`] : [subject]) record(this.window(name, round, model), point.metric, value, at, tags);
  }

  private window(subject: string, round: string, model: 'closed' | 'open' | undefined): WindowTally {
    let tally = this.subjects.get(subject);
    if (!tally) this.subjects.set(subject, (tally = { subject, rounds: new Map(), ...(model ? { model } : {}) }));
    let window = tally.rounds.get(round);
    if (!window) {
      window = { histogram: newLatencyHistogram(), requests: 0, judged: 0, failed: 0, badStatus: 0, statusCodes: {}, failures: {}, startMs: Infinity, endMs: -Infinity };
      tally.rounds.set(round, window);
    }
    return window;
  }

  private addCheck(tags: Record<string, string>, round: string, value: number): void {
    const name = tags.check;
    if (name === undefined) return;
    const group = tags.group ? `${tags.group.replace(/^::/, '')}::` : '';
    const subject = `check:${group}${name}`;
    let tally = this.checks.get(subject);
    if (!tally) this.checks.set(subject, (tally = { subject, rounds: new Map() }));
    const counts = tally.rounds.get(round) ?? { passes: 0, fails: 0 };
    if (value !== 0) counts.passes++;
    else counts.fails++;
    tally.rounds.set(round, counts);
  }
}

/** One HTTP point into its window: a response time (µs), a request and its status, or whether it failed. */
function record(window: WindowTally, metric: 'http_req_duration' | 'http_reqs' | 'http_req_failed', value: number, at: number, tags: Record<string, string>): void {
  if (metric === 'http_req_duration') {
    window.histogram.recordValue(Math.max(0, Math.round(value * 1000)));
    // k6 stamps an HTTP point when the response ended.
    window.startMs = Math.min(window.startMs, at - value);
    window.endMs = Math.max(window.endMs, at);
  } else if (metric === 'http_reqs') {
    window.requests += value;
    const status = tags.status ?? '0';
    window.statusCodes[status] = (window.statusCodes[status] ?? 0) + value;
    const code = Number(status);
    if (!(code >= 200 && code < 400)) window.badStatus += value;
  } else {
    window.judged++;
    if (value === 0) return;
    window.failed++;
    // As perfgate names failures: the status when there was a response, k6's error code when there was none.
    const kind = tags.status && tags.status !== '0' ? tags.status : tags.error_code ? `k6 error ${tags.error_code}` : 'failed';
    window.failures[kind] = (window.failures[kind] ?? 0) + 1;
  }
}
