import { afterEach, describe, expect, it } from 'vitest';
import { sleep } from '../testing/eventually.ts';
import { handlesAtRest, handlesBackTo } from '../testing/open-handles.ts';
import type { Cache } from './cache.ts';

/** A fresh cache of its own: no key shared with any other cache made. */
export type MakeCache = () => Cache;

// Expiry is checked only after waiting well past the TTL: a busy machine makes waits longer, never shorter.
const SHORT_TTL_SECONDS = 0.1;
const PAST_SHORT_TTL_MS = 250;

/** What every cache driver promises PayPass: strings with a TTL, and fixed-window counters for rate limiting. */
export function describeCacheContract(name: string, make: MakeCache): void {
  describe(`cache contract: ${name}`, () => {
    const caches: Cache[] = [];
    const fresh = (): Cache => {
      const cache = make();
      caches.push(cache);
      return cache;
    };
    afterEach(async () => {
      await Promise.all(caches.splice(0).map((cache) => cache.close()));
    });

    describe('get and set', () => {
      it('misses with null for a key never set', async () => {
        expect(await fresh().get('never-set')).toBeNull();
      });

      it('returns exactly the string set: empty, unicode, large', async () => {
        const cache = fresh();
        const values = { empty: '', unicode: 'Zahlung €5 — 支付 ✓ 🙂', large: JSON.stringify(Array.from({ length: 5_000 }, (_, i) => ({ i, rate: '0.91900000' }))) };
        for (const [key, value] of Object.entries(values)) await cache.set(key, value, 60);
        for (const [key, value] of Object.entries(values)) expect(await cache.get(key)).toBe(value);
      });

      it('keeps a value until its TTL is over, then misses; fractions of a second count', async () => {
        const cache = fresh();
        await cache.set('long', 'stays', 60);
        await cache.set('short', 'goes', SHORT_TTL_SECONDS);
        await sleep(PAST_SHORT_TTL_MS);
        expect(await cache.get('long')).toBe('stays');
        expect(await cache.get('short')).toBeNull();
      });

      it('replaces both the value and the TTL on a second set', async () => {
        const cache = fresh();
        await cache.set('key', 'old', SHORT_TTL_SECONDS);
        await cache.set('key', 'new', 60);
        await sleep(PAST_SHORT_TTL_MS);
        expect(await cache.get('key')).toBe('new');
      });

      it('keeps nothing for a TTL of zero or less, not even the earlier value', async () => {
        const cache = fresh();
        await cache.set('zero', 'old', 60);
        await cache.set('zero', 'new', 0);
        await cache.set('negative', 'value', -1);
        expect(await cache.get('zero')).toBeNull();
        expect(await cache.get('negative')).toBeNull();
      });

      it('shares no key with another cache', async () => {
        const [a, b] = [fresh(), fresh()];
        await a.set('same-name', 'from a', 60);
        expect(await b.get('same-name')).toBeNull();
        expect(await b.hit('same-name', 60_000)).toMatchObject({ count: 1 });
      });
    });

    describe('hit: fixed-window counters', () => {
      it('counts per key from 1', async () => {
        const cache = fresh();
        const counts = [];
        for (let i = 0; i < 3; i++) counts.push((await cache.hit('client-a', 60_000)).count);
        expect(counts).toEqual([1, 2, 3]);
        expect((await cache.hit('client-b', 60_000)).count).toBe(1);
      });

      it('gives concurrent hits one count each', async () => {
        const cache = fresh();
        const results = await Promise.all(Array.from({ length: 25 }, () => cache.hit('burst', 60_000)));
        expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      });

      it('keeps the window its first hit opened: later hits do not extend it', async () => {
        const cache = fresh();
        const windowMs = 10_000;
        const first = await cache.hit('window', windowMs);
        expect(first.resetMs).toBeGreaterThan(0);
        expect(first.resetMs).toBeLessThanOrEqual(windowMs);
        await sleep(150);
        const later = await cache.hit('window', windowMs);
        expect(later.count).toBe(2);
        expect(later.resetMs).toBeGreaterThan(0);
        expect(later.resetMs).toBeLessThanOrEqual(windowMs - 140);
      });

      it('counts from 1 again once the window is over', async () => {
        const cache = fresh();
        await cache.hit('expiring', 100);
        await cache.hit('expiring', 100);
        await sleep(PAST_SHORT_TTL_MS);
        expect((await cache.hit('expiring', 100)).count).toBe(1);
      });
    });

    it('answers ping while open', async () => {
      await expect(fresh().ping()).resolves.toBeUndefined();
    });

    it('refuses work once closed, leaves no sockets or timers behind, and may be closed again', async () => {
      const baseline = await handlesAtRest();
      const cache = fresh();
      await cache.set('key', 'value', 60);
      await cache.close();
      for (const use of [() => cache.get('key'), () => cache.set('key', 'value', 60), () => cache.hit('key', 1_000), () => cache.ping()]) {
        await expect(use()).rejects.toThrow();
      }
      await handlesBackTo(baseline);
      await expect(cache.close()).resolves.toBeUndefined();
    });
  });
}
