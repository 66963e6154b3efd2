import { CHECKS } from '../checks/registry.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunResult } from '../model/index.ts';
import { REPO, runCli, tempOut } from '../../test/run-cli.ts';
import { createTestDatabase, type TestDatabase } from '../../../system-under-test/testing/test-database.ts';

const SHORT = ['--only', 'load', '--rounds', '2', '--duration', '0.5', '--warmup', '0.2', '--connections', '4'];

function latestResult(out: string): RunResult {
  const id = readFileSync(join(out, 'runs', 'latest'), 'utf8').trim();
  return RunResult.parse(JSON.parse(readFileSync(join(out, 'runs', id, 'result.json'), 'utf8')));
}

/** Postgres servers still running on this data directory (their ps lines, to show what is left). */
function postgresRunningOn(dataDir: string): string[] {
  const ps = execFileSync('ps', ['-eo', 'pid,ppid,stat,etime,args'], { encoding: 'utf8' });
  return ps.split('\n').filter((line) => line.includes('postgres') && line.includes(dataDir));
}

// The main job, end to end: PayPass on embedded PostgreSQL (the default path), then the same in services mode.
describe('perfgate run on PayPass', () => {
  it('embedded mode: starts PayPass, measures all four endpoint kinds and its front end, writes every report, stops the database', async () => {
    const out = await tempOut();
    const r = await runCli(['run', ...SHORT, '--only', 'bundle,load,lighthouse', '--lighthouse-runs', '1', '--out', out]);
    expect([0, 1]).toContain(r.code); // budgets may fail on a slow machine; the run itself must complete
    expect(r.stdout).toMatch(/perfgate: (PASS|FAIL)/);
    const result = latestResult(out);
    // Every metric a check yields is one it declares (budget files are validated against the declarations).
    for (const m of result.measurements)
      expect(
        CHECKS.find((c) => c.meta.id === m.check)!.meta.metrics.map((d) => d.name),
        `${m.check} ${m.metric}`,
      ).toContain(m.metric);
    expect(result.target).toMatchObject({ kind: 'paypass', mode: 'embedded' });
    const subjects = new Set(result.measurements.filter((m) => m.check === 'load' && m.metric === 'throughput.rps').map((m) => m.subject));
    expect([...subjects].sort()).toEqual(['GET /health', 'GET /payments', 'POST /auth/login', 'POST /payments', 'POST /payments cross-border']);
    // PayPass's own /metrics, scraped at each round boundary: server CPU and the fraud-analysis p95, one sample per round.
    const cpu = result.measurements.find((m) => m.subject === 'server' && m.metric === 'cpu.ratio');
    expect(cpu?.samples).toHaveLength(2);
    expect(cpu!.value).toBeGreaterThan(0);
    expect(result.measurements.find((m) => m.subject === 'fraud analysis' && m.metric === 'latency.p95')?.value).toBeGreaterThan(0);
    expect(result.measurements.find((m) => m.subject === 'fraud analysis')?.samples).toHaveLength(2);
    for (const m of result.measurements.filter((x) => x.metric === 'errors.ratio')) expect(m.value, m.subject).toBe(0);
    // Which catalog queries each endpoint ran, per request (PayPass's db_queries_total read around each endpoint's load).
    const queriesOf = (subject: string) => result.measurements.find((m) => m.subject === subject && m.metric === 'latency.p95')!.queriesPerRequest!;
    expect(queriesOf('GET /payments').getPaginatedPayments).toBeCloseTo(1, 1);
    expect(queriesOf('POST /auth/login').findUserByEmail).toBeCloseTo(1, 1);
    expect(Object.keys(queriesOf('POST /payments'))).toContain('acceptPayment');
    for (const m of result.measurements.filter((x) => x.metric === 'latency.p95')) {
      expect(m.samples).toHaveLength(2);
      expect(m.value).toBeGreaterThan(0);
    }
    const runDir = join(out, 'runs', result.id);
    for (const f of ['summary.md', 'junit.xml', 'report.html']) expect(existsSync(join(runDir, f)), f).toBe(true);
    for (const check of ['bundle', 'load', 'lighthouse']) expect(result.checks.find((c) => c.id === check)?.status, check).toBe('ok');
    // PayPass serves its built front end: Lighthouse measured its pages signed in (a page behind the login that lost
    // the session is an error), both form factors, and the flows' INP; the bundle check its build.
    const lcp = result.measurements.filter((m) => m.check === 'lighthouse' && m.metric === 'lcp').map((m) => m.subject);
    expect(lcp.sort()).toEqual(['/login', '/', '/send', '/analytics'].flatMap((p) => [`page:${p} mobile`, `page:${p} desktop`]).sort());
    const inp = result.measurements.filter((m) => m.check === 'lighthouse' && m.metric === 'inp');
    expect(inp.map((m) => m.subject).sort()).toEqual(['flow:open analytics desktop', 'flow:open analytics mobile', 'flow:send payment desktop', 'flow:send payment mobile']);
    for (const m of inp) expect(m.value, m.subject).toBeGreaterThan(0);
    expect(result.measurements.find((m) => m.check === 'bundle' && m.subject === 'bundle:initial' && m.metric === 'gzip.bytes')?.value).toBeGreaterThan(10_000);
    expect(postgresRunningOn(join(out, 'pg'))).toEqual([]);
  });

  it('embedded mode: Ctrl-C stops the load, writes the report of what ran and stops the database (exit 130)', async () => {
    const out = await tempOut();
    const child = spawn(process.execPath, [join(REPO, 'cli/bin/perfgate.js'), 'run', '--only', 'load', '--rounds', '50', '--duration', '0.5', '--warmup', '0', '--out', out], {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        if (/round 1\/50/.test(stderr)) resolve();
      });
      child.on('close', () => reject(new Error(`perfgate ended before its first round:\n${stderr}`)));
    });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const result = latestResult(out);
    expect(result.interrupted).toBe(true);
    const p95 = result.measurements.find((m) => m.metric === 'latency.p95' && m.subject === 'GET /health');
    expect(p95?.samples?.length).toBeGreaterThanOrEqual(1);
    expect(p95!.samples!.length).toBeLessThan(50);
    expect(postgresRunningOn(join(out, 'pg'))).toEqual([]);
  });

  describe('services mode (real PostgreSQL and Redis)', () => {
    let db: TestDatabase;
    beforeAll(async () => (db = await createTestDatabase('perfgate_run')));
    afterAll(async () => db?.drop());

    it('runs against DATABASE_URL and REDIS_URL and says so in the result', async () => {
      const out = await tempOut();
      const r = await runCli(['run', ...SHORT, '--out', out], {
        DATABASE_URL: db.url,
        REDIS_URL: 'redis://127.0.0.1:6379',
        PAYPASS_REDIS_PREFIX: `perfgate-test-${process.pid}:`,
      });
      expect([0, 1]).toContain(r.code);
      const result = latestResult(out);
      expect(result.target).toMatchObject({ kind: 'paypass', mode: 'services' });
      expect(result.measurements.filter((m) => m.metric === 'throughput.rps')).toHaveLength(5);
      expect(result.measurements.filter((m) => m.metric === 'errors.ratio').every((m) => m.value === 0)).toBe(true);
    });
  });
});
