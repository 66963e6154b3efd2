import { useRef, useState, type FormEvent } from 'react';
import { formatMoney, newIdempotencyKey, sendPayment, type Payment, type Session } from '../api.ts';

const CURRENCIES = ['USD', 'EUR', 'GBP'];

export default function SendPayment({ session }: { session: Session }) {
  const [recipientId, setRecipientId] = useState('');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('USD');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: true; payment: Payment } | { ok: false; message: string } | null>(null);
  // One key per intended payment: a retry after a network error reuses it, so the API charges once.
  const keyRef = useRef<string | null>(null);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const minor = Math.round(Number(amount) * 100);
    if (!Number.isFinite(minor) || minor <= 0) return setResult({ ok: false, message: 'Enter an amount above zero.' });
    keyRef.current ??= newIdempotencyKey();
    setBusy(true);
    try {
      const payment = await sendPayment(session.token, { recipientId: recipientId.trim(), amount: minor, currency, description: description || undefined }, keyRef.current);
      keyRef.current = null;
      setResult({ ok: true, payment });
      setAmount('');
      setDescription('');
    } catch (err) {
      setResult({ ok: false, message: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  }

  const changed = () => (keyRef.current = null);

  return (
    <section className="card">
      <h2>Send a payment</h2>
      <form className="form" onSubmit={onSubmit} onChange={changed}>
        <label>
          Recipient ID
          <input required value={recipientId} onChange={(e) => setRecipientId(e.target.value)} placeholder="user id" />
        </label>
        <div className="pair">
          <label>
            Amount
            <input required inputMode="decimal" pattern="[0-9]+([.][0-9]{1,2})?" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="0.00" />
          </label>
          <label>
            Currency
            <select value={currency} onChange={(e) => setCurrency(e.target.value)}>
              {CURRENCIES.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
        </div>
        <label>
          Description
          <input value={description} maxLength={140} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <p className={result?.ok ? 'ok' : 'error'} role="status">
          {result === null ? '\u00a0' : result.ok ? `Sent ${formatMoney(result.payment.amount, result.payment.currency)} — ${result.payment.status}` : result.message}
        </p>
        <button type="submit" disabled={busy}>
          {busy ? 'Sending…' : 'Send'}
        </button>
      </form>
    </section>
  );
}
