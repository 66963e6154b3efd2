// Runs the real perfgate CLI as a user would, and reads what it claimed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunResult, type Verdict } from '../../cli/src/model/index.ts';
import { runCli } from '../../cli/test/run-cli.ts';

export interface GateRun {
  code: number;
  result: RunResult;
}

export async function perfgate(args: string[], env: Record<string, string> = {}, log: (line: string) => void = () => undefined): Promise<GateRun> {
  const r = await runCli([...args, '--json'], { CI: '1', ...env }, 60 * 60_000, (text) =>
    text
      .split('\n')
      .filter(Boolean)
      .forEach((line) => log(`    ${line}`)),
  );
  try {
    return { code: r.code ?? -1, result: RunResult.parse(JSON.parse(r.stdout)) };
  } catch {
    throw new Error(`perfgate ${args.join(' ')} exited ${r.code} without a result: ${r.stderr.split('\n').slice(-3).join(' ')}`);
  }
}

export async function saveBaseline(out: string, name: string): Promise<void> {
  const r = await runCli(['baseline', 'save', '--name', name, '--out', out]);
  if (r.code !== 0) throw new Error(`baseline save exited ${r.code}: ${r.stderr.trim()}`);
}

export interface Claim {
  check: string;
  metric: string;
  subject: string;
  change: 'regressed' | 'improved';
  delta: number;
  confirmation?: string;
}

/** Every regression or improvement the run claimed, once per measurement. */
export function claims(result: RunResult): Claim[] {
  const seen = new Set<string>();
  const out: Claim[] = [];
  for (const v of result.verdicts as Verdict[]) {
    const b = v.baseline;
    if (!b || (b.change !== 'regressed' && b.change !== 'improved')) continue;
    const key = `${v.check} ${v.metric} ${v.subject}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ check: v.check, metric: v.metric, subject: v.subject, change: b.change, delta: b.delta, ...(b.confirmation ? { confirmation: b.confirmation.status } : {}) });
  }
  return out;
}

export function readResult(out: string): RunResult {
  const id = readFileSync(join(out, 'runs', 'latest'), 'utf8').trim();
  return RunResult.parse(JSON.parse(readFileSync(join(out, 'runs', id, 'result.json'), 'utf8')));
}
