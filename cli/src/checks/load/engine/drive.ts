import { performance } from 'node:perf_hooks';
import { Connection, type Endpoint } from './connection.ts';
import { jobSeconds, profileAt, shareOf, type GeneratorJob } from './job.ts';
import { Recorder, type ThreadRecord } from './recorder.ts';
import type { RequestSource } from './request-source.ts';
import type { ParsedResponse } from './wire.ts';

/** Sends one turn of the open model's clock makes at most before letting responses be read. */
const SENDS_A_TURN = 64;

/** Sends a second (per thread) from which the open model's clock spins rather than sleeps between sends. */
export const SPIN_RATE = 5000;

/** Milliseconds the open model's schedule runs before its window opens. */
const LEAD_IN_MS = 500;

/** Seconds the responses still in flight when the window closes may take to arrive and be recorded. */
const DRAIN_SECONDS = 2;

export function endpointOf(url: string): Endpoint {
  const u = new URL(url);
  const secure = u.protocol === 'https:';
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port) || (secure ? 443 : 80), tls: secure };
}

/**
 * Runs one thread's share of a job: the closed model keeps its connections busy back to back; the open model
 * sends on schedule whatever the earlier requests are doing, and times each response from when it was due.
 */
export async function drive(job: GeneratorJob, source: RequestSource, signal?: AbortSignal): Promise<ThreadRecord> {
  const endpoint = endpointOf(job.url);
  const pool: Connection[] = [];
  const idle: Connection[] = [];
  const queue: number[] = [];
  const expected = job.expect ? new Set(job.expect) : undefined;
  let start = 0;
  let end = 0;
  const recorder = new Recorder(job.stages?.length ?? 1, expected ? (status) => expected.has(status) : undefined);
  let running = true;
  const inWindow = (now: number) => running && now < end && !signal?.aborted;
  const stageOf = job.stages?.length ? (intendedAt: number) => profileAt(job, intendedAt - start).stage : () => 0;
  let active = 0; // closed model: connections that should be busy now
  let pump: ((now: number) => void) | undefined; // open model: sends whatever is due

  const send = (connection: Connection, intendedAt: number) => {
    if (connection.busy) return; // a connection retrying after a failure that the ramp has already restarted
    if (intendedAt >= start) recorder.sent++;
    connection.send(source.next(), intendedAt, { head: source.head });
  };
  const next = (connection: Connection, now: number) => {
    if (job.model === 'closed') {
      if (inWindow(now) && (connection.tag as number) < active) send(connection, now);
      else idle.push(connection);
    } else if (queue.length > 0 && inWindow(now)) send(connection, queue.shift()!);
    else idle.push(connection);
  };
  const events = {
    response(connection: Connection, response: ParsedResponse) {
      const now = performance.now();
      if (connection.intendedAt >= start) recorder.response(response.status, now - connection.intendedAt, stageOf(connection.intendedAt), now);
      next(connection, now);
      // Sends that fell due while responses were being read go out now, not after the whole batch of them.
      pump?.(now);
    },
    failure(connection: Connection, kind: string) {
      const now = performance.now();
      if (connection.intendedAt >= start) recorder.failure(kind, stageOf(connection.intendedAt), now);
      // A refused or reset connection fails at once: pause before the next try rather than spin on it.
      setTimeout(() => next(connection, performance.now()), 10);
    },
  };
  const kept = keptConnections(job.url);
  const connection = () => {
    const c = kept.pop() ?? new Connection(endpoint, events);
    c.events = events;
    c.tag = pool.length;
    pool.push(c);
    return c;
  };
  // Connections are opened before the window, as a user's browser would have them: a window that opens them
  // as it goes measures the handshakes, and the open model's first sends wait for them.
  const first = Math.min(job.model === 'closed' ? shareOf(Math.round(profileAt(job, 0).target), job.share) : preOpened(job), 2000);
  const opening = Array.from({ length: first }, () => connection()).filter((c) => !c.open);
  await Promise.all(opening.map((c) => c.connect(job.timeoutMs)));
  if (job.model === 'open') idle.push(...pool);
  const waitMs = job.startAtEpochMs - (performance.timeOrigin + performance.now());
  if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
  // The open model's clock runs a moment before the window opens (as wrk2 calibrates before it measures): what a
  // thread does first (compiling its hot paths) makes its first sends late, and that is not the target's doing.
  const leadIn = job.model === 'open' && !job.warmup && !job.stages?.length ? LEAD_IN_MS : 0;
  const clockStart = performance.now();
  start = clockStart + leadIn;
  end = start + jobSeconds(job) * 1000;
  recorder.startedAt = start;
  // The generator's own load is read over the window alone: the lead-in and the drain after it would dilute it.
  let cpuBefore = process.cpuUsage();
  let eluBefore = performance.eventLoopUtilization();
  const leadInTimer = setTimeout(() => {
    cpuBefore = process.cpuUsage();
    eluBefore = performance.eventLoopUtilization();
  }, leadIn);
  let cpuInWindow: NodeJS.CpuUsage | undefined;
  let eluInWindow: ReturnType<typeof performance.eventLoopUtilization> | undefined;

  const timeouts = setInterval(() => {
    const now = performance.now();
    for (const c of pool) if (c.busy && now - c.sentAt > job.timeoutMs) c.abort('timeout');
  }, 250);

  const finished = new Promise<void>((resolve) => {
    const stop = () => {
      clearTimeout(leadInTimer);
      cpuInWindow ??= process.cpuUsage(cpuBefore);
      eluInWindow ??= performance.eventLoopUtilization(eluBefore);
      running = false;
      resolve();
    };
    signal?.addEventListener('abort', stop, { once: true });
    setTimeout(stop, Math.max(0, end - performance.now()));
  });

  if (job.model === 'closed') {
    // Connections follow the profile: more are started as it ramps up; above it, they go idle after their response.
    const adjust = () => {
      const now = performance.now();
      active = Math.max(job.stages?.length ? 0 : 1, Math.round(shareOf(Math.round(profileAt(job, now - start).target), job.share)));
      while (pool.length < active) connection();
      if (!inWindow(now)) return;
      for (let i = 0; i < active; i++) {
        const c = pool[i]!;
        if (c.busy) continue;
        const at = idle.indexOf(c);
        if (at >= 0) idle.splice(at, 1);
        send(c, now);
      }
    };
    adjust();
    const ramp = job.stages?.length ? setInterval(adjust, 100) : undefined;
    await finished;
    clearInterval(ramp);
  } else {
    const schedule = openSchedule(job, clockStart, start, end, { inWindow, idle, pool, queue, connection, send, recorder });
    pump = schedule.pump;
    await schedule.done;
    pump = undefined;
    await finished;
  }

  // The window is closed: what is in flight may still end (and is recorded), up to the drain limit.
  const drainUntil = performance.now() + Math.min(DRAIN_SECONDS * 1000, job.timeoutMs);
  while (pool.some((c) => c.busy) && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 5));
  clearInterval(timeouts);
  // Kept for the next window on this URL (rounds, and the warm-up before them), as a client keeps its connections.
  for (const c of pool) {
    if (c.busy) c.destroy();
    else kept.push(c);
  }
  const elu = eluInWindow ?? performance.eventLoopUtilization(eluBefore);
  const cpu = cpuInWindow ?? process.cpuUsage(cpuBefore);
  const memory = process.memoryUsage(); // this thread's isolate
  return recorder.toRecord(elu.utilization, cpu.user + cpu.system, memory.heapUsed + memory.arrayBuffers);
}

