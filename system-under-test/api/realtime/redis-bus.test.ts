import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { until } from '../testing/eventually.ts';
import { redisScratch } from '../testing/redis-scratch.ts';
import { RedisBus } from './update-bus.ts';
import { describeUpdateBusContract, listen, update } from './update-bus-contract.ts';

// On the real Redis, each bus on a channel of this run's own (pub/sub keeps no keys; dispose() is for the habit).
const scratch = redisScratch('bus');
afterAll(() => scratch.dispose());

describeUpdateBusContract('Redis pub/sub', ({ onListenerError }) => new RedisBus(scratch.url, scratch.prefix(), onListenerError));

describe('Redis update bus', () => {
  const opened: { close(): Promise<unknown> }[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((o) => o.close()));
  });

  it('delivers a publication to the subscribers of every process once, the publisher’s own included', async () => {
    const prefix = scratch.prefix();
    const [a, b] = [new RedisBus(scratch.url, prefix), new RedisBus(scratch.url, prefix)];
    opened.push(a, b);
    const [onA, onB] = [await listen(a), await listen(b)];
    await a.publish(update('settled-on-a'));
    await a.publish(update('last')); // anything duplicated would arrive before it
    await until(() => onA.ids().includes('last') && onB.ids().includes('last'), 'the last update on both');
    expect(onA.ids()).toEqual(['settled-on-a', 'last']);
    expect(onB.ids()).toEqual(['settled-on-a', 'last']);
  });

  it('reports a message on its channel that is not an update, and goes on delivering', async () => {
    const errors: unknown[] = [];
    const bus = new RedisBus(scratch.url, scratch.prefix(), (error) => void errors.push(error));
    const stranger = new Redis(scratch.url);
    opened.push(bus, { close: () => stranger.quit() });
    const subscriber = await listen(bus);
    await stranger.publish(bus.channel, 'not json');
    await bus.publish(update('after-garbage'));
    await until(() => subscriber.got.length === 1, 'the update after the garbage');
    expect(subscriber.ids()).toEqual(['after-garbage']);
    expect(errors).toHaveLength(1);
  });

  it('carries the updates published in one turn in one message, delivered one by one in publish order; a single update object is read too', async () => {
    const bus = new RedisBus(scratch.url, scratch.prefix());
    const [watcher, stranger] = [new Redis(scratch.url), new Redis(scratch.url)];
    opened.push(bus, { close: () => watcher.quit() }, { close: () => stranger.quit() });
    const messages: string[] = [];
    watcher.on('message', (_channel: string, message: string) => void messages.push(message));
    await watcher.subscribe(bus.channel);
    const subscriber = await listen(bus);
    await Promise.all(['pending', 'processing', 'completed'].map((id) => bus.publish(update(id))));
    await stranger.publish(bus.channel, JSON.stringify(update('from-an-earlier-version')));
    await until(() => subscriber.got.length === 4, 'four updates');
    expect(subscriber.ids()).toEqual(['pending', 'processing', 'completed', 'from-an-earlier-version']);
    expect(messages).toHaveLength(2);
    expect((JSON.parse(messages[0]!) as { paymentId: string }[]).map((u) => u.paymentId)).toEqual(['pending', 'processing', 'completed']);
  });
});
