import type { GeneratorJob, Stage } from '../engine/job.ts';
import type { GeneratorPool } from '../engine/pool.ts';
import { generatorBound, toRound, type EndpointRound } from '../run-endpoint.ts';
import type { Scenario } from '../scenario.ts';
import { FLOWS_STARTED } from './drive-users.ts';

export interface FlowsLoad {
  baseUrl: string;
  scenario: Scenario;
  scenarioFile?: string;
  vars: Record<string, unknown>;
  stages?: Stage[];
  seconds: number;
  warmup?: boolean;
  pool: GeneratorPool;
  signal: AbortSignal;
}

/**
 * One window of virtual users running the scenario's flows: every step's endpoint, every awaited message and the
 * users' WebSocket handshakes come back as subjects of their own, each a round like an endpoint's. When the generator
 * limited the window (its loop saturated, the open model's flows not started on time), every subject's round says so.
 */
export async function runFlowsWindow(load: FlowsLoad): Promise<{ rounds: Map<string, EndpointRound>; sockets: number }> {
  const { scenario } = load;
  const prefix = new URL(load.baseUrl).pathname.replace(/\/+$/, '');
  const job: Omit<GeneratorJob, 'share' | 'startAtEpochMs'> = {
    url: load.baseUrl,
    model: scenario.model,
    connections: scenario.users!.count,
    ...(scenario.rate !== undefined ? { rate: scenario.rate } : {}),
    ...(load.stages?.length ? { stages: load.stages } : {}),
    seconds: load.seconds,
    timeoutMs: scenario.timeout * 1000,
    method: 'GET',
    request: { kind: 'users', file: load.scenarioFile ?? '', vars: load.vars, prefix },
    ...(load.warmup ? { warmup: true } : {}),
  };
  const window = await load.pool.runUsers(job, load.signal, load.scenarioFile ? undefined : scenario);
  const seconds = load.stages?.length ? load.stages.reduce((sum, s) => sum + s.duration, 0) : load.seconds;
  const schedule = window.subjects.get(FLOWS_STARTED);
  const any = [...window.subjects.values()][0];
  const bound = schedule ? generatorBound(schedule, job, seconds) : any ? generatorBound({ ...any, busy: any.busy }, { ...job, model: 'closed' }, seconds) : undefined;
  const rounds = new Map<string, EndpointRound>();
  for (const [subject, record] of window.subjects) {
    if (subject !== FLOWS_STARTED) rounds.set(subject, toRound(record, job, seconds, { bound }));
  }
  return { rounds, sockets: window.sockets };
}
