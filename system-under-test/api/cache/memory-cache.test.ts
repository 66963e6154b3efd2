import { describeCacheContract } from './cache-contract.ts';
import { MemoryCache } from './memory-cache.ts';

describeCacheContract('in-process', () => new MemoryCache());
