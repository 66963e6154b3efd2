// wrk, the reference: one thread, a fixed number of connections, pinned to the generator's CPU.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export const WRK = '/usr/bin/wrk';

export interface WrkResult {
  requestsPerSecond: number;
  requests: number;
  /** Latency percentiles in ms, as wrk's --latency prints them. */
  p50Ms: number;
  p75Ms: number;
  p90Ms: number;
  p99Ms: number;
  /** Non-2xx/3xx responses plus socket errors. */
  errors: number;
}

const toMs: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

function duration(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!m) throw new Error(`wrk: unreadable duration '${text}'`);
  return Number(m[1]) * toMs[m[2]!]!;
}

export function parseWrk(out: string): WrkResult {
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(out);
  const requests = /^\s*(\d+) requests in/m.exec(out);
  if (!rps || !requests) throw new Error(`wrk: no result in its output:\n${out}`);
  const percentile = (p: number) => {
    const m = new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(out);
    if (!m) throw new Error(`wrk: no ${p}% latency in its output`);
    return duration(m[1]!);
  };
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return {
    requestsPerSecond: Number(rps[1]),
    requests: Number(requests[1]),
    p50Ms: percentile(50),
    p75Ms: percentile(75),
    p90Ms: percentile(90),
    p99Ms: percentile(99),
    errors: non2xx + socketErrors,
  };
}

/** Runs `wrk -t1 -cN -dSs --latency URL` pinned to `cpu`. */
export async function runWrk(url: string, cpu: number, connections: number, seconds: number): Promise<WrkResult> {
  const args = ['-c', String(cpu), WRK, '-t1', `-c${connections}`, `-d${seconds}s`, '--latency', url];
  const { stdout } = await promisify(execFile)('taskset', args, { timeout: (seconds + 30) * 1000 });
  return parseWrk(stdout);
}
