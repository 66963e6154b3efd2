import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Balance, Payment, Session } from './api.ts';
import { applyStatus, BALANCES, HeardStatuses, isCached, PAYMENTS, RECENT_PAYMENTS, upsertPayments } from './payment-cache.ts';
import { isFinal } from './payment-status.ts';

/** Statuses the socket announced, for payments whose POST has not answered yet. Cleared at sign-out. */
export const heardStatuses = new HeardStatuses();
let openSockets = 0;

/** What `/ws` sends: a snapshot once connected, then every status change of the caller's payments. */
type ServerMessage =
  | { type: 'initial_data'; balances: { currency: string; balance: number }[]; recentTransactions: Payment[] }
  | {
      type: 'payment_update';
      paymentId: string;
      status: string;
      role: 'sender' | 'recipient';
      details?: { amount?: number; currency?: string; reason?: string | null };
    };

const MAX_BACKOFF_MS = 30_000;
/** Close codes after which reconnecting with the same token cannot help (policy violation: bad or expired token). */
const UNAUTHORIZED_CLOSE = 1008;

/** Applies one socket message to the query cache. */
export function applyMessage(client: QueryClient, message: ServerMessage): void {
  if (message.type === 'initial_data') {
    const balances: Balance[] = message.balances.map((b) => ({ amount: b.balance, currency: b.currency }));
    client.setQueryData(BALANCES, balances);
    // Only into a list already loaded: the snapshot holds 10 payments, the list 100.
    client.setQueryData<Payment[]>(RECENT_PAYMENTS, (list) => (list ? upsertPayments(list, message.recentTransactions) : list));
    return;
  }
  if (message.type !== 'payment_update') return;
  const change = { status: message.status, reason: message.details?.reason ?? null };
  heardStatuses.note(message.paymentId, change);
  if (isCached(client, message.paymentId)) {
    client.setQueriesData<Payment[]>({ queryKey: PAYMENTS }, (list) => (list ? applyStatus(list, message.paymentId, change) : list));
  } else if (message.role === 'recipient' || client.isMutating() === 0) {
    // Money from someone else, or a payment sent from another device: a row this client has never seen.
    void client.invalidateQueries({ queryKey: PAYMENTS });
  }
  // Otherwise it is this tab's payment in flight: its POST's answer picks the status up from heardStatuses.
  if (isFinal(message.status)) void client.invalidateQueries({ queryKey: BALANCES });
}

function socketUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/**
 * Keeps the query cache current over `/ws` while signed in: statuses of payments sent and received arrive as they
 * change, so a payment reaches `completed` on screen without a reload or a poll. The token travels as a
 * subprotocol (`bearer.<token>`), never in the URL. Reconnects with backoff; a reconnect's snapshot resyncs.
 */
export function useLiveUpdates(session: Session): void {
  const client = useQueryClient();
  useEffect(() => {
    let socket: WebSocket | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let stopped = false;

    const connect = () => {
      if (stopped) return;
      const ws = new WebSocket(socketUrl(), ['paypass', `bearer.${session.token}`]);
      let open = false;
      socket = ws;
      ws.onopen = () => {
        open = true;
        openSockets++;
        failures = 0;
      };
      ws.onmessage = (event) => {
        try {
          applyMessage(client, JSON.parse(String(event.data)) as ServerMessage);
        } catch {
          // A message this client does not understand changes nothing.
        }
      };
      ws.onclose = (event) => {
        if (open) openSockets--;
        if (socket === ws) socket = null;
        if (stopped || event.code === UNAUTHORIZED_CLOSE) return;
        const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** failures++);
        retryTimer = setTimeout(connect, delay);
      };
    };
    const reconnectNow = () => {
      if (socket || stopped) return;
      clearTimeout(retryTimer);
      failures = 0;
      connect();
    };

    connect();
    window.addEventListener('online', reconnectNow);
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      window.removeEventListener('online', reconnectNow);
      socket?.close(1000, 'signed out');
    };
  }, [client, session.token]);
}

/** Whether a socket is open: without one, a sent payment's later statuses must be fetched. */
export function liveUpdatesOpen(): boolean {
  return openSockets > 0;
}
