import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import type { Balance, Payment } from './api.ts';
import { paymentFixture } from './payment-fixture.ts';
import { applyMessage, heardStatuses } from './live-updates.ts';
import { ANALYTICS_PAYMENTS, BALANCES, RECENT_PAYMENTS } from './payment-cache.ts';

const payment = paymentFixture;
const update = (paymentId: string, status: string, role: 'sender' | 'recipient' = 'sender') => ({ type: 'payment_update' as const, paymentId, status, role });

/** The socket's messages applied to a real TanStack Query cache. */
describe('live updates into the query cache', () => {
  afterEach(() => heardStatuses.clear());

  it('takes the snapshot: balances, and recent payments into a loaded list', () => {
    const client = new QueryClient();
    client.setQueryData(RECENT_PAYMENTS, [payment('a', 'pending')]);
    applyMessage(client, {
      type: 'initial_data',
      balances: [{ currency: 'USD', balance: 1234 }],
      recentTransactions: [payment('b', 'pending', '2026-01-02T00:00:00.000Z'), payment('a', 'completed')],
    });
    expect(client.getQueryData<Balance[]>(BALANCES)).toEqual([{ amount: 1234, currency: 'USD' }]);
    expect(client.getQueryData<Payment[]>(RECENT_PAYMENTS)?.map((p) => `${p.id}:${p.status}`)).toEqual(['b:pending', 'a:completed']);
  });

  it('moves a payment forward in every list that holds it, and marks balances stale once it is final', () => {
    const client = new QueryClient();
    client.setQueryData(RECENT_PAYMENTS, [payment('a', 'pending')]);
    client.setQueryData(ANALYTICS_PAYMENTS, [payment('z', 'completed'), payment('a', 'pending')]);
    client.setQueryData(BALANCES, []);
    applyMessage(client, update('a', 'processing'));
    expect(client.getQueryState(BALANCES)?.isInvalidated).toBe(false);
    applyMessage(client, update('a', 'completed'));
    expect(client.getQueryData<Payment[]>(RECENT_PAYMENTS)?.[0].status).toBe('completed');
    expect(client.getQueryData<Payment[]>(ANALYTICS_PAYMENTS)?.[1].status).toBe('completed');
    expect(client.getQueryState(BALANCES)?.isInvalidated).toBe(true);
    applyMessage(client, update('a', 'pending')); // late: ignored
    expect(client.getQueryData<Payment[]>(RECENT_PAYMENTS)?.[0].status).toBe('completed');
  });

  it('marks lists stale for a payment it has never seen (money received), and remembers the status', () => {
    const client = new QueryClient();
    client.setQueryData(RECENT_PAYMENTS, [payment('a', 'completed')]);
    applyMessage(client, update('n', 'completed', 'recipient'));
    expect(client.getQueryState(RECENT_PAYMENTS)?.isInvalidated).toBe(true);
    expect(heardStatuses.apply(payment('n', 'pending')).status).toBe('completed');
  });
});
