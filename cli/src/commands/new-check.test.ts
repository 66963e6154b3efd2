import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { wordsCheck } from '../../test/fixtures/words-check/index.ts';
import { RunStore } from '../judge/run-store.ts';
import { RunResult } from '../model/index.ts';
import { CHECKS, registryOf } from '../checks/registry.ts';
import { registerRun } from './run.ts';

// The steps of cli/src/checks/README.md, followed for a check that is not shipped: one folder, one registry entry,
// and `--only`, budget validation, judging, the baseline and all four reports take it in.
const registry = registryOf([...CHECKS, wordsCheck]);

async function perfgateRun(args: string[]): Promise<{ code: number; stdout: string; error?: unknown }> {
  const program = new Command('perfgate').exitOverride();
  registerRun(program, registry);
  let stdout = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'perfgate', 'run', ...args]);
    return { code: Number(process.exitCode ?? 0), stdout };
  } catch (error) {
    return { code: (error as { exitCode?: number }).exitCode ?? -1, stdout, error };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

describe('a fifth check, added through the registry alone', () => {
  let dir: string;
  let text: string;
  let budget: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'perfgate-words-'));
    text = join(dir, 'text.txt');
    budget = join(dir, 'words.budget.yaml');
    writeFileSync(text, 'one two three four five\nsix seven eight nine ten\n');
    writeFileSync(budget, 'rules:\n  - { check: words, metric: words.count, max: 15 }\n  - { check: words, metric: "lines.*", regression: { tolerance: 0.1 } }\n');
  });
  afterEach(() => vi.restoreAllMocks());
  const args = (...more: string[]) => ['--text-file', text, '--budgets', budget, '--out', join(dir, 'out'), '--json', ...more];

  it('is selected by its input and by --only, judged by a budget, and recorded with its descriptors', async () => {
    const r = await perfgateRun(args('--only', 'words'));
    expect(r.code, String(r.error)).toBe(0);
    const result = RunResult.parse(JSON.parse(r.stdout));
    expect(Object.fromEntries(result.checks.map((c) => [c.id, c.status]))).toEqual({ words: 'ok', bundle: 'skipped', explain: 'skipped', load: 'skipped', lighthouse: 'skipped' });
    expect(result.checks.find((c) => c.id === 'words')!.metrics!.map((m) => m.name)).toEqual(['words.count', 'lines.count']);
    expect(result.verdicts.find((v) => v.metric === 'words.count')).toMatchObject({ status: 'pass', subject: 'file:text.txt', unit: 'count', limit: { kind: 'max', value: 15 } });
  });

  it('validates budget files against the metrics it declares', async () => {
    writeFileSync(budget, 'rules:\n  - { check: words, metric: words.cnt, max: 15 }\n');
    const r = await perfgateRun(args());
    expect(r.code).toBe(2);
    expect(r.error).toMatchObject({
      code: 'BAD_BUDGET',
      message: `budget file ${budget}: rules[0].metric: the words check has no metric "words.cnt"; expected one of words.count, lines.count`,
    });
  });

  it('validates its settings before anything runs, naming the field', async () => {
    const r = await perfgateRun(['--only', 'words', '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.error).toMatchObject({ code: 'BAD_SETTINGS', message: expect.stringMatching(/^words settings \(from flags\): file: /) });
  });

  it('is compared against a baseline and rendered in all four reports', async () => {
    expect((await perfgateRun(args())).code).toBe(0);
    await new RunStore(join(dir, 'out')).saveBaseline('latest', 'main');
    writeFileSync(text, `${'word '.repeat(20)}\n`.repeat(3));
    const r = await perfgateRun(args('--baseline', 'main'));
    expect(r.code).toBe(1);
    const result = RunResult.parse(JSON.parse(r.stdout));
    expect(result.verdicts.find((v) => v.metric === 'words.count')).toMatchObject({ status: 'fail' });
    expect(result.verdicts.find((v) => v.metric === 'lines.count')!.baseline).toMatchObject({
      change: 'regressed',
      test: 'exact',
      value: 3,
      headValue: 4,
      reason: { code: 'exact', beyond: true },
    });
    const runDir = join(dir, 'out', 'runs', result.id);
    for (const file of ['report.html', 'summary.md', 'junit.xml', 'result.json']) {
      const report = readFileSync(join(runDir, file), 'utf8');
      expect(report, file).toContain('words.count');
      expect(report, file).toContain('file:text.txt');
    }
    expect(readFileSync(join(runDir, 'summary.md'), 'utf8')).toMatch(/lines\.count file:text\.txt\s+3\s+4\s+\+33\.3%\s+\(exact\)/);
  });
});
