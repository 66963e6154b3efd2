// A trend in one line of text: one block character a run, a space where a run has no value.

const BLOCKS = '▁▂▃▄▅▆▇█';

/**
 * `▁▂▁▁▇▇█▇`. Scaled from the smallest value to the largest, but over at least `minSpan` of the median (default
 * 25 %), so that a few percent of noise fills two or three rows, not all eight, and a real step stands out.
 */
export function sparkline(values: readonly (number | undefined)[], minSpan = 0.25): string {
  const known = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  if (known.length === 0) return ' '.repeat(values.length);
  const sorted = [...known].sort((a, b) => a - b);
  const lo = sorted[0]!;
  const middle = sorted[Math.floor(sorted.length / 2)]!;
  const span = Math.max(sorted.at(-1)! - lo, Math.abs(middle) * minSpan, Number.MIN_VALUE);
  return values.map((v) => (v === undefined || !Number.isFinite(v) ? ' ' : BLOCKS[Math.min(BLOCKS.length - 1, Math.floor(((v - lo) / span) * BLOCKS.length))]!)).join('');
}
