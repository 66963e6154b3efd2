import { describe, expect, it } from 'vitest';
import { paymentFixture } from './payment-fixture.ts';
import { applyStatus, HeardStatuses, upsertPayments, withStatus } from './payment-cache.ts';
import { isFinal, laterStatus } from './payment-status.ts';

const payment = paymentFixture;

describe('payment statuses', () => {
  it('only move forward, whatever order they are heard in', () => {
    expect(laterStatus('pending', 'completed')).toBe('completed');
    expect(laterStatus('completed', 'pending')).toBe('completed');
    expect(laterStatus('processing', 'pending')).toBe('processing');
    expect(laterStatus('sending', 'pending')).toBe('pending');
    expect(laterStatus('failed', 'completed')).toBe('failed'); // both final: the first word stands
    expect(isFinal('failed') && isFinal('completed') && !isFinal('processing')).toBe(true);
  });

  it('moves a listed payment forward and leaves the list untouched otherwise', () => {
    const list = [payment('a', 'pending'), payment('b', 'completed')];
    const moved = applyStatus(list, 'a', { status: 'completed' });
    expect(moved.map((p) => p.status)).toEqual(['completed', 'completed']);
    expect(moved[1]).toBe(list[1]);
    expect(applyStatus(list, 'b', { status: 'processing' })).toBe(list);
    expect(applyStatus(list, 'zz', { status: 'completed' })).toBe(list);
    expect(withStatus(payment('c', 'processing'), { status: 'failed', reason: 'insufficient_funds' }).failureReason).toBe('insufficient_funds');
  });

  it('upserts a snapshot: new payments newest first, known ones brought forward', () => {
    const list = [payment('b', 'pending', '2026-01-02T00:00:00.000Z'), payment('a', 'completed', '2026-01-01T00:00:00.000Z')];
    const out = upsertPayments(list, [payment('c', 'pending', '2026-01-03T00:00:00.000Z'), payment('b', 'completed', '2026-01-02T00:00:00.000Z')]);
    expect(out.map((p) => `${p.id}:${p.status}`)).toEqual(['c:pending', 'b:completed', 'a:completed']);
    expect(upsertPayments(list, [payment('a', 'pending')])).toBe(list);
  });

  it('remembers statuses heard before the payment is listed', () => {
    const heard = new HeardStatuses();
    heard.note('x', { status: 'processing' });
    heard.note('x', { status: 'completed' });
    heard.note('x', { status: 'pending' }); // late and older: ignored
    expect(heard.apply(payment('x', 'pending')).status).toBe('completed');
    expect(heard.apply(payment('y', 'pending')).status).toBe('pending');
    heard.clear();
    expect(heard.apply(payment('x', 'pending')).status).toBe('pending');
  });
});
