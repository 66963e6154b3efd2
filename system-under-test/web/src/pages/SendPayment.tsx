import { useRef, useState, type FormEvent } from 'react';
import { formatMoney, newIdempotencyKey, type Session } from '../api.ts';
import { PaymentList } from '../components/PaymentList.tsx';
import { useRecentPayments } from '../queries.ts';
import { useSendPayment } from '../use-send-payment.ts';

const CURRENCIES = ['USD', 'EUR', 'GBP'];

type Outcome = { state: 'idle' } | { state: 'sending' } | { state: 'sent'; text: string } | { state: 'error'; text: string };

export default function SendPayment({ session }: { session: Session }) {
  const [recipientId, setRecipientId] = useState('');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('USD');
  const [description, setDescription] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ state: 'idle' });
  // One key per intended payment: a retry after a network error reuses it, so the API charges once.
  const keyRef = useRef<string | null>(null);
  const send = useSendPayment(session);
  const payments = useRecentPayments(session);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const minor = Math.round(Number(amount) * 100);
    if (!Number.isFinite(minor) || minor <= 0) return setOutcome({ state: 'error', text: 'Enter an amount above zero.' });
    keyRef.current ??= newIdempotencyKey();
    setOutcome({ state: 'sending' });
    send.mutate(
      { payment: { recipientId: recipientId.trim(), amount: minor, currency, description: description || undefined }, idempotencyKey: keyRef.current },
      {
        onSuccess: (payment) => {
          keyRef.current = null;
          setOutcome({ state: 'sent', text: `Sent ${formatMoney(payment.amount, payment.currency)} — ${payment.status}` });
          setAmount('');
          setDescription('');
        },
        onError: (err) => setOutcome({ state: 'error', text: err.message }),
      },
    );
  }

  const changed = () => (keyRef.current = null);
  const busy = outcome.state === 'sending';

  return (
    <>
      <section className="card">
        <h2>Send a payment</h2>
        <form id="send-form" data-testid="send-form" className="form" onSubmit={onSubmit} onChange={changed}>
          <label htmlFor="send-recipient">
            Recipient ID
            <input
              id="send-recipient"
              name="recipientId"
              data-testid="send-recipient"
              required
              value={recipientId}
              onChange={(e) => setRecipientId(e.target.value)}
              placeholder="user id"
              autoComplete="off"
            />
          </label>
          <div className="pair">
            <label htmlFor="send-amount">
              Amount
              <input
                id="send-amount"
                name="amount"
                data-testid="send-amount"
                required
                inputMode="decimal"
                pattern="[0-9]+([.][0-9]{1,2})?"
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
                placeholder="0.00"
                autoComplete="off"
              />
            </label>
            <label htmlFor="send-currency">
              Currency
              <select id="send-currency" name="currency" data-testid="send-currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
                {CURRENCIES.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </label>
          </div>
          <label htmlFor="send-description">
            Description
            <input
              id="send-description"
              name="description"
              data-testid="send-description"
              value={description}
              maxLength={140}
              onChange={(e) => setDescription(e.target.value)}
              autoComplete="off"
            />
          </label>
          <p className={outcome.state === 'error' ? 'error' : 'ok'} role="status" data-testid="send-status" data-state={outcome.state}>
            {outcome.state === 'sent' || outcome.state === 'error' ? outcome.text : '\u00a0'}
          </p>
          <button id="send-submit" data-testid="send-submit" type="submit" disabled={busy}>
            {busy ? 'Sending…' : 'Send'}
          </button>
        </form>
      </section>
      <section className="card">
        <h2>Your recent payments</h2>
        {payments.data === undefined ? (
          <div className="list" style={{ height: 336 }} aria-busy={payments.isPending} />
        ) : payments.data.length ? (
          <PaymentList payments={payments.data} height={336} />
        ) : (
          <p className="muted list-empty">No payments yet.</p>
        )}
      </section>
    </>
  );
}
