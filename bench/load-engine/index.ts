// `npm run bench -- engine`: perfgate's HTTP load generator beside wrk, on the same nginx, in one run. nginx has CPU 1,
// the generators CPU 0. wrk and perfgate's closed model alternate (ABAB…) and their medians are compared; the open
// model then holds a fixed rate. Table on stdout, JSON under .perfgate/bench/. It reports; it does not gate.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeEnvironment } from '../../cli/src/run/environment.ts';
import { median } from '../../cli/src/judge/stats/index.ts';
import { packagePath } from '../../cli/src/util/paths.ts';
import type { GeneratorResult } from './generator.ts';
import { otherShare, readTicks } from './machine.ts';
import { FILE_PATH, NGINX, startNginx, type Nginx } from './nginx.ts';
import { runWrk, WRK, type WrkResult } from './wrk.ts';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const log = (line: string) => process.stderr.write(`${line}\n`);
const rounds = env('BENCH_ROUNDS', 3);
const seconds = env('BENCH_SECONDS', 5);
const warmup = env('BENCH_WARMUP', 1);
const connections = 50;
const openRate = 20_000;
const openConnections = 200;
const GENERATOR_CPU = 0;
const TARGET_CPU = 1;
const GOAL_RATIO = 0.75;
const GOAL_LATE_SHARE = 0.01;

function fail(line: string): never {
  console.error(`load-engine bench: ${line}`);
  process.exit(1);
}

function ensureTools(): void {
  const missing = [WRK, NGINX].filter((path) => !existsSync(path));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) fail(`${missing.join(' and ')} missing; install them with: sudo apt-get install -y wrk nginx-light`);
  log(`installing wrk and nginx-light (${missing.join(', ')} missing)`);
  try {
    execFileSync('apt-get', ['install', '-y', 'wrk', 'nginx-light'], { stdio: ['ignore', 'inherit', 'inherit'] });
  } catch {
    fail('apt-get install -y wrk nginx-light failed');
  }
  if ([WRK, NGINX].some((path) => !existsSync(path))) fail(`${missing.join(' and ')} still missing after apt-get install`);
}

let generatorChild: ChildProcess | undefined;

