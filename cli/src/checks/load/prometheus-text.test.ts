import { describe, expect, it } from 'vitest';
import { histogramBuckets, parsePrometheusText, quantileBetween, sumOf } from './prometheus-text.ts';

const before = `# HELP d_seconds x
# TYPE d_seconds histogram
d_seconds_bucket{le="0.1",outcome="ok"} 0
d_seconds_bucket{le="0.5",outcome="ok"} 0
d_seconds_bucket{le="1",outcome="ok"} 0
d_seconds_bucket{le="+Inf",outcome="ok"} 0
process_cpu_seconds_total 10.5
label_escape{path="a\\"b"} 1
`;
const after = before
  .replace('le="0.1",outcome="ok"} 0', 'le="0.1",outcome="ok"} 50')
  .replace('le="0.5",outcome="ok"} 0', 'le="0.5",outcome="ok"} 90')
  .replace('le="1",outcome="ok"} 0', 'le="1",outcome="ok"} 100')
  .replace('le="+Inf",outcome="ok"} 0', 'le="+Inf",outcome="ok"} 100')
  .replace('process_cpu_seconds_total 10.5', 'process_cpu_seconds_total 12');

describe('Prometheus text', () => {
  it('parses samples with labels, escapes and counters', () => {
    const samples = parsePrometheusText(after);
    expect(sumOf(samples, 'process_cpu_seconds_total')).toBe(12);
    expect(samples.find((s) => s.name === 'label_escape')?.labels.path).toBe('a"b');
    expect(sumOf(samples, 'nope')).toBeUndefined();
  });

  it('computes histogram_quantile over the counts observed between two scrapes', () => {
    const b = histogramBuckets(parsePrometheusText(before), 'd_seconds', { outcome: 'ok' });
    const a = histogramBuckets(parsePrometheusText(after), 'd_seconds', { outcome: 'ok' });
    // rank 50 of 100 falls at the top of the first bucket; rank 95 halfway through (0.5, 1]: Prometheus gives 0.75.
    expect(quantileBetween(b, a, 0.5)).toBeCloseTo(0.1, 10);
    expect(quantileBetween(b, a, 0.95)).toBeCloseTo(0.75, 10);
    expect(quantileBetween(b, b, 0.95)).toBeUndefined();
  });
});
