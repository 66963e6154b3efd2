import type { Cache } from './cache.ts';

/** In-process cache with the same expiry semantics as the Redis driver. */
export class MemoryCache implements Cache {
  readonly driver = 'memory';
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();
  private closed = false;

  constructor(private readonly prefix = '') {}

  // As Redis after quit: a closed cache refuses work instead of answering every read with a miss.
  private open(): void {
    if (this.closed) throw new Error('cache is closed');
  }

  private live(key: string): { value: string; expiresAt: number } | undefined {
    const entry = this.entries.get(this.prefix + key);
    if (entry && entry.expiresAt <= Date.now()) {
      this.entries.delete(this.prefix + key);
      return undefined;
    }
    return entry;
  }

  async get(key: string): Promise<string | null> {
    this.open();
    return this.live(key)?.value ?? null;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.open();
    this.entries.set(this.prefix + key, { value, expiresAt: Date.now() + ttlSeconds * 1000 });
  }

  async hit(key: string, ttlMs: number): Promise<{ count: number; resetMs: number }> {
    this.open();
    const now = Date.now();
    const entry = this.live(key) ?? { value: '0', expiresAt: now + ttlMs };
    entry.value = String(Number(entry.value) + 1);
    this.entries.set(this.prefix + key, entry);
    if (this.entries.size > 100_000) this.sweep(now);
    return { count: Number(entry.value), resetMs: entry.expiresAt - now };
  }

  private sweep(now: number): void {
    for (const [k, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(k);
  }

  async ping(): Promise<void> {
    this.open();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.entries.clear();
  }
}
