/** What PayPass needs from a cache; Redis in services mode, a Map in embedded mode. */
export interface Cache {
  readonly driver: 'memory' | 'redis';
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** Increments a counter that expires ttlMs after its first increment (fixed window). */
  hit(key: string, ttlMs: number): Promise<{ count: number; resetMs: number }>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
