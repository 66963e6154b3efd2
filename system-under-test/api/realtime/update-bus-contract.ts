import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentUpdate } from '../services/payment-events.ts';
import { until } from '../testing/eventually.ts';
import { handlesAtRest, handlesBackTo } from '../testing/open-handles.ts';
import type { Unsubscribe, UpdateBus } from './update-bus.ts';
import type { ListenerErrorReporter } from './update-listeners.ts';

/** A fresh bus on a channel of its own (no other bus made hears it), reporting listener errors to the given function. */
export type MakeBus = (options: { onListenerError: ListenerErrorReporter }) => UpdateBus;

export const update = (paymentId: string, status: PaymentUpdate['status'] = 'completed'): PaymentUpdate => ({
  paymentId,
  senderId: 'sender',
  recipientId: 'recipient',
  status,
  amount: 1_234,
  currency: 'EUR',
});

/** A subscriber that records what it hears. */
export async function listen(bus: UpdateBus): Promise<{ got: PaymentUpdate[]; ids: () => string[]; unsubscribe: Unsubscribe }> {
  const got: PaymentUpdate[] = [];
  const unsubscribe = await bus.subscribe((u) => void got.push(u));
  return { got, ids: () => got.map((u) => u.paymentId), unsubscribe };
}

/** What every update bus driver promises the WebSocket fan-out. */
export function describeUpdateBusContract(name: string, make: MakeBus): void {
  describe(`update bus contract: ${name}`, () => {
    const buses: UpdateBus[] = [];
    const fresh = (onListenerError: ListenerErrorReporter = () => undefined): UpdateBus => {
      const bus = make({ onListenerError });
      buses.push(bus);
      return bus;
    };
    afterEach(async () => {
      await Promise.all(buses.splice(0).map((bus) => bus.close()));
    });
    const heard = (who: { got: PaymentUpdate[] }, n: number, what: string) => until(() => who.got.length >= n, what);

    it('delivers an update as published: a copy, never the publisher’s object', async () => {
      const bus = fresh();
      const subscriber = await listen(bus);
      const published: PaymentUpdate = { ...update('p-1', 'failed'), reason: 'insufficient_funds' };
      const expected = structuredClone(published);
      await bus.publish(published);
      published.status = 'completed'; // the publisher's object changing afterwards changes nothing delivered
      await heard(subscriber, 1, 'the update');
      expect(subscriber.got).toEqual([expected]);
    });

    it('delivers every update to every subscriber once, in publish order', async () => {
      const bus = fresh();
      const subscribers = [await listen(bus), await listen(bus), await listen(bus)];
      // Not awaited one by one, as the app publishes: pending, processing, completed in quick succession.
      await Promise.all(Array.from({ length: 50 }, (_, i) => bus.publish(update(`p-${i}`))));
      for (const s of subscribers) await heard(s, 50, 'fifty updates');
      await bus.publish(update('last')); // anything duplicated would arrive before it
      for (const s of subscribers) await until(() => s.ids().includes('last'), 'the last update');
      for (const s of subscribers) expect(s.ids()).toEqual([...Array.from({ length: 50 }, (_, i) => `p-${i}`), 'last']);
    });

    it('stops delivering to a listener that unsubscribed, and only to it', async () => {
      const bus = fresh();
      const [leaving, staying] = [await listen(bus), await listen(bus)];
      await bus.publish(update('before'));
      await heard(leaving, 1, 'the first update');
      await leaving.unsubscribe();
      await bus.publish(update('after'));
      await until(() => staying.ids().includes('after'), 'the update after unsubscribing'); // delivered to both at once, were it to both
      expect(leaving.ids()).toEqual(['before']);
      expect(staying.ids()).toEqual(['before', 'after']);
    });

    it('delivers again to a new listener after the last one left', async () => {
      const bus = fresh();
      const first = await listen(bus);
      await first.unsubscribe();
      const second = await listen(bus);
      await bus.publish(update('again'));
      await heard(second, 1, 'the update');
      expect(second.ids()).toEqual(['again']);
      expect(first.got).toEqual([]);
    });

    it('keeps a throwing listener from costing the other listeners or the publisher anything, and reports it', async () => {
      const errors: unknown[] = [];
      const bus = fresh((error) => void errors.push(error));
      await bus.subscribe(() => {
        throw new Error('listener bug');
      });
      const healthy = await listen(bus);
      await expect(bus.publish(update('one'))).resolves.toBeUndefined();
      await expect(bus.publish(update('two'))).resolves.toBeUndefined();
      await heard(healthy, 2, 'both updates');
      expect(healthy.ids()).toEqual(['one', 'two']);
      expect(errors.map((e) => (e as Error).message)).toEqual(['listener bug', 'listener bug']);
    });

    it('keeps buses made apart apart', async () => {
      const [a, b] = [fresh(), fresh()];
      const [onA, onB] = [await listen(a), await listen(b)];
      await a.publish(update('for-a'));
      await heard(onA, 1, 'the update on a');
      await b.publish(update('for-b')); // were for-a delivered to b too, it would arrive first
      await heard(onB, 1, 'the update on b');
      expect(onA.ids()).toEqual(['for-a']);
      expect(onB.ids()).toEqual(['for-b']);
    });

    it('refuses to publish or subscribe once closed, leaves no sockets or timers behind, and may be closed again', async () => {
      const baseline = await handlesAtRest();
      const bus = fresh();
      const subscriber = await listen(bus);
      await bus.close();
      await expect(bus.publish(update('too-late'))).rejects.toThrow();
      await expect(bus.subscribe(() => undefined)).rejects.toThrow();
      await expect(subscriber.unsubscribe()).resolves.toBeUndefined();
      await handlesBackTo(baseline);
      await expect(bus.close()).resolves.toBeUndefined();
      expect(subscriber.got).toEqual([]);
    });
  });
}
