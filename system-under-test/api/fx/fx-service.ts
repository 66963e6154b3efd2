import type { Cache } from '../cache/cache.ts';
import { HttpError } from '../errors.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { cheaper, convert, formatRate, type Conversion } from './conversion.ts';
import { DEFAULT_FX_OPTIONS, type FxOptions } from './fx-options.ts';
import { SimulatedProvider, type ProviderQuote } from './providers.ts';

/** Retry-After of fx_unavailable: a provider's breaker tries again, and quotes are fetched again, within seconds. */
const FX_RETRY_AFTER_SECONDS = 5;

export class FxUnavailableError extends HttpError {
  constructor(detail: string) {
    super(503, 'fx_unavailable', `no exchange rate provider available: ${detail}`, FX_RETRY_AFTER_SECONDS);
  }
}

/** A cache read or write slower than this counts as failed (a stalled Redis must not hold requests). */
const CACHE_TIMEOUT_MS = 1_000;

function bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  promise.catch(() => undefined); // failing after the timeout won is nobody's error
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface FxQuote extends Conversion {
  provider: string;
  rate: string;
  cached: boolean;
}

interface CachedQuote {
  provider: string;
  rateE8: string;
  fees: ProviderQuote['fees'];
}

/**
 * The standards' getExchangeRate: all providers asked in parallel (each behind its own
 * circuit breaker and timeout), their quotes cached per currency pair for 30 s, and the
 * cheapest for the customer chosen per amount, since fixed and percentage fees rank
 * providers differently for small and large amounts. Concurrent misses share one fetch.
 */
export class FxService {
  readonly providers: SimulatedProvider[];
  readonly breakers: Map<string, CircuitBreaker>;
  private readonly inFlight = new Map<string, Promise<ProviderQuote[]>>();

  constructor(
    private readonly cache: Cache,
    private readonly options: FxOptions = DEFAULT_FX_OPTIONS,
    readonly onProviderError: (provider: string, error: Error) => void = () => undefined,
  ) {
    this.providers = options.providers.map((config, i) => new SimulatedProvider(config, options.seed * 7919 + i));
    this.breakers = new Map(options.providers.map((p) => [p.name, new CircuitBreaker(p.name, options.breaker)]));
  }

  async quote(from: string, to: string, amount: number): Promise<FxQuote> {
    const { quotes, cached } = await this.quotes(from, to);
    let best: FxQuote | undefined;
    for (const q of quotes) {
      const c: FxQuote = { ...convert(amount, q.rateE8, q.fees), provider: q.provider, rate: formatRate(q.rateE8), cached };
      if (c.converted > 0 && (!best || cheaper(c, best))) best = c;
    }
    if (!best) throw new HttpError(400, 'bad_request', `amount ${amount} ${from} is too small to convert to ${to}`);
    return best;
  }

  async quotes(from: string, to: string): Promise<{ quotes: ProviderQuote[]; cached: boolean }> {
    const key = `fx:quotes:${from}:${to}`;
    // The cache guards the providers' quotas: while it cannot be read, rates are unavailable (503, nothing
    // written), never a 500 and never a stampede of uncached provider calls.
    const hit = await this.cached(key);
    if (hit) return { quotes: (JSON.parse(hit) as CachedQuote[]).map((q) => ({ ...q, rateE8: BigInt(q.rateE8) })), cached: true };
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.fetch(from, to, key).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return { quotes: await pending, cached: false };
  }

  private async fetch(from: string, to: string, key: string): Promise<ProviderQuote[]> {
    const settled = await Promise.allSettled(this.providers.map((p) => this.breakers.get(p.config.name)!.call(() => this.withTimeout(p, from, to))));
    const quotes: ProviderQuote[] = [];
    const errors: string[] = [];
    settled.forEach((s, i) => {
      if (s.status === 'fulfilled') return void quotes.push(s.value);
      errors.push((s.reason as Error).message);
      this.onProviderError(this.providers[i].config.name, s.reason as Error);
    });
    if (quotes.length === 0) throw new FxUnavailableError(errors.join('; '));
    const stored: CachedQuote[] = quotes.map((q) => ({ ...q, rateE8: q.rateE8.toString() }));
    // Quotes in hand are good for this request even if the cache cannot keep them.
    await bounded(this.cache.set(key, JSON.stringify(stored), this.options.cacheTtlSeconds), CACHE_TIMEOUT_MS).catch(() => undefined);
    return quotes;
  }

  private async cached(key: string): Promise<string | null> {
    try {
      return await bounded(this.cache.get(key), CACHE_TIMEOUT_MS);
    } catch (error) {
      throw new FxUnavailableError(`rate cache unavailable (${(error as Error).message})`);
    }
  }

  private async withTimeout(provider: SimulatedProvider, from: string, to: string): Promise<ProviderQuote> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${provider.config.name}: timed out`)), this.options.providerTimeoutMs);
    });
    return Promise.race([provider.getRate(from, to), timeout]).finally(() => clearTimeout(timer));
  }
}
