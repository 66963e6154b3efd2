import { runError } from '../../util/errors.ts';
import type { Check, CheckContext, CheckOutput } from '../check.ts';
import { LoadSession } from './load-session.ts';
import type { Scenario } from './scenario.ts';

export interface LoadSettings {
  scenario: Scenario;
  /** Where the scenario came from, for the report. */
  scenarioFile?: string;
}

/** HTTP load in rounds (autocannon, closed model); each round's percentiles are one statistical sample. */
export const loadCheck: Check = {
  id: 'load',
  title: 'HTTP load (autocannon)',
  // Per endpoint; cpu.ratio, heap.ratio (and latency.p95 of server-side spans) come from the target's /metrics.
  metrics: ['latency.p50', 'latency.p95', 'latency.p99', 'latency.max', 'throughput.rps', 'errors.ratio', 'cpu.ratio', 'heap.ratio'],
  async run(ctx: CheckContext): Promise<CheckOutput> {
    const { scenario, scenarioFile } = ctx.settings as unknown as LoadSettings;
    if (!ctx.target.url) throw runError('load: the target has no URL');
    const session = new LoadSession(scenario, { baseUrl: ctx.target.url, credentials: ctx.target.credentials ?? [] }, ctx.signal);
    await session.setup();
    if (scenario.warmup > 0) {
      ctx.log(`warm-up ${scenario.warmup}s per endpoint`);
      await session.warmup();
    }
    for (let round = 1; round <= scenario.rounds; round++) {
      if (!(await session.round())) break;
      ctx.log(`round ${round}/${scenario.rounds}: ${session.describeLastRound()}`);
    }
    return {
      measurements: session.measurements(),
      settings: {
        scenario: scenario.name,
        scenarioFile,
        rounds: scenario.rounds,
        roundsCompleted: session.roundsCompleted,
        durationPerRoundSec: scenario.duration,
        warmupSec: scenario.warmup,
        connections: scenario.connections,
        model: 'closed (autocannon)',
      },
    };
  },
};
