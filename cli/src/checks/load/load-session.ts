import { randomUUID } from 'node:crypto';
import type * as hdr from 'hdr-histogram-js';
import type { Measurement, Timeline } from '../../model/index.ts';
import { runError } from '../../util/errors.ts';
import { closeKeptConnections } from './engine/drive.ts';
import type { Stage } from './engine/job.ts';
import type { Bucket } from './engine/merge.ts';
import { defaultThreads, GeneratorPool } from './engine/pool.ts';
import { encodeHistogram, newLatencyHistogram, percentileMs } from './hdr.ts';
import { runEndpoint, type EndpointLoad, type EndpointRound } from './run-endpoint.ts';
import { closeUsers, WEBSOCKET_CONNECT } from './users/drive-users.ts';
import { runFlowsWindow, type FlowsLoad } from './users/flows-window.ts';
import { ServerMetrics, type QueryCounts } from './server-metrics.ts';
import { headerProblem, subjectOf, urlPathProblem, type RequestContext, type Scenario, type SetupTarget } from './scenario.ts';
import { fillTemplate, formatPath, missingVar, placeholderProblem, stringsIn } from './template.ts';

interface SubjectRounds {
  subject: string;
  overall: hdr.Histogram;
  rounds: EndpointRound[];
  /** Catalog queries the target ran while this endpoint was loaded, and the requests they served. */
  queries: Map<string, number>;
  queriedRequests: number;
}

/**
 * A finished round joins its subject's. Only the last round's timeline is drawn: the one before lets its per-second
 * histograms go, or a long run (a soak) would hold one for every second it ran.
 */
function keepRound(data: SubjectRounds, round: EndpointRound): void {
  const previous = data.rounds.at(-1);
  if (previous) previous.timeline = [];
  data.rounds.push(round);
  data.overall.add(round.histogram);
}

/**
 * One scenario against one target, round by round. The load check drives one session;
 * A/B mode drives two, interleaving their rounds on the same machine.
 */
export class LoadSession {
  private readonly subjects: { request: Scenario['requests'][number]; data: SubjectRounds }[];
  /** Flows scenarios: every subject a window of users produced (steps, awaited messages, handshakes), in order seen. */
  private readonly flowSubjects = new Map<string, SubjectRounds>();
  private flowRounds = 0;
  /** Handshakes of users created during the warm-up, counted with the first round. */
  private handshakes?: EndpointRound;
  /** Flows with a WebSocket: the users holding one open, per round. */
  private readonly socketsHeld: number[] = [];
  private vars: Record<string, unknown> = {};
  private server?: ServerMetrics;
  private pool?: GeneratorPool;
  /** The file generator threads import the scenario's functions from; none for one held only in memory. */
  private scenarioFile?: string;
  private readonly stages: Stage[] | undefined;

  constructor(
    readonly scenario: Scenario,
    private readonly target: SetupTarget,
    private readonly signal: AbortSignal,
  ) {
    this.subjects = scenario.requests.map((request) => ({
      request,
      data: { subject: subjectOf(request), overall: newLatencyHistogram(), rounds: [], queries: new Map(), queriedRequests: 0 },
    }));
    this.stages = scenario.stages?.map((stage, i) => ({ name: stage.name ?? `stage ${i + 1}`, duration: stage.duration, target: stage.target }));
  }

