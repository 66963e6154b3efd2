import { K6_TAGS } from '../tags.ts';
import { WINDOW_GAP_SECONDS, type Window } from './windows.ts';

/** A k6 scenario's settings, as plain data for the script's `options.scenarios`. */
export type ExecutorConfig = Record<string, unknown>;

const seconds = (s: number) => `${round3(s)}s`;
const round3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * k6's executor for a window, named for its load model as perfgate's are: the closed model keeps `vus` busy back to
 * back (constant-vus, ramping-vus: a stage's target is the VUs active); the open model starts iterations on schedule
 * whatever the earlier ones are doing (constant-arrival-rate, ramping-arrival-rate: a stage's target is the rate).
 */
export function executorFor(window: Window, rampDownSeconds: number): ExecutorConfig {
  const common = {
    exec: window.exec,
    startTime: seconds(window.startSeconds),
    gracefulStop: seconds(WINDOW_GAP_SECONDS),
    tags: { [K6_TAGS.round]: window.round, [K6_TAGS.model]: window.model },
  };
  if (window.model === 'closed') {
    if (!window.stages) return { executor: 'constant-vus', vus: window.vus, duration: seconds(window.seconds), ...common };
    return {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: window.stages.map((s) => ({ duration: seconds(s.duration), target: Math.round(s.target) })),
      // A user leaving at a ramp-down finishes what it is doing first, as perfgate's do, up to the request timeout.
      gracefulRampDown: seconds(rampDownSeconds),
      ...common,
    };
  }
  const rates = window.stages ? window.stages.map((s) => s.target) : [window.rate ?? 0];
  const unit = timeUnitFor(rates);
  const peak = Math.max(...rates);
  const vus = {
    // One second's worth of arrivals, ready before the window: VUs started mid-window would cost the generator there.
    preAllocatedVUs: Math.max(1, Math.min(window.vus, Math.ceil(peak))),
    maxVUs: window.vus,
  };
  if (!window.stages) return { executor: 'constant-arrival-rate', rate: Math.round(peak * unit), timeUnit: seconds(unit), duration: seconds(window.seconds), ...vus, ...common };
  return {
    executor: 'ramping-arrival-rate',
    startRate: 0,
    timeUnit: seconds(unit),
    stages: window.stages.map((s) => ({ duration: seconds(s.duration), target: Math.round(s.target * unit) })),
    ...vus,
    ...common,
  };
}

/**
 * k6 counts arrivals in whole numbers per time unit: 2.5 requests per second are 5 per 2 s. The smallest unit of
 * seconds (up to 1000) that makes every rate whole; past that, rates are rounded to a thousandth.
 */
export function timeUnitFor(rates: readonly number[]): number {
  for (const unit of [1, 2, 4, 5, 10, 20, 50, 100, 1000]) if (rates.every((r) => Number.isInteger(round3(r * unit)))) return unit;
  return 1000;
}
