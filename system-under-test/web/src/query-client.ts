import { QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './api.ts';

/** Dispatched when a query meets a 401: the shell signs out. */
export const UNAUTHORIZED_EVENT = 'paypass:unauthorized';

/** The standards' retry rule: a 404 will not appear by asking again; anything else gets up to 3 tries. A 401 neither. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && (error.status === 404 || error.status === 401)) return false;
  return failureCount < 3;
}

/**
 * Server state per the standards' client-side caching: fresh for 5 minutes, kept 10 minutes after its last
 * observer left (cacheTime, called gcTime since TanStack Query 5), no refetch when the window regains focus (the
 * socket keeps payments current), refetch after a reconnect. Mutations are never retried: a payment is sent once.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        if (error instanceof ApiError && error.status === 401) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 5 * 60 * 1000,
        gcTime: 10 * 60 * 1000,
        retry: shouldRetry,
        refetchOnWindowFocus: false,
        refetchOnReconnect: true,
      },
      mutations: { retry: false },
    },
  });
}
