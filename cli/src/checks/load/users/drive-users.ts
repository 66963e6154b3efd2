import { performance } from 'node:perf_hooks';
import { mulberry32 } from '../../../util/prng.ts';
import { endpointOf } from '../engine/drive.ts';
import { jobSeconds, profileAt, shareOf, type GeneratorJob } from '../engine/job.ts';
import { Recorder, type ThreadRecord } from '../engine/recorder.ts';
import { encodeRequest } from '../engine/wire.ts';
import { buildWireRequest } from '../engine/request-source.ts';
import type { StepResponse, ThinkTime, UserContext } from '../flow-schema.ts';
import type { Flow, FlowStep, Scenario } from '../scenario.ts';
import { subjectOf } from '../scenario.ts';
import { UserHttp } from './user-http.ts';
import { UserWebSocket } from './user-socket.ts';

/** Subject under which users' WebSocket handshakes are measured. */
export const WEBSOCKET_CONNECT = 'websocket connect';

/** The open model's schedule of flows: not a subject of its own, it says whether the generator kept to the rate. */
export const FLOWS_STARTED = 'flows started';

/** What one thread's users recorded in one window: per subject, plus the generator's own state. */
export interface UsersRecord {
  subjects: Record<string, ThreadRecord>;
  /** Users this thread holds, and how many of them hold an open WebSocket. */
  users: number;
  sockets: number;
  /** The thread's event-loop utilisation and CPU over the window. */
  busy: number;
  cpuMicros: number;
}

interface VirtualUser {
  index: number;
  http: UserHttp;
  socket?: UserWebSocket;
  session: Record<string, unknown>;
  random: () => number;
}

const DRAIN_MS = 3000;
const kept = new Map<string, VirtualUser[]>();

/** Closes the users kept between windows. */
export function closeUsers(): void {
  for (const users of kept.values()) for (const u of users.splice(0)) closeUser(u);
}

function closeUser(u: VirtualUser): void {
  u.http.close();
  u.socket?.close();
}

/**
 * Runs one thread's share of a flows window: its users (created once, then kept across windows with their sessions
 * and sockets) run weighted flows — back to back with think time (closed), or started at the profile's rate on
 * whichever user is free (open, each flow's first step timed from when the flow was due).
 */
