import { parsePrometheusText, sumOf } from '../cli/src/checks/load/prometheus-text.ts';

/** A metric of a scrape, summed over its series (NaN when absent or the scrape failed). */
export type MetricValue = (name: string) => number;

/**
 * Scrapes a target's Prometheus `/metrics` every `everyMs` until stopped, handing each scrape to `take`: the benches'
 * view of the API's own heap, lag and queue while the generator loads it.
 */
export function pollMetrics(baseUrl: string, everyMs: number, take: (value: MetricValue) => void): { stop(): Promise<void> } {
  let polling = true;
  const done = (async () => {
    while (polling) {
      const text = await fetch(`${baseUrl}/metrics`).then(
        (r) => r.text(),
        () => '',
      );
      const parsed = parsePrometheusText(text);
      take((name) => sumOf(parsed, name) ?? NaN);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop() {
      polling = false;
      return done;
    },
  };
}
