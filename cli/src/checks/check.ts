import type { Measurement } from '../model/index.ts';
import type { Target } from '../model/index.ts';

/** What a check gets to run: the resolved target, its settings and a way to report progress. */
export interface CheckContext {
  target: Target & {
    /** Logins a scenario can use against PayPass (seeded users). */
    credentials?: { email: string; password: string }[];
  };
  settings: Record<string, unknown>;
  log: (line: string) => void;
  signal: AbortSignal;
}

/** A check is a plugin that measures a target and yields measurements; it never judges. */
export interface Check {
  id: string;
  title: string;
  /** Every metric name the check can yield: budget rules are checked against it, so a typo is an error, not a silent skip. */
  metrics: readonly string[];
  run(ctx: CheckContext): Promise<CheckOutput>;
}

export interface CheckOutput {
  measurements: Measurement[];
  /** How the check ran (scenario, rounds, durations), recorded in the result for reports. */
  settings?: Record<string, unknown>;
  /** Versions of what it measured with (`{ chromium: '131.0…' }`), recorded with the machine. */
  engines?: Record<string, string>;
}
