import { describe, expect, it } from 'vitest';
import { BaselineComparison, type Measurement, type RunResult } from '../model/index.ts';
import { compareMeasurements } from './compare-runs.ts';

const run = (measurements: Measurement[]) => ({ id: 'base', measurements }) as RunResult;
const plan = (value: number, shape: string): Measurement => ({
  check: 'explain',
  metric: 'plan.seq_scan_rows',
  subject: 'query:page',
  value,
  unit: 'count',
  plan: { shape, hash: shape, seqScans: [] },
});

describe('compareMeasurements, exact metrics', () => {
  it('claims a missing index as a regression and names the plan change behind it', () => {
    const [c] = compareMeasurements(run([plan(0, 'Limit>Index Scan idx on payments')]), [plan(50_000, 'Limit>Sort>Seq Scan on payments')]);
    expect(c!.result).toMatchObject({ test: 'exact', change: 'regressed' });
    expect(c!.result.reason).toEqual({ code: 'exact', base: 0, head: 50_000, tolerance: 0.05, beyond: true });
    expect(c!.result.planChange).toEqual({ before: 'Limit>Index Scan idx on payments', after: 'Limit>Sort>Seq Scan on payments' });
  });

  it('says nothing about the plan when it did not change', () => {
    const [c] = compareMeasurements(run([plan(300, 'Seq Scan on users')]), [plan(300, 'Seq Scan on users')]);
    expect(c!.result.change).toBe('same');
    expect(c!.result.planChange).toBeUndefined();
  });
});

const sampled = (subject: string, metric: string, samples: number[]): Measurement => ({
  check: 'load',
  metric,
  subject,
  value: samples[0]!,
  unit: 'ms',
  samples,
});

describe('compareMeasurements, sampled metrics', () => {
  const slower = (xs: number[]) => xs.map((x) => x * 1.3);
  const base6 = [10, 10.4, 9.8, 10.1, 10.3, 9.9];

  it('leaves metrics that read one value in every round of both runs out of the adjusted family', () => {
    const zeros = (subject: string) => sampled(subject, 'errors.ratio', [0, 0, 0, 0, 0, 0]);
    const baseRun = run([sampled('GET /a', 'latency.p95', base6), ...['GET /a', 'GET /b', 'GET /c', 'GET /d'].map(zeros)]);
    const head = [sampled('GET /a', 'latency.p95', slower(base6)), ...['GET /a', 'GET /b', 'GET /c', 'GET /d'].map(zeros)];
    const byMetric = compareMeasurements(baseRun, head);
    const p95 = byMetric.find((c) => c.head.metric === 'latency.p95')!;
    // Six rounds a side, complete separation: p = 2/924; alone in its family it stays so and is claimed.
    expect(p95.result.pAdjusted).toBeCloseTo(2 / 924, 6);
    expect(p95.result.change).toBe('regressed');
    for (const c of byMetric.filter((x) => x.head.metric === 'errors.ratio')) expect(c.result.change).toBe('same');
  });

  it('says when too few rounds could never reach significance across the family', () => {
    const base5 = base6.slice(0, 5);
    const subjects = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((x) => `GET /${x}`);
    const baseRun = run(subjects.map((s) => sampled(s, 'latency.p95', base5)));
    const head = subjects.map((s, i) => sampled(s, 'latency.p95', i === 0 ? slower(base5) : base5.map((x) => x + 0.05 * ((i % 2) * 2 - 1))));
    const first = compareMeasurements(baseRun, head).find((c) => c.head.subject === 'GET /a')!;
    expect(first.result.change).toBe('inconclusive');
    expect(first.result.reason.underpowered).toEqual({ bestPossibleP: expect.closeTo(0.0635, 3), family: 8 });
  });
});

describe('compareMeasurements, subjects new in the head', () => {
  const bytes = (subject: string, value: number): Measurement => ({ check: 'bundle', metric: 'gzip.bytes', subject, value, unit: 'bytes' });
  const metrics = (check: string, metric: string) =>
    check === 'bundle' ? { name: metric, unit: 'bytes' as const, better: 'lower' as const, sampled: false, description: 'x', zeroWhenAbsent: true } : undefined;

  it('compares a new chunk against 0 bytes where the metric says absent means 0, and claims it', () => {
    const [c] = compareMeasurements(run([bytes('bundle:initial', 100_000)]), [bytes('route:Lodash', 25_000)], { metrics });
    expect(c!.result).toMatchObject({ change: 'regressed', test: 'exact', value: 0, headValue: 25_000 });
  });

  it('leaves a new subject alone where absence means nothing (a new endpoint has no latency to compare)', () => {
    expect(compareMeasurements(run([bytes('bundle:initial', 100_000)]), [bytes('route:Lodash', 25_000)])).toEqual([]);
  });
});

