import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../../test/run-cli.ts';
import type { Measurement } from '../../model/index.ts';
import { k6Registry } from '../k6-registry.ts';
import { importK6 } from './import-k6.ts';

// Every file here was written by k6 itself (cli/test/fixtures/k6/README.md names their sources and versions).
const k6File = (path: string) => fixture(`k6/${path}`);
const NDJSON_052 = k6File('ndjson/03_k6-v0.52-era_itzaddddd_ticket-reserve_output.ndjson');
const SUMMARY_052 = k6File('summary-export/03_k6-v0.52-era_itzaddddd_ticket-reserve_summary-export.json');
const registry = k6Registry();

const find = (ms: Measurement[], metric: string, subject: string) => ms.find((m) => m.metric === metric && m.subject === subject);
const value = (ms: Measurement[], metric: string, subject: string) => find(ms, metric, subject)?.value;

describe('k6 import: raw points (--out json)', () => {
  it('reads k6 0.52 points into per-endpoint measurements that agree with k6’s own summary of the same run', async () => {
    const { measurements: ms, target, notes } = await importK6([NDJSON_052], { registry });
    const subject = 'POST /event/reserve';
    // k6's summary of this run: 100 requests, 1 failed (a 500), checks 99/1, p(95) 4101.811365 ms, max 4180.7135 ms.
    expect(value(ms, 'errors.ratio', subject)).toBe(0.01);
    expect(find(ms, 'errors.ratio', subject)?.statusCodes).toEqual({ '200': 99, '500': 1 });
    expect(value(ms, 'checks.failed', 'check:status was 200')).toBe(0.01);
    // HDR histograms keep 3 significant digits: within 0.1 % of k6's exact (interpolated) numbers.
    expect(value(ms, 'latency.p95', subject)).toBeCloseTo(4101.811365, -1);
    expect(Math.abs(value(ms, 'latency.p95', subject)! / 4101.811365 - 1)).toBeLessThan(0.001);
    expect(Math.abs(value(ms, 'latency.max', subject)! / 4180.7135 - 1)).toBeLessThan(0.001);
    expect(target).toEqual({ kind: 'url', url: 'http://localhost:8080' });
    expect(notes).toEqual([]);
  });

  it('merges runners exactly: percentiles of N runners’ points are those of all points together', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perfgate-k6-'));
    const lines = (await readFile(NDJSON_052, 'utf8')).split('\n').filter(Boolean);
    // Three runners: every Metric line in each, each request's points (they share its timestamp) in one runner's file,
    // the requests dealt in turn; one runner's file gzipped, as k6 writes `json=x.gz`.
    const runners: string[][] = [[], [], []];
    const runnerOf = new Map<string, number>();
    for (const line of lines) {
      if (line.includes('"type":"Metric"')) {
        runners.forEach((r) => r.push(line));
        continue;
      }
      const time = (JSON.parse(line) as { data: { time: string } }).data.time;
      if (!runnerOf.has(time)) runnerOf.set(time, runnerOf.size % 3);
      runners[runnerOf.get(time)!]!.push(line);
    }
    const files = await Promise.all(
      runners.map(async (r, i) => {
        const file = join(dir, `runner-${i}.ndjson${i === 0 ? '.gz' : ''}`);
        await writeFile(file, i === 0 ? gzipSync(`${r.join('\n')}\n`) : `${r.join('\n')}\n`);
        return file;
      }),
    );
    const whole = await importK6([NDJSON_052], { registry });
    const merged = await importK6(files, { registry });
    for (const metric of ['latency.p50', 'latency.p95', 'latency.p99', 'latency.max', 'errors.ratio'])
      expect(value(merged.measurements, metric, 'POST /event/reserve')).toBe(value(whole.measurements, metric, 'POST /event/reserve'));
    expect(find(merged.measurements, 'latency.p95', 'POST /event/reserve')?.histogram).toBe(find(whole.measurements, 'latency.p95', 'POST /event/reserve')?.histogram);
    expect(merged.checks[0]!.settings?.source).toMatch(/raw points of 3 runners/);
    // And the merged p95 is the p95 of the durations themselves, to HDR's 3 significant digits.
    const durations = lines
      .filter((l) => l.includes('"metric":"http_req_duration"') && l.includes('"type":"Point"'))
      .map((l) => (JSON.parse(l) as { data: { value: number } }).data.value);
    const sorted = durations.sort((a, b) => a - b);
    const nearestRank = sorted[Math.ceil(0.95 * sorted.length) - 1]!;
    expect(Math.abs(value(merged.measurements, 'latency.p95', 'POST /event/reserve')! / nearestRank - 1)).toBeLessThan(0.001);
  });

  it('reads the old line shape of k6 0.25 (no http_req_failed: a status outside 200–399 failed)', async () => {
    const { measurements: ms } = await importK6([k6File('ndjson/01_k6-v0.25-era_Mattihew_k6-to-junit_exampleResults.ndjson')], { registry });
    expect(value(ms, 'latency.p95', 'GET /users/1')).toBeCloseTo(44.375, 0);
    expect(value(ms, 'errors.ratio', 'GET /users/11')).toBe(1);
    expect(value(ms, 'errors.ratio', 'GET /users/1')).toBe(0);
  });

  it('takes the name a script gave its requests, and leaves out what setup() sent (k6 1.6 points)', async () => {
    const { measurements: ms } = await importK6([k6File('ndjson/04_k6-v1.6-era_ruveyharuzgar_search-engine-service_k6-results.TRUNCATED-first-300-of-2288-lines.ndjson')], {
      registry,
    });
    const subjects = new Set(ms.map((m) => m.subject));
    expect(subjects).toContain('SearchAPI');
    expect(subjects).toContain('Dashboard');
    // Its setup() searched once (group ::setup, named by URL): not part of the load.
    expect([...subjects].some((s) => s.includes('/api/search'))).toBe(false);
    // 400s, tagged with k6's error code, are failures by status.
    expect(find(ms, 'errors.ratio', 'SearchAPI')?.failures).toMatchObject({ '400': expect.any(Number) });
  });

  it('reads a file of points that ends at a line, and refuses one cut inside a line, naming file and line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perfgate-k6-'));
    const text = await readFile(NDJSON_052, 'utf8');
    const cut = join(dir, 'cut.ndjson');
    await writeFile(cut, text.slice(0, text.indexOf('\n', 5000) + 40));
    await expect(importK6([cut], { registry })).rejects.toThrow(/k6 file .*cut\.ndjson: line \d+ is not whole JSON \(was the file cut short\?\)/);
    const cutGzip = join(dir, 'cut.ndjson.gz');
    const gz = gzipSync(text);
    await writeFile(cutGzip, gz.subarray(0, gz.length - 100));
    await expect(importK6([cutGzip], { registry })).rejects.toThrow(/cut\.ndjson\.gz: its gzip stream ends early/);
  });
});

