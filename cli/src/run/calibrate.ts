import { compareMeasurements } from '../judge/compare-runs.ts';
import { measurementKey, type Measurement, type NoiseFloors } from '../model/index.ts';
import { executeChecks } from './execute-checks.ts';
import { withTarget } from './execute-run.ts';
import { thisMachine } from './environment.ts';
import { saveNoiseFloors } from './noise-floor-store.ts';
import type { RunPlan } from './plan.ts';
import type { Interruption } from './signals.ts';

export interface Calibration {
  file: string;
  floors: NoiseFloors;
  /** Per measurement: the floor measured beside the metric's default, for the table printed after calibrating. */
  rows: { key: string; measurement: Measurement; calibrated: number; defaultFloor?: number }[];
}

/**
 * A/A on one target: the selected checks run 2 × `pairs` times against the same target, back to back, and each pair is
 * compared as a baseline comparison would be. A metric's noise floor is the largest relative move (interval end or
 * observed change) any pair showed: a real change must exceed what the same code already does by itself here.
 */
export async function calibrate(plan: RunPlan, pairs: number, interruption: Interruption, progress: (line: string) => void): Promise<Calibration> {
  const runs = await withTarget(plan, progress, new Date(), async (target) => {
    const measured: Measurement[][] = [];
    for (let i = 1; i <= pairs * 2 && !interruption.signal.aborted; i++) {
      progress(`calibrate: run ${i} of ${pairs * 2}`);
      const { measurements } = await executeChecks(plan.checks, { target, signal: interruption.signal }, (check, line) => progress(`[${check}] ${line}`));
      measured.push(measurements);
    }
    return measured;
  });
  const widest = new Map<string, { measurement: Measurement; relative: number; defaultFloor?: number }>();
  for (let i = 0; i + 1 < runs.length; i += 2) {
    const comparisons = compareMeasurements({ id: `aa-${i}`, measurements: runs[i]! }, runs[i + 1]!, { metrics: plan.registry.catalog });
    for (const c of comparisons) {
      const moves = [c.result.delta, ...(c.result.ci ?? [])].filter(Number.isFinite).map(Math.abs);
      const relative = Math.max(0, ...moves);
      const key = measurementKey(c.head);
      const declared = plan.registry.catalog(c.head.check, c.head.metric)?.noiseFloor;
      const defaultFloor = declared && Math.max(declared.relative ?? 0, declared.absolute !== undefined && c.result.value !== 0 ? declared.absolute / Math.abs(c.result.value) : 0);
      const before = widest.get(key);
      if (!before || relative > before.relative) widest.set(key, { measurement: c.head, relative, defaultFloor });
    }
  }
  const completedPairs = Math.floor(runs.length / 2);
  const floors: NoiseFloors = {
    version: 1,
    calibratedAt: new Date().toISOString(),
    machine: thisMachine(),
    pairs: Math.max(1, completedPairs),
    floors: Object.fromEntries([...widest].map(([key, w]) => [key, { relative: round4(w.relative) }])),
  };
  const file = await saveNoiseFloors(plan.outDir, floors);
  return { file, floors, rows: [...widest].map(([key, w]) => ({ key, measurement: w.measurement, calibrated: round4(w.relative), defaultFloor: w.defaultFloor })) };
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
