import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunResult } from '../model/index.ts';
import { REPO, fixture, runCli, tempOut } from '../../test/run-cli.ts';

// A/B from git: PayPass built from a commit (a worktree under <out>/ab/) beside the working tree, rounds interleaved.
describe('perfgate compare --base REF (A/B from git)', () => {
  it('checks out the ref, starts both PayPass builds, and writes a base and a head run', async () => {
    const out = await tempOut();
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
    const r = await runCli([
      'compare',
      '--base',
      'HEAD',
      '--budgets',
      fixture('loose.budget.yaml'),
      '--duration',
      '0.3',
      '--connections',
      '2',
      '--min-rounds',
      '3',
      '--max-rounds',
      '3',
      '--out',
      out,
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\s+base HEAD\s+head working tree\s+change/m);
    expect(r.stdout).toMatch(/^p95 \(closed model\) POST \/payments\s/m);
    const worktree = join(out, 'ab', sha.slice(0, 12));
    expect(existsSync(join(worktree, 'system-under-test/index.ts'))).toBe(true);
    expect(lstatSync(join(worktree, 'node_modules')).isSymbolicLink()).toBe(true); // same lockfile: shared dependencies
    const runs = readdirSync(join(out, 'runs')).filter((d) => d !== 'latest');
    expect(runs).toHaveLength(2);
    const results = runs.map((id) => RunResult.parse(JSON.parse(readFileSync(join(out, 'runs', id, 'result.json'), 'utf8'))));
    for (const result of results) {
      expect(result.target).toMatchObject({ kind: 'paypass', mode: 'embedded' });
      expect(result.checks.find((c) => c.id === 'load')!.settings).toMatchObject({ roundsCompleted: 3, interleaved: true });
      expect(result.checks.filter((c) => c.id !== 'load').every((c) => c.status === 'skipped')).toBe(true);
    }
    const head = results.find((x) => x.baseline)!;
    expect(head.verdicts.find((v) => v.metric === 'latency.p95')?.baseline).toMatchObject({ n: [3, 3] });
    expect(head.baseline?.name).toBe('A/B base HEAD');
    execFileSync('git', ['worktree', 'remove', '--force', worktree], { cwd: REPO });
  });

  it('names a ref that is neither a URL nor a commit (exit 2)', async () => {
    const r = await runCli(['compare', '--base', 'no-such-ref-xyz', '--out', await tempOut()]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^perfgate: --base\/--head no-such-ref-xyz: not a URL and not a git ref of .*; expected http\(s\):\/\/… or a commit, branch or tag$/);
  });
});
