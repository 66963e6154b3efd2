// Runs the real perfgate CLI as a user would, and reads what it claimed.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunResult, type Verdict } from '../../cli/src/model/index.ts';
import { packagePath } from '../../cli/src/util/paths.ts';

export interface GateRun {
  code: number;
  result: RunResult;
}

export function perfgate(args: string[], env: Record<string, string> = {}, log: (line: string) => void = () => undefined): Promise<GateRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [packagePath('cli/bin/perfgate.js'), ...args, '--json'], {
      cwd: packagePath('.'),
      env: { ...process.env, NO_COLOR: '1', CI: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      for (const line of String(d).split('\n').filter(Boolean)) log(`    ${line}`);
    });
    child.on('close', (code) => {
      try {
        resolve({ code: code ?? -1, result: RunResult.parse(JSON.parse(stdout)) });
      } catch {
        reject(new Error(`perfgate ${args.join(' ')} exited ${code} without a result: ${stderr.split('\n').slice(-3).join(' ')}`));
      }
    });
  });
}

export async function saveBaseline(out: string, name: string): Promise<void> {
  const child = spawn(process.execPath, [packagePath('cli/bin/perfgate.js'), 'baseline', 'save', '--name', name, '--out', out], { stdio: 'ignore' });
  const code = await new Promise<number | null>((r) => child.on('close', r));
  if (code !== 0) throw new Error(`baseline save exited ${code}`);
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
