import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../model/index.ts';
import { startProgram, type LocalService } from '../../test/local-service.ts';
import { failingRun, passingRun } from './fixtures/runs.ts';
import { notifySinks } from './notify.ts';

interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  status: { state: string };
  endsAt: string;
}

// A real Alertmanager (Debian's prometheus-alertmanager) on a free port, its storage and config in a temporary folder.
describe('alertmanager sink', () => {
  let alertmanager: LocalService;
  let stateDir: string;
  const lines: string[] = [];
  const alerts = async (): Promise<AlertmanagerAlert[]> => (await fetch(`${alertmanager.url}/api/v2/alerts`)).json() as Promise<AlertmanagerAlert[]>;
  const notify = (result: RunResult) =>
    notifySinks(result, [{ kind: 'alertmanager', url: alertmanager.url }], {
      stateDir,
      target: '127.0.0.1:8080',
      markdown: '',
      log: (l) => lines.push(l),
      annotate: () => undefined,
    });

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perfgate-alertmanager-'));
    stateDir = join(dir, '.perfgate');
    await writeFile(join(dir, 'alertmanager.yml'), 'route:\n  receiver: nowhere\nreceivers:\n  - name: nowhere\n');
    alertmanager = await startProgram('prometheus-alertmanager', (port) => [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--storage.path=${join(dir, 'data')}`,
      '--cluster.listen-address=',
    ]);
  });
  afterAll(() => alertmanager?.stop());

  it('fires one alert per failed budget and regression, and resolves them when the next run passes', async () => {
    await notify(failingRun());
    expect(lines).toEqual(['alerts: alertmanager: fired 3 alerts']);
    const firing = await alerts();
    expect(firing.map((a) => a.labels).sort((a, b) => a.subject!.localeCompare(b.subject!))).toEqual([
      { alertname: 'PerfgateRegression', check: 'load', metric: 'latency.p95', subject: 'GET /payments', target: '127.0.0.1:8080', severity: 'critical' },
      { alertname: 'PerfgateBudgetFailed', check: 'load', metric: 'latency.p99', subject: 'GET /payments/:id', target: '127.0.0.1:8080', severity: 'warning' },
      { alertname: 'PerfgateBudgetFailed', check: 'load', metric: 'latency.p95', subject: 'POST /payments', target: '127.0.0.1:8080', severity: 'critical' },
    ]);
    expect(firing.every((a) => a.status.state === 'active')).toBe(true);
    expect(firing.find((a) => a.labels.subject === 'POST /payments')!.annotations).toEqual({
      summary: 'load latency.p95 POST /payments: 234.6 ms exceeds max 200 ms',
      run_id: 'run-failing',
      git_sha: '4e1d0c2b9a7f',
      value: '234.6 ms',
    });

    await notify(passingRun());
    expect(lines.at(-1)).toBe('alerts: alertmanager: resolved 3');
    // Alertmanager lists only alerts that have not ended.
    expect(await alerts()).toEqual([]);
    const state = JSON.parse(await readFile(join(stateDir, 'alerts-state.json'), 'utf8'));
    expect(state.firing).toEqual({});
  });

  it('keeps firing what still fails and resolves only what passes now', async () => {
    await notify(failingRun());
    const stillFailing = failingRun('run-partly-fixed');
    stillFailing.verdicts = stillFailing.verdicts.filter((v) => v.subject === 'POST /payments' || v.subject === 'GET /health');
    await notify(stillFailing);
    expect(lines.at(-1)).toBe('alerts: alertmanager: fired 1 alert, resolved 2');
    expect((await alerts()).map((a) => [a.labels.subject, a.annotations.run_id])).toEqual([['POST /payments', 'run-partly-fixed']]);
  });
});
