import { describe, expect, it } from 'vitest';
import { historyRuns, shaOf } from '../../../test/history-runs.ts';
import { History, type NoiseFloors } from '../../model/index.ts';
import { buildHistory } from './build-history.ts';

const series = (h: History, metric: string, subject: string) => h.series.find((s) => s.metric === metric && s.subject === subject)!;

describe('buildHistory', () => {
  const runs = historyRuns({ count: 25, stepAt: 14, step: 0.2 });
  const history = buildHistory([...runs].reverse(), {
    baselines: [
      { name: 'main', runId: runs[20]!.id },
      { name: 'old', runId: runs[3]!.id },
    ],
  });

  it('lists the runs oldest first, and is valid by its schema', () => {
    expect(history.runs.map((r) => r.id)).toEqual(runs.map((r) => r.id));
    expect(history.runs[0]!.gitSha).toBe(shaOf(0));
    expect(() => History.parse(history)).not.toThrow();
  });

  it("takes each run's median of rounds, with the descriptors' units, directions and floors", () => {
    const p95 = series(history, 'latency.p95', 'GET /payments');
    expect(p95.points).toHaveLength(25);
    expect(p95.points[0]).toMatchObject({ runId: runs[0]!.id, rounds: 10 });
    expect(p95.unit).toBe('ms');
    expect(p95.floor).toEqual({ relative: 0.05, absolute: 1, source: 'default' });
    expect(series(history, 'throughput.rps', 'GET /payments').better).toBe('higher');
  });

  it('names the run and sha where GET /payments p95 shifted, with its interval', () => {
    const [cp, ...rest] = series(history, 'latency.p95', 'GET /payments').changePoints;
    expect(rest).toEqual([]);
    expect(cp).toMatchObject({ index: 14, runId: runs[14]!.id, gitSha: shaOf(14), direction: 'worse', before: { from: 0, to: 14 }, after: { from: 14, to: 25 } });
    expect(cp!.ci![0]).toBeGreaterThan(0.1);
    expect(cp!.ci![1]).toBeLessThan(0.3);
    expect(cp!.ci![0]).toBeLessThan(cp!.change!);
    expect(cp!.p).toBeLessThan(0.001);
  });

  it('calls out the regression the baselines saved since have absorbed', () => {
    const absorbed = series(history, 'latency.p95', 'GET /payments').absorbed!;
    expect(absorbed).toMatchObject({ reference: { from: 0, to: 14 }, latest: { from: 14, to: 25 }, runsAgo: 11, shifts: [14], baselines: ['main'], tolerance: 0.05 });
    expect(absorbed.ci[0]).toBeGreaterThan(0.05);
  });

  it('flat metrics have no change point and nothing absorbed', () => {
    for (const s of [series(history, 'latency.p95', 'GET /health'), series(history, 'throughput.rps', 'GET /payments')]) {
      expect(s.changePoints).toEqual([]);
      expect(s.absorbed).toBeUndefined();
    }
  });

  it('filters by metric glob, subject glob and check', () => {
    expect(buildHistory(runs, { filter: { metric: 'latency.*' } }).series.map((s) => s.subject)).toEqual(['GET /health', 'GET /payments']);
    expect(buildHistory(runs, { filter: { subject: 'GET /pay*' } }).series).toHaveLength(2);
    expect(buildHistory(runs, { filter: { check: 'bundle' } }).series).toEqual([]);
  });

  it('a calibrated floor wins over the declared default', () => {
    const floors: NoiseFloors = {
      version: 1,
      calibratedAt: '',
      machine: { cpu: '', cores: 2, hostname: '' },
      pairs: 5,
      floors: { 'load\u0000latency.p95\u0000GET /payments': { relative: 0.3 } },
    };
    const calibrated = series(buildHistory(runs, { floors }), 'latency.p95', 'GET /payments');
    expect(calibrated.floor).toEqual({ relative: 0.3, source: 'calibrated' });
    // A +20 % shift cannot clear a 30 % floor.
    expect(calibrated.changePoints).toEqual([]);
  });

  it('an improvement is a change point, not an absorbed regression', () => {
    const faster = series(buildHistory(historyRuns({ step: -0.2 })), 'latency.p95', 'GET /payments');
    expect(faster.changePoints).toMatchObject([{ index: 14, direction: 'better' }]);
    expect(faster.absorbed).toBeUndefined();
  });

  it('leaves out generator-bound measurements, and says when points come from different machines', () => {
    const mixed = historyRuns({ count: 8 });
    mixed[2]!.measurements[0]!.generatorBound = 'generator CPU saturated';
    mixed[5]!.environment.cpu = 'Apple M3';
    const s = series(buildHistory(mixed), 'latency.p95', 'GET /payments');
    expect(s.points.map((p) => p.runId)).not.toContain(mixed[2]!.id);
    expect(s.environments).toHaveLength(2);
  });

  it('an empty store is an empty history', () => {
    expect(buildHistory([])).toMatchObject({ runs: [], series: [] });
  });
});
