import { chmod, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fixture, runCli, tempOut } from '../../test/run-cli.ts';

// `perfgate k6 …` as a user runs it. k6 itself cannot be installed here: `k6 run` is tested up to the command line it
// executes (with a stand-in k6 on PATH that records it and answers with genuine k6 output), and without any k6.
const NDJSON = fixture('k6/ndjson/03_k6-v0.52-era_itzaddddd_ticket-reserve_output.ndjson');
const SUMMARY = fixture('k6/summary-export/03_k6-v0.52-era_itzaddddd_ticket-reserve_summary-export.json');
const SCENARIO = fixture('hello.scenario.yaml');

const oneLine = (stderr: string) => {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
};

/** A PATH holding only a stand-in `k6` that records its arguments and writes genuine k6 output where it was told to. */
async function fakeK6(dir: string): Promise<{ path: string; argsFile: string }> {
  const bin = join(dir, 'bin');
  await mkdir(bin);
  const argsFile = join(dir, 'k6-args.txt');
  const script = `#!/bin/sh
if [ "$1" = version ]; then echo "k6 v1.2.3 (stand-in)"; exit 0; fi
printf '%s\\n' "$@" > '${argsFile}'
prev=''
for a in "$@"; do
  case "$prev" in --out) gzip -c '${NDJSON}' > "\${a#json=}";; --summary-export) cp '${SUMMARY}' "$a";; esac
  prev="$a"
done
echo "     checks.........................: 99.00% 99 out of 100"
exit 99
`;
  await writeFile(join(bin, 'k6'), script);
  await chmod(join(bin, 'k6'), 0o755);
  return { path: `${bin}:/usr/bin:/bin`, argsFile };
}

describe('perfgate k6 export and manifest', () => {
  it('writes one script per scenario and says what it could not express', async () => {
    const out = await tempOut();
    const r = await runCli(['k6', 'export', SCENARIO, '--budgets', fixture('ab.budget.yaml'), '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(join(out, 'hello.js'));
    const text = await readFile(join(out, 'hello.js'), 'utf8');
    expect(text).toContain('executor: "constant-vus"');
    expect(text).toContain('"http_req_duration{name:GET /hello}"');
  });

  it('writes a TestRun for N runners, with the script in a ConfigMap', async () => {
    const out = await tempOut();
    const file = join(out, 'testrun.yaml');
    const r = await runCli(['k6', 'manifest', SCENARIO, '--url', 'http://hello.default.svc', '--parallelism', '3', '-o', file]);
    expect(r.code).toBe(0);
    const docs = parseAllDocuments(await readFile(file, 'utf8')).map((d) => d.toJSON() as { kind: string; spec?: { parallelism?: number } });
    expect(docs.map((d) => d.kind)).toEqual(['ConfigMap', 'PersistentVolumeClaim', 'TestRun']);
    expect(docs[2]!.spec?.parallelism).toBe(3);
  });

  it('refuses an unknown scenario with one line naming it (exit 2)', async () => {
    for (const command of [['export'], ['manifest', '--url', 'http://x'], ['run', '--url', 'http://x']]) {
      const r = await runCli(['k6', command[0]!, 'nowhere.scenario.yaml', ...command.slice(1)]);
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)).toMatch(/scenario file nowhere\.scenario\.yaml: .*(no such file|does not exist|not found)/i);
    }
  });
});

