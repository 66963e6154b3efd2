import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { closedPortUrl, fixture, runCli, startHelloServer, tempOut } from '../../test/run-cli.ts';

// Each bad input gets one line naming what was wrong and what was expected: exit 2 (3 for an unreachable target), no stack.
describe('perfgate run: bad input', () => {
  let url: string;
  let server: Server;
  beforeAll(async () => ({ url, server } = await startHelloServer()));
  afterAll(() => server.close());

  const expectOneLine = (stderr: string) => {
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
    return lines[0]!;
  };

  it('rejects an unknown flag with exit 2', async () => {
    const r = await runCli(['run', '--rounds-typo', '3']);
    expect(r.code).toBe(2);
    expect(expectOneLine(r.stderr)).toMatch(/unknown option '--rounds-typo'/);
  });

  it('rejects a bad flag value with exit 2', async () => {
    const r = await runCli(['run', '--rounds', 'many']);
    expect(r.code).toBe(2);
    expect(expectOneLine(r.stderr)).toMatch(/--rounds expects a positive integer up to 1,000, got "many"/);
  });

  it('refuses more connections than the machine has sockets for, before opening any (exit 2)', async () => {
    const r = await runCli(['run', '--url', url, '--connections', '100000']);
    expect(r.code).toBe(2);
    expect(expectOneLine(r.stderr)).toMatch(/--connections expects a positive integer up to 10,000, got "100000"/);
  });

  it('checks the A/B flags the same way', async () => {
    const r = await runCli(['compare', '--base', url, '--head', url, '--duration', 'soon']);
    expect(r.code).toBe(2);
    expect(expectOneLine(r.stderr)).toMatch(/--duration expects a positive number up to 3,600, got "soon"/);
  });

  it('names the field of a budget file with a wrong type', async () => {
    const r = await runCli(['run', '--url', url, '--budgets', fixture('wrong-type.budget.yaml')]);
    expect(r.code).toBe(2);
    const line = expectOneLine(r.stderr);
    expect(line).toContain('wrong-type.budget.yaml');
    expect(line).toMatch(/rules\[0\]\.max: .*expected number/i);
  });

  it('names an unknown check in a budget file', async () => {
    const r = await runCli(['run', '--url', url, '--budgets', fixture('unknown-check.budget.yaml')]);
    expect(r.code).toBe(2);
    expect(expectOneLine(r.stderr)).toMatch(/rules\[0\]\.check: unknown check "lodd"; expected one of bundle, explain, load, lighthouse/);
  });

  it('names a scenario file that does not exist', async () => {
    const r = await runCli(['run', '--url', url, '--scenario', 'scenarios/nope.yaml']);
    expect(r.code).toBe(2);
    expect(expectOneLine(r.stderr)).toBe('perfgate: scenario file scenarios/nope.yaml: does not exist');
  });

  it('reports a target that refuses connections with exit 3', async () => {
    const refused = await closedPortUrl();
    const out = await tempOut();
    const r = await runCli(['run', '--url', refused, '--scenario', fixture('hello.scenario.yaml'), '--out', out]);
    expect(r.code).toBe(3);
    expect(expectOneLine(r.stderr)).toMatch(new RegExp(`target ${refused} refused the connection \\(ECONNREFUSED\\); expected an HTTP server`));
    // CI still gets its reports: the check is an error verdict in result.json and junit.xml.
    const id = readFileSync(join(out, 'runs', 'latest'), 'utf8').trim();
    const result = JSON.parse(readFileSync(join(out, 'runs', id, 'result.json'), 'utf8'));
    expect(result).toMatchObject({ outcome: 'error', exitCode: 3 });
    expect(result.verdicts[0]).toMatchObject({ status: 'error', check: 'load' });
    expect(readFileSync(join(out, 'runs', id, 'junit.xml'), 'utf8')).toContain('<error');
  });

  it('rejects a URL that is not one with exit 2', async () => {
    const r = await runCli(['run', '--url', 'not a url']);
    expect(r.code).toBe(2);
    expect(expectOneLine(r.stderr)).toMatch(/--url not a url: not a valid URL/);
  });

  it('refuses a selection that leaves no check to run (exit 2)', async () => {
    const r = await runCli(['run', '--url', url, '--only', 'load', '--skip', 'load']);
    expect(r.code).toBe(2);
    expect(expectOneLine(r.stderr)).toMatch(/no check left to run \(--only load, --skip load\); expected at least one of/);
  });

  it('checks --database-url, --pages and --out before starting anything (exit 2)', async () => {
    const dbUrl = await runCli(['run', '--url', url, '--database-url', 'mysql://x@127.0.0.1/db', '--queries', 'scenarios/example.queries.yaml', '--only', 'explain']);
    expect(dbUrl.code).toBe(2);
    expect(expectOneLine(dbUrl.stderr)).toMatch(/--database-url expects a postgres:\/\/ or postgresql:\/\/ URL, got "mysql:\/\/…"/);
    const pages = await runCli(['run', '--url', url, '--pages', ',']);
    expect(pages.code).toBe(2);
    expect(expectOneLine(pages.stderr)).toMatch(/--pages expects comma-separated paths starting with \/, without spaces \(percent-encode them as %20\), got ","/);
    const file = join(await tempOut(), 'a-file');
    await writeFile(file, 'x');
    const out = await runCli(['run', '--url', url, '--out', file]);
    expect(out.code).toBe(2);
    expect(expectOneLine(out.stderr)).toBe(`perfgate: --out ${file}: is a file, expected a directory`);
  });

  it('checks --bundle-dir before starting anything: a file, an empty directory (exit 2)', async () => {
    const dir = await tempOut();
    const file = join(dir, 'app.js');
    await writeFile(file, 'console.log(1)');
    const onFile = await runCli(['run', '--bundle-dir', file]);
    expect(onFile.code).toBe(2);
    expect(expectOneLine(onFile.stderr)).toBe(`perfgate: --bundle-dir: ${file} is a file; expected the build output directory`);
    const empty = await tempOut();
    const onEmpty = await runCli(['run', '--bundle-dir', empty]);
    expect(onEmpty.code).toBe(2);
    expect(expectOneLine(onEmpty.stderr)).toMatch(/^perfgate: --bundle-dir: build directory .* holds no \.js, \.mjs, \.cjs or \.css file/);
    // The directory holding app.js is a build: bundle alone runs, with no server and no PayPass.
    const ok = await runCli(['run', '--bundle-dir', dir, '--out', await tempOut(), '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).measurements.find((m: { subject: string; metric: string }) => m.subject === 'bundle:total' && m.metric === 'raw.bytes').value).toBe(14);
  });

  it('refuses compare arguments that mix its two modes or contradict each other (exit 2)', async () => {
    const both = await runCli(['compare', 'a.json', 'b.json', '--base', url]);
    expect(both.code).toBe(2);
    expect(expectOneLine(both.stderr)).toMatch(/give either two stored runs \(compare BASE HEAD\) or --base\/--head \(A\/B mode\), not both/);
    const stored = await runCli(['compare', 'a.json', 'b.json', '--duration', '2']);
    expect(stored.code).toBe(2);
    expect(expectOneLine(stored.stderr)).toMatch(/--duration applies to A\/B mode only/);
    const rounds = await runCli(['compare', '--base', url, '--head', url, '--min-rounds', '10', '--max-rounds', '3']);
    expect(rounds.code).toBe(2);
    expect(expectOneLine(rounds.stderr)).toMatch(/--min-rounds 10 is more than --max-rounds 3/);
  });
});