export async function driveUsers(job: GeneratorJob, scenario: Scenario, signal?: AbortSignal): Promise<UsersRecord> {
  if (job.request.kind !== 'users' || !scenario.flows || !scenario.users) throw new Error('a users job needs a scenario with flows and users');
  const { vars, prefix } = job.request;
  const settings = scenario.users;
  const flows = scenario.flows;
  const endpoint = endpointOf(job.url);
  const hostHeader = `${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`;
  const expects = new Map<string, ((status: number) => boolean) | undefined>();
  const stageCount = job.stages?.length ?? 1;
  const recorders = new Map<string, Recorder>();
  const recorder = (subject: string) => {
    let r = recorders.get(subject);
    if (!r) recorders.set(subject, (r = new Recorder(stageCount, expects.get(subject))));
    return r;
  };
  expects.set(WEBSOCKET_CONNECT, (status) => status === 101);
  for (const flow of flows) {
    for (const step of flow.steps) {
      const expected = step.expect ? new Set(step.expect) : undefined;
      expects.set(subjectOf(step), expected ? (status) => expected.has(status) : undefined);
    }
  }

  let seq = job.share.index;
  const context = (user: VirtualUser): UserContext => {
    const ctx = { vars, seq, uuid: crypto.randomUUID(), session: user.session, user: user.index };
    seq += job.share.of;
    return ctx;
  };

  // Users: this thread's share, created once per target and kept.
  const key = `${job.url}\u0000${job.request.file}`;
  let users = kept.get(key);
  if (!users) kept.set(key, (users = []));
  const want = shareOf(job.connections, job.share);
  const connectGapMs = 1000 / (settings.connectRate / job.share.of);
  const connecting = recorder(WEBSOCKET_CONNECT);
  connecting.startedAt = performance.now();
  const creating: Promise<void>[] = [];
  let sessionError: unknown;
  for (let n = users.length; n < want && !signal?.aborted; n++) {
    const index = n * job.share.of + job.share.index;
    const user: VirtualUser = { index, http: new UserHttp(endpoint), session: {}, random: mulberry32(index + 1) };
    users.push(user);
    creating.push(createUser(user).catch((error: unknown) => void (sessionError ??= error)));
    if (settings.websocket) await sleep(connectGapMs);
  }
  async function createUser(user: VirtualUser): Promise<void> {
    const base = settings.session ? await settings.session({ baseUrl: job.url, user: user.index, vars, signal: signal ?? new AbortController().signal }) : {};
    user.session = { ...(base ?? {}) };
    if (!settings.websocket) return;
    const target = settings.websocket(context(user));
    const socket = new UserWebSocket();
    try {
      const ms = await socket.connect(endpoint, prefix, target, job.timeoutMs);
      user.socket = socket;
      connecting.response(101, ms, 0, connecting.startedAt);
    } catch (error) {
      connecting.failure((error as NodeJS.ErrnoException).code ?? 'websocket error', 0, connecting.startedAt);
    }
  }
  await Promise.all(creating);
  if (sessionError !== undefined) {
    for (const u of users.splice(0)) closeUser(u);
    throw new Error(`users.session failed: ${(sessionError as Error)?.message ?? String(sessionError)}`);
  }

  const waitMs = job.startAtEpochMs - (performance.timeOrigin + performance.now());
  if (waitMs > 0) await sleep(waitMs);
  const start = performance.now();
  const end = start + jobSeconds(job) * 1000;
  for (const r of recorders.values()) r.startedAt = start;
  const cpuBefore = process.cpuUsage();
  const eluBefore = performance.eventLoopUtilization();
  let window = true;
  const inWindow = () => window && performance.now() < end && !signal?.aborted;
  const stageOf = (at: number) => profileAt(job, at - start).stage;

  const totalWeight = flows.reduce((sum, f) => sum + f.weight, 0);
  const pick = (user: VirtualUser): Flow => {
    let r = user.random() * totalWeight;
    for (const f of flows) if ((r -= f.weight) < 0) return f;
    return flows.at(-1)!;
  };
  const think = (t: ThinkTime | undefined, user: VirtualUser) => {
    const [lo, hi] = typeof t === 'number' ? [t, t] : (t ?? [0, 0]);
    return (lo + (hi - lo) * user.random()) * 1000;
  };

  async function runStep(user: VirtualUser, step: FlowStep, intendedAt: number): Promise<boolean> {
    const subject = subjectOf(step);
    const ctx = context(user);
    const bytes = encodeRequest(buildWireRequest(step, prefix, vars, ctx.seq, ctx), hostHeader);
    const r = recorder(subject);
    let response;
    try {
      response = await user.http.request(bytes, step.method === 'HEAD', job.timeoutMs);
    } catch (error) {
      if (window) r.failure((error as NodeJS.ErrnoException).code ?? 'error', stageOf(intendedAt), performance.now());
      return false;
    }
    const now = performance.now();
    if (!window) return false;
    r.response(response.status, now - intendedAt, stageOf(intendedAt), now);
    const expected = expects.get(subject);
    const ok = expected ? expected(response.status) : response.status >= 200 && response.status < 400;
    if (!ok) return false;
    const stepResponse = toStepResponse(response.status, response.body);
    step.capture?.(stepResponse, ctx);
    if (step.await) {
      const waited = recorder(step.await.name);
      const { outcome, message, receivedAt } = user.socket
        ? await user.socket.await((m) => step.await!.match(m, stepResponse, ctx), step.await.timeout * 1000)
        : { outcome: 'failed' as const, message: undefined, receivedAt: undefined };
      if (!window) return false;
      const at = performance.now();
      const stage = stageOf(intendedAt);
      // As the user sees it: from when the step was due (an open-model flow may have waited for a free user).
      if (outcome === 'matched') waited.response(200, at - intendedAt, stage, at);
      else waited.failure(outcome === 'timeout' ? 'timeout' : user.socket ? 'failed' : 'no websocket', stage, at);
      if (outcome !== 'matched') return false;
      // Delivery: from when the server says it sent the message to when it arrived (one machine, one clock).
      const sent = step.await.sentAt?.(message);
      if (sent !== undefined && receivedAt !== undefined && Number.isFinite(sent)) recorder(`${step.await.name} delivery`).response(200, Math.max(0, receivedAt - sent), stage, at);
    }
    const pause = think(step.think ?? settings.think, user);
    if (pause > 0) await sleep(pause);
    return true;
  }

  async function runFlow(user: VirtualUser, intendedAt: number): Promise<void> {
    const flow = pick(user);
    let due = intendedAt;
    for (const step of flow.steps) {
      if (!inWindow()) return;
      if (!(await runStep(user, step, due))) return;
      due = performance.now();
    }
  }

  const running: Promise<void>[] = [];
  if (job.model === 'closed') {
    // Each user loops through flows while it is among the profile's active users.
    const active = () => shareOf(Math.round(profileAt(job, performance.now() - start).target), job.share);
    const loop = async (user: VirtualUser, slot: number) => {
      while (inWindow()) {
        if (slot >= active()) {
          await sleep(100);
          continue;
        }
        await runFlow(user, performance.now());
      }
    };
    users.forEach((user, slot) => running.push(loop(user, slot)));
  } else {
    running.push(openFlows(job, start, end, users, inWindow, (user, due) => runFlow(user, due), recorder(FLOWS_STARTED)));
  }
  const ended = Promise.all(running);
  await Promise.race([ended, sleep(Math.max(0, end - performance.now()) + DRAIN_MS)]);
  window = false;

  const busy = performance.eventLoopUtilization(eluBefore).utilization;
  const cpu = process.cpuUsage(cpuBefore);
  const memory = process.memoryUsage(); // this thread's isolate
  const subjects: Record<string, ThreadRecord> = {};
  for (const [subject, r] of recorders) subjects[subject] = r.toRecord(busy, cpu.user + cpu.system, memory.heapUsed + memory.arrayBuffers);
  return { subjects, users: users.length, sockets: users.filter((u) => u.socket?.open).length, busy, cpuMicros: cpu.user + cpu.system };
}