const keptByUrl = new Map<string, Connection[]>();

function keptConnections(url: string): Connection[] {
  const origin = new URL(url).origin;
  let kept = keptByUrl.get(origin);
  if (!kept) keptByUrl.set(origin, (kept = []));
  return kept;
}

/** Closes the connections kept between windows (at the end of a check). */
export function closeKeptConnections(): void {
  for (const kept of keptByUrl.values()) for (const c of kept.splice(0)) c.destroy();
}

interface OpenState {
  inWindow(now: number): boolean;
  idle: Connection[];
  pool: Connection[];
  queue: number[];
  connection(): Connection;
  send(connection: Connection, intendedAt: number): void;
  recorder: Recorder;
}

/**
 * The open model's clock: sends fall due at the profile's rate (this thread's share, offset so that threads
 * interleave), each on a free connection, a new one up to the cap, or queued for the next to free up.
 * The clock wakes on a timer (about a millisecond at best), or spins at thousands of sends a second, and runs whenever a
 * response is read.
 */
function openSchedule(job: GeneratorJob, clockStart: number, start: number, end: number, s: OpenState): { done: Promise<void>; pump: (now: number) => void } {
  const cap = Math.max(1, shareOf(job.connections, job.share));
  const flat = job.stages?.length ? undefined : shareOfRate(job.rate ?? 0, job.share.of);
  const rateAt = flat !== undefined ? () => flat : (t: number) => shareOfRate(profileAt(job, t - start).target, job.share.of);
  let due = clockStart + (job.share.index / Math.max(1, job.share.of)) * (1000 / Math.max(1e-9, rateAt(start) || 1));
  let leadInCleared = start <= clockStart;
  const pump = (now: number) => {
    // The lead-in only warms the clock: what it could not send by the time the window opens is dropped, not
    // carried into the window ahead of the window's own sends.
    if (!leadInCleared && now >= start) {
      leadInCleared = true;
      const keep = s.queue.filter((d) => d >= start);
      s.queue.length = 0;
      s.queue.push(...keep);
    }
    // At most a batch a turn: a generator that has fallen behind still reads its responses, and says it is late.
    for (let batch = 0; due <= now && due < end && batch < SENDS_A_TURN; batch++) {
      const counted = due >= start;
      if (counted) s.recorder.scheduled++;
      const free = s.idle.pop() ?? (s.pool.length < cap ? s.connection() : undefined);
      if (free) {
        // Late as of now, not as of the turn's start: building the requests before it took time too.
        if (counted) s.recorder.lateness(performance.now() - due);
        s.send(free, due);
      } else {
        if (counted) s.recorder.queued++;
        s.queue.push(due);
      }
      const rate = rateAt(due);
      // A profile at 0 (the start of a ramp) sends nothing: look again a little later.
      due += rate > 0.01 ? 1000 / rate : 10;
    }
  };
  const done = new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      if (!s.inWindow(now)) return resolve();
      pump(now);
      // Below thousands a second, a timer: a spinning thread loses the CPU to every other process on a busy machine,
      // a sleeping one is woken on time, and between timers sends go out as responses are read (pump, above). Above,
      // sends fall due faster than a timer can fire, and the thread is busy reading responses anyway: it spins.
      if (rateAt(due) >= SPIN_RATE) setImmediate(tick);
      else setTimeout(tick, Math.max(0, due - performance.now() - 1));
    };
    tick();
  });
  return { done, pump };
}

/** Connections the open model opens ahead: a few milliseconds' worth of sends at the first stage's peak rate. */
function preOpened(job: GeneratorJob): number {
  const peak = Math.max(job.rate ?? 0, job.stages?.[0]?.target ?? 0);
  return Math.min(shareOf(job.connections, job.share), Math.max(4, Math.ceil(shareOfRate(peak, job.share.of) / 100)));
}

function shareOfRate(rate: number, threads: number): number {
  return rate / Math.max(1, threads);
}
