import type { PaymentUpdate } from '../services/payment-events.ts';

export type UpdateListener = (update: PaymentUpdate) => void;

/** Where a bus reports a listener that threw (or, on Redis, a message that is no update). */
export type ListenerErrorReporter = (error: unknown) => void;

export const reportToConsole: ListenerErrorReporter = (error) => console.error('payment update bus: listener failed:', error);

/**
 * The subscribers of one bus. Each gets every update, in order; one that throws costs the others nothing
 * and the publisher nothing: its error goes to the reporter. The same function subscribed twice hears twice.
 */
export class UpdateListeners {
  private readonly subscriptions = new Set<{ listener: UpdateListener }>();

  constructor(private readonly report: ListenerErrorReporter) {}

  /** Returns the function that removes this subscription (and only this one). */
  add(listener: UpdateListener): () => void {
    const subscription = { listener };
    this.subscriptions.add(subscription);
    return () => void this.subscriptions.delete(subscription);
  }

  deliver(update: PaymentUpdate): void {
    for (const { listener } of [...this.subscriptions]) {
      try {
        listener(update);
      } catch (error) {
        this.report(error);
      }
    }
  }

  get size(): number {
    return this.subscriptions.size;
  }

  clear(): void {
    this.subscriptions.clear();
  }
}
