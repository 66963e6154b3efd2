import { z } from 'zod';

/** Units perfgate knows how to print and compare. */
export const Unit = z.enum(['ms', 's', 'rps', 'ratio', 'bytes', 'count', 'score', 'percent']);
export type Unit = z.infer<typeof Unit>;

/** The plan a query ran with: a changed plan is the likely cause of a changed number. */
export const PlanInfo = z.object({
  /** Node types, relations and indexes, e.g. `Limit > Index Scan using payments_pkey on payments`. */
  shape: z.string(),
  hash: z.string(),
  /** Every node's label, in tree order. */
  nodes: z.array(z.string()).optional(),
  /** Relations read by sequential scans. */
  seqScans: z.array(z.string()),
  /** Every distinct shape seen across the runs, when the plan flipped between them. */
  shapes: z.array(z.string()).optional(),
});
export type PlanInfo = z.infer<typeof PlanInfo>;

/**
 * One number a check measured about one subject. `samples` keeps the per-round values
 * (one round = one short repetition) that regression statistics need.
 * Typed fields carry what another layer reads (a plan, queries per request, status counts);
 * `tags` is for display only, never parsed back.
 */
export const Measurement = z.object({
  check: z.string().min(1),
  metric: z.string().min(1),
  subject: z.string().min(1),
  value: z.number(),
  unit: Unit,
  samples: z.array(z.number()).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  /** Latency histogram, hdr-histogram-js base64-compressed, microseconds; for charts. */
  histogram: z.string().optional(),
  /** Query-plan measurements: the plan they were taken with. */
  plan: PlanInfo.optional(),
  /** Endpoint measurements: the target's catalog queries run per request (`{ getPaginatedPayments: 1 }`). */
  queriesPerRequest: z.record(z.string(), z.number()).optional(),
  /** Error-ratio measurements: responses by status code (`{ "200": 980, "404": 20 }`). */
  statusCodes: z.record(z.string(), z.number()).optional(),
  /**
   * What the measured thing is made of, by name: a chunk's raw bytes by source module (from its source maps). A
   * comparison names the parts that changed most.
   */
  breakdown: z.record(z.string(), z.number()).optional(),
  /**
   * Load measurements: why the load generator, not the target, limited them in at least one round (its CPU
   * saturated, sends late beyond the limit, the open model's rate not reached). Reported, never judged.
   */
  generatorBound: z.string().optional(),
  /** Load measurements: the load model they were taken under (`closed`: fixed concurrency; `open`: a fixed arrival rate). */
  loadModel: z.enum(['closed', 'open']).optional(),
  /** Error-ratio measurements: failures by kind (`{ "404": 20, "ECONNRESET": 3 }`). */
  failures: z.record(z.string(), z.number()).optional(),
});
export type Measurement = z.infer<typeof Measurement>;

export type MeasurementKeyed = Pick<Measurement, 'check' | 'metric' | 'subject'>;

/** One key per check × metric × subject: what a baseline comparison pairs up. */
export const measurementKey = (m: MeasurementKeyed): string => `${m.check}\u0000${m.metric}\u0000${m.subject}`;
