import * as hdr from 'hdr-histogram-js';

/** Latency histograms in microseconds, 1 µs .. 60 s at 3 significant digits (HdrHistogram's usual setting). */
export function newLatencyHistogram(): hdr.Histogram {
  return hdr.build({
    bitBucketSize: 64,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
    autoResize: true,
    useWebAssembly: false,
  });
}

/** Percentile in milliseconds. */
export function percentileMs(histogram: hdr.Histogram, percentile: number): number {
  return histogram.getValueAtPercentile(percentile) / 1000;
}

export function encodeHistogram(histogram: hdr.Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

/**
 * A second's (or a stage's) latencies for charts: 2 significant digits in 32-bit counts, a tenth of the size. One is
 * made every second of a window: full-size ones would fill the old generation, and its collections pause the sends.
 */
export function newChartHistogram(): hdr.Histogram {
  return hdr.build({
    bitBucketSize: 32,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 2,
    autoResize: true,
    useWebAssembly: false,
  });
}
