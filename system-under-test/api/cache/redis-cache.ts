import { Redis } from 'ioredis';
import type { Cache } from './cache.ts';

// INCR and PEXPIRE must be atomic, or a crash between them leaves a counter that never expires.
const HIT_SCRIPT = `
local c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {c, redis.call('PTTL', KEYS[1])}`;

export class RedisCache implements Cache {
  readonly driver = 'redis';
  readonly redis: Redis;

  constructor(url: string, prefix = 'paypass:') {
    this.redis = new Redis(url, { keyPrefix: prefix, maxRetriesPerRequest: 2, lazyConnect: false });
    this.redis.on('error', () => undefined); // reported through /health instead of crashing
  }

  async get(key: string): Promise<string | null> {
    return this.redis.get(key);
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    // PX, not EX: Redis takes whole units only, and a TTL of 0.5 s must not be an error. A TTL that is already
    // over stores nothing (Redis refuses it), and the value it replaces is gone as well.
    const ttlMs = Math.ceil(ttlSeconds * 1000);
    if (ttlMs > 0) await this.redis.set(key, value, 'PX', ttlMs);
    else await this.redis.del(key);
  }

  async hit(key: string, ttlMs: number): Promise<{ count: number; resetMs: number }> {
    const [count, pttl] = (await this.redis.eval(HIT_SCRIPT, 1, key, ttlMs)) as [number, number];
    return { count, resetMs: pttl > 0 ? pttl : ttlMs };
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
