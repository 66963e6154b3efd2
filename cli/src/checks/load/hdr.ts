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
