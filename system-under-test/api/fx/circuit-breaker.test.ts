import { describe, expect, it } from 'vitest';
import { CircuitBreaker, CircuitOpenError } from './circuit-breaker.ts';

describe('CircuitBreaker', () => {
  const fail = () => Promise.reject(new Error('down'));
  const ok = () => Promise.resolve('up');

  it('opens after the threshold of consecutive failures and then fails fast', async () => {
    const now = 0;
    const breaker = new CircuitBreaker('p', { threshold: 3, resetMs: 1_000 }, () => now);
    for (let i = 0; i < 2; i++) await expect(breaker.call(fail)).rejects.toThrow('down');
    expect(breaker.state).toBe('CLOSED');
    await expect(breaker.call(fail)).rejects.toThrow('down');
    expect(breaker.state).toBe('OPEN');
    let called = false;
    await expect(breaker.call(async () => (called = true))).rejects.toBeInstanceOf(CircuitOpenError);
    expect(called).toBe(false);
  });

  it('a success resets the consecutive-failure count', async () => {
    const breaker = new CircuitBreaker('p', { threshold: 2, resetMs: 1_000 });
    await expect(breaker.call(fail)).rejects.toThrow();
    await breaker.call(ok);
    await expect(breaker.call(fail)).rejects.toThrow();
    expect(breaker.state).toBe('CLOSED');
  });

  it('half-opens after resetMs with a single trial: success closes, failure re-opens', async () => {
    let now = 0;
    const breaker = new CircuitBreaker('p', { threshold: 1, resetMs: 1_000 }, () => now);
    await expect(breaker.call(fail)).rejects.toThrow();
    now = 999;
    expect(breaker.state).toBe('OPEN');
    now = 1_000;
    expect(breaker.state).toBe('HALF_OPEN');
    let release!: () => void;
    const trial = breaker.call(() => new Promise<void>((r) => (release = r)).then(fail));
    await expect(breaker.call(ok)).rejects.toBeInstanceOf(CircuitOpenError); // only one trial at a time
    release();
    await expect(trial).rejects.toThrow('down');
    expect(breaker.state).toBe('OPEN');
    now = 2_000;
    expect(await breaker.call(ok)).toBe('up');
    expect(breaker.state).toBe('CLOSED');
  });
});
