// Number formatting shared by every renderer, so markdown, JUnit and HTML print the same value the same way.
import type { Unit } from '../cli/src/model/index.ts';

/** Fixed locale: reports must not change with the CI runner's LANG. */
const LOCALE = 'en-US';

/** Round to `digits` significant digits without exponent notation. */
function sig(value: number, digits: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return value.toLocaleString(LOCALE, { maximumFractionDigits: decimals, minimumFractionDigits: 0 });
}

function ms(value: number, space: string): string {
  const abs = Math.abs(value);
  if (abs >= 10_000) return `${sig(value / 1000, 3)}${space}s`;
  if (abs >= 100) return `${Math.round(value).toLocaleString(LOCALE)}${space}ms`;
  if (abs >= 1) return `${sig(value, 3)}${space}ms`;
  if (abs === 0) return `0${space}ms`;
  return `${sig(value, 2)}${space}ms`;
}

function bytes(value: number, space: string): string {
  const abs = Math.abs(value);
  if (abs < 1024) return `${Math.round(value)}${space}B`;
  if (abs < 1024 * 1024) return `${sig(value / 1024, 3)}${space}KiB`;
  return `${sig(value / 1024 / 1024, 3)}${space}MiB`;
}

/**
 * A value with its unit, e.g. `212 ms`, `1,204 req/s`, `0.42 %`, `48.2 KiB`.
 * `compact` drops the space (benchstat style: `212ms`).
 */
export function formatValue(value: number, unit: Unit, opts: { compact?: boolean } = {}): string {
  if (!Number.isFinite(value)) return String(value);
  const space = opts.compact ? '' : ' ';
  switch (unit) {
    case 'ms':
      return ms(value, space);
    case 's':
      return ms(value * 1000, space);
    case 'rps':
      return `${Math.abs(value) >= 100 ? Math.round(value).toLocaleString(LOCALE) : sig(value, 3)}${space}req/s`;
    case 'ratio':
      return `${sig(value * 100, 3)}${space}%`;
    case 'percent':
      return `${sig(value, 3)}${space}%`;
    case 'bytes':
      return bytes(value, space);
    case 'count':
      return Number.isInteger(value) ? value.toLocaleString(LOCALE) : sig(value, 3);
    case 'score':
      return sig(value, 3);
  }
}

/** A load latency and the load model it was measured under: the two models answer different questions. */
interface Named {
  metric: string;
  loadModel?: 'closed' | 'open' | undefined;
}

/** ` (open model)`, ` (closed model)` beside a load latency; '' for any other metric, or a result from before the models. */
export function loadModelSuffix(m: Named): string {
  return m.loadModel && m.metric.startsWith('latency.') ? ` (${m.loadModel} model)` : '';
}

/**
 * A metric's name as every report prints it: `latency.p95 (open model)` for a load latency (a closed model's
 * latency hides the queueing an open model's shows), the name alone otherwise.
 */
export function formatMetricName(m: Named): string {
  return `${m.metric}${loadModelSuffix(m)}`;
}

/** A relative change (0.132 → `+13.2%`), always signed so direction is never ambiguous. */
export function formatPercentChange(fraction: number): string {
  if (!Number.isFinite(fraction)) return String(fraction);
  const pct = fraction * 100;
  const abs = Math.abs(pct);
  const text = abs >= 100 ? Math.round(abs).toString() : abs.toFixed(1);
  if (Number(text) === 0) return '0.0%';
  return `${pct < 0 ? '-' : '+'}${text}%`;
}

/** p as benchstat prints it: three decimals, or `p<0.001` below that. */
export function formatP(p: number): string {
  return p < 0.001 ? 'p<0.001' : `p=${p.toFixed(3)}`;
}

/** `212ms ± 3%`: a median with its relative spread (omitted when unknown), compact as in a benchstat line. */
export function formatCenter(median: number, spread: number | undefined, unit: Unit): string {
  const s = spread !== undefined && Number.isFinite(spread) ? ` ± ${Math.round(spread * 100)}%` : '';
  return `${formatValue(median, unit, { compact: true })}${s}`;
}

/** `[+9.8%, +16.5%]` */
export function formatInterval(ci: readonly [number, number]): string {
  return `[${formatPercentChange(ci[0])}, ${formatPercentChange(ci[1])}]`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${sig(s, 3)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

export function formatBytesOfMemory(n: number): string {
  return `${sig(n / 1024 ** 3, 3)} GiB`;
}

/** ISO timestamp → `2026-03-01 10:00 UTC`; unparseable input is shown as given. */
export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
