import { useQuery } from '@tanstack/react-query';
import { getBalances, listPayments, type Session } from './api.ts';
import { ANALYTICS_LIMIT, ANALYTICS_PAYMENTS, BALANCES, RECENT_LIMIT, RECENT_PAYMENTS } from './payment-cache.ts';
import { heardStatuses } from './live-updates.ts';

/** The caller's latest payments (dashboard, send page), kept current by the socket. */
export function useRecentPayments(session: Session) {
  return useQuery({
    queryKey: RECENT_PAYMENTS,
    queryFn: async ({ signal }) => (await listPayments(session.token, RECENT_LIMIT, signal)).map((p) => heardStatuses.apply(p)),
  });
}

/** The longer history analytics sums up. */
export function useAnalyticsPayments(session: Session) {
  return useQuery({
    queryKey: ANALYTICS_PAYMENTS,
    queryFn: async ({ signal }) => (await listPayments(session.token, ANALYTICS_LIMIT, signal)).map((p) => heardStatuses.apply(p)),
  });
}

export function useBalances(session: Session) {
  return useQuery({ queryKey: BALANCES, queryFn: ({ signal }) => getBalances(session.token, signal) });
}
