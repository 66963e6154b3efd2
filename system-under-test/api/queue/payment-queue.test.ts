import { describe, expect, it } from 'vitest';
import { backoffDelay, queuePriority, standardPriority } from './payment-queue.ts';

describe('payment queue settings', () => {
  it('maps the standards’ priorities onto BullMQ’s lower-is-first scale', () => {
    expect([20_000, 5_000, 500].map(standardPriority)).toEqual([100, 50, 10]);
    expect([20_000, 5_000, 500].map(queuePriority)).toEqual([1, 2, 3]);
  });

  it('backs off 2 s after the first failed attempt and 4 s after the second', () => {
    expect([1, 2].map(backoffDelay)).toEqual([2_000, 4_000]);
  });
});
