// Percentile curves for charts: from an encoded HDR histogram, or from the p50/p95/p99/max
// measurements when a check kept no histogram.
import hdr from 'hdr-histogram-js';
import type { Measurement } from '../cli/src/model/index.ts';

/** One point of a latency-by-percentile curve; `percentile` in [0, 100]. */
export interface CurvePoint {
  percentile: number;
  ms: number;
  /** `max` is the largest value seen: drawn at the right edge, not at a percentile. */
  label?: string;
}

/** x position of a percentile on the HDR axis: log10(1 / (1 - p)); 90 % → 1, 99 % → 2. */
export function percentileToX(percentile: number): number {
  return Math.log10(1 / Math.max(1e-9, 1 - percentile / 100));
}

export function xToPercentile(x: number): number {
  return 100 * (1 - 10 ** -x);
}

/**
 * Sample a histogram (hdr-histogram-js compressed base64, microseconds) along the HDR axis.
 * The curve stops where the data runs out: with n values, percentiles beyond 1 - 1/n are one value.
 * Returns undefined when the string does not decode (a report must still render).
 */
export function curveFromHistogram(base64: string, steps = 80): { points: CurvePoint[]; count: number; maxX: number } | undefined {
  try {
    // The default (JS) implementation: no WebAssembly init needed.
    const h = hdr.decodeFromCompressedBase64(base64, 32, false);
    const count = h.totalCount;
    if (count <= 0) return undefined;
    const maxX = Math.max(1, Math.min(5, Math.floor(Math.log10(count)) - 1));
    const points: CurvePoint[] = [];
    for (let i = 0; i <= steps; i++) {
      const percentile = xToPercentile((maxX * i) / steps);
      points.push({ percentile, ms: h.getValueAtPercentile(percentile) / 1000 });
    }
    points.push({ percentile: 100, ms: h.maxValue / 1000, label: 'max' });
    return { points, count, maxX };
  } catch {
    return undefined;
  }
}

/** `latency.p95` → 95, `latency.p999` → 99.9, `latency.p99.9` → 99.9, `latency.max` → 100. */
export function metricPercentile(metric: string): number | undefined {
  if (metric === 'latency.max') return 100;
  if (metric === 'latency.min') return 0;
  const m = /^latency\.p(\d+(?:\.\d+)?)$/.exec(metric);
  if (!m) return undefined;
  const digits = m[1];
  const n = !digits.includes('.') && digits.length > 2 && digits.startsWith('99') ? Number(`99.${digits.slice(2)}`) : Number(digits);
  return n >= 0 && n <= 100 ? n : undefined;
}

/** Fallback curve from latency.pNN measurements of one subject, sorted by percentile. */
export function curveFromPoints(measurements: readonly Measurement[]): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (const m of measurements) {
    const p = metricPercentile(m.metric);
    if (p === undefined) continue;
    const ms = m.unit === 's' ? m.value * 1000 : m.value;
    points.push(p === 100 ? { percentile: 100, ms, label: 'max' } : { percentile: p, ms });
  }
  return points.sort((a, b) => a.percentile - b.percentile);
}
