import { z } from 'zod';
import type { SettingsSource } from '../check.ts';
import { loadScenario } from './load-scenario.ts';
import { Scenario } from './scenario.ts';

export const LoadSettings = z.object({
  scenario: Scenario,
  /** Where the scenario came from, for the report. */
  scenarioFile: z.string().optional(),
});
export type LoadSettings = z.infer<typeof LoadSettings>;

/**
 * Rounds a run judged against a baseline takes unless told otherwise. With 5 a side the smallest possible
 * Mann–Whitney p is 0.008, and adjusted across a run's ten or so metrics no single change could ever be claimed.
 */
export const BASELINE_ROUNDS = 10;

/** The scenario file (PayPass's own by default; with a foreign URL and none, `GET /`), with the flags' overrides. */
export async function loadSettings(source: SettingsSource): Promise<z.input<typeof LoadSettings>> {
  const o = source.options as { scenario?: string; rounds?: number; duration?: number; connections?: number; warmup?: number };
  const scenarioFile = o.scenario ?? (source.paypass ? source.packagePath('scenarios/paypass.scenario.ts') : undefined);
  const loaded = scenarioFile ? await loadScenario(scenarioFile) : Scenario.parse({ name: 'root', requests: [{ method: 'GET', path: '/' }] });
  const rounds = o.rounds ?? (source.baseline && loaded.rounds < BASELINE_ROUNDS ? BASELINE_ROUNDS : loaded.rounds);
  if (rounds > loaded.rounds && o.rounds === undefined) {
    source.log(`load: ${rounds} rounds, enough to claim a regression against the baseline (--rounds sets another number)`);
  }
  const scenario: Scenario = {
    ...loaded,
    rounds,
    duration: o.duration ?? loaded.duration,
    connections: o.connections ?? loaded.connections,
    warmup: o.warmup ?? loaded.warmup,
  };
  return { scenario, scenarioFile };
}
