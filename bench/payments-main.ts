// The payments benchmark: PayPass settled payments/s beside the same transfer in raw SQL, side by side in one run.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeEnvironment } from '../cli/src/run/environment.ts';
import { median } from '../cli/src/judge/stats/index.ts';
import { packagePath } from '../cli/src/util/paths.ts';
import { benchPayments, type PaymentsBenchResult } from './payments.bench.ts';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const modes = (process.env.BENCH_MODES ?? 'embedded,services').split(',') as ('embedded' | 'services')[];
const log = (line: string) => process.stderr.write(`${line}\n`);

const results: PaymentsBenchResult[] = [];
for (const mode of modes) {
  log(`payments: ${mode} mode, ${rounds} rounds × ${seconds} s per side`);
  results.push(await benchPayments(mode, rounds, seconds, log));
}

const dir = packagePath('.perfgate/bench');
await mkdir(dir, { recursive: true });
const report = { benchmark: 'payments', at: new Date().toISOString(), environment: describeEnvironment(), results };
const file = join(dir, `payments-${report.at.replace(/[:.]/g, '-')}.json`);
await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
await writeFile(join(dir, 'payments-latest.json'), `${JSON.stringify(report, null, 2)}\n`);

console.log('\nsettled payments per second (median of rounds), 20 connections; the ratio is the median of the rounds’ own');
console.log('mode       PayPass/s  p95      raw SQL/s  p95      PayPass ÷ raw SQL (rounds)  PayPass p95 < 1 s');
for (const r of results) {
  const p95 = median(r.paypass.p95Ms);
  console.log(
    `${r.mode.padEnd(10)} ${median(r.paypass.paymentsPerSecond).toFixed(0).padStart(9)}  ${`${p95.toFixed(1)}ms`.padEnd(8)} ${median(r.rawSql.transfersPerSecond).toFixed(0).padStart(9)}  ${`${median(r.rawSql.p95Ms).toFixed(1)}ms`.padEnd(8)} ${`${r.ratio.toFixed(3)} (${Math.min(...r.roundRatios).toFixed(2)}–${Math.max(...r.roundRatios).toFixed(2)})`.padStart(26)}  ${p95 < 1000 ? 'yes' : 'NO'}`,
  );
}
console.log(`\n${file}`);
