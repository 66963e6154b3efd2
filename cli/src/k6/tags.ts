/**
 * What an exported script tags its requests with, and the import reads back. k6's own `name` tag carries perfgate's
 * subject (`GET /health`); these carry what k6 does not know: which round a request belongs to (each round is one
 * sample for the statistics, as in `perfgate run`), the stage of the load profile, and the load model.
 */
export const K6_TAGS = {
  round: 'perfgate_round',
  stage: 'perfgate_stage',
  model: 'perfgate_model',
} as const;

/** The round tag of the unmeasured warm-up: the import leaves those requests out. */
export const WARMUP_ROUND = 'warmup';

/** Trend statistics the exported scripts ask k6's end-of-test summary for: p99 and count are not among k6's defaults. */
export const SUMMARY_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'] as const;
