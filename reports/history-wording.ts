// How every format words a metric's history: a change point, an absorbed regression, the method. One place, so the
// terminal, the HTML report and anything later say the same thing the same way, each claim with its interval.
import type { ChangePoint, History, MetricHistory } from '../cli/src/model/index.ts';
import { formatInterval, formatP, formatPercentChange, formatValue } from './format.ts';

/** `a1b2c3d`: a git sha as people quote it; `no sha` when the run recorded none. */
export function shortSha(sha: string | undefined): string {
  return sha ? sha.slice(0, 7) : 'no sha';
}

/** `load latency.p95 GET /payments` */
export function seriesName(s: Pick<MetricHistory, 'check' | 'metric' | 'subject'>): string {
  return `${s.check} ${s.metric} ${s.subject}`;
}

/** `slower` for a time, `larger` for bytes, `lower` for what is better higher: the word for worse in this unit. */
export function worseWord(s: Pick<MetricHistory, 'unit' | 'better'>): string {
  if (s.better === 'higher') return 'lower';
  return s.unit === 'ms' || s.unit === 's' ? 'slower' : s.unit === 'bytes' ? 'larger' : 'higher';
}

/** `+20.3% [+17.9%, +22.8%]`, or the change in the unit when there is no relative one (from 0). */
export function shiftSize(cp: ChangePoint, s: Pick<MetricHistory, 'unit'>): string {
  if (cp.change !== undefined) return `${formatPercentChange(cp.change)}${cp.ci ? ` ${formatInterval(cp.ci)}` : ''}`;
  const sign = (v: number) => `${v > 0 ? '+' : ''}${formatValue(v, s.unit, { compact: true })}`;
  return `${sign(cp.difference)} [${sign(cp.differenceCi[0])}, ${sign(cp.differenceCi[1])}]`;
}

/** `+20.3% [+17.9%, +22.8%] (p<0.001) at a1b2c3d, run 20261115-080000-00000e: 40.1ms → 48.3ms` */
export function changePointText(cp: ChangePoint, s: Pick<MetricHistory, 'unit'>): string {
  const levels = `${formatValue(cp.before.mean, s.unit, { compact: true })} → ${formatValue(cp.after.mean, s.unit, { compact: true })}`;
  return `${shiftSize(cp, s)} (${formatP(cp.p)}) at ${shortSha(cp.gitSha)}, run ${cp.runId}: ${levels}`;
}

/**
 * `now +20.3% [+17.5%, +23.1%] slower than 11 runs ago (p<0.001), shifted at a1b2c3d (run 20261115-…); baseline
 * "main" was saved since` — or undefined when nothing was absorbed.
 */
export function absorbedText(s: MetricHistory): string | undefined {
  const a = s.absorbed;
  if (!a) return undefined;
  const at = a.shifts
    .map((index) => s.changePoints.find((cp) => cp.index === index))
    .filter((cp): cp is ChangePoint => cp !== undefined)
    .map((cp) => `${shortSha(cp.gitSha)} (run ${cp.runId})`);
  const size = `${formatPercentChange(a.change)} ${formatInterval(a.ci)}`;
  const ago = `${a.runsAgo} run${a.runsAgo === 1 ? '' : 's'} ago`;
  const baselines = a.baselines.length
    ? `; baseline${a.baselines.length === 1 ? '' : 's'} ${a.baselines.map((b) => `"${b}"`).join(', ')} ${a.baselines.length === 1 ? 'was' : 'were'} saved since, so comparing against ${a.baselines.length === 1 ? 'it' : 'them'} no longer shows it`
    : '';
  return `now ${size} ${worseWord(s)} than ${ago} (${formatP(a.p)}, beyond the ${formatPercentChange(a.tolerance).replace('+', '±')} tolerance)${at.length ? `, shifted at ${at.join(', then ')}` : ''}${baselines}`;
}

/** One line on how change points are found, for whoever wonders how far to trust them. */
export function methodText(h: History): string {
  const m = h.method;
  return `change points: E-divisive means with a t-test (Hunter/Otava), p < ${m.maxP} corrected for the choice of split, ≥ ${m.minSegment} runs a side, ${Math.round(m.confidence * 100)} % interval beyond the noise floor`;
}
