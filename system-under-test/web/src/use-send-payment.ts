import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sendPayment, type NewPayment, type Payment, type Session } from './api.ts';
import { heardStatuses, liveUpdatesOpen } from './live-updates.ts';
import { ANALYTICS_PAYMENTS, BALANCES, PAYMENTS, RECENT_PAYMENTS } from './payment-cache.ts';

export interface SendVariables {
  payment: NewPayment;
  /** One key per intended payment: a retry after a network error reuses it, so the API charges once. */
  idempotencyKey: string;
}

interface Snapshot {
  previous: Payment[] | undefined;
  optimisticId: string;
}

/** The row shown while the API has not answered: `sending`, under an id no server payment has. */
function optimisticRow(session: Session, { payment, idempotencyKey }: SendVariables): Payment {
  const now = new Date().toISOString();
  return {
    id: `optimistic-${idempotencyKey}`,
    senderId: '',
    recipientId: payment.recipientId,
    recipientName: payment.recipientId.slice(0, 8),
    amount: payment.amount,
    currency: payment.currency,
    type: 'transfer',
    status: 'sending',
    description: payment.description ?? null,
    failureReason: null,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Sending a payment, optimistically (the standards' usePaymentMutation): the row appears in the history at once,
 * is replaced by the API's payment when it answers, and is taken out again, the list as it was, when the API
 * refuses (422 insufficient funds, 404 recipient, ...). Later statuses come over the socket; only without one is
 * the list fetched again.
 */
export function useSendPayment(session: Session) {
  const client = useQueryClient();
  return useMutation<Payment, Error, SendVariables, Snapshot>({
    mutationFn: (vars) => sendPayment(session.token, vars.payment, vars.idempotencyKey),
    onMutate: async (vars) => {
      // A fetch in flight would answer without the new row and overwrite it.
      await client.cancelQueries({ queryKey: PAYMENTS });
      const previous = client.getQueryData<Payment[]>(RECENT_PAYMENTS);
      const row = optimisticRow(session, vars);
      client.setQueryData<Payment[]>(RECENT_PAYMENTS, (list) => [row, ...(list ?? [])]);
      return { previous, optimisticId: row.id };
    },
    onError: (_error, _vars, snapshot) => {
      if (snapshot) client.setQueryData(RECENT_PAYMENTS, snapshot.previous);
    },
    onSuccess: (payment, _vars, snapshot) => {
      const settled = heardStatuses.apply(payment);
      client.setQueryData<Payment[]>(RECENT_PAYMENTS, (list) => {
        const rest = (list ?? []).filter((p) => p.id !== snapshot?.optimisticId && p.id !== payment.id);
        return [settled, ...rest];
      });
      // Analytics holds the longer history: stale now, fetched again when next shown (not now, for nobody looks).
      void client.invalidateQueries({ queryKey: ANALYTICS_PAYMENTS, refetchType: 'none' });
    },
    onSettled: (_payment, error) => {
      if (!error) void client.invalidateQueries({ queryKey: BALANCES });
      if (!liveUpdatesOpen()) void client.invalidateQueries({ queryKey: PAYMENTS });
    },
  });
}