/** One perfgate measurement in a child process pinned to the generator CPU (so defaultThreads() sees one core). */
function runGenerator(url: string, model: 'closed' | 'open', extra: string[]): Promise<GeneratorResult> {
  const args = ['-c', String(GENERATOR_CPU), process.execPath, 'cli/bin/run-ts.js', 'bench/load-engine/generator.ts'];
  args.push('--url', url, '--model', model, '--seconds', String(seconds), '--warmup', String(warmup), ...extra);
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', args, { cwd: packagePath(), stdio: ['ignore', 'pipe', 'pipe'] });
    generatorChild = child;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      generatorChild = undefined;
      const line = stdout.trim().split('\n').pop();
      if (code === 0 && line) resolve(JSON.parse(line) as GeneratorResult);
      else reject(new Error(`perfgate generator exited ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

ensureTools();
let nginx: Nginx;
try {
  nginx = await startNginx(TARGET_CPU);
} catch (error) {
  fail((error as Error).message);
}
const cleanUp = () => {
  generatorChild?.kill('SIGTERM');
  return nginx.stop();
};
process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));
process.once('exit', () => void nginx.stop());

const url = `${nginx.url}${FILE_PATH}`;
log(`load-engine: nginx on CPU ${TARGET_CPU} at ${url}; generators on CPU ${GENERATOR_CPU}; ${rounds} rounds × ${seconds} s (+${warmup} s warm-up) per side`);

const ticksBefore = readTicks();
const wrk: WrkResult[] = [];
const closed: GeneratorResult[] = [];
let open: GeneratorResult;
try {
  for (let round = 1; round <= rounds; round++) {
    await runWrk(url, GENERATOR_CPU, connections, warmup);
    wrk.push(await runWrk(url, GENERATOR_CPU, connections, seconds));
    log(`  round ${round}: wrk ${wrk.at(-1)!.requestsPerSecond.toFixed(0)} req/s`);
    closed.push(await runGenerator(nginx.url, 'closed', ['--connections', String(connections)]));
    log(`  round ${round}: perfgate closed ${closed.at(-1)!.requestsPerSecond.toFixed(0)} req/s`);
  }
  open = await runGenerator(nginx.url, 'open', ['--connections', String(openConnections), '--rate', String(openRate)]);
  log(`  perfgate open at ${openRate} req/s: ${open.requestsPerSecond.toFixed(0)} req/s achieved`);
} catch (error) {
  await cleanUp();
  fail((error as Error).message);
}
await cleanUp();
// CPU used by other processes while this ran (the machine has few cores: anything else running skews the numbers).
const otherCpuShare = otherShare(ticksBefore, readTicks());

const mb = (bytes: number) => bytes / 2 ** 20;
const cores = (r: GeneratorResult) => r.cpuMicros / 1e6 / r.seconds;
const per10k = (value: number, rps: number) => (rps > 0 ? value / (rps / 10_000) : NaN);
const wrkRps = median(wrk.map((r) => r.requestsPerSecond));
const closedRps = median(closed.map((r) => r.requestsPerSecond));
const closedCores = median(closed.map(cores));
const closedRss = median(closed.map((r) => mb(r.rssBytes)));
const ratio = closedRps / wrkRps;
const lateShare = open.scheduled > 0 ? open.lateOver1ms / open.scheduled : NaN;
const holdsRate = open.requestsPerSecond >= openRate * 0.99 && lateShare < GOAL_LATE_SHARE;

const summary = {
  wrk: { requestsPerSecond: wrkRps, p50Ms: median(wrk.map((r) => r.p50Ms)), p99Ms: median(wrk.map((r) => r.p99Ms)) },
  closed: {
    requestsPerSecond: closedRps,
    p50Ms: median(closed.map((r) => r.p50Ms)),
    p99Ms: median(closed.map((r) => r.p99Ms)),
    cores: closedCores,
    coresPer10k: per10k(closedCores, closedRps),
    rssMb: closedRss,
    rssMbPer10k: per10k(closedRss, closedRps),
  },
  ratio,
  ratioGoal: GOAL_RATIO,
  ratioMet: ratio >= GOAL_RATIO,
  open: {
    rate: openRate,
    requestsPerSecond: open.requestsPerSecond,
    lateShare,
    lateShareGoal: GOAL_LATE_SHARE,
    holdsRate,
    p50Ms: open.p50Ms,
    p99Ms: open.p99Ms,
    cores: cores(open),
    coresPer10k: per10k(cores(open), open.requestsPerSecond),
    rssMb: mb(open.rssBytes),
    rssMbPer10k: per10k(mb(open.rssBytes), open.requestsPerSecond),
  },
};

const dir = packagePath('.perfgate/bench');
await mkdir(dir, { recursive: true });
const at = new Date().toISOString();
const settings = { rounds, seconds, warmup, connections, openRate, openConnections, generatorCpu: GENERATOR_CPU, targetCpu: TARGET_CPU, target: `nginx ${FILE_PATH} (1 KiB)` };
const report = { benchmark: 'load-engine', at, settings, environment: describeEnvironment(), otherCpuShare, summary, rounds: { wrk, closed }, open };
const file = join(dir, `load-engine-${at.replace(/[:.]/g, '-')}.json`);
await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);

const ms = (v: number) => `${v.toFixed(2)}ms`;
console.log(`\nperfgate load generator beside wrk: nginx 1 KiB file, both on one CPU, median of ${rounds} alternating rounds × ${seconds} s`);
console.log('generator                     req/s   p50       p99       cores  cores/10k  RSS MB  MB/10k req/s');
console.log(`wrk -t1 -c${connections}                ${wrkRps.toFixed(0).padStart(7)}   ${ms(summary.wrk.p50Ms).padEnd(9)} ${ms(summary.wrk.p99Ms).padEnd(9)}`);
const row = (name: string, s: typeof summary.closed) =>
  `${name.padEnd(27)} ${s.requestsPerSecond.toFixed(0).padStart(7)}   ${ms(s.p50Ms).padEnd(9)} ${ms(s.p99Ms).padEnd(9)} ${s.cores.toFixed(2).padStart(5)}  ${s.coresPer10k.toFixed(3).padStart(9)}  ${s.rssMb.toFixed(0).padStart(6)}  ${s.rssMbPer10k.toFixed(1).padStart(12)}`;
console.log(row(`perfgate closed, ${connections} conns`, summary.closed));
console.log(row(`perfgate open, ${openRate} req/s`, summary.open));
console.log(`\nperfgate closed ÷ wrk: ${ratio.toFixed(3)}  (goal ≥ ${GOAL_RATIO}: ${ratio >= GOAL_RATIO ? 'met' : 'NOT met'})`);
console.log(
  `open model at ${openRate} req/s: ${open.requestsPerSecond.toFixed(0)} req/s achieved, ${(lateShare * 100).toFixed(2)} % of ${open.scheduled} sends late > 1 ms, ` +
    `${open.queued} queued at the cap  (goal: holds the rate with < ${GOAL_LATE_SHARE * 100} % late: ${holdsRate ? 'met' : 'NOT met'})`,
);
const busyNote = otherCpuShare > 0.05 ? ': the machine was NOT quiet, these numbers are skewed' : '';
console.log(`\nother processes used ${(otherCpuShare * 100).toFixed(1)} % of the machine's CPU during the run${busyNote}`);
console.log(`\n${file}`);
