/**
 * The standards' CircuitBreaker (CLOSED → OPEN after `threshold` consecutive failures →
 * HALF_OPEN after `resetMs`), with two fixes: a HALF_OPEN breaker lets exactly one trial
 * call through (not every caller at once), and a failed trial re-opens it at once.
 */
export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export class CircuitOpenError extends Error {
  constructor(name: string) {
    super(`circuit breaker ${name} is OPEN`);
  }
}

export interface BreakerOptions {
  threshold: number;
  resetMs: number;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private current: BreakerState = 'CLOSED';

  constructor(
    readonly name: string,
    private readonly options: BreakerOptions = { threshold: 5, resetMs: 60_000 },
    private readonly now: () => number = Date.now,
  ) {}

  get state(): BreakerState {
    if (this.current === 'OPEN' && this.now() - this.openedAt >= this.options.resetMs) this.current = 'HALF_OPEN';
    return this.current;
  }

  async call<T>(operation: () => Promise<T>): Promise<T> {
    const state = this.state;
    if (state === 'OPEN' || (state === 'HALF_OPEN' && this.trialInFlight)) throw new CircuitOpenError(this.name);
    const trial = state === 'HALF_OPEN';
    if (trial) this.trialInFlight = true;
    try {
      const result = await operation();
      this.failures = 0;
      this.current = 'CLOSED';
      return result;
    } catch (error) {
      this.failures++;
      if (trial || this.failures >= this.options.threshold) {
        this.current = 'OPEN';
        this.openedAt = this.now();
      }
      throw error;
    } finally {
      if (trial) this.trialInFlight = false;
    }
  }
}