describe('compareMeasurements, noise floors', () => {
  const timed = (samples: number[]): Measurement => ({ check: 'explain', metric: 'plan.execution_ms', subject: 'query:count', value: samples[0]!, unit: 'ms', samples });
  const metrics = () => ({
    name: 'plan.execution_ms',
    unit: 'ms' as const,
    better: 'lower' as const,
    sampled: true,
    description: 'x',
    noiseFloor: { relative: 0.1, absolute: 0.05 },
  });
  const base = [0.015, 0.0152, 0.0149, 0.0151, 0.0148, 0.015, 0.0153, 0.0151, 0.0149, 0.015];

  it('never claims a change below the absolute floor, however significant (0.015 → 0.021 ms)', () => {
    const [c] = compareMeasurements(run([timed(base)]), [timed(base.map((x) => x * 1.4))], { metrics });
    expect(c!.result.p).toBeLessThan(0.001);
    expect(c!.result.change).toBe('same');
    expect(c!.result.noiseFloor).toEqual({ relative: expect.closeTo(0.05 / 0.015, 3), source: 'default' });
  });

  it('claims a change beyond the floor, and a calibrated floor replaces the default', () => {
    const slow = base.map((x) => x * 100);
    const [c] = compareMeasurements(run([timed(slow)]), [timed(slow.map((x) => x * 1.4))], { metrics });
    expect(c!.result.change).toBe('regressed');
    const floors = {
      version: 1 as const,
      calibratedAt: 'now',
      machine: { cpu: 'x', cores: 2, hostname: 'h' },
      pairs: 5,
      floors: { 'explain\u0000plan.execution_ms\u0000query:count': { relative: 0.5 } },
    };
    const [calibrated] = compareMeasurements(run([timed(slow)]), [timed(slow.map((x) => x * 1.4))], { metrics, floors });
    expect(calibrated!.result).toMatchObject({ change: 'same', tolerance: 0.5, noiseFloor: { relative: 0.5, source: 'calibrated' } });
  });
});

describe('compareMeasurements, plan changes', () => {
  it('names the nodes that changed, not only the two shapes', () => {
    const m = (shape: string, nodes: string[]): Measurement => ({
      check: 'explain',
      metric: 'plan.rows',
      subject: 'query:deep',
      value: 20,
      unit: 'count',
      plan: { shape, hash: shape, nodes, seqScans: [] },
    });
    const [c] = compareMeasurements(run([m('Limit>Memoize>Index Scan users_pkey on users', ['Limit', 'Memoize', 'Index Scan users_pkey on users'])]), [
      m('Limit>Seq Scan on users', ['Limit', 'Seq Scan on users']),
    ]);
    expect(c!.result.change).toBe('same');
    expect(c!.result.planChange).toEqual({
      before: 'Limit>Memoize>Index Scan users_pkey on users',
      after: 'Limit>Seq Scan on users',
      removed: ['Memoize', 'Index Scan users_pkey on users'],
      added: ['Seq Scan on users'],
    });
  });
});

describe('compareMeasurements, breakdowns', () => {
  it('names the parts that changed most, a new module as grown from 0', () => {
    const m = (value: number, breakdown: Record<string, number>): Measurement => ({ check: 'bundle', metric: 'gzip.bytes', subject: 'route:Pay', value, unit: 'bytes', breakdown });
    const [c] = compareMeasurements(run([m(1000, { 'src/a.ts': 3000, react: 9000 })]), [m(9000, { 'src/a.ts': 3100, react: 9000, 'lodash/lodash.js': 70_000 })]);
    expect(c!.result.parts).toEqual([
      { part: 'lodash/lodash.js', base: 0, head: 70_000 },
      { part: 'src/a.ts', base: 3000, head: 3100 },
    ]);
  });
});

describe('compareMeasurements, subjects gone from the head', () => {
  it('compares a removed chunk as 0 bytes now, where the metric says absent means 0', () => {
    const bytes = (subject: string, value: number): Measurement => ({ check: 'bundle', metric: 'gzip.bytes', subject, value, unit: 'bytes' });
    const metrics = () => ({ name: 'gzip.bytes', unit: 'bytes' as const, better: 'lower' as const, sampled: false, description: 'x', zeroWhenAbsent: true });
    const comparisons = compareMeasurements(run([bytes('bundle:initial', 1000), bytes('route:Old', 5000)]), [bytes('bundle:initial', 1000)], { metrics });
    expect(comparisons.map((c) => [c.head.subject, c.result.change, c.result.headValue])).toEqual([
      ['bundle:initial', 'same', 1000],
      ['route:Old', 'improved', 0],
    ]);
  });
});

describe('compareMeasurements, from a baseline of 0', () => {
  const tbt = (samples: number[]): Measurement => ({ check: 'lighthouse', metric: 'tbt', subject: 'page:/login', value: samples[0]!, unit: 'ms', samples });
  const metrics = () => ({ name: 'tbt', unit: 'ms' as const, better: 'lower' as const, sampled: true, description: 'x', noiseFloor: { relative: 0.1, absolute: 50 } });

  it('calls a head within the absolute floor the same, and every number it records reads back as JSON', () => {
    const [c] = compareMeasurements(run([tbt([0, 0, 0, 0, 0])]), [tbt([0, 3, 8, 12, 6])], { metrics });
    expect(c!.result).toMatchObject({ change: 'same', reason: { code: 'below-floor', floor: 50 } });
    expect(BaselineComparison.parse(JSON.parse(JSON.stringify(c!.result)))).toBeTruthy();
  });

  it('claims a significant change beyond it (a page that never blocked now blocks), with finite numbers', () => {
    const [c] = compareMeasurements(run([tbt([0, 0, 0, 0, 0, 0])]), [tbt([300, 310, 305, 290, 320, 300])], { metrics });
    expect(c!.result).toMatchObject({ change: 'regressed', delta: 1, reason: { code: 'beyond-floor', floor: 50 } });
    expect(BaselineComparison.parse(JSON.parse(JSON.stringify(c!.result)))).toBeTruthy();
  });

  it('stays inconclusive beyond it when the rounds cannot show significance', () => {
    const [c] = compareMeasurements(run([tbt([0, 0])]), [tbt([300, 0])], { metrics });
    expect(c!.result.change).toBe('inconclusive');
  });
});
