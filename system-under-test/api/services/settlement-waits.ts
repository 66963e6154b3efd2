import { QUERIES } from '../../db/queries.ts';
import type { Db } from '../db/db.ts';
import type { PaymentEvents } from './payment-events.ts';

/** How often the payments still awaited are looked up in the database, all in one query. */
export const SETTLED_POLL_MS = 250;
/** Payments remembered as final after their announcement, for a wait that starts just after it. */
const RECENT_FINAL_KEPT = 1_024;

/**
 * ?sync=true's wait for a payment to end completed or failed. This process's worker announces it the moment it
 * commits (PaymentEvents): no queue events, no round trip. A payment settled elsewhere (another instance's worker,
 * the reconciler) is found by one query for all payments still awaited every SETTLED_POLL_MS, however many
 * requests wait; with the database down the waits time out and the request answers with what it has.
 */
export class SettlementWaits {
  private readonly waiting = new Map<string, (() => void)[]>();
  private readonly recentFinal = new Set<string>();
  private poller?: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    events: PaymentEvents,
    private readonly pollMs = SETTLED_POLL_MS,
  ) {
    events.on('update', (update) => {
      if (update.status === 'completed' || update.status === 'failed') this.final(update.paymentId);
    });
  }

  /** Resolves true once the payment is final, false when timeoutMs passed first. */
  wait(paymentId: string, timeoutMs: number): Promise<boolean> {
    if (this.recentFinal.has(paymentId)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const rest = (this.waiting.get(paymentId) ?? []).filter((w) => w !== settled);
        if (rest.length) this.waiting.set(paymentId, rest);
        else this.waiting.delete(paymentId);
        resolve(false);
      }, timeoutMs);
      const settled = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiting.set(paymentId, [...(this.waiting.get(paymentId) ?? []), settled]);
      this.schedulePoll();
    });
  }

  private final(paymentId: string): void {
    this.recentFinal.add(paymentId);
    if (this.recentFinal.size > RECENT_FINAL_KEPT) this.recentFinal.delete(this.recentFinal.values().next().value!);
    const waiters = this.waiting.get(paymentId);
    this.waiting.delete(paymentId);
    for (const settled of waiters ?? []) settled();
  }

  private schedulePoll(): void {
    if (this.poller || this.waiting.size === 0) return;
    this.poller = setTimeout(() => void this.poll(), this.pollMs);
  }

  private async poll(): Promise<void> {
    try {
      const { rows } = await this.db.run<{ id: string }>(QUERIES.findSettledPayments, [[...this.waiting.keys()]]);
      for (const { id } of rows) this.final(id);
    } catch {
      // The database is down: the waits run out and their requests answer 202 (or the error reading the payment).
    } finally {
      this.poller = undefined;
      this.schedulePoll();
    }
  }
}
