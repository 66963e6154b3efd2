import { Redis } from 'ioredis';
import { GroupCommit } from '../group-commit.ts';
import type { PaymentUpdate } from '../services/payment-events.ts';
import { reportToConsole, UpdateListeners, type ListenerErrorReporter, type UpdateListener } from './update-listeners.ts';

/** Stops a subscription's deliveries; harmless once the bus is closed. */
export type Unsubscribe = () => Promise<void>;

/** Carries payment status changes to every API process that may hold the users' sockets. */
export interface UpdateBus {
  readonly driver: 'memory' | 'redis';
  /** To every subscriber of the channel, this bus's own included, each in publish order. Rejects once closed. */
  publish(update: PaymentUpdate): Promise<void>;
  /** Resolves once updates published from then on reach the listener. Rejects once closed. */
  subscribe(listener: UpdateListener): Promise<Unsubscribe>;
  close(): Promise<void>;
}

const closedError = (): Error => new Error('update bus is closed');

/** Embedded mode: one process, so in-process delivery is the whole story. */
export class LocalBus implements UpdateBus {
  readonly driver = 'memory';
  private readonly listeners: UpdateListeners;
  private closed = false;

  constructor(onListenerError: ListenerErrorReporter = reportToConsole) {
    this.listeners = new UpdateListeners(onListenerError);
  }

  async publish(update: PaymentUpdate): Promise<void> {
    if (this.closed) throw closedError();
    // What Redis carries is JSON: subscribers get that copy here too, never the publisher's object.
    this.listeners.deliver(JSON.parse(JSON.stringify(update)) as PaymentUpdate);
  }

  async subscribe(listener: UpdateListener): Promise<Unsubscribe> {
    if (this.closed) throw closedError();
    const remove = this.listeners.add(listener);
    return async () => remove();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
  }
}

/** The most updates one message carries. */
const MAX_UPDATES_PER_MESSAGE = 64;

/**
 * Services mode: Redis pub/sub on `<prefix>payment-updates` (channels ignore ioredis'
 * keyPrefix, so the prefix is spelled out). The worker that settled a payment may run in
 * another process than the one holding the sockets; every process subscribes, its own
 * publications included, so delivery has exactly one path. A message is a JSON array of the
 * updates published while the previous message was on its way (a payment makes three), in
 * publish order; a single update object is read as well.
 */
export class RedisBus implements UpdateBus {
  readonly driver = 'redis';
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly listeners: UpdateListeners;
  private closed = false;
  readonly channel: string;
  private readonly messages = new GroupCommit<string>((updates) => this.pub.publish(this.channel, `[${updates.join(',')}]`).then(() => undefined), MAX_UPDATES_PER_MESSAGE);

  constructor(url: string, prefix = 'paypass:', onListenerError: ListenerErrorReporter = reportToConsole) {
    this.channel = `${prefix}payment-updates`;
    this.listeners = new UpdateListeners(onListenerError);
    this.pub = new Redis(url, { maxRetriesPerRequest: 2, enableAutoPipelining: true });
    this.sub = new Redis(url);
    for (const r of [this.pub, this.sub]) r.on('error', () => undefined); // /health reports Redis
    this.sub.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      // Thrown here, an error would escape into ioredis' reply parsing and end the process.
      let updates: PaymentUpdate[];
      try {
        const parsed = JSON.parse(message) as PaymentUpdate | PaymentUpdate[];
        updates = Array.isArray(parsed) ? parsed : [parsed];
      } catch (error) {
        return onListenerError(error);
      }
      for (const update of updates) this.listeners.deliver(update);
    });
  }

  async publish(update: PaymentUpdate): Promise<void> {
    await this.messages.add(JSON.stringify(update));
  }

  async subscribe(listener: UpdateListener): Promise<Unsubscribe> {
    if (this.closed) throw closedError();
    const remove = this.listeners.add(listener);
    try {
      await this.sub.subscribe(this.channel); // a no-op for Redis when already subscribed; answered once it holds
    } catch (error) {
      remove();
      throw error;
    }
    return async () => {
      remove();
      // Without listeners this process need not receive the channel at all.
      if (this.listeners.size === 0 && !this.closed) await this.sub.unsubscribe(this.channel);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    await Promise.all([this.pub, this.sub].map((r) => r.quit().catch(() => r.disconnect())));
  }
}
