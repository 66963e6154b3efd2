import { createRng, unit, type Rng } from '../../db/prng.ts';
import { RATE_SCALE, type FeeSchedule } from './conversion.ts';

/** Mid-market units of each currency per 1 USD, scaled by 1e8 (a fixed table: these are simulations). */
const PER_USD_E8: Record<string, bigint> = { USD: 100_000_000n, EUR: 92_000_000n, GBP: 79_000_000n };

export interface ProviderConfig {
  name: string;
  /** The provider's margin below the mid-market rate, in basis points. */
  spreadBps: number;
  fees: FeeSchedule;
  /** Simulated response time: latencyMs ± jitterMs (uniform). */
  latencyMs: number;
  jitterMs: number;
  /** Share of calls that fail, 0..1. */
  failureRate: number;
}

export interface ProviderQuote {
  provider: string;
  rateE8: bigint;
  fees: FeeSchedule;
}

export class ProviderError extends Error {}

export function midRateE8(from: string, to: string): bigint {
  const f = PER_USD_E8[from];
  const t = PER_USD_E8[to];
  if (!f || !t) throw new RangeError(`no rate for ${from}/${to}`);
  return (t * RATE_SCALE) / f;
}

/**
 * A simulated FX rate provider: answers after a (seeded) random delay with its margin below
 * mid-market, or fails at its configured rate. The seed makes latency and failures repeatable.
 */
export class SimulatedProvider {
  private readonly rng: Rng;
  calls = 0;

  constructor(
    readonly config: ProviderConfig,
    seed: number,
  ) {
    this.rng = createRng(seed);
  }

  async getRate(from: string, to: string): Promise<ProviderQuote> {
    this.calls++;
    const { latencyMs, jitterMs, failureRate, spreadBps } = this.config;
    const delay = Math.max(0, latencyMs + (unit(this.rng) * 2 - 1) * jitterMs);
    const fails = unit(this.rng) < failureRate;
    await new Promise((r) => setTimeout(r, delay));
    if (fails) throw new ProviderError(`${this.config.name}: simulated failure`);
    const rateE8 = (midRateE8(from, to) * BigInt(10_000 - spreadBps)) / 10_000n;
    return { provider: this.config.name, rateE8, fees: this.config.fees };
  }
}

/** Three providers with different trade-offs: which one is cheapest depends on the amount. */
export const DEFAULT_PROVIDERS: ProviderConfig[] = [
  { name: 'alpha', spreadBps: 30, fees: { fixed: 50, bps: 0 }, latencyMs: 40, jitterMs: 20, failureRate: 0 },
  { name: 'beta', spreadBps: 10, fees: { fixed: 0, bps: 40 }, latencyMs: 80, jitterMs: 30, failureRate: 0 },
  { name: 'gamma', spreadBps: 60, fees: { fixed: 0, bps: 0 }, latencyMs: 25, jitterMs: 10, failureRate: 0 },
];