describe('k6 import: points of a script perfgate exported', () => {
  it('makes each round one sample, leaves the warm-up out, and measures each stage apart', async () => {
    // The lines k6 writes for the exported script's tags (a stand-in run: k6 cannot be installed here).
    const lines: string[] = [];
    const point = (metric: string, ms: number, value: number, tags: Record<string, string>) =>
      lines.push(
        JSON.stringify({ metric, type: 'Point', data: { time: new Date(ms).toISOString(), value, tags: { group: '', method: 'GET', status: '200', url: 'http://t/a', ...tags } } }),
      );
    const request = (at: number, duration: number, round: string, stage: string, name = 'GET /a') => {
      const tags = { name, perfgate_round: round, perfgate_model: 'closed', ...(round === 'warmup' ? {} : { perfgate_stage: stage }) };
      point('http_reqs', at, 1, tags);
      point('http_req_duration', at, duration, tags);
      point('http_req_failed', at, 0, tags);
    };
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 10; i++) request(t0 + i * 100, 500, 'warmup', '', 'GET /a (warm-up)');
    for (const [round, offset, ms] of [
      ['1', 2000, 10],
      ['2', 6000, 20],
    ] as const) {
      for (let i = 0; i < 20; i++) request(t0 + offset + i * 100, ms * (i < 10 ? 1 : 3), round, i < 10 ? 'ramp' : 'peak');
    }
    const dir = await mkdtemp(join(tmpdir(), 'perfgate-k6-'));
    const file = join(dir, 'points.ndjson');
    await writeFile(file, `${lines.join('\n')}\n`);
    const { measurements: ms } = await importK6([file], { registry });
    expect(ms.some((m) => m.subject.includes('warm-up'))).toBe(false);
    // HDR histograms: each value to 3 significant digits.
    const near = (got: number[] | undefined, want: number[]) => want.forEach((w, i) => expect(Math.abs(got![i]! / w - 1)).toBeLessThan(0.001));
    near(find(ms, 'latency.p50', 'GET /a')?.samples, [10, 20]);
    near(find(ms, 'latency.max', 'GET /a @ peak')?.samples, [30, 60]);
    near([find(ms, 'latency.max', 'GET /a @ ramp')!.value], [20]);
    expect(find(ms, 'latency.p50', 'GET /a')?.loadModel).toBe('closed');
    expect(find(ms, 'throughput.rps', 'GET /a')?.samples).toHaveLength(2);
  });
});

