import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryCache } from '../cache/memory-cache.ts';
import { RedisCache } from '../cache/redis-cache.ts';
import { DEFAULT_FX_OPTIONS, fxOptionsFromEnv, type FxOptions } from './fx-options.ts';
import { FxService, FxUnavailableError } from './fx-service.ts';
import { DEFAULT_PROVIDERS } from './providers.ts';

const REDIS_URL = process.env.PAYPASS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const fast = (failures: Record<string, number> = {}, extra: Partial<FxOptions> = {}): FxOptions => ({
  ...DEFAULT_FX_OPTIONS,
  providers: DEFAULT_PROVIDERS.map((p) => ({ ...p, latencyMs: 2, jitterMs: 1, failureRate: failures[p.name] ?? 0 })),
  ...extra,
});
const calls = (fx: FxService) => Object.fromEntries(fx.providers.map((p) => [p.config.name, p.calls]));

describe('FxService (three simulated providers, breakers, 30 s cache)', () => {
  it('picks the cheapest provider for the amount', async () => {
    const fx = new FxService(new MemoryCache(), fast());
    expect(await fx.quote('USD', 'EUR', 10_000)).toMatchObject({ provider: 'beta', fee: 40, debit: 10_040, converted: 9_190, rate: '0.91908000', cached: false });
    expect(await fx.quote('USD', 'EUR', 10_000_000)).toMatchObject({ provider: 'alpha', fee: 50, converted: 9_172_400, cached: true });
    await expect(fx.quote('USD', 'EUR', 1)).rejects.toMatchObject({ statusCode: 400 });
  });

  it('reuses the quotes within the TTL and fetches again after it', async () => {
    const fx = new FxService(new MemoryCache(), fast({}, { cacheTtlSeconds: 1 }));
    await fx.quote('USD', 'GBP', 5_000);
    const second = await fx.quote('USD', 'GBP', 7_000);
    expect(second.cached).toBe(true);
    expect(calls(fx)).toEqual({ alpha: 1, beta: 1, gamma: 1 });
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await fx.quote('USD', 'GBP', 5_000)).cached).toBe(false);
    expect(calls(fx)).toEqual({ alpha: 2, beta: 2, gamma: 2 });
  });

  it('shares one provider round among concurrent cache misses', async () => {
    const fx = new FxService(new MemoryCache(), fast());
    await Promise.all(Array.from({ length: 20 }, () => fx.quote('EUR', 'USD', 1_000)));
    expect(calls(fx)).toEqual({ alpha: 1, beta: 1, gamma: 1 });
  });

  it('uses the remaining providers when one fails', async () => {
    const errors: string[] = [];
    const fx = new FxService(new MemoryCache(), fast({ beta: 1 }), (name) => errors.push(name));
    expect((await fx.quote('USD', 'EUR', 10_000)).provider).toBe('gamma'); // beta would have won
    expect(errors).toEqual(['beta']);
  });

  it('fails cleanly with 503 when every provider fails, and caches nothing', async () => {
    const cache = new MemoryCache();
    const fx = new FxService(cache, fast({ alpha: 1, beta: 1, gamma: 1 }));
    await expect(fx.quote('USD', 'EUR', 10_000)).rejects.toBeInstanceOf(FxUnavailableError);
    expect(await cache.get('fx:quotes:USD:EUR')).toBeNull();
  });

  it('treats a provider slower than the timeout as failed', async () => {
    const options = fast();
    options.providers[1] = { ...options.providers[1], latencyMs: 200 };
    const fx = new FxService(new MemoryCache(), { ...options, providerTimeoutMs: 50 });
    const started = performance.now();
    expect((await fx.quote('USD', 'EUR', 10_000)).provider).toBe('gamma');
    expect(performance.now() - started).toBeLessThan(150);
  });

  it('opens a failing provider’s breaker after the threshold: no more calls to it', async () => {
    const fx = new FxService(new MemoryCache(), fast({ gamma: 1 }, { cacheTtlSeconds: 1, breaker: { threshold: 3, resetMs: 60_000 } }));
    for (let i = 0; i < 5; i++) await fx.quotes(`USD`, ['EUR', 'GBP'][i % 2]).then(() => fx.quotes('EUR', ['USD', 'GBP'][i % 2]));
    // Four cache misses (one per pair) reach the breakers: gamma is called 3 times, then fails fast.
    expect(fx.breakers.get('gamma')!.state).toBe('OPEN');
    expect(fx.providers[2].calls).toBe(3);
    expect(fx.breakers.get('alpha')!.state).toBe('CLOSED');
  });

  it('repeats the same simulated failures for the same seed', async () => {
    const pattern = async () => {
      const fx = new FxService(new MemoryCache(), { ...fast({ alpha: 0.5, beta: 0.5, gamma: 0.5 }, { breaker: { threshold: 1_000, resetMs: 1 } }), seed: 9 });
      const seen: string[] = [];
      for (const [from, to] of [
        ['USD', 'EUR'],
        ['EUR', 'USD'],
        ['USD', 'GBP'],
        ['GBP', 'USD'],
        ['EUR', 'GBP'],
        ['GBP', 'EUR'],
      ]) {
        seen.push(
          await fx.quotes(from, to).then(
            (r) => r.quotes.map((q) => q.provider).join('+'),
            () => 'none',
          ),
        );
      }
      return seen;
    };
    const first = await pattern();
    expect(await pattern()).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(1);
  });

  it('reads latency and failure rate per provider from the environment', () => {
    const options = fxOptionsFromEnv({ PAYPASS_FX_SEED: '5', PAYPASS_FX_BETA_LATENCY_MS: '300', PAYPASS_FX_GAMMA_FAILURE_RATE: '0.25' });
    expect(options.seed).toBe(5);
    expect(options.providers.map((p) => [p.name, p.latencyMs, p.failureRate])).toEqual([
      ['alpha', 40, 0],
      ['beta', 300, 0],
      ['gamma', 25, 0.25],
    ]);
    expect(() => fxOptionsFromEnv({ PAYPASS_FX_ALPHA_FAILURE_RATE: '2' })).toThrow(/within 0..1/);
  });

  describe('with the Redis cache (services mode)', () => {
    const cache = new RedisCache(REDIS_URL, `paypass-test-fx-${randomBytes(4).toString('hex')}:`);
    afterAll(async () => {
      await cache.redis.del('fx:quotes:USD:EUR');
      await cache.close();
    });

    it('a second instance on the same Redis reuses the first one’s quotes', async () => {
      const a = new FxService(cache, fast());
      const b = new FxService(cache, fast());
      await a.quote('USD', 'EUR', 10_000);
      const fromB = await b.quote('USD', 'EUR', 10_000);
      expect(fromB).toMatchObject({ cached: true, provider: 'beta', converted: 9_190 });
      expect(calls(b)).toEqual({ alpha: 0, beta: 0, gamma: 0 });
      expect(await cache.redis.ttl('fx:quotes:USD:EUR')).toBeGreaterThan(25);
    });
  });
});
