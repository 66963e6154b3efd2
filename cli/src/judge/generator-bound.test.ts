import { describe, expect, it } from 'vitest';
import type { CheckRun, Measurement } from '../model/index.ts';
import { compareMeasurements } from './compare-runs.ts';
import { evaluateBudgets } from './evaluate.ts';

// A load measurement whose generator was the bottleneck (see checks/load/engine/generator-bound.test.ts for how
// one arises) says nothing about the target: it is reported, never judged.
describe('a generator-bound measurement', () => {
  const p95: Measurement = {
    check: 'load',
    metric: 'latency.p95',
    subject: 'GET /',
    unit: 'ms',
    value: 40,
    samples: [38, 40, 41, 39, 42],
    loadModel: 'open',
    generatorBound: "round 1: the open model's rate was not reached: 61000 of 400000 sends written",
  };
  const checks: CheckRun[] = [{ id: 'load', title: 'HTTP load', status: 'ok', durationMs: 1 }];

  it('gets no budget verdict: skipped, saying why', () => {
    const [verdict] = evaluateBudgets({ version: 1, rules: [{ check: 'load', metric: 'latency.p95', subject: '*', max: 1, severity: 'error' }] }, [p95], checks);
    expect(verdict).toMatchObject({ status: 'skipped' });
    expect(verdict!.message).toBe(`generator-bound (${p95.generatorBound}): not judged`);
  });

  it('claims no change against a baseline ten times faster, nor a faster one against it', () => {
    const fast = { ...p95, generatorBound: undefined, value: 4, samples: p95.samples!.map((v) => v / 10) };
    const [head] = compareMeasurements({ id: 'base', measurements: [fast] }, [p95]);
    expect(head!.result).toMatchObject({ change: 'inconclusive', reason: { code: 'generator-bound' } });
    expect(head!.result.reason.text).toMatch(/^head: round 1/);
    const [base] = compareMeasurements({ id: 'base', measurements: [p95] }, [fast]);
    expect(base!.result).toMatchObject({ change: 'inconclusive', reason: { code: 'generator-bound' } });
  });
});
