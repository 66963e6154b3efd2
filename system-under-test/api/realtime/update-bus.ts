import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { PaymentUpdate } from '../services/payment-events.ts';

/** Carries payment status changes to every API process that may hold the users' sockets. */
export interface UpdateBus {
  readonly driver: 'memory' | 'redis';
  publish(update: PaymentUpdate): Promise<void>;
  subscribe(listener: (update: PaymentUpdate) => void): Promise<void>;
  close(): Promise<void>;
}

/** Embedded mode: one process, so in-process delivery is the whole story. */
export class LocalBus implements UpdateBus {
  readonly driver = 'memory';
  private readonly emitter = new EventEmitter<{ update: [PaymentUpdate] }>();

  async publish(update: PaymentUpdate): Promise<void> {
    this.emitter.emit('update', update);
  }

  async subscribe(listener: (update: PaymentUpdate) => void): Promise<void> {
    this.emitter.on('update', listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/**
 * Services mode: Redis pub/sub on `<prefix>payment-updates` (channels ignore ioredis'
 * keyPrefix, so the prefix is spelled out). The worker that settled a payment may run in
 * another process than the one holding the sockets; every process subscribes, its own
 * publications included, so delivery has exactly one path.
 */
export class RedisBus implements UpdateBus {
  readonly driver = 'redis';
  private readonly pub: Redis;
  private readonly sub: Redis;
  readonly channel: string;

  constructor(url: string, prefix = 'paypass:') {
    this.channel = `${prefix}payment-updates`;
    this.pub = new Redis(url, { maxRetriesPerRequest: 2 });
    this.sub = new Redis(url);
    for (const r of [this.pub, this.sub]) r.on('error', () => undefined); // /health reports Redis
  }

  async publish(update: PaymentUpdate): Promise<void> {
    await this.pub.publish(this.channel, JSON.stringify(update));
  }

  async subscribe(listener: (update: PaymentUpdate) => void): Promise<void> {
    this.sub.on('message', (channel, message) => {
      if (channel === this.channel) listener(JSON.parse(message) as PaymentUpdate);
    });
    await this.sub.subscribe(this.channel);
  }

  async close(): Promise<void> {
    await Promise.all([this.pub, this.sub].map((r) => r.quit().catch(() => r.disconnect())));
  }
}
