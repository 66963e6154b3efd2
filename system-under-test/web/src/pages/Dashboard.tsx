import { useEffect, useState } from 'react';
import { ApiError, formatMoney, getBalances, listPayments, type Balance, type Payment, type Session } from '../api.ts';
import { PaymentList } from '../components/PaymentList.tsx';

export default function Dashboard({ session, onUnauthorized }: { session: Session; onUnauthorized: () => void }) {
  const [payments, setPayments] = useState<Payment[] | null>(null);
  const [balances, setBalances] = useState<Balance[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const ac = new AbortController();
    listPayments(session.token, 100, ac.signal)
      .then(setPayments)
      .catch((err: unknown) => {
        if (ac.signal.aborted) return;
        if (err instanceof ApiError && err.status === 401) return onUnauthorized();
        setError(err instanceof Error ? err.message : String(err));
        setPayments([]);
      });
    getBalances(session.token, ac.signal)
      .then(setBalances)
      .catch(() => !ac.signal.aborted && setBalances([]));
    return () => ac.abort();
  }, [session.token, onUnauthorized]);

  return (
    <>
      <section className="card balance" aria-label="Balance">
        <h2>Balance</h2>
        <p className="big">{balances === null ? '\u00a0' : balances.length ? balances.map((b) => formatMoney(b.amount, b.currency)).join(' · ') : '—'}</p>
        <p className="muted">Signed in as {session.name ?? session.email}</p>
      </section>
      <section className="card">
        <h2>Recent payments {payments ? <small className="muted">({payments.length})</small> : null}</h2>
        {error ? <p className="error">{error}</p> : null}
        {payments === null ? (
          <div className="list" style={{ height: 448 }} aria-busy="true" />
        ) : payments.length ? (
          <PaymentList payments={payments} />
        ) : (
          <p className="muted list-empty">No payments yet.</p>
        )}
      </section>
    </>
  );
}
