import { afterAll } from 'vitest';
import { redisScratch } from '../testing/redis-scratch.ts';
import { describeCacheContract } from './cache-contract.ts';
import { RedisCache } from './redis-cache.ts';

// On the real Redis, each cache under a prefix of this run's own; the run's keys are deleted at the end.
const scratch = redisScratch('cache');
afterAll(() => scratch.dispose());

describeCacheContract('Redis', () => new RedisCache(scratch.url, scratch.prefix()));
