import { EventEmitter } from 'node:events';

export interface PaymentUpdate {
  paymentId: string;
  senderId: string;
  recipientId: string;
  status: 'pending' | 'processing' | 'completed' | 'failed';
  amount?: number;
  currency?: string;
  reason?: string;
  /** When the status changed, if the change said (a completion does): who waits for it needs no read of its own. */
  updatedAt?: string;
}

/** In-process fan-out of payment status changes (WebSocket notifications subscribe here). */
export class PaymentEvents extends EventEmitter<{ update: [PaymentUpdate] }> {}
