// The history a run's HTML report shows: the runs stored beside it, up to it, for the metrics its budget rules judged.
import { basename, dirname, join } from 'node:path';
import type { History, RunResult } from '../model/index.ts';
import { measurementKey } from '../model/index.ts';
import { buildHistory, loadStoredRuns } from '../judge/history/index.ts';
import { loadNoiseFloors } from './noise-floor-store.ts';

/** As many runs as Otava's window: enough to see a shift and the level before it. */
export const REPORT_HISTORY_RUNS = 50;

/**
 * `runsDir` holds the stored runs (`<id>/result.json`), `outDir` the noise floors. Undefined when the history cannot
 * be read: a report without trend charts is better than no report, and `perfgate history` will say what is wrong.
 */
export async function historyForReport(result: RunResult, runsDir: string, outDir: string): Promise<History | undefined> {
  const keys = new Set(result.verdicts.filter((v) => v.rule && v.measurement).map((v) => measurementKey(v.measurement!)));
  if (keys.size === 0) return undefined;
  try {
    const { runs } = await loadStoredRuns(runsDir, { upTo: result, last: REPORT_HISTORY_RUNS });
    if (runs.length < 2) return undefined;
    const floors = await loadNoiseFloors(outDir);
    const baselines = result.baseline ? [{ name: result.baseline.name, runId: result.baseline.runId }] : [];
    return buildHistory(runs, { filter: { keys }, ...(floors ? { floors } : {}), baselines });
  } catch {
    return undefined;
  }
}

/**
 * Where the runs stored beside a result file are: its own runs directory when it is a stored run
 * (`<runs>/<id>/result.json`), else (a baseline, a copied file) the state directory's.
 */
export function runsDirOf(file: string, result: RunResult, outDir: string): string {
  return basename(dirname(file)) === result.id ? dirname(dirname(file)) : join(outDir, 'runs');
}