  /** Stops the generator threads and closes the connections kept between rounds. */
  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
    closeKeptConnections();
    closeUsers();
  }

  get roundsCompleted(): number {
    return this.scenario.flows ? this.flowRounds : (this.subjects[0]?.data.rounds.length ?? 0);
  }

  private flowsLoad(seconds: number, warmup: boolean): FlowsLoad {
    if (!this.pool) throw runError('load: setup() must run before the load');
    return {
      baseUrl: this.target.baseUrl,
      scenario: this.scenario,
      ...(this.scenarioFile ? { scenarioFile: this.scenarioFile } : {}),
      vars: this.vars,
      ...(this.stages && !warmup ? { stages: this.stages } : {}),
      seconds,
      warmup,
      pool: this.pool,
      signal: this.signal,
    };
  }

  /** A round of a flows scenario: one window of users. Subjects first seen in a later round start there. */
  private async flowsRound(): Promise<boolean> {
    const { rounds, sockets } = await runFlowsWindow(this.flowsLoad(this.scenario.duration, false));
    if (this.signal.aborted) return false;
    if (this.handshakes && !rounds.get(WEBSOCKET_CONNECT)?.requests) rounds.set(WEBSOCKET_CONNECT, this.handshakes);
    this.handshakes = undefined;
    this.socketsHeld.push(sockets);
    for (const [subject, round] of rounds) {
      // Users connect once, before the first window they run in: later windows have no handshakes to count.
      if (subject === WEBSOCKET_CONNECT && round.requests === 0) continue;
      let data = this.flowSubjects.get(subject);
      if (!data) this.flowSubjects.set(subject, (data = { subject, overall: newLatencyHistogram(), rounds: [], queries: new Map(), queriedRequests: 0 }));
      keepRound(data, round);
    }
    this.flowRounds++;
    await this.server?.endRound();
    return true;
  }

  /** What each subject's rounds are, whichever kind of scenario this is. */
  private allSubjects(): { model: 'closed' | 'open'; data: SubjectRounds }[] {
    if (this.scenario.flows) return [...this.flowSubjects.values()].map((data) => ({ model: this.scenario.model, data }));
    return this.subjects.map(({ request, data }) => ({ model: request.model ?? this.scenario.model, data }));
  }

  async setup(): Promise<void> {
    this.vars = this.scenario.setup ? await this.runSetup(this.scenario.setup) : {};
    if (this.signal.aborted) return;
    this.subjects.forEach(({ request }, i) => this.checkFirstRequest(request, i));
    this.scenarioFile = this.scenario.sourceFile && cloneable(this.vars) ? this.scenario.sourceFile : undefined;
    this.pool ??= await GeneratorPool.start(this.scenario.threads ?? defaultThreads());
    this.server = await ServerMetrics.probe(this.target.baseUrl);
  }

  /**
   * Setup under a deadline: one waiting on a silent server would hang the run, and one awaiting a promise
   * that never settles let Node exit (code 13) without a word. The timer also keeps the process alive until then.
   * Ctrl-C stops waiting at once; the rounds that follow then do nothing.
   */
  private async runSetup(setup: NonNullable<Scenario['setup']>): Promise<Record<string, unknown>> {
    if (this.signal.aborted) return {};
    const seconds = this.scenario.setupTimeout;
    const controller = new AbortController();
    const stop = () => controller.abort(this.signal.reason);
    this.signal.addEventListener('abort', stop, { once: true });
    const timer = setTimeout(() => controller.abort(runError(`scenario setup did not finish within ${seconds} s; raise setupTimeout if it needs longer`)), seconds * 1000);
    const stopped = new Promise<Record<string, unknown>>((resolve, reject) => {
      const onAbort = () => (this.signal.aborted ? resolve({}) : reject(controller.signal.reason));
      if (controller.signal.aborted) onAbort();
      else controller.signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const vars: unknown = await Promise.race([setup({ ...this.target, signal: controller.signal }), stopped]);
      if (vars === undefined) return {};
      if (typeof vars !== 'object' || vars === null || Array.isArray(vars)) {
        throw runError(`scenario setup returned ${Array.isArray(vars) ? 'a list' : typeof vars}; expected an object of vars (or nothing)`);
      }
      return vars as Record<string, unknown>;
    } finally {
      clearTimeout(timer);
      this.signal.removeEventListener('abort', stop);
    }
  }

  /**
   * Builds each endpoint's first request as runEndpoint will, to fail here, with the path inside the scenario,
   * rather than send `{{vars.token}}` as it is, or throw inside a generator thread mid-round.
   * A request's functions are called once more for this: they should not count on being called once per request.
   */
  private checkFirstRequest(request: Scenario['requests'][number], index: number): void {
    const ctx: RequestContext = { vars: this.vars, seq: 0, uuid: randomUUID() };
    const at = (...path: (string | number)[]) => formatPath(['requests', index, ...path]);
    const computed = (part: 'headers' | 'body', value: unknown): unknown => {
      if (typeof value !== 'function') return value;
      try {
        return value(ctx);
      } catch (error) {
        throw runError(`${at(part)}: the function threw on the first request: ${(error as Error)?.message ?? String(error)}`);
      }
    };
    const headers = computed('headers', request.headers);
    if (headers !== undefined && (typeof headers !== 'object' || headers === null || Array.isArray(headers))) {
      throw runError(`${at('headers')}: the function returned ${Array.isArray(headers) ? 'a list' : typeof headers}; expected an object of header values`);
    }
    const strings: [(string | number)[], string][] = [[['path'], request.path]];
    for (const [name, value] of Object.entries(headers ?? {})) {
      if (typeof value !== 'string') throw runError(`${at('headers', name)}: expected a string, got ${typeof value}`);
      strings.push([['headers', name], value]);
    }
    strings.push(...stringsIn(computed('body', request.body), ['body']));
    for (const [path, text] of strings) {
      // What a function returned was not seen when the scenario was loaded.
      const problem = placeholderProblem(text);
      if (problem) throw runError(`${at(...path)}: ${problem}`);
      const name = missingVar(text, this.vars);
      if (name !== undefined) {
        const why = this.scenario.setup ? `the scenario's setup returned no "${name}"` : `the scenario has no setup to return "${name}"`;
        throw runError(`${at(...path)}: {{vars.${name}}}: ${why}`);
      }
    }
    // A var filled into the path may hold a space or a "#", which would break the request line.
    const path = fillTemplate(request.path, ctx);
    const problem = path === request.path ? undefined : urlPathProblem(path);
    if (problem) throw runError(`${at('path')}: filled in, ${problem}`);
    // Header values a function computed or a setup var filled in: a CR/LF there would inject a header on the wire.
    for (const [name, value] of Object.entries(headers ?? {})) {
      const filled = fillTemplate(value as string, ctx);
      const bad = headerProblem(name, filled);
      if (bad) throw runError(`${at('headers', name)}: ${filled === value ? '' : 'filled in, '}${bad}`);
    }
  }

  /** Unmeasured load on every endpoint (JIT, caches, connection pools). */
  async warmup(seconds = this.scenario.warmup): Promise<void> {
    if (this.scenario.flows) {
      if (seconds <= 0 || this.signal.aborted) return;
      // Users are created (and connect) before the first window they run in: keep their handshakes, not the load.
      const { rounds } = await runFlowsWindow(this.flowsLoad(seconds, true));
      this.handshakes = rounds.get(WEBSOCKET_CONNECT);
      return;
    }
    for (const { request } of this.subjects) {
      if (this.signal.aborted || seconds <= 0) return;
      const result = await runEndpoint({ ...this.load(request, seconds), stages: undefined, warmup: true });
      this.failIfUnreachable(result);
    }
  }

  /**
   * One round: every endpoint in turn. A round cut short (Ctrl-C) is dropped whole, since a
   * partial round is not a comparable sample. Returns false when it was dropped.
   */
  async round(): Promise<boolean> {
    if (this.roundsCompleted === 0) await this.server?.start();
    if (this.scenario.flows) return this.flowsRound();
    const completed: [SubjectRounds, EndpointRound][] = [];
    for (const { request, data } of this.subjects) {
      if (this.signal.aborted) return false;
      // Read between endpoints, outside any timed window: which queries this endpoint's requests made the target run.
      const before = await this.server?.queryCounts();
      const result = await runEndpoint(this.load(request, this.scenario.duration));
      this.failIfUnreachable(result);
      const after = before && (await this.server?.queryCounts());
      if (before && after) attributeQueries(data, before, after, result.sent);
      completed.push([data, result]);
    }
    if (this.signal.aborted) return false;
    for (const [data, result] of completed) keepRound(data, result);
    await this.server?.endRound();
    return true;
  }

  /** The generator threads' JS heap and array buffers at the end of the last round (for soak benchmarks). */
  lastRoundGeneratorHeapBytes(): number | undefined {
    const lasts = this.allSubjects().map(({ data }) => data.rounds.at(-1)?.generator.heapBytes ?? 0);
    return lasts.length ? Math.max(...lasts) : undefined;
  }

  /** The last round, one line: `GET /health p95 3.1ms · ...`, and the rounds the generator limited. */
  describeLastRound(): string {
    const lasts = this.allSubjects().map(({ data }) => ({ subject: data.subject, last: data.rounds.at(-1) }));
    const bounds = new Set(lasts.map(({ last }) => last?.generatorBound));
    // A flows window is judged as a whole: its finding is said once, not once per subject.
    const shared = bounds.size === 1 ? [...bounds][0] : undefined;
    const line = lasts
      .map(({ subject, last }) => {
        if (!last) return `${subject} -`;
        const bound = last.generatorBound && !shared ? ` (generator-bound: ${last.generatorBound})` : '';
        return `${subject} p95 ${percentileMs(last.histogram, 95).toFixed(1)}ms${bound}`;
      })
      .join(' · ');
    return shared ? `${line} — generator-bound: ${shared}` : line;
  }

  measurements(check = 'load'): Measurement[] {
    return [
      ...this.allSubjects().flatMap(({ model, data }) =>
        data.subject === WEBSOCKET_CONNECT ? handshakeMeasurements(check, data) : toMeasurements(check, data, model, this.stages),
      ),
      ...(this.server?.measurements(check) ?? []),
      ...(this.scenario.users?.websocket && this.socketsHeld.length
        ? [{ check, subject: WEBSOCKET_CONNECT, metric: 'users.connected', unit: 'count' as const, value: Math.min(...this.socketsHeld), samples: [...this.socketsHeld] }]
        : []),
    ];
  }

  private load(request: Scenario['requests'][number], seconds: number): EndpointLoad {
    if (!this.pool) throw runError('load: setup() must run before the load');
    const model = request.model ?? this.scenario.model;
    const rate = request.rate ?? this.scenario.rate;
    return {
      baseUrl: this.target.baseUrl,
      request,
      ...(this.scenarioFile ? { scenarioFile: this.scenarioFile } : {}),
      vars: this.vars,
      model,
      connections: request.connections ?? (model === 'open' ? this.scenario.maxConnections : this.scenario.connections),
      ...(rate !== undefined ? { rate } : {}),
      ...(this.stages ? { stages: this.stages } : {}),
      seconds,
      timeoutSeconds: this.scenario.timeout,
      pool: this.pool,
      signal: this.signal,
    };
  }

  /** Each subject's last round over time, stages marked: what the report draws. */
  timelines(): Timeline[] {
    return this.allSubjects().flatMap(({ model, data }) => {
      const last = data.rounds.at(-1);
      if (!last) return [];
      let start = 0;
      const stages = (this.stages ?? []).map((stage) => {
        const marked = { name: stage.name, start, end: start + stage.duration, target: stage.target };
        start += stage.duration;
        return marked;
      });
      const points = last.timeline.map((second, t) => ({
        t,
        rps: second.responses,
        errors: second.failures,
        ...(second.responses > 0 ? { p50: percentileMs(second.histogram, 50), p95: percentileMs(second.histogram, 95), p99: percentileMs(second.histogram, 99) } : {}),
      }));
      return [{ subject: data.subject, model, round: data.rounds.length, stages, points }];
    });
  }

  private failIfUnreachable(result: EndpointRound): void {
    if (result.requests > 0 && result.errors === result.requests) {
      throw runError(`target ${this.target.baseUrl} could not be reached (${result.firstError ?? 'no response'}); expected an HTTP server there`);
    }
  }
}

