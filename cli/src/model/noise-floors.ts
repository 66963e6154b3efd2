import { z } from 'zod';

/**
 * Noise floors measured by `perfgate calibrate` (A/A rounds on one machine), keyed by check, metric and subject
 * (`measurementKey`): each the relative change the A/A pairs reached at most, so a real change must exceed it.
 */
export const NoiseFloors = z.object({
  version: z.literal(1),
  calibratedAt: z.string(),
  /** Where they were measured: floors from another machine say little about this one. */
  machine: z.object({ cpu: z.string(), cores: z.number(), hostname: z.string() }),
  /** A/A pairs behind each floor. */
  pairs: z.number().int().positive(),
  floors: z.record(z.string(), z.object({ relative: z.number().min(0) })),
});
export type NoiseFloors = z.infer<typeof NoiseFloors>;
