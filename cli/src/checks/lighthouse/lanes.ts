import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { runError } from '../../util/errors.ts';
import { runLane, type LanePlan, type LaneRun } from './lane.ts';

/** Most lanes `auto` picks. */
export const MAX_AUTO_LANES = 4;
/**
 * CPUs `auto` gives each lane, Lighthouse's own hardware advice for a run. Measured on a 2-core machine, two lanes of
 * one CPU each ran 1.5-1.8x as many runs a minute but biased the mobile lab metrics upward: a browser's own processes
 * then share the core its page's main thread runs on. A plain page: TBT median 14 → 72-106 ms, LCP +9 %, TTI +20 %;
 * PayPass's pages behind the login: TBT 253-368 ms against 10-75 ms in one lane, failing a 200 ms budget that holds.
 */
export const CPUS_PER_LANE = 2;

/** Messages a lane's process sends its parent. */
export type LaneMessage = { type: 'run'; run: LaneRun } | { type: 'log'; line: string } | { type: 'error'; message: string } | { type: 'done' };

/**
 * The CPUs this process may run on (`taskset -pc`), or none when the machine cannot pin processes (no taskset,
 * not Linux): lanes then stay one, since unpinned browsers would steal each other's main thread.
 */
export function pinnableCpus(): number[] {
  try {
    const out = execFileSync('taskset', ['-pc', String(process.pid)], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 5_000 }).toString();
    return parseCpuList(out.slice(out.lastIndexOf(':') + 1));
  } catch {
    return [];
  }
}

/** `0-2,5` → [0, 1, 2, 5]. */
export function parseCpuList(list: string): number[] {
  const cpus: number[] = [];
  for (const part of list.trim().split(',')) {
    if (!/^\d+(-\d+)?$/.test(part)) continue;
    const [from, to = from] = part.split('-').map(Number);
    if (from === undefined || !Number.isInteger(from) || !Number.isInteger(to)) continue;
    for (let cpu = from; cpu <= to!; cpu++) cpus.push(cpu);
  }
  return cpus;
}

/** Lanes for `auto`: one per CPUS_PER_LANE CPUs this process may pin to, at most MAX_AUTO_LANES, and at least one. */
export function autoLanes(cpus = pinnableCpus()): number {
  return Math.max(1, Math.min(Math.floor(Math.min(cpus.length, availableParallelism()) / CPUS_PER_LANE), MAX_AUTO_LANES));
}

/** The CPUs of each lane: the list cut into equal consecutive shares (a CPU left over stays free). */
export function shareCpus(cpus: readonly number[], lanes: number): number[][] {
  const each = Math.floor(cpus.length / lanes);
  return Array.from({ length: lanes }, (_, i) => cpus.slice(i * each, (i + 1) * each));
}

/** Deals rounds 1..runs to lanes in turn (lane 0: 1, 1+n, …), so every lane measures every subject. */
export function dealRounds(runs: number, lanes: number): number[][] {
  const dealt: number[][] = Array.from({ length: Math.min(lanes, runs) }, () => []);
  for (let round = 1; round <= runs; round++) dealt[(round - 1) % dealt.length]!.push(round);
  return dealt;
}

/**
 * Runs the plan's rounds in `lanes` lanes. One lane runs here; several each run in a process of their own pinned
 * with its browser to a share of the CPUs (`taskset`), so no lane's page shares a core with another lane's.
 * Runs are reported as they complete; the first lane to fail stops the others.
 */
export async function runLanes(plan: Omit<LanePlan, 'rounds'>, lanes: number, onRun: (run: LaneRun) => void, log: (line: string) => void, signal: AbortSignal): Promise<void> {
  const dealt = dealRounds(plan.runs, lanes);
  if (dealt.length <= 1) return runLane({ ...plan, rounds: dealt[0] ?? [] }, onRun, log, signal);
  const cpus = pinnableCpus();
  if (cpus.length < dealt.length) throw runError(`lighthouse: ${dealt.length} lanes need as many CPUs to pin them to; this process may use ${cpus.length}`, 'BAD_SETTINGS');
  const shares = shareCpus(cpus, dealt.length);
  if (shares[0]!.length < CPUS_PER_LANE)
    log(`lighthouse: ${dealt.length} lanes on ${cpus.length} CPUs leave each fewer than ${CPUS_PER_LANE}: the mobile lab metrics read higher than one lane's would`);
  const children: ChildProcess[] = [];
  const stopAll = () => children.forEach((c) => c.kill('SIGTERM'));
  signal.addEventListener('abort', stopAll, { once: true });
  try {
    await Promise.all(
      dealt.map((rounds, i) => {
        const child = spawnLane(shares[i]!);
        children.push(child);
        return laneDone(child, { ...plan, rounds }, onRun, (line) => log(`lane ${i + 1}: ${line}`)).catch((error: unknown) => {
          stopAll();
          throw error;
        });
      }),
    );
  } finally {
    signal.removeEventListener('abort', stopAll);
    stopAll();
  }
}

function spawnLane(cpus: number[]): ChildProcess {
  const entry = new URL('./lane-entry.mjs', import.meta.url).pathname;
  // 'advanced' serialization: a run's values are a Map, and its Lighthouse result is large.
  return spawn('taskset', ['-c', cpus.join(','), process.execPath, entry], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
}

function laneDone(child: ChildProcess, plan: LanePlan, onRun: (run: LaneRun) => void, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let failure: string | undefined;
    let done = false;
    child.on('message', (message: LaneMessage) => {
      if (message.type === 'run') onRun(message.run);
      else if (message.type === 'log') log(message.line);
      else if (message.type === 'error') failure = message.message;
      else done = true;
    });
    child.on('error', (error) => reject(runError(`lighthouse: could not start a lane: ${error.message}`)));
    child.on('exit', (code, signal) => {
      if (failure) reject(runError(failure));
      else if (done) resolve();
      else if (signal === 'SIGTERM')
        resolve(); // stopped: by an abort or another lane's failure, which is reported
      else reject(runError(`lighthouse: a lane's process exited (${signal ?? `code ${code}`}) before finishing its runs`));
    });
    child.send(plan);
  });
}