/**
 * Per request sent. Neither side counts exactly the requests the server worked on: the server's own response
 * count misses requests whose client went away when the load stopped (their queries ran all the same), and a
 * few requests sent at that moment never reach it. The second is the smaller error.
 */
function attributeQueries(data: SubjectRounds, before: QueryCounts, after: QueryCounts, sent: number): void {
  for (const [query, count] of after.queries) {
    const ran = count - (before.queries.get(query) ?? 0);
    if (ran > 0) data.queries.set(query, (data.queries.get(query) ?? 0) + ran);
  }
  data.queriedRequests += sent;
}

/** `{ getPaginatedPayments: 1, findUserByEmail: 0.05 }`: catalog queries per request, the frequent ones only. */
function queriesPerRequest(data: SubjectRounds): Record<string, number> | undefined {
  if (data.queriedRequests === 0) return undefined;
  const rates = [...data.queries]
    .map(([query, n]): [string, number] => [query, Math.round((n / data.queriedRequests) * 100) / 100])
    .filter(([, rate]) => rate >= 0.01)
    .sort((a, b) => b[1] - a[1]);
  return Object.fromEntries(rates);
}

function toMeasurements(check: string, data: SubjectRounds, loadModel: 'closed' | 'open', stages: Stage[] | undefined): Measurement[] {
  const { subject, overall, rounds } = data;
  if (rounds.length === 0) return [];
  const queries = queriesPerRequest(data);
  const bound = rounds.flatMap((r, i) => (r.generatorBound ? [`round ${i + 1}: ${r.generatorBound}`] : []));
  const base = {
    check,
    subject,
    loadModel,
    ...(queries ? { queriesPerRequest: queries } : {}),
    ...(bound.length ? { generatorBound: bound.length > 2 ? `${bound.slice(0, 2).join('; ')}; and ${bound.length - 2} more` : bound.join('; ') } : {}),
  };
  const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0);
  const whole = windowMeasurements(base, overall, rounds, seconds);
  const p95 = whole.find((m) => m.metric === 'latency.p95');
  if (p95) p95.histogram = encodeHistogram(overall);
  const perStage = (stages ?? []).flatMap((stage, s) => {
    const buckets = rounds.map((r) => r.stages[s] ?? { histogram: newLatencyHistogram(), responses: 0, failures: 0 });
    const merged = newLatencyHistogram();
    for (const b of buckets) merged.add(b.histogram);
    const stageRounds = buckets.map((b) => ({ histogram: b.histogram, requests: b.responses, failures: b.failures, seconds: stage.duration }));
    return windowMeasurements({ ...base, subject: `${subject} @ ${stage.name}` }, merged, stageRounds, stage.duration * rounds.length);
  });
  const errors = whole.find((m) => m.metric === 'errors.ratio')!;
  errors.statusCodes = mergeCounts(rounds.map((r) => r.statusCodes));
  errors.failures = mergeCounts(rounds.map((r) => r.failureKinds));
  return [...whole, ...perStage];
}