describe('perfgate k6 import', () => {
  it('judges k6 points as a run: verdicts, reports, and a baseline comparison', async () => {
    const out = await tempOut();
    const first = await runCli(['k6', 'import', NDJSON, '--out', out]);
    // The generic budget's p95 limit is 1 s; this run's p95 was 4.1 s.
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/FAIL\s+load\s+latency\.p95\s+POST \/event\/reserve\s+4,10\d ms/);
    const runs = (await readdir(join(out, 'runs'))).filter((d) => d !== 'latest');
    expect(await readdir(join(out, 'runs', runs[0]!))).toEqual(expect.arrayContaining(['result.json', 'report.html', 'summary.md', 'junit.xml']));
    expect((await runCli(['baseline', 'save', '--out', out])).code).toBe(0);
    const second = await runCli(['k6', 'import', NDJSON, '--out', out, '--baseline', 'main', '--json']);
    const result = JSON.parse(second.stdout) as { baseline: { name: string }; verdicts: { baseline?: { change: string } }[] };
    expect(result.baseline.name).toBe('main');
    // One sample a side: the same numbers, and no change claimed either way.
    expect(result.verdicts.filter((v) => v.baseline).every((v) => v.baseline!.change !== 'regressed' && v.baseline!.change !== 'improved')).toBe(true);
  });

  it('refuses a file that is not k6 output, and one cut short, with one line each (exit 2)', async () => {
    const out = await tempOut();
    const notK6 = await runCli(['k6', 'import', fixture('ab.budget.yaml'), '--out', out]);
    expect(notK6.code).toBe(2);
    expect(oneLine(notK6.stderr)).toMatch(
      /k6 file .*ab\.budget\.yaml: is not JSON; expected k6 output: a --summary-export JSON, handleSummary\(\) data JSON, or --out json points/,
    );
    const cut = join(out, 'cut.ndjson');
    const text = await readFile(NDJSON, 'utf8');
    await writeFile(cut, text.slice(0, 20_000));
    const truncated = await runCli(['k6', 'import', cut, '--out', out]);
    expect(truncated.code).toBe(2);
    expect(oneLine(truncated.stderr)).toMatch(/k6 file .*cut\.ndjson: line \d+ is not whole JSON \(was the file cut short\?\)/);
  });
});

describe('perfgate k6 run', () => {
  it('without k6 on PATH: exit 3, one line saying how to get k6', async () => {
    const r = await runCli(['k6', 'run', SCENARIO, '--url', 'http://127.0.0.1:9'], { PATH: '/nonexistent' });
    expect(r.code).toBe(3);
    expect(oneLine(r.stderr)).toMatch(/^perfgate: k6 run: no k6 on PATH; install it \(https:\/\/grafana\.com\/docs\/k6\/latest\/set-up\/install-k6\//);
  });

  it('prints the k6 command line it would run', async () => {
    const out = await tempOut();
    const r = await runCli(['k6', 'run', SCENARIO, '--url', 'http://127.0.0.1:8080', '--out', out, '--dry-run'], { PATH: '/nonexistent' });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(
      new RegExp(
        `^k6 run --no-color --out json=${out}/k6/[\\w-]+/points\\.ndjson\\.gz --summary-export ${out}/k6/[\\w-]+/summary\\.json -e BASE_URL=http://127\\.0\\.0\\.1:8080 ${out}/k6/[\\w-]+/hello\\.js$`,
      ),
    );
  });

  it('runs the k6 on PATH with that command line and judges what it wrote (k6 exit 99 is a crossed threshold, still judged)', async () => {
    const out = await tempOut();
    const { path, argsFile } = await fakeK6(out);
    const r = await runCli(['k6', 'run', SCENARIO, '--url', 'http://127.0.0.1:8080', '--out', out], { PATH: path });
    expect(r.code).toBe(1);
    const args = (await readFile(argsFile, 'utf8')).trim().split('\n');
    expect(args.slice(0, 3)).toEqual(['run', '--no-color', '--out']);
    expect(args).toContain('BASE_URL=http://127.0.0.1:8080');
    expect(args.at(-1)).toMatch(/\/hello\.js$/);
    expect(r.stderr).toContain('k6:      checks');
    expect(r.stdout).toMatch(/latency\.p95\s+POST \/event\/reserve/);
    const result = JSON.parse(await readFile(join(out, 'runs', (await readFile(join(out, 'runs', 'latest'), 'utf8')).trim(), 'result.json'), 'utf8')) as {
      environment: { engines: Record<string, string> };
    };
    expect(result.environment.engines.k6).toBe('v1.2.3');
  });
});
