// `npm run bench -- soak [seconds]` (default 600): PayPass under its normal payment load for that long (perfgate's
// generator, closed model, the gate's POST /payments?sync=true), sampling every 5 s the API's heap (its /metrics) and
// the generator's (this process: the main thread's heap, each round the generator threads' heaps, and the RSS of all).
// Prints each one's slope (least squares, MB per minute) beside its noise: a leak is growth the noise cannot explain
// (a decline, memory settling after start-up, is none).
// BENCH_SOAK_MODE=services soaks PayPass on PostgreSQL and Redis (BullMQ, the Redis bus) as production runs it;
// embedded by default. Not run in CI. Written under .perfgate/bench/.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LoadSession } from '../cli/src/checks/load/load-session.ts';
import { loadScenario } from '../cli/src/checks/load/load-scenario.ts';
import { describeEnvironment } from '../cli/src/run/environment.ts';
import { startBenchPayPass } from './bench-paypass.ts';
import { pollMetrics } from './metrics-poller.ts';
import { packagePath } from '../cli/src/util/paths.ts';

const seconds = Number(process.argv[3] ?? process.env.BENCH_SOAK_SECONDS ?? 600);
if (!Number.isFinite(seconds) || seconds < 30) throw new Error(`soak: seconds must be a number of at least 30, got ${process.argv[3]}`);
const mode = process.env.BENCH_SOAK_MODE ?? 'embedded';
if (mode !== 'embedded' && mode !== 'services') throw new Error(`soak: BENCH_SOAK_MODE must be embedded or services, got ${mode}`);
const ROUND_SECONDS = 30;
const SAMPLE_MS = 5_000;
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Sample {
  minute: number;
  apiHeapMb: number;
  apiRssMb: number;
  generatorHeapMb: number;
  generatorRssMb: number;
}

const paypass = await startBenchPayPass(mode, 'perfgate_soak');
const samples: Sample[] = [];
const rounds: { minute: number; paymentsPerSecond: number; p95Ms: number; generatorThreadsHeapMb: number }[] = [];
let sampler: ReturnType<typeof pollMetrics> | undefined;
try {
  const scenario = await loadScenario(packagePath('scenarios/paypass.scenario.ts'));
  const payments = { ...scenario, duration: ROUND_SECONDS, requests: scenario.requests.filter((r) => r.name === 'POST /payments') };
  const session = new LoadSession(payments, { baseUrl: paypass.url, credentials: paypass.credentials }, new AbortController().signal);
  await session.setup();
  await session.warmup(2);
  log(`soak (${mode} mode): ${seconds} s of POST /payments?sync=true at ${payments.connections} connections against ${paypass.url}`);
  const started = Date.now();
  sampler = pollMetrics(paypass.url, SAMPLE_MS, (value) => {
    const memory = process.memoryUsage();
    samples.push({
      minute: (Date.now() - started) / 60_000,
      apiHeapMb: value('nodejs_heap_size_used_bytes') / 2 ** 20,
      apiRssMb: value('process_resident_memory_bytes') / 2 ** 20,
      generatorHeapMb: memory.heapUsed / 2 ** 20,
      generatorRssMb: memory.rss / 2 ** 20,
    });
  });
  while (Date.now() - started < seconds * 1000) {
    await session.round();
    const measured = session.measurements();
    const last = (metric: string) => measured.find((m) => m.metric === metric)!.samples!.at(-1)!;
    rounds.push({
      minute: (Date.now() - started) / 60_000,
      paymentsPerSecond: last('throughput.rps') * (1 - last('errors.ratio')),
      p95Ms: last('latency.p95'),
      generatorThreadsHeapMb: (session.lastRoundGeneratorHeapBytes() ?? NaN) / 2 ** 20,
    });
    const elapsed = Math.round((Date.now() - started) / 1000);
    log(
      `  ${elapsed}/${seconds} s: ${rounds.at(-1)!.paymentsPerSecond.toFixed(0)} settled/s, p95 ${rounds.at(-1)!.p95Ms.toFixed(1)} ms; API heap ${samples.at(-1)?.apiHeapMb.toFixed(1)} MB`,
    );
  }
  await sampler.stop();
  await session.close();

  const series = {
    'API heap': slope(samples.map((s) => [s.minute, s.apiHeapMb])),
    'API RSS': slope(samples.map((s) => [s.minute, s.apiRssMb])),
    'generator heap (main thread)': slope(samples.map((s) => [s.minute, s.generatorHeapMb])),
    // Each thread's own isolate, read as its window ends (rounds, not every 5 s): heap and array buffers, garbage included.
    'generator threads heap': slope(rounds.map((r) => [r.minute, r.generatorThreadsHeapMb])),
    'generator RSS (all threads)': slope(samples.map((s) => [s.minute, s.generatorRssMb])),
  };
  const report = {
    benchmark: 'payments-soak',
    mode,
    at: new Date().toISOString(),
    environment: describeEnvironment(),
    seconds,
    roundSeconds: ROUND_SECONDS,
    series,
    rounds,
    samples,
  };
  const dir = packagePath('.perfgate/bench');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `payments-soak-${report.at.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);

  console.log(
    `\nsoak (${mode} mode): ${seconds} s, ${samples.length} samples, settled payments/s per ${ROUND_SECONDS} s round: ${rounds.map((r) => r.paymentsPerSecond.toFixed(0)).join(' ')}`,
  );
  console.log('series                         mean MB   slope MB/min   noise (sd of residuals) MB   growth over the run MB   growth beyond noise');
  for (const [name, s] of Object.entries(series)) {
    const growth = s.slopePerMinute * (seconds / 60);
    console.log(
      `${name.padEnd(30)} ${s.mean.toFixed(1).padStart(7)}   ${s.slopePerMinute.toFixed(3).padStart(12)}   ${s.residualSd.toFixed(2).padStart(26)}   ${growth.toFixed(2).padStart(22)}   ${growth > 2 * s.residualSd ? 'YES' : 'no'}`,
    );
  }
  console.log(`\n${file}`);
} finally {
  await sampler?.stop();
  await paypass.stop();
}

/** Least-squares slope of y over x (per minute), the mean, and the residuals' standard deviation (the noise). */
function slope(points: number[][]): { slopePerMinute: number; mean: number; residualSd: number } {
  const valid = points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const n = valid.length;
  const mx = valid.reduce((a, [x]) => a + x!, 0) / n;
  const my = valid.reduce((a, [, y]) => a + y!, 0) / n;
  const sxy = valid.reduce((a, [x, y]) => a + (x! - mx) * (y! - my), 0);
  const sxx = valid.reduce((a, [x]) => a + (x! - mx) ** 2, 0);
  const b = sxx > 0 ? sxy / sxx : 0;
  const residuals = valid.map(([x, y]) => y! - (my + b * (x! - mx)));
  const residualSd = Math.sqrt(residuals.reduce((a, r) => a + r * r, 0) / Math.max(1, n - 2));
  return { slopePerMinute: b, mean: my, residualSd };
}
