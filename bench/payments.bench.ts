import pg from 'pg';
import { LoadSession } from '../cli/src/checks/load/load-session.ts';
import { loadScenario } from '../cli/src/checks/load/load-scenario.ts';
import { median } from '../cli/src/judge/stats/index.ts';
import { packagePath } from '../cli/src/util/paths.ts';
import { startBenchPayPass, type BenchMode } from './bench-paypass.ts';
import { closedLoop } from './closed-loop.ts';
import { rawTransfer } from './raw-transfer.ts';

export interface PaymentsBenchResult {
  mode: BenchMode;
  connections: number;
  rounds: number;
  secondsPerRound: number;
  paypass: { paymentsPerSecond: number[]; p95Ms: number[]; errors: number };
  rawSql: { transfersPerSecond: number[]; p95Ms: number[]; errors: number };
  /** PayPass payments/s ÷ raw-SQL transfers/s in each round (the two sides of a round run back to back). */
  roundRatios: number[];
  /** The median of roundRatios: pairing each round's sides cancels the drift that moves both alike. */
  ratio: number;
}

const CONNECTIONS = 20;
/** Unmeasured load on each side before the rounds: JIT-compiled code paths and warm database caches on both. */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);

/**
 * PayPass's settled payments per second (POST /payments?sync=true over HTTP) beside the same transfer
 * in bare SQL over a pool of the same size (20) on the same database, rounds interleaved so drift
 * hits both sides alike.
 */
export async function benchPayments(mode: BenchMode, rounds: number, seconds: number, log: (l: string) => void): Promise<PaymentsBenchResult> {
  const paypass = await startBenchPayPass(mode, 'perfgate_bench');
  const pool = new pg.Pool({ connectionString: paypass.databaseUrl, max: CONNECTIONS, application_name: 'perfgate-bench-raw' });
  // pool.end() resolves before its sockets close; PostgreSQL stopping then must not crash the benchmark.
  pool.on('error', () => undefined);
  let session: LoadSession | undefined;
  try {
    const scenario = await loadScenario(packagePath('scenarios/paypass.scenario.ts'));
    const payments = { ...scenario, connections: CONNECTIONS, duration: seconds, requests: scenario.requests.filter((r) => r.name === 'POST /payments') };
    session = new LoadSession(payments, { baseUrl: paypass.url, credentials: paypass.credentials }, new AbortController().signal);
    await session.setup();
    await session.warmup(WARMUP_SECONDS);
    const { rows } = await pool.query<{ user_id: string }>(
      "SELECT a.user_id FROM accounts a JOIN users u ON u.id = a.user_id WHERE a.kind = 'user' AND a.currency = 'USD' AND a.balance > 1000000 ORDER BY u.email LIMIT 20",
    );
    const users = rows.map((r) => r.user_id);
    if (users.length < 2) throw new Error('bench: fewer than two funded USD accounts');
    const transfer = (i: number) => rawTransfer(pool, users[i % users.length]!, users[(i + 1) % users.length]!, 100 + (i % 900), 'USD');
    await closedLoop(CONNECTIONS, WARMUP_SECONDS, transfer);
    const raw = { transfersPerSecond: [] as number[], p95Ms: [] as number[], errors: 0 };
    for (let round = 1; round <= rounds; round++) {
      await session.round();
      const loop = await closedLoop(CONNECTIONS, seconds, transfer);
      raw.transfersPerSecond.push(loop.perSecond);
      raw.p95Ms.push(loop.p95Ms);
      raw.errors += loop.failed;
      log(`  ${mode} round ${round}/${rounds}: PayPass ${session.describeLastRound()} · raw SQL ${loop.perSecond.toFixed(0)}/s p95 ${loop.p95Ms.toFixed(1)}ms`);
    }
    const measured = session.measurements();
    const rps = measured.find((m) => m.metric === 'throughput.rps')!;
    const p95 = measured.find((m) => m.metric === 'latency.p95')!;
    const errors = measured.find((m) => m.metric === 'errors.ratio')!;
    // Settled payments only (201s), like the raw side's completed transfers: a failed response is no payment.
    const settledPerSecond = rps.samples!.map((r, i) => r * (1 - errors.samples![i]!));
    const roundRatios = settledPerSecond.map((p, i) => p / raw.transfersPerSecond[i]!);
    return {
      mode,
      connections: CONNECTIONS,
      rounds,
      secondsPerRound: seconds,
      paypass: { paymentsPerSecond: settledPerSecond, p95Ms: p95.samples!, errors: errors.value },
      rawSql: raw,
      roundRatios,
      ratio: median(roundRatios),
    };
  } finally {
    // The generator's threads, or the process outlives its results.
    await session?.close();
    await pool.end();
    await paypass.stop();
  }
}
