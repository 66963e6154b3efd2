import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../model/index.ts';
import { minimalResult, sampleResult } from '../../../reports/fixtures/sample-result.ts';
import { startProgram, type LocalService } from '../../test/local-service.ts';
import { closedPortUrl } from '../../test/run-cli.ts';
import { groupUrl, pushRun } from './push.ts';

interface Series {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition, label values unescaped. */
function parseExposition(text: string): Series[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [, name, labelText, value] = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line)!;
      const labels: Record<string, string> = {};
      for (const [, label, raw] of (labelText ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
        labels[label!] = raw!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      }
      return { name: name!, labels, value: Number(value) };
    });
}

// A real Pushgateway (Debian's prometheus-pushgateway) on a free port: what perfgate pushes is what Prometheus scrapes.
describe('pushRun to a Pushgateway', () => {
  let gateway: LocalService;
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  const scrape = async () => parseExposition(await (await fetch(`${gateway.url}/metrics`)).text()).filter((s) => s.name.startsWith('perfgate_'));

  beforeAll(async () => {
    // Debian's default keeps a persistence file under /var/lib: none here, the gateway lives for this file only.
    gateway = await startProgram('prometheus-pushgateway', (port) => [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file=']);
  });
  afterAll(() => gateway?.stop());

  it('publishes every contract series under job="perfgate", instance=<target>', async () => {
    const result: RunResult = { ...sampleResult(), target: { kind: 'url', url: 'http://127.0.0.1:8080/api' } };
    result.measurements[0]!.subject = 'GET /a"b\\c';
    expect(await pushRun(result, gateway.url, log)).toBe(true);
    expect(lines.at(-1)).toMatch(new RegExp(`^pushed \\d+ series to ${gateway.url} \\(job="perfgate", instance="127.0.0.1:8080"\\)$`));

    const series = await scrape();
    const group = { job: 'perfgate', instance: '127.0.0.1:8080', target: '127.0.0.1:8080', git_sha: '4e1d0c2b9a7f' };
    const first = result.measurements[0]!;
    expect(series).toContainEqual({
      name: 'perfgate_measurement',
      labels: { ...group, check: first.check, metric: first.metric, subject: 'GET /a"b\\c', unit: first.unit },
      value: first.value,
    });
    expect(series.filter((s) => s.name === 'perfgate_measurement')).toHaveLength(result.measurements.length);
    const failed = result.verdicts.find((v) => v.status === 'fail')!;
    expect(series).toContainEqual({
      name: 'perfgate_verdict',
      labels: { ...group, check: failed.check, metric: failed.metric, subject: failed.subject, status: 'fail' },
      value: 1,
    });
    const regressed = result.verdicts.find((v) => v.baseline?.change === 'regressed')!;
    expect(series).toContainEqual({
      name: 'perfgate_regression',
      labels: { ...group, check: regressed.check, metric: regressed.metric, subject: regressed.subject, change: 'regressed' },
      value: regressed.baseline!.delta,
    });
    expect(series).toContainEqual({ name: 'perfgate_run_outcome', labels: { ...group, outcome: result.outcome }, value: 1 });
    expect(series).toContainEqual({ name: 'perfgate_run_timestamp_seconds', labels: group, value: Date.parse(result.finishedAt) / 1000 });
    expect(series).toContainEqual({ name: 'perfgate_budget_failures', labels: group, value: result.summary.fail });
    expect(series).toContainEqual({ name: 'perfgate_regressions', labels: group, value: result.summary.regressed });
  });

  it("replaces the target's group: the latest run is what it holds", async () => {
    const first = minimalResult();
    const next: RunResult = { ...minimalResult(), environment: { ...first.environment, gitSha: 'f00dfeed' } };
    expect(await pushRun(first, gateway.url, log)).toBe(true);
    expect(await pushRun(next, gateway.url, log)).toBe(true);
    const ofTarget = (await scrape()).filter((s) => s.labels.instance === 'localhost:3000');
    expect(new Set(ofTarget.map((s) => s.labels.git_sha))).toEqual(new Set(['f00dfeed']));
  });

  it('warns in one line, and goes on, when the Pushgateway is unreachable', async () => {
    const url = await closedPortUrl();
    expect(await pushRun(minimalResult(), url, log)).toBe(false);
    expect(lines.at(-1)).toMatch(new RegExp(`^warning: push to the Pushgateway failed: ${url}/metrics/job/perfgate/instance/localhost%3A3000 is unreachable \\(ECONNREFUSED\\)$`));
  });

  it('names a group whose instance a path segment cannot hold in base64url', () => {
    expect(groupUrl('http://gw:9091/', 'paypass')).toBe('http://gw:9091/metrics/job/perfgate/instance/paypass');
    expect(groupUrl('http://gw:9091', 'a/b')).toBe('http://gw:9091/metrics/job/perfgate/instance@base64/YS9i');
  });
});
