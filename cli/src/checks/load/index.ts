import { z } from 'zod';
import { nonNegativeNumber, positiveInt, positiveNumber } from '../../util/flag-values.ts';
import { runError } from '../../util/errors.ts';
import { defineCheck } from '../check.ts';
import { LoadSession } from './load-session.ts';
import { LOAD_METRICS } from './metrics.ts';
import { LOAD_LIMITS } from './scenario.ts';
import { LoadSettings, loadSettings } from './settings.ts';

export { BASELINE_ROUNDS, LoadSettings } from './settings.ts';

/** HTTP load in rounds (closed or open model, on generator threads); each round's percentiles are one statistical sample. */
export const loadCheck = defineCheck<LoadSettings>({
  meta: {
    id: 'load',
    title: 'HTTP load',
    settings: LoadSettings,
    requires: ['url'],
    metrics: LOAD_METRICS,
    engines: ['hdr-histogram-js'],
    options: [
      { flags: '--scenario <file>', description: 'load scenario (.ts defineScenario, .yaml, .json)', config: z.string() },
      {
        flags: '--rounds <n>',
        description: 'load rounds (each round is one statistical sample; ≥ 10 for gating)',
        parse: positiveInt('--rounds', LOAD_LIMITS.rounds),
        config: z.number().int().positive().max(LOAD_LIMITS.rounds),
      },
      {
        flags: '--duration <seconds>',
        description: 'seconds of load per endpoint per round',
        parse: positiveNumber('--duration', LOAD_LIMITS.duration),
        config: z.number().positive().max(LOAD_LIMITS.duration),
      },
      {
        flags: '--connections <n>',
        description: 'concurrent connections per endpoint',
        parse: positiveInt('--connections', LOAD_LIMITS.connections),
        config: z.number().int().positive().max(LOAD_LIMITS.connections),
      },
      {
        flags: '--warmup <seconds>',
        description: 'unmeasured warm-up per endpoint',
        parse: nonNegativeNumber('--warmup', LOAD_LIMITS.warmup),
        config: z.number().min(0).max(LOAD_LIMITS.warmup),
      },
    ],
  },
  settings: loadSettings,
  async run(ctx) {
    const { scenario, scenarioFile } = ctx.settings;
    if (!ctx.target.url) throw runError('load: the target has no URL');
    if (!scenarioFile) ctx.log(`no --scenario, so GET ${ctx.target.url.replace(/\/+$/, '')}/ only (give --scenario FILE for your endpoints)`);
    const session = new LoadSession(scenario, { baseUrl: ctx.target.url, credentials: ctx.target.credentials ?? [] }, ctx.signal);
    try {
      await session.setup();
      if (scenario.warmup > 0) {
        ctx.log(`warm-up ${scenario.warmup}s per endpoint`);
        await session.warmup();
      }
      for (let round = 1; round <= scenario.rounds; round++) {
        if (!(await session.round())) break;
        ctx.log(`round ${round}/${scenario.rounds}: ${session.describeLastRound()}`);
      }
    } finally {
      await session.close();
    }
    return {
      measurements: session.measurements(),
      timelines: session.timelines(),
      settings: {
        scenario: scenario.name,
        scenarioFile,
        rounds: scenario.rounds,
        roundsCompleted: session.roundsCompleted,
        durationPerRoundSec: scenario.duration,
        warmupSec: scenario.warmup,
        model: scenario.model,
        ...(scenario.model === 'open' ? { rate: scenario.rate, maxConnections: scenario.maxConnections } : { connections: scenario.connections }),
        ...(scenario.stages ? { stages: scenario.stages.map((s, i) => `${s.name ?? `stage ${i + 1}`} ${s.duration}s → ${s.target}`).join(', ') } : {}),
      },
    };
  },
});
