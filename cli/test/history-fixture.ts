// A History as the judge computes it from stored runs, for the renderers' tests: reports may not import the judge
// (they render data, they do not compute it), the shared test harness may.
import { buildHistory, type HistoryOptions } from '../src/judge/history/index.ts';
import type { History, RunResult } from '../src/model/index.ts';

export function historyOf(runs: readonly RunResult[], options: HistoryOptions = {}): History {
  return buildHistory(runs, options);
}
