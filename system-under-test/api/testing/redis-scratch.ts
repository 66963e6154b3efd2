import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.PAYPASS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Key prefixes of one test file's run on the shared Redis: every prefix handed out starts with a base
 * unique to this run, so parallel and repeated runs never meet, and dispose() deletes exactly this run's keys
 * (never a FLUSHDB: other runs share the server).
 */
export function redisScratch(kind: string): { url: string; prefix(): string; dispose(): Promise<void> } {
  const base = `perfgate-test-${kind}-${randomUUID()}`;
  let handedOut = 0;
  return {
    url: TEST_REDIS_URL,
    prefix: () => `${base}-${++handedOut}:`,
    async dispose() {
      const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2 });
      try {
        for await (const keys of redis.scanStream({ match: `${base}-*`, count: 500 }) as AsyncIterable<string[]>) {
          if (keys.length) await redis.unlink(...keys);
        }
      } finally {
        await redis.quit().catch(() => redis.disconnect());
      }
    },
  };
}
