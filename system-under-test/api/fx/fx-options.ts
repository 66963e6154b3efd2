import type { BreakerOptions } from './circuit-breaker.ts';
import { DEFAULT_PROVIDERS, type ProviderConfig } from './providers.ts';

export interface FxOptions {
  providers: ProviderConfig[];
  /** Seed for the providers' simulated latency and failures. */
  seed: number;
  /** How long the providers' quotes for a currency pair are reused. */
  cacheTtlSeconds: number;
  /** A provider slower than this counts as failed (and towards its breaker). */
  providerTimeoutMs: number;
  breaker: BreakerOptions;
}

export const DEFAULT_FX_OPTIONS: FxOptions = {
  providers: DEFAULT_PROVIDERS,
  seed: 1,
  cacheTtlSeconds: 30,
  providerTimeoutMs: 2_000,
  breaker: { threshold: 5, resetMs: 30_000 },
};

/**
 * Options from the environment: PAYPASS_FX_SEED, and per provider (ALPHA, BETA, GAMMA)
 * PAYPASS_FX_<NAME>_LATENCY_MS and PAYPASS_FX_<NAME>_FAILURE_RATE (0..1).
 */
export function fxOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): FxOptions {
  const num = (key: string): number | undefined => {
    const raw = env[key];
    if (raw === undefined || raw === '') return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${key} must be a non-negative number, got "${raw}"`);
    return value;
  };
  const providers = DEFAULT_PROVIDERS.map((p) => {
    const upper = p.name.toUpperCase();
    const failureRate = num(`PAYPASS_FX_${upper}_FAILURE_RATE`) ?? p.failureRate;
    if (failureRate > 1) throw new Error(`PAYPASS_FX_${upper}_FAILURE_RATE must be within 0..1`);
    return { ...p, latencyMs: num(`PAYPASS_FX_${upper}_LATENCY_MS`) ?? p.latencyMs, failureRate };
  });
  return { ...DEFAULT_FX_OPTIONS, providers, seed: num('PAYPASS_FX_SEED') ?? DEFAULT_FX_OPTIONS.seed };
}
