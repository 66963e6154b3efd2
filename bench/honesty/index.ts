// `npm run bench -- honesty`: A/A pairs (every claim is a false alarm) and the sensitivity matrix (every injected
// regression must be claimed, alone). Tables on stdout, JSON under .perfgate/bench/.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeEnvironment } from '../../cli/src/run/environment.ts';
import { packagePath } from '../../cli/src/util/paths.ts';
import { runAa } from './aa.ts';
import { runSensitivity } from './sensitivity.ts';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const log = (line: string) => process.stderr.write(`${line}\n`);
const only = process.env.BENCH_ONLY; // 'aa' | 'sensitivity'
const rounds = env('BENCH_ROUNDS', 10);
const gateFlags = (process.env.BENCH_GATE_FLAGS ?? '').split(' ').filter(Boolean);

const aa = only === 'sensitivity' ? [] : await runAa({ pairs: env('BENCH_PAIRS', 5), rounds, gateFlags, pgbenchScale: env('BENCH_PGBENCH_SCALE', 20), log });
const sensitivity = only === 'aa' ? [] : await runSensitivity({ rounds, gateFlags, log, cases: process.env.BENCH_CASES });

const dir = packagePath('.perfgate/bench');
await mkdir(dir, { recursive: true });
const at = new Date().toISOString();
const report = { benchmark: 'honesty', at, rounds, gateFlags, environment: describeEnvironment(), aa, sensitivity };
const file = join(dir, `honesty-${at.replace(/[:.]/g, '-')}.json`);
await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);

if (aa.length) {
  console.log('\nA/A: the same commit against itself (every claim is a false alarm)');
  console.log('target                                          pairs  compared per pair               false claims');
  for (const t of aa) {
    const compared = Object.entries(t.compared)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    console.log(`${t.target.padEnd(47)} ${String(t.pairs).padStart(5)}  ${compared.padEnd(30)} ${t.falseClaims.length}`);
    for (const c of t.falseClaims) console.log(`    ${c.check} ${c.metric} ${c.subject}: ${c.change} ${(c.delta * 100).toFixed(1)}%`);
  }
  console.log('\nminimum detectable effect at these settings (tolerance or noise floor + A/A interval half-width, median)');
  for (const t of aa) {
    for (const [family, effect] of Object.entries(t.minimumDetectableEffect).sort())
      console.log(`${t.target.slice(0, 30).padEnd(30)}  ${family.padEnd(36)} ${(effect * 100).toFixed(1)}%`);
  }
}
if (sensitivity.length) {
  console.log('\nSensitivity: one injected regression at a time');
  console.log('injection                                                              exit  caught  effect claimed                 other claims');
  for (const s of sensitivity) {
    const effect =
      s.claimed
        .filter((c) => !s.unexpected.includes(c))
        .map((c) => `${c.metric} ${(c.delta * 100).toFixed(0)}%`)
        .join(', ') || '-';
    console.log(
      `${s.name.padEnd(70)} ${String(s.code).padStart(4)}  ${(s.caught ? 'yes' : 'NO').padEnd(6)}  ${effect.padEnd(30)} ${s.unexpected.length ? s.unexpected.map((c) => `${c.metric} ${c.subject}`).join('; ') : 'none'}`,
    );
  }
}
console.log(`\n${file}`);
