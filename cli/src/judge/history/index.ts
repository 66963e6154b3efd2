// A metric's history over the stored runs: trends, change points (E-divisive means with a t-test, as Hunter/Otava),
// and regressions a baseline has absorbed.
export { buildHistory, type HistoryOptions } from './build-history.ts';
export { loadStoredRuns, type LoadRunsOptions, type StoredRuns } from './load-runs.ts';
export { detectChangePoints, CHANGE_POINT_DEFAULTS, type ChangePointOptions, type Shift } from './change-points.ts';
export type { SeriesFilter } from './series.ts';