/** The open model for flows: flows fall due at the profile's rate, each on a free user, or queued until one frees up. */
async function openFlows(
  job: GeneratorJob,
  start: number,
  end: number,
  users: VirtualUser[],
  inWindow: () => boolean,
  run: (user: VirtualUser, due: number) => Promise<void>,
  schedule: Recorder,
): Promise<void> {
  const idle = [...users];
  const queue: number[] = [];
  const rateAt = (t: number) => profileAt(job, t - start).target / Math.max(1, job.share.of);
  let due = start + (job.share.index * 1000) / Math.max(1e-9, rateAt(start) * job.share.of || 1);
  const flows: Promise<void>[] = [];
  const launch = (user: VirtualUser, at: number) => {
    if (at >= start) schedule.sent++;
    flows.push(
      run(user, at).then(() => {
        const next = queue.shift();
        if (next !== undefined && inWindow()) launch(user, next);
        else idle.push(user);
      }),
    );
  };
  while (inWindow()) {
    const now = performance.now();
    while (due <= now && due < end) {
      schedule.scheduled++;
      const user = idle.pop();
      if (user) {
        // Late with a user free: the generator's own delay. Without one, the flow waits for the target (still timed from when it was due).
        schedule.lateness(now - due);
        launch(user, due);
      } else {
        schedule.queued++;
        queue.push(due);
      }
      const rate = rateAt(due);
      due += rate > 0.01 ? 1000 / rate : 10;
    }
    const gap = due - performance.now();
    await (gap > 2 ? sleep(gap - 1) : new Promise((r) => setImmediate(r)));
  }
  await Promise.all(flows);
}

function toStepResponse(status: number, body: Buffer | undefined): StepResponse {
  let parsed: unknown;
  let read = false;
  const text = () => body?.toString('utf8') ?? '';
  return {
    status,
    text,
    json() {
      if (!read) {
        read = true;
        parsed = JSON.parse(text());
      }
      return parsed;
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
