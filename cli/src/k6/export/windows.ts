import type { Scenario, ScenarioStage } from '../../checks/load/scenario.ts';
import { WARMUP_ROUND } from '../tags.ts';

/**
 * Seconds between two windows. k6 interrupts an iteration still running this long after its window ended
 * (gracefulStop), so one window's stragglers never overlap the next window's load.
 */
export const WINDOW_GAP_SECONDS = 1;

export interface NamedStage {
  name: string;
  duration: number;
  target: number;
}

/** One k6 scenario of the exported script: one endpoint (or the virtual users) loaded for one round. */
export interface Window {
  /** `warmup` or the round's number, as the request tag says. */
  round: string;
  /** The exported function that runs it: one per endpoint, or `users` for flows. */
  exec: string;
  model: 'closed' | 'open';
  startSeconds: number;
  seconds: number;
  /** Closed: the virtual users (connections). Open: the most the schedule may use. */
  vus: number;
  /** Open model without stages: iterations (requests, or flows) per second. */
  rate?: number;
  stages?: NamedStage[];
}

export function namedStages(stages: readonly ScenarioStage[] | undefined): NamedStage[] | undefined {
  return stages?.map((stage, i) => ({ name: stage.name ?? `stage ${i + 1}`, duration: stage.duration, target: stage.target }));
}

/**
 * The scenario's windows in the order `perfgate run` loads them: a warm-up window per endpoint, then each round
 * loads every endpoint in turn (or, for flows, one window of users per round). A warm-up runs without the stages, at
 * the scenario's own connections or rate, as perfgate's does.
 */
export function windowsOf(scenario: Scenario, execNames: readonly string[]): Window[] {
  const stages = namedStages(scenario.stages);
  const windowSeconds = stages ? stages.reduce((sum, s) => sum + s.duration, 0) : scenario.duration;
  const loads = scenario.flows ? [flowsLoad(scenario)] : scenario.requests.map((request, i) => requestLoad(scenario, request, execNames[i]!));
  const windows: Window[] = [];
  let start = 0;
  const add = (round: string, load: Load, seconds: number, profile: NamedStage[] | undefined) => {
    const rate = load.model === 'open' && !profile ? (load.rate ?? peakOf(stages)) : undefined;
    windows.push({
      round,
      exec: load.exec,
      model: load.model,
      startSeconds: start,
      seconds,
      vus: load.vus,
      ...(rate !== undefined ? { rate } : {}),
      ...(profile ? { stages: profile } : {}),
    });
    start += seconds + WINDOW_GAP_SECONDS;
  };
  if (scenario.warmup > 0) for (const load of loads) add(WARMUP_ROUND, load, scenario.warmup, undefined);
  for (let round = 1; round <= scenario.rounds; round++) for (const load of loads) add(String(round), load, windowSeconds, stages);
  return windows;
}

interface Load {
  exec: string;
  model: 'closed' | 'open';
  vus: number;
  rate?: number;
}

function requestLoad(scenario: Scenario, request: Scenario['requests'][number], exec: string): Load {
  const model = request.model ?? scenario.model;
  const rate = request.rate ?? scenario.rate;
  const vus = request.connections ?? (model === 'open' ? scenario.maxConnections : scenario.connections);
  return { exec, model, vus, ...(rate !== undefined ? { rate } : {}) };
}

function flowsLoad(scenario: Scenario): Load {
  return { exec: 'users', model: scenario.model, vus: scenario.users!.count, ...(scenario.rate !== undefined ? { rate: scenario.rate } : {}) };
}

function peakOf(stages: NamedStage[] | undefined): number | undefined {
  return stages ? Math.max(...stages.map((s) => s.target)) : undefined;
}
