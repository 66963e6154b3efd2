import { describe, expect, it } from 'vitest';
import type { Measurement, RunResult } from '../model/index.ts';
import { compareMeasurements } from './compare-runs.ts';

const run = (measurements: Measurement[]) => ({ id: 'base', measurements }) as RunResult;
const plan = (value: number, planShape: string): Measurement => ({
  check: 'explain', metric: 'plan.seq_scan_rows', subject: 'query:page', value, unit: 'count', tags: { planShape },
});

describe('compareMeasurements, exact metrics', () => {
  it('claims a missing index as a regression and names the plan change behind it', () => {
    const [c] = compareMeasurements(run([plan(0, 'Limit>Index Scan idx on payments')]), [plan(50_000, 'Limit>Sort>Seq Scan on payments')]);
    expect(c!.result).toMatchObject({ test: 'exact', change: 'regressed' });
    expect(c!.result.reason).toBe('exact values 0 → 50000 (beyond ±5.0%); plan changed: Limit>Index Scan idx on payments → Limit>Sort>Seq Scan on payments');
  });

  it('says nothing about the plan when it did not change', () => {
    const [c] = compareMeasurements(run([plan(300, 'Seq Scan on users')]), [plan(300, 'Seq Scan on users')]);
    expect(c!.result.change).toBe('same');
    expect(c!.result.reason).not.toContain('plan changed');
  });
});