describe('k6 import: end-of-test summaries', () => {
  it('takes a summary export’s `true` as a crossed threshold and handleSummary’s `ok: true` as a passed one', async () => {
    const exported = await importK6([k6File('summary-export/05_k6-v2-era_Sweet-Poision_rate-limiter_k6-summary_threshold-failed.json')], { registry });
    expect(exported.notes).toContain("k6 threshold http_req_duration 'p(95)<50' crossed");
    const passed = await importK6([k6File('summary-export/06_k6-v2-era_Sweet-Poision_rate-limiter_results-low_summary_threshold-passed.json')], { registry });
    expect(passed.notes).toContain("k6 threshold http_req_duration 'p(95)<50' passed");
    const handled = await importK6([k6File('handle-summary-data/02_scottgal_mostlyucid-nmt_k6-summary_threshold-failed.json')], { registry });
    expect(handled.notes).toContain("k6 threshold http_req_duration 'p(95) < 5000' crossed");
    expect(handled.notes).toContain("k6 threshold http_req_failed 'rate < 0.05' passed");
  });

  it('gives one runner’s percentiles as k6 computed them, with counts and checks', async () => {
    const { measurements: ms } = await importK6([SUMMARY_052], { registry });
    expect(value(ms, 'latency.p95', 'all requests')).toBe(4101.811365);
    expect(value(ms, 'latency.p50', 'all requests')).toBe(3390.69845);
    expect(value(ms, 'errors.ratio', 'all requests')).toBe(0.01);
    expect(value(ms, 'throughput.rps', 'all requests')).toBe(23.738350582489275);
    expect(value(ms, 'checks.failed', 'check:status was 200')).toBe(0.01);
  });

  it('recomputes the Rate k6 0.29 wrote as 0, and says what an old summary lacks', async () => {
    const { measurements: ms, notes } = await importK6([k6File('summary-export/01_k6-v0.29-era_szboynono_k6-html-reporter_perf-export.json')], { registry });
    expect(value(ms, 'checks.failed', 'check:status is 200')).toBe(0);
    expect(notes).toContain('not merged: errors.ratio not in the summary (k6 before 0.31 has no http_req_failed): all requests');
  });

  it('adds up what adds up across runners and says which percentiles cannot be merged, measuring none of them', async () => {
    const files = [
      k6File('summary-export/05_k6-v2-era_Sweet-Poision_rate-limiter_k6-summary_threshold-failed.json'),
      k6File('summary-export/06_k6-v2-era_Sweet-Poision_rate-limiter_results-low_summary_threshold-passed.json'),
    ];
    const { measurements: ms, notes } = await importK6(files, { registry });
    for (const metric of ['latency.p50', 'latency.p95', 'latency.p99']) expect(find(ms, metric, 'all requests')).toBeUndefined();
    expect(notes).toContain("not merged: p95 of 2 runners' summaries cannot be merged (a p95 of p95s is not a p95; import the runners' --out json points): all requests");
    // A maximum, counts and rates do add up.
    expect(value(ms, 'latency.max', 'all requests')).toBe(1348.382976);
    const [a, b] = await Promise.all(files.map((f) => importK6([f], { registry })));
    expect(value(ms, 'throughput.rps', 'all requests')).toBeCloseTo(
      value(a!.measurements, 'throughput.rps', 'all requests')! + value(b!.measurements, 'throughput.rps', 'all requests')!,
      9,
    );
  });

  it('reads the nested groups of handleSummary data (k6 2.2’s own golden)', async () => {
    const { measurements: ms } = await importK6([k6File('handle-summary-data/expectedHandleSummaryDataWithSetup.handleSummary-data.json')], { registry });
    expect(value(ms, 'checks.failed', 'check:child::check2')).toBeCloseTo(10 / 15, 12);
  });

  it('takes the numbers from the points when summaries come with them', async () => {
    const { measurements: ms, notes } = await importK6([NDJSON_052, SUMMARY_052], { registry });
    expect(find(ms, 'latency.p95', 'all requests')).toBeUndefined();
    expect(find(ms, 'latency.p95', 'POST /event/reserve')).toBeDefined();
    expect(notes.join('\n')).toMatch(/1 summary beside the points: the numbers come from the points/);
  });
});

describe('k6 import: files that are not k6 output', () => {
  it('names the file and what was expected', async () => {
    await expect(importK6([fixture('hello.scenario.yaml')], { registry })).rejects.toThrow(/k6 file .*hello\.scenario\.yaml: is not JSON; expected k6 output/);
    const dir = await mkdtemp(join(tmpdir(), 'perfgate-k6-'));
    const other = join(dir, 'package.json');
    await writeFile(other, '{"name":"x","version":"1.0.0"}');
    await expect(importK6([other], { registry })).rejects.toThrow(/package\.json: is JSON, but not a k6 summary/);
    const machine = join(dir, 'summary.json');
    await writeFile(machine, JSON.stringify({ version: '1.0.0', metadata: { k6Version: '1.5.0' }, config: {}, results: { metrics: [] } }));
    await expect(importK6([machine], { registry })).rejects.toThrow(/machine-readable summary .* which perfgate does not read/);
    await expect(importK6([join(dir, 'missing.ndjson')], { registry })).rejects.toThrow(/missing\.ndjson: does not exist/);
  });
});
