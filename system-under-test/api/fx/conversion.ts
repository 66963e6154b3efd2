/**
 * Currency conversion in integer minor units. Rates are fixed-point integers scaled by
 * 1e8 (never floats). Rounding is always in the house's favour: the converted amount is
 * rounded down and the percentage fee up, so the ledger never pays out a fraction it did
 * not receive. USD, EUR and GBP all have two decimals, so minor units convert directly.
 */
export const RATE_SCALE = 100_000_000n;

export interface FeeSchedule {
  /** Flat fee in source minor units. */
  fixed: number;
  /** Percentage fee in basis points of the amount. */
  bps: number;
}

export interface Conversion {
  amount: number; // source minor units that are converted
  fee: number; // source minor units, charged on top
  debit: number; // amount + fee: what the sender pays
  converted: number; // target minor units the recipient receives
  rateE8: bigint;
}

export function convert(amount: number, rateE8: bigint, fees: FeeSchedule): Conversion {
  const a = BigInt(amount);
  const converted = (a * rateE8) / RATE_SCALE; // BigInt division truncates: floor for positives
  const fee = BigInt(fees.fixed) + ceilDiv(a * BigInt(fees.bps), 10_000n);
  const debit = a + fee;
  if (debit > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('amount plus fee exceeds Number.MAX_SAFE_INTEGER');
  return { amount, fee: Number(fee), debit: Number(debit), converted: Number(converted), rateE8 };
}

function ceilDiv(n: bigint, d: bigint): bigint {
  return (n + d - 1n) / d;
}

/** "0.91540000": exact decimal text of a scaled rate (stored in NUMERIC, shown in the API). */
export function formatRate(rateE8: bigint): string {
  const whole = rateE8 / RATE_SCALE;
  const frac = (rateE8 % RATE_SCALE).toString().padStart(8, '0');
  return `${whole}.${frac}`;
}

/**
 * True when `a` costs the customer less than `b`: less paid per unit received, compared by
 * cross-multiplication (debit_a / converted_a < debit_b / converted_b) so no division rounds.
 */
export function cheaper(a: Conversion, b: Conversion): boolean {
  return BigInt(a.debit) * BigInt(b.converted) < BigInt(b.debit) * BigInt(a.converted);
}
