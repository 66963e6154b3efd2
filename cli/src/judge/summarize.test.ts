import { describe, expect, it } from 'vitest';
import type { Verdict } from '../model/index.ts';
import { outcomeOf, summarize } from './summarize.ts';

const verdict = (metric: string, subject: string, change: 'regressed' | 'same', max: number): Verdict => ({
  check: 'load',
  metric,
  subject,
  status: 'pass',
  message: '',
  limit: { kind: 'max', value: max },
  baseline: { run: 'base', value: 10, delta: change === 'regressed' ? 0.3 : 0, change, tolerance: 0.05, reason: { code: 'within-tolerance' } },
});

describe('summarize', () => {
  it('counts budget verdicts per rule but a baseline change once per measurement', () => {
    // Two rules (the 1 s API target and the 3 s end-to-end one) judge the same p95, which regressed once.
    const s = summarize([
      verdict('latency.p95', 'POST /payments', 'regressed', 1000),
      verdict('latency.p95', 'POST /payments', 'regressed', 3000),
      verdict('latency.p95', 'GET /health', 'same', 50),
    ]);
    expect(s).toMatchObject({ pass: 3, regressed: 1, same: 1 });
  });
});

describe('outcomeOf an interrupted run', () => {
  it('is interrupted with the exit code of its signal, even when everything that ran passed', () => {
    expect(outcomeOf([], [], 'SIGINT')).toEqual({ outcome: 'interrupted', exitCode: 130 });
    expect(outcomeOf([], [], 'SIGTERM')).toEqual({ outcome: 'interrupted', exitCode: 143 });
    expect(outcomeOf([], [])).toEqual({ outcome: 'pass', exitCode: 0 });
  });
});
