import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { hostPath } from './compose-files.ts';
import { localPrometheusConfig } from './monitoring.ts';
import { RULES_DIR, alertTestCases, allRules, filesEndingWith } from './rule-files.ts';

// Debian's promtool and amtool (packages prometheus and prometheus-alertmanager, installed by .ci/prerequisites.sh).
const run = promisify(execFile);
const rulesDir = fileURLToPath(RULES_DIR);
const RUNBOOKS = readFileSync(new URL('../runbooks.md', import.meta.url), 'utf8');

/** Runs a program; its exit code and everything it printed, without throwing on failure. */
async function tool(command: string, args: string[], cwd = rulesDir): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('Prometheus rules of dashboards/prometheus', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'perfgate-rules-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('pass promtool check rules', async () => {
    const files = filesEndingWith('.rules.yml');
    expect(files.length).toBeGreaterThanOrEqual(5);
    const { code, output } = await tool('promtool', ['check', 'rules', ...files]);
    expect(output.match(/SUCCESS/g)?.length, output).toBe(files.length);
    expect(code, output).toBe(0);
  });

  it('pass their promtool unit tests', async () => {
    const files = filesEndingWith('.test.yml');
    const { code, output } = await tool('promtool', ['test', 'rules', ...files]);
    expect(output.match(/SUCCESS/g)?.length, output).toBe(files.length);
    expect(code, output).toBe(0);
  });

  it('fail a unit test whose expectation is wrong (the check above can fail)', async () => {
    const wrong = {
      rule_files: [join(rulesDir, 'perfgate.rules.yml')],
      tests: [
        {
          interval: '1m',
          input_series: [{ series: 'perfgate_regression{change="same", target="paypass", git_sha="abc"}', values: '0.01x3' }],
          alert_rule_test: [{ alertname: 'PerfgateRegression', eval_time: '1m', exp_alerts: [{ exp_labels: { severity: 'warning' } }] }],
        },
      ],
    };
    writeFileSync(join(scratch, 'wrong.test.yml'), stringify(wrong));
    const { code, output } = await tool('promtool', ['test', 'rules', 'wrong.test.yml'], scratch);
    expect(code).not.toBe(0);
    expect(output).toContain('FAILED');
  });

  it('give every alert a severity, a summary and a runbook section that exists', () => {
    const alerts = allRules().filter((r) => r.alert);
    expect(alerts.length).toBeGreaterThanOrEqual(15);
    for (const alert of alerts) {
      expect(['critical', 'warning'], alert.alert).toContain(alert.labels?.severity);
      expect(alert.annotations?.summary, alert.alert).toBeTruthy();
      const anchor = /^dashboards\/runbooks\.md#([a-z-]+)$/.exec(alert.annotations?.runbook ?? '')?.[1];
      expect(anchor, `${alert.alert}: runbook ${alert.annotations?.runbook}`).toBeDefined();
      expect(RUNBOOKS, `${alert.alert}: no "## ${anchor}" in dashboards/runbooks.md`).toContain(`\n## ${anchor}\n`);
    }
  });

  it('test every alert both firing and not firing', () => {
    const cases = alertTestCases();
    for (const alert of allRules().flatMap((r) => (r.alert ? [r.alert] : []))) {
      const mine = cases.filter((c) => c.alertname === alert);
      expect(
        mine.some((c) => (c.exp_alerts ?? []).length > 0),
        `${alert} is never expected to fire`,
      ).toBe(true);
      expect(
        mine.some((c) => (c.exp_alerts ?? []).length === 0),
        `${alert} is never expected to stay silent`,
      ).toBe(true);
    }
  });

  it('load, with the rest of the compose Prometheus config, in promtool check config', async () => {
    const addresses = { paypass: '127.0.0.1:3000', pushgateway: '127.0.0.1:9091', alertmanager: '127.0.0.1:9093', prometheus: '127.0.0.1:9090' };
    writeFileSync(join(scratch, 'prometheus.yml'), localPrometheusConfig(addresses));
    const { code, output } = await tool('promtool', ['check', 'config', 'prometheus.yml'], scratch);
    expect(output).toContain('SUCCESS');
    expect(code, output).toBe(0);
  });

  it('route alerts with an Alertmanager config amtool accepts', async () => {
    const { code, output } = await tool('amtool', ['check-config', hostPath('alertmanager', '/etc/alertmanager/alertmanager.yml')]);
    expect(output).toContain('SUCCESS');
    expect(code, output).toBe(0);
  });
});