/** Users' WebSocket handshakes, made before the windows: how long they took and how many failed, not a rate. */
function handshakeMeasurements(check: string, data: SubjectRounds): Measurement[] {
  const seconds = data.rounds.reduce((sum, r) => sum + r.seconds, 0);
  return windowMeasurements({ check, subject: data.subject }, data.overall, data.rounds, seconds).filter((m) => m.metric !== 'throughput.rps');
}

type WindowRound = Pick<EndpointRound, 'histogram' | 'requests' | 'failures' | 'seconds'>;

/** Latency percentiles, throughput and error ratio of a window (a subject, or one stage of it), each round a sample. */
function windowMeasurements(base: Omit<Measurement, 'metric' | 'unit' | 'value'>, overall: Bucket['histogram'], rounds: WindowRound[], seconds: number): Measurement[] {
  const answered = rounds.filter((r) => r.histogram.totalCount > 0);
  const latency = (metric: string, percentile: number): Measurement => ({
    ...base,
    metric,
    unit: 'ms',
    value: percentileMs(overall, percentile),
    samples: answered.map((r) => percentileMs(r.histogram, percentile)),
  });
  const requests = rounds.reduce((sum, r) => sum + r.requests, 0);
  const failures = rounds.reduce((sum, r) => sum + r.failures, 0);
  const latencies = overall.totalCount > 0 ? [latency('latency.p50', 50), latency('latency.p95', 95), latency('latency.p99', 99), latency('latency.max', 100)] : [];
  return [
    ...latencies,
    { ...base, metric: 'throughput.rps', unit: 'rps', value: requests / seconds, samples: rounds.map((r) => r.requests / r.seconds) },
    {
      ...base,
      metric: 'errors.ratio',
      unit: 'ratio',
      value: requests === 0 ? 0 : failures / requests,
      samples: rounds.map((r) => (r.requests === 0 ? 0 : r.failures / r.requests)),
    },
  ];
}

/** Whether setup's vars can cross to the generator threads. */
function cloneable(vars: Record<string, unknown>): boolean {
  try {
    structuredClone(vars);
    return true;
  } catch {
    return false;
  }
}

function mergeCounts(counts: Record<string, number>[]): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const c of counts) for (const [k, v] of Object.entries(c)) merged[k] = (merged[k] ?? 0) + v;
  return merged;
}
