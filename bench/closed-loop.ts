import * as hdr from 'hdr-histogram-js';

export interface LoopResult {
  completed: number;
  failed: number;
  seconds: number;
  perSecond: number;
  p95Ms: number;
}

/** `workers` concurrent loops calling `op` for `seconds`: the closed model, as the load check's generator uses for HTTP. */
export async function closedLoop(workers: number, seconds: number, op: (i: number) => Promise<void>): Promise<LoopResult> {
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3, useWebAssembly: false });
  let completed = 0;
  let failed = 0;
  let seq = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await op(seq++);
          completed++;
          histogram.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
        } catch {
          failed++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { completed, failed, seconds: elapsed, perSecond: completed / elapsed, p95Ms: histogram.getValueAtPercentile(95) / 1000 };
}
