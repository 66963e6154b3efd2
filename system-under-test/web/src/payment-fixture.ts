import type { Payment } from './api.ts';

/** A payment as the API returns it, for the cache's tests: only the id, status and time vary. */
export const paymentFixture = (id: string, status: string, createdAt = '2026-01-01T00:00:00.000Z'): Payment => ({
  id,
  senderId: 's',
  recipientId: 'r',
  recipientName: 'R',
  amount: 100,
  currency: 'USD',
  type: 'transfer',
  status,
  description: null,
  failureReason: null,
  createdAt,
  updatedAt: createdAt,
});
