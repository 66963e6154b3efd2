import { describe, expect, it } from 'vitest';
import { cheaper, convert, formatRate } from './conversion.ts';
import { midRateE8 } from './providers.ts';

describe('currency conversion (integer minor units, rounded in the house’s favour)', () => {
  it('floors the converted amount and ceils the percentage fee', () => {
    // 100.00 USD at 0.91908 with 0.40 % fee: 9190.8 → 9190 received, 40 fee.
    expect(convert(10_000, 91_908_000n, { fixed: 0, bps: 40 })).toEqual({ amount: 10_000, fee: 40, debit: 10_040, converted: 9_190, rateE8: 91_908_000n });
    // 3 cents: a 0.012-cent fee becomes 1 cent; 2.757 cents received becomes 2.
    expect(convert(3, 91_908_000n, { fixed: 0, bps: 40 })).toMatchObject({ fee: 1, debit: 4, converted: 2 });
    expect(convert(1, 91_908_000n, { fixed: 0, bps: 0 }).converted).toBe(0);
    expect(convert(250, 91_908_000n, { fixed: 50, bps: 0 })).toMatchObject({ fee: 50, debit: 300, converted: 229 });
  });

  it('never produces more target value than the exact product (no rounding up, ever)', () => {
    for (let amount = 1; amount < 5_000; amount += 37) {
      const c = convert(amount, 91_724_321n, { fixed: 0, bps: 33 });
      expect(BigInt(c.converted) * 100_000_000n).toBeLessThanOrEqual(BigInt(amount) * 91_724_321n);
      expect(BigInt(c.fee) * 10_000n).toBeGreaterThanOrEqual(BigInt(amount) * 33n);
    }
  });

  it('refuses a debit beyond the safe integer range', () => {
    expect(() => convert(Number.MAX_SAFE_INTEGER, 100_000_000n, { fixed: 1, bps: 0 })).toThrow(RangeError);
  });

  it('formats rates exactly and derives cross rates from the USD table', () => {
    expect(formatRate(91_724_000n)).toBe('0.91724000');
    expect(formatRate(108_695_652n)).toBe('1.08695652');
    expect(midRateE8('USD', 'EUR')).toBe(92_000_000n);
    expect(midRateE8('EUR', 'USD')).toBe(108_695_652n);
    expect(midRateE8('EUR', 'GBP')).toBe(85_869_565n);
  });

  it('ranks by what the customer pays per unit received', () => {
    const flatFee = convert(10_000_000, 91_724_000n, { fixed: 50, bps: 0 });
    const pctFee = convert(10_000_000, 91_908_000n, { fixed: 0, bps: 40 });
    expect(cheaper(flatFee, pctFee)).toBe(true); // large amount: the flat fee wins
    const small = [convert(500, 91_724_000n, { fixed: 50, bps: 0 }), convert(500, 91_908_000n, { fixed: 0, bps: 40 })];
    expect(cheaper(small[1], small[0])).toBe(true); // small amount: the percentage fee wins
  });
});
