import { describe, expect, it } from 'vitest';
import type { Verdict } from '../cli/src/model/index.ts';
import { formatBenchstatTable } from './benchstat.ts';
import { changeText } from './verdicts.ts';

const seqScan = (base: number, head: number): Verdict => ({
  check: 'explain',
  metric: 'plan.seq_scan_rows',
  subject: 'query:page',
  status: 'pass',
  message: '',
  measurement: { check: 'explain', metric: 'plan.seq_scan_rows', subject: 'query:page', value: head, unit: 'count' },
  baseline: { run: 'b', value: base, headValue: head, delta: 1, change: 'regressed', test: 'exact', tolerance: 0.05, reason: { code: 'exact', base, head, beyond: true } },
});

describe('baseline change text', () => {
  it('says an exact value grew from 0 instead of printing a +100 % placeholder', () => {
    expect(changeText(seqScan(0, 50_000))).toBe('0 → 50,000 regressed');
    expect(formatBenchstatTable([seqScan(0, 50_000)])).toMatch(/plan\.seq_scan_rows query:page\s+0\s+50,000\s+from 0\s+\(exact\)/);
    expect(changeText(seqScan(100, 200))).toMatch(/^\+100(\.0)?% regressed$/);
  });
});
