import type { QueryClient } from '@tanstack/react-query';
import type { Payment } from './api.ts';
import { laterStatus } from './payment-status.ts';

/** Query keys: every payment list lives under ['payments', ...], so one prefix reaches them all. */
export const PAYMENTS = ['payments'] as const;
export const RECENT_PAYMENTS = ['payments', 'recent'] as const;
export const ANALYTICS_PAYMENTS = ['payments', 'analytics'] as const;
export const BALANCES = ['balances'] as const;

/** How many payments the dashboard and the send page show, and how many analytics sums up. */
export const RECENT_LIMIT = 100;
export const ANALYTICS_LIMIT = 500;

/** A status heard for a payment, with the failure reason when it failed. */
export interface StatusChange {
  status: string;
  reason?: string | null;
}

/**
 * Statuses heard over the socket, by payment id. The socket may announce a payment before the POST that created
 * it has answered (the optimistic row still has no id): the answer then takes the status already heard.
 */
export class HeardStatuses {
  private readonly byId = new Map<string, StatusChange>();

  note(id: string, change: StatusChange): void {
    const held = this.byId.get(id);
    if (!held || laterStatus(held.status, change.status) === change.status) this.byId.set(id, change);
  }

  /** The payment with the latest status known for it. */
  apply(payment: Payment): Payment {
    const heard = this.byId.get(payment.id);
    return heard ? withStatus(payment, heard) : payment;
  }

  clear(): void {
    this.byId.clear();
  }
}

/** The payment moved to a status if that is later than its own; the same object otherwise. */
export function withStatus(payment: Payment, change: StatusChange): Payment {
  const status = laterStatus(payment.status, change.status);
  if (status === payment.status) return payment;
  return { ...payment, status, failureReason: status === 'failed' ? (change.reason ?? payment.failureReason) : payment.failureReason };
}

/** The list with one payment's status moved forward; the same list (no re-render) if nothing changed. */
export function applyStatus(list: Payment[], id: string, change: StatusChange): Payment[] {
  const i = list.findIndex((p) => p.id === id);
  if (i < 0) return list;
  const next = withStatus(list[i], change);
  if (next === list[i]) return list;
  const copy = list.slice();
  copy[i] = next;
  return copy;
}

/** The list with these payments added (newest first) or, when present, brought to the later status. */
export function upsertPayments(list: Payment[], payments: Payment[]): Payment[] {
  let out = list;
  const fresh: Payment[] = [];
  for (const p of payments) {
    const i = out.findIndex((q) => q.id === p.id);
    if (i < 0) fresh.push(p);
    else out = applyStatus(out, p.id, { status: p.status, reason: p.failureReason });
  }
  if (!fresh.length) return out;
  return [...fresh, ...out].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Whether any cached payment list holds this payment. */
export function isCached(client: QueryClient, id: string): boolean {
  return client.getQueriesData<Payment[]>({ queryKey: PAYMENTS }).some(([, list]) => list?.some((p) => p.id === id));
}
