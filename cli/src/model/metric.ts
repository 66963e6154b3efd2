import { z } from 'zod';
import { Unit } from './measurement.ts';

/** Which way a metric gets better: latency and bytes down, throughput and scores up. */
export const Better = z.enum(['lower', 'higher']);
export type Better = z.infer<typeof Better>;

/**
 * The smallest change a metric can be told apart from noise by: relative (a fraction of the baseline) and/or absolute
 * (in the metric's unit). The larger of the two applies; no change below it is ever claimed.
 */
export const NoiseFloor = z.object({ relative: z.number().min(0).optional(), absolute: z.number().min(0).optional() }).strict();
export type NoiseFloor = z.infer<typeof NoiseFloor>;

/**
 * What a check declares about each metric it yields, once (k6's `metrics/builtin.go` idea): budgets are validated
 * against the names, the judge takes the direction, reports take the unit and the meaning.
 */
export const MetricDescriptor = z.object({
  /** Dotted name, e.g. `latency.p95`, `gzip.bytes`, `plan.execution_ms`. */
  name: z.string().min(1),
  unit: Unit,
  better: Better,
  /** Sampled per round (statistics decide) or exact (compared against the tolerance as it is). */
  sampled: z.boolean(),
  /** One line of meaning, shown in reports and the budget schema. */
  description: z.string().min(1),
  /** Conservative default noise floor, used until `perfgate calibrate` measures the real one on a machine. */
  noiseFloor: NoiseFloor.optional(),
  /** A subject one run lacks measured 0 there (a chunk that did not exist had no bytes): new ones compare against 0. */
  zeroWhenAbsent: z.boolean().optional(),
});
export type MetricDescriptor = z.infer<typeof MetricDescriptor>;

/** What a target must provide for a check to run on it. */
export const Requirement = z.enum(['url', 'database', 'buildDir', 'browser']);
export type Requirement = z.infer<typeof Requirement>;

/** Looks up the descriptor of a check's metric; undefined for a metric no check declared. */
export type MetricCatalog = (check: string, metric: string) => MetricDescriptor | undefined;

/** A catalog over descriptors grouped by check id (as the registry and a stored result hold them). */
export function metricCatalog(byCheck: Readonly<Record<string, readonly MetricDescriptor[]>>): MetricCatalog {
  const index = new Map<string, MetricDescriptor>();
  for (const [check, metrics] of Object.entries(byCheck)) for (const m of metrics) index.set(`${check}\u0000${m.name}`, m);
  return (check, metric) => index.get(`${check}\u0000${metric}`);
}

/** True when a larger value is worse; metrics no check declared are taken as lower-is-better (latency-like). */
export function higherIsWorse(descriptor: Pick<MetricDescriptor, 'better'> | undefined): boolean {
  return descriptor?.better !== 'higher';
}
