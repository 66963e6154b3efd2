/**
 * PromQL the panels share. Grafana fills in `$__rate_interval` (at least four scrape intervals, so a rate always has
 * two samples) and the dashboard's template variables; every variable is matched with `=~`, so "All" works.
 */
export const RATE_WINDOW = '$__rate_interval';

/** Per-second rate of a counter, summed by the given labels. */
export function sumRate(series: string, by: string[] = []): string {
  return `sum${byClause(by)} (rate(${series}[${RATE_WINDOW}]))`;
}

/**
 * A quantile read off a Prometheus histogram: exact at bucket bounds, interpolated between them (PayPass's HTTP
 * buckets start at 100 ms, so a p95 below that is an estimate within the first bucket).
 */
export function histogramQuantile(quantile: number, histogram: string, selector: string, by: string[] = []): string {
  return `histogram_quantile(${quantile}, sum${byClause(['le', ...by])} (rate(${histogram}_bucket{${selector}}[${RATE_WINDOW}])))`;
}

/** Mean of a histogram's observations over the rate window. */
export function histogramMean(histogram: string, selector: string, by: string[] = []): string {
  return `${sumRate(`${histogram}_sum{${selector}}`, by)} / ${sumRate(`${histogram}_count{${selector}}`, by)}`;
}

/**
 * Share of a counter's rate whose series match `failing`: 0 (not "no data") while nothing fails, because the failing
 * series do not exist until the first failure.
 */
export function failureRatio(counter: string, selector: string, failing: string, by: string[] = []): string {
  const all = sumRate(`${counter}{${selector}}`, by);
  return `(${sumRate(`${counter}{${selector}, ${failing}}`, by)} or ${all} * 0) / ${all}`;
}

function byClause(by: string[]): string {
  return by.length ? ` by (${by.join(', ')})` : '';
}

/**
 * Rate of a counter that only exists once something happened (errors), or 0 while `reference` (the work it would
 * count failures of) is flowing: "0 failed/s" rather than an empty panel.
 */
export function sumRateOrZero(series: string, reference: string, by: string[] = []): string {
  return `${sumRate(series, by)} or ${sumRate(reference)} * 0`;
}
