// `npm run bench -- overload`: PayPass at its normal payment rate, then 5× that, then normal again (perfgate's open
// model), with the rate limiter on. What it shows: past capacity the API refuses with 429 (rate limiter) or 503
// queue_busy (queue backpressure), each with Retry-After, instead of timing out or crashing; the event-loop lag and
// memory of the API process stay bounded (read from its /metrics twice a second). Written under .perfgate/bench/.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LoadSession } from '../cli/src/checks/load/load-session.ts';
import { loadScenario } from '../cli/src/checks/load/load-scenario.ts';
import { describeEnvironment } from '../cli/src/run/environment.ts';
import { startPayPassProcess } from '../cli/src/target/paypass-process.ts';
import { pollMetrics } from './metrics-poller.ts';
import { packagePath } from '../cli/src/util/paths.ts';
import { NORMAL_RATE, STAGE_SECONDS } from './payments-overload.scenario.ts';

const normal = NORMAL_RATE;
const log = (line: string) => process.stderr.write(`${line}\n`);

// The limiter admits four times the normal rate from one client: at 5× it refuses some, and what it admits is more
// than the queue drains, so queue backpressure has its turn too.
process.env.PAYPASS_RATE_LIMIT = `${normal * 4}/1000`;
const paypass = await startPayPassProcess({ dataDir: packagePath('.perfgate/bench/pg'), log: () => undefined });
log(`overload: PayPass ${paypass.url}; ${normal}/s, then ${normal * 5}/s, then ${normal}/s, ${STAGE_SECONDS} s each; limiter ${process.env.PAYPASS_RATE_LIMIT}`);

interface Sample {
  at: number;
  lagP99Ms: number;
  lagMaxMs: number;
  heapMb: number;
  rssMb: number;
  queueDepth: number;
}
const samples: Sample[] = [];
const probes: { at: number; status: number; retryAfter: string | null }[] = [];
let sampling = true;
let sampler: ReturnType<typeof pollMetrics> | undefined;

try {
  const overload = await loadScenario(packagePath('bench/payments-overload.scenario.ts'));
  const stages = overload.stages!.filter((s) => !s.name!.startsWith('step')).map((s) => ({ name: s.name!, target: s.target }));
  const session = new LoadSession(overload, { baseUrl: paypass.url, credentials: paypass.credentials }, new AbortController().signal);
  await session.setup();
  const token = await Promise.all(paypass.credentials.slice(0, 4).map(signIn));
  sampler = pollMetrics(paypass.url, 500, (value) =>
    samples.push({
      at: Date.now(),
      lagP99Ms: value('nodejs_eventloop_lag_p99_seconds') * 1000,
      lagMaxMs: value('nodejs_eventloop_lag_max_seconds') * 1000,
      heapMb: value('nodejs_heap_size_used_bytes') / 2 ** 20,
      rssMb: value('process_resident_memory_bytes') / 2 ** 20,
      queueDepth: value('payment_queue_depth'),
    }),
  );
  // A probe beside the generator: does every refusal say when to come back?
  const prober = (async () => {
    for (let i = 0; sampling && token.length > 1; i++) {
      const res = await fetch(`${paypass.url}/payments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token[i % token.length]!.token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ recipientId: token[(i + 1) % token.length]!.userId, amount: 100, currency: 'USD' }),
        signal: AbortSignal.timeout(30_000),
      }).catch(() => undefined);
      probes.push({ at: Date.now(), status: res?.status ?? 0, retryAfter: res?.headers.get('retry-after') ?? null });
      await res?.arrayBuffer().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  await session.round();
  sampling = false;
  await Promise.all([sampler.stop(), prober]);
  log(`  ${session.describeLastRound()}`);
  const measured = session.measurements();
  await session.close();

  const statusCodes = measured.find((m) => m.metric === 'errors.ratio' && m.subject === 'POST /payments')?.statusCodes ?? {};
  const perStage = stages.map((stage) => {
    const of = (metric: string) => measured.find((m) => m.subject === `POST /payments @ ${stage.name}` && m.metric === metric)?.value ?? NaN;
    return {
      stage: stage.name,
      offeredPerSecond: stage.target,
      answeredPerSecond: of('throughput.rps'),
      p95Ms: of('latency.p95'),
      p99Ms: of('latency.p99'),
      refusedRatio: of('errors.ratio'),
    };
  });
  const refusedProbes = probes.filter((p) => p.status === 429 || p.status === 503);
  const max = (f: (s: Sample) => number) => Math.max(...samples.map(f).filter(Number.isFinite));
  const report = {
    benchmark: 'payments-overload',
    at: new Date().toISOString(),
    environment: describeEnvironment(),
    normalRate: normal,
    limiter: process.env.PAYPASS_RATE_LIMIT,
    statusCodes,
    perStage,
    probes: {
      sent: probes.length,
      refused: refusedProbes.length,
      refusedWithRetryAfter: refusedProbes.filter((p) => p.retryAfter !== null).length,
      statuses: count(probes.map((p) => String(p.status))),
    },
    api: {
      maxEventLoopLagP99Ms: max((s) => s.lagP99Ms),
      maxEventLoopLagMs: max((s) => s.lagMaxMs),
      maxHeapMb: max((s) => s.heapMb),
      maxRssMb: max((s) => s.rssMb),
      maxQueueDepth: max((s) => s.queueDepth),
    },
    samples,
  };
  const dir = packagePath('.perfgate/bench');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `payments-overload-${report.at.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);

  console.log(`\nPOST /payments (202 accepted) at ${normal}/s, 5× that, then ${normal}/s; limiter ${report.limiter}`);
  console.log('stage   offered/s  answered/s  p95       p99       refused');
  for (const s of perStage) {
    console.log(
      `${s.stage.padEnd(7)} ${String(s.offeredPerSecond).padStart(9)}  ${s.answeredPerSecond.toFixed(0).padStart(10)}  ${`${s.p95Ms.toFixed(1)}ms`.padEnd(9)} ${`${s.p99Ms.toFixed(1)}ms`.padEnd(9)} ${(100 * s.refusedRatio).toFixed(1)}%`,
    );
  }
  console.log(`status codes: ${JSON.stringify(statusCodes)}`);
  console.log(
    `probes: ${report.probes.refused} of ${report.probes.sent} refused, ${report.probes.refusedWithRetryAfter} with Retry-After; ${JSON.stringify(report.probes.statuses)}`,
  );
  const a = report.api;
  console.log(
    `API: event-loop lag p99 max ${a.maxEventLoopLagP99Ms.toFixed(1)} ms (max ${a.maxEventLoopLagMs.toFixed(1)} ms), heap max ${a.maxHeapMb.toFixed(0)} MB, RSS max ${a.maxRssMb.toFixed(0)} MB, queue depth max ${a.maxQueueDepth}`,
  );
  console.log(`\n${file}`);
} finally {
  sampling = false;
  await sampler?.stop();
  await paypass.stop();
}

function count(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

async function signIn(credentials: { email: string; password: string }): Promise<{ token: string; userId: string }> {
  const res = await fetch(`${paypass.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credentials) });
  const { token } = (await res.json()) as { token: string };
  const payload = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { sub: string };
  return { token, userId: payload.sub };
}
