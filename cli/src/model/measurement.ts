import { z } from 'zod';

/** Units perfgate knows how to print and compare. */
export const Unit = z.enum(['ms', 's', 'rps', 'ratio', 'bytes', 'count', 'score', 'percent']);
export type Unit = z.infer<typeof Unit>;

/**
 * One number a check measured about one subject. `samples` keeps the per-round values
 * (one round = one short repetition) that regression statistics need.
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
});
export type Measurement = z.infer<typeof Measurement>;

/** Metrics where a smaller number is better (latency, bytes, errors). Throughput is the exception. */
export function higherIsWorse(metric: string): boolean {
  return !/^(throughput|score|success)/.test(metric);
}
