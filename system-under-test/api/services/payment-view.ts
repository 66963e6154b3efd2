import { toMinorUnits } from '../money.ts';

export interface PaymentRow {
  id: string;
  sender_id: string;
  recipient_id: string;
  amount: string;
  currency: string;
  payment_type: string;
  status: string;
  description: string | null;
  failure_reason: string | null;
  created_at: Date;
  updated_at: Date;
  recipient_name: string;
  created_at_exact: string;
  target_currency: string | null;
  exchange_rate: string | null;
  fee_amount: string | null;
  converted_amount: string | null;
  fx_provider: string | null;
}

export interface PaymentView {
  id: string;
  senderId: string;
  recipientId: string;
  recipientName: string;
  amount: number;
  currency: string;
  type: string;
  status: string;
  description: string | null;
  failureReason: string | null;
  createdAt: string;
  updatedAt: string;
  /** Cross-border payments only: the quote accepted when the payment was created. */
  fx?: { targetCurrency: string; rate: string; fee: number; convertedAmount: number; provider: string | null };
}

export function toPaymentView(row: PaymentRow): PaymentView {
  return {
    id: row.id,
    senderId: row.sender_id,
    recipientId: row.recipient_id,
    recipientName: row.recipient_name,
    amount: toMinorUnits(row.amount),
    currency: row.currency,
    type: row.payment_type,
    status: row.status,
    description: row.description,
    failureReason: row.failure_reason,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    ...(row.target_currency && {
      fx: {
        targetCurrency: row.target_currency,
        rate: row.exchange_rate!,
        fee: toMinorUnits(row.fee_amount!),
        convertedAmount: toMinorUnits(row.converted_amount!),
        provider: row.fx_provider,
      },
    }),
  };
}
