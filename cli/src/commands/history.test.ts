import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { historyRuns, shaOf } from '../../test/history-runs.ts';
import { runCli, tempOut } from '../../test/run-cli.ts';
import { History } from '../model/index.ts';

// 25 stored runs, GET /payments p95 +20 % from run 15 (index 14) on; baseline "main" saved from run 21, after the shift.
describe('perfgate history', () => {
  const runs = historyRuns({ count: 25, stepAt: 14, step: 0.2 });
  const shifted = runs[14]!;
  let out: string;

  beforeAll(async () => {
    out = await tempOut();
    for (const r of runs) {
      await mkdir(join(out, 'runs', r.id), { recursive: true });
      await writeFile(join(out, 'runs', r.id, 'result.json'), JSON.stringify(r));
    }
    await writeFile(join(out, 'runs', 'latest'), `${runs.at(-1)!.id}\n`);
    await mkdir(join(out, 'baselines'));
    await writeFile(join(out, 'baselines', 'main.json'), JSON.stringify(runs[20]));
  });

  it('names the run and sha where GET /payments p95 shifted, and the baseline that absorbed it', async () => {
    const r = await runCli(['history', 'latency.p95', '--subject', 'GET /payments', '--dir', out]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    const change = lines.find((l) => l.includes('▲ worse'))!;
    expect(change).toContain(`at ${shaOf(14).slice(0, 7)}, run ${shifted.id}`);
    expect(change).toMatch(/\+\d+\.\d% \[\+\d+\.\d%, \+\d+\.\d%\] \(p<0\.001\)/);
    const absorbed = lines.find((l) => l.includes('absorbed regression'))!;
    expect(absorbed).toMatch(/now \+\d+\.\d% \[.*\] slower than 11 runs ago/);
    expect(absorbed).toContain(`shifted at ${shaOf(14).slice(0, 7)} (run ${shifted.id}); baseline "main" was saved since`);
    // Each run's value, the first at the new level marked.
    expect(lines.find((l) => l.includes(shifted.id) && l.includes('◆'))).toBeDefined();
  });

  it('--json: the change point by index, run and sha, with its interval', async () => {
    const r = await runCli(['history', '--dir', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const history = History.parse(JSON.parse(r.stdout));
    expect(history.runs).toHaveLength(25);
    const payments = history.series.find((s) => s.metric === 'latency.p95' && s.subject === 'GET /payments')!;
    expect(payments.changePoints).toMatchObject([{ index: 14, runId: shifted.id, gitSha: shaOf(14), direction: 'worse' }]);
    expect(payments.changePoints[0]!.ci![0]).toBeGreaterThan(0.1);
    expect(payments.absorbed?.baselines).toEqual(['main']);
    expect(history.series.filter((s) => s.changePoints.length > 0)).toHaveLength(1);
  });

  it('--runs keeps the newest N: the last 8, all after the shift, have no change point', async () => {
    const r = await runCli(['history', 'latency.p95', '--runs', '8', '--dir', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const history = History.parse(JSON.parse(r.stdout));
    expect(history.runs.map((x) => x.id)).toEqual(runs.slice(-8).map((x) => x.id));
    expect(history.series.every((s) => s.changePoints.length === 0)).toBe(true);
  });

  it('a filter that matches nothing is a usage error naming what is stored', async () => {
    const r = await runCli(['history', 'latency.p59', '--dir', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('perfgate: no stored measurement matches metric "latency.p59"; the stored runs hold load latency.p95, load throughput.rps\n');
  });

  it('an unknown check is a usage error', async () => {
    const r = await runCli(['history', '--check', 'lod', '--dir', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^perfgate: --check lod: unknown check; expected one of .*load/);
  });

  it('no stored runs yet: says so, exit 0', async () => {
    const empty = await tempOut();
    const r = await runCli(['history', '--dir', empty]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`no stored runs under ${join(empty, 'runs')} yet: every \`perfgate run\` stores one there\n`);
  });

  it('report --format html of the newest run charts its history', async () => {
    const file = join(out, 'report.html');
    const r = await runCli(['report', 'latest', '--format', 'html', '--out', out, '-o', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(file)).toBe(true);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<h3>History <span class="muted">(25 stored runs');
    expect(html).toContain(`${shaOf(14).slice(0, 7)}</text>`);
    // An older run's report shows the history up to it: before the shift, nothing shifted.
    const older = await runCli(['report', runs[10]!.id, '--format', 'html', '--out', out]);
    expect(older.stdout).toContain('(11 stored runs');
    expect(older.stdout).not.toContain('ABSORBED REGRESSION');
  });
});
