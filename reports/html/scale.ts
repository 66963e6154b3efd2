// Axis arithmetic for the hand-written SVG charts: nice bounds and ticks, linear or log.

/** Smallest 1-2-5 × 10^k at or above x. */
export function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const k = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * k >= x * 0.9999) return m * k;
  return 10 * k;
}

/** A linear axis from 0 that ends on the first tick at or above `hi`, in 3 to 5 steps of a 1-2-2.5-5 size: 0–500 for 410. */
export function linearAxis(hi: number): { max: number; ticks: number[] } {
  const options = [3, 4, 5].map((n) => {
    const step = niceCeil(Math.max(hi, 1e-9) / n);
    const steps = Math.max(1, Math.ceil(hi / step - 1e-9));
    return { step, steps, max: step * steps };
  });
  // The tightest top wins, then the count of lines nearest four.
  const best = options.reduce((a, b) => (b.max < a.max - 1e-12 || (Math.abs(b.max - a.max) < 1e-12 && Math.abs(b.steps - 4) < Math.abs(a.steps - 4)) ? b : a));
  return { max: best.max, ticks: Array.from({ length: best.steps + 1 }, (_, i) => Number((i * best.step).toPrecision(12))) };
}

export function linearTicks(max: number, count = 5): number[] {
  const step = niceCeil(max / count);
  const ticks: number[] = [];
  for (let t = 0; t <= max * 1.0001; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** 1-2-5 ticks per decade between lo and hi (both > 0). */
export function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const t = Number((m * 10 ** e).toPrecision(12));
      if (t >= lo * 0.9999 && t <= hi * 1.0001) ticks.push(t);
    }
  }
  return ticks;
}

export interface Scale {
  (v: number): number;
  ticks: number[];
  log: boolean;
}

/** Map [0|lo, hi] to [rangeFrom, rangeTo]; log when the data spans more than ~1.5 decades. */
export function valueScale(values: number[], rangeFrom: number, rangeTo: number): Scale {
  const positive = values.filter((v) => v > 0);
  const hi = Math.max(...positive, 1e-9);
  const lo = Math.min(...positive, hi);
  if (positive.length && hi / lo > 30) {
    // Start at the 1-2-5 step at or below the smallest value, not a whole decade lower.
    const decade = 10 ** Math.floor(Math.log10(lo));
    const lo10 = [5, 2, 1].map((m) => m * decade).find((t) => t <= lo * 1.0001) ?? decade;
    const hi10 = niceCeil(hi);
    const f = ((v: number) => rangeFrom + ((Math.log10(Math.max(v, lo10)) - Math.log10(lo10)) / (Math.log10(hi10) - Math.log10(lo10))) * (rangeTo - rangeFrom)) as Scale;
    f.ticks = logTicks(lo10, hi10);
    f.log = true;
    return f;
  }
  const max = niceCeil(hi);
  const f = ((v: number) => rangeFrom + (v / max) * (rangeTo - rangeFrom)) as Scale;
  f.ticks = linearTicks(max);
  f.log = false;
  return f;
}
